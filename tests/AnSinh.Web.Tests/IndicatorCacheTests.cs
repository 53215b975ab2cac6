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

    [SkippableFact]
    public async Task Dashboards_asked_for_different_years_on_the_same_date_are_kept_apart()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        // A year not yet over is computed as of today, so this year's and next year's share a date but not a trend.
        var next = await JsonAsync(await province.GetAsync($"/api/dashboard?unit=22&year={Today.Year + 1}"));
        var now = await JsonAsync(await province.GetAsync($"/api/dashboard?unit=22&year={Today.Year}"));
        Assert.Equal(Today.Year + 1, next.GetProperty("year").GetInt32());
        Assert.Equal(Today.Year, now.GetProperty("year").GetInt32());
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

/// <summary>PostgreSQL: saves are announced to every instance, and an announcement from elsewhere makes kept figures stale.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeAnnouncementTests(PostgresAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Saves_are_announced_to_other_instances_and_an_announcement_makes_kept_figures_stale()
    {
        RequireProvider();
        var connectionString = await App.QueryAsync(db => Task.FromResult(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetConnectionString(db.Database)!));
        await using var otherInstance = new Npgsql.NpgsqlConnection(connectionString);
        await otherInstance.OpenAsync();
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        otherInstance.Notification += (_, e) => announced.TrySetResult(e.Payload);
        await using (var listen = new Npgsql.NpgsqlCommand($"LISTEN {AnSinh.Data.ChangeVersions.Channel}", otherInstance))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using var clinician = await App.ClientForAsync("demo.clinician");
        await CreatePersonAsync(clinician);
        await otherInstance.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(announced.Task.IsCompleted, "no notification after a save");
        Assert.True(((AnSinh.Data.ChangeKinds)int.Parse(await announced.Task, System.Globalization.CultureInfo.InvariantCulture)).HasFlag(AnSinh.Data.ChangeKinds.Records));

        using var province = await App.ClientForAsync("demo.province");
        var cache = App.Services.GetRequiredService<IndicatorCache>();
        var url = $"/api/indicators/report?unit=22&asOf={Today.AddDays(-1):yyyy-MM-dd}";
        await province.GetStringAsync(url);
        var computations = cache.Computations;
        await province.GetStringAsync(url);
        Assert.Equal(computations, cache.Computations);

        // Another instance saved something: this one hears it and computes again.
        await using (var notify = new Npgsql.NpgsqlCommand($"NOTIFY {AnSinh.Data.ChangeVersions.Channel}, '{(int)AnSinh.Data.ChangeKinds.Records}'", otherInstance))
        {
            await notify.ExecuteNonQueryAsync();
        }

        for (var attempt = 0; attempt < 50 && cache.Computations == computations; attempt++)
        {
            await Task.Delay(100);
            await province.GetStringAsync(url);
        }

        Assert.True(cache.Computations > computations, "kept figures were served after another instance's save");
    }
}
