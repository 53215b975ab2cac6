using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using AnSinh.Data;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Indicators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>Kept figures (issue #9): reused until a record they count is saved; concurrent requests share one computation.</summary>
public abstract class IndicatorCacheTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private IndicatorCache Cache => App.Services.GetRequiredService<IndicatorCache>();

    private static int Numerator(string json, string code) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("indicators").EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == code).GetProperty("numerator").GetInt32();

    [SkippableFact]
    public async Task Figures_are_kept_until_a_record_they_count_is_saved()
    {
        RequireProvider();
        using var manager = await App.ClientForAsync("demo.manager");
        using var clinician = await App.ClientForAsync("demo.clinician");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var url = $"/api/indicators/report?facility={facility}&asOf={Iso(Today)}";

        var first = await manager.GetStringAsync(url);
        var computations = Cache.Computations;
        Assert.Equal(first, await manager.GetStringAsync(url));
        Assert.Equal(computations, Cache.Computations); // the kept report, not a second computation

        var person = await CreatePersonAsync(clinician, new { fullName = "Phan Văn Giữ Số", sex = "Male", birthDate = "1950-05-05" });
        Assert.Equal(HttpStatusCode.Created, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Iso(Today.AddDays(-20)), confirmOverCapacity = true })).StatusCode);

        var after = await manager.GetStringAsync(url);
        Assert.Equal(Numerator(first, "FAC-OCC") + 1, Numerator(after, "FAC-OCC")); // census counts the new resident
        Assert.True(Cache.Computations > computations);
    }

    [SkippableFact]
    public async Task Concurrent_requests_share_one_computation_with_the_figures_of_a_direct_one()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        // A date no other test asks for, so nothing is kept for it yet.
        var asOf = Today.AddDays(-Random.Shared.Next(400, 1400));
        var computations = Cache.Computations;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => province.GetAsync($"/api/indicators/report?unit=22&asOf={Iso(asOf)}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(computations + 1, Cache.Computations);

        // The same figures computed directly, past the cache, for a national user.
        var direct = await DirectAsync(new IndicatorService.Request("22", null, asOf));
        var shared = System.Text.Json.JsonDocument.Parse(bodies[0]).RootElement.GetProperty("indicators").EnumerateArray()
            .ToDictionary(r => r.GetProperty("code").GetString()!, r => (Int(r, "numerator"), Int(r, "denominator")));
        Assert.Equal(direct.Indicators.Count, shared.Count);
        Assert.All(direct.Indicators, row => Assert.Equal((row.Numerator, row.Denominator), shared[row.Code]));
    }

    private static int? Int(System.Text.Json.JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Number ? row.GetProperty(name).GetInt32() : null;

    private async Task<IndicatorReport> DirectAsync(IndicatorService.Request request)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "test"), new Claim(ClaimTypes.Role, Roles.NationalOfficer), new Claim(ScopeClaimTypes.Kind, nameof(ScopeKind.National))], "test")),
        };
        var computed = await scope.ServiceProvider.GetRequiredService<IndicatorService>().ComputeWithFactsAsync(request);
        accessor.HttpContext = null;
        Assert.True(computed.Succeeded);
        return computed.Value!.Report;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIndicatorCacheTests(SqliteAppFactory app) : IndicatorCacheTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIndicatorCacheTests(PostgresAppFactory app) : IndicatorCacheTests(app);
