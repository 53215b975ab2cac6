using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

public abstract class ScopingTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Health_is_public_and_ok()
    {
        RequireProvider();
        using var client = App.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [SkippableFact]
    public async Task Styles_and_scripts_are_served_without_sign_in()
    {
        RequireProvider();
        using var client = App.Anonymous();
        foreach (var (path, type) in new[] { ("/app.css", "text/css"), ("/_framework/blazor.web.js", "javascript"), ("/js/icd-picker.js", "javascript") })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Contains(type, response.Content.Headers.ContentType!.ToString());
        }
    }

    [SkippableFact]
    public async Task Api_and_pages_need_sign_in()
    {
        RequireProvider();
        using var client = App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/beneficiaries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/facilities")).StatusCode);
        var page = await client.GetAsync("/beneficiaries");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location!.ToString());
    }

    [SkippableFact]
    public async Task Wrong_password_gets_401_and_a_good_one_a_token_with_expiry()
    {
        RequireProvider();
        using var client = App.Anonymous();
        var bad = await client.PostAsJsonAsync("/api/auth/token", new { username = "demo.clinician", password = "sai-mat-khau" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Contains("không đúng", (await JsonAsync(bad)).GetProperty("title").GetString());

        var good = await client.PostAsJsonAsync("/api/auth/token", new { username = "demo.national", password = AnSinhAppFactory.DemoPassword });
        var body = await JsonAsync(good);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [SkippableFact]
    public async Task Unaccented_name_finds_the_accented_person()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var body = await JsonAsync(await client.GetAsync("/api/beneficiaries?q=nguyen%20van%20an&page=1&pageSize=10"));
        Assert.True(body.GetProperty("total").GetInt32() >= 1);
        var first = body.GetProperty("items").EnumerateArray().First(i => i.GetProperty("fullName").GetString() == "Nguyễn Văn An");
        Assert.Equal("Male", first.GetProperty("sex").GetString());
        Assert.True(first.TryGetProperty("birthDate", out _));
        Assert.True(first.TryGetProperty("currentFacilityId", out _));
    }

    [SkippableFact]
    public async Task Clinician_cannot_read_a_person_of_another_facility()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var otherId = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.RegisteredFacilityId != own && b.Stays.All(s => s.FacilityId != own)).Select(b => b.Id).FirstAsync());
        var ownId = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Stays.Any(s => s.FacilityId == own)).Select(b => b.Id).FirstAsync());
        using var client = await App.ClientForAsync("demo.clinician");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/beneficiaries/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/beneficiaries/{otherId}/chart")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/beneficiaries/{ownId}")).StatusCode);

        var all = await JsonAsync(await client.GetAsync("/api/beneficiaries?pageSize=100"));
        var ownCount = await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.RegisteredFacilityId == own || b.Stays.Any(s => s.FacilityId == own)));
        Assert.Equal(ownCount, all.GetProperty("total").GetInt32());
    }

    [SkippableFact]
    public async Task Province_officer_sees_only_the_province()
    {
        RequireProvider();
        var hanoiFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        // A Hà Nội resident who never stayed in Quảng Ninh (other tests transfer people there from Quảng Ninh).
        var hanoiPerson = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any(s => s.FacilityId == hanoiFacility) && b.Stays.All(s => s.FacilityId == hanoiFacility))
            .OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        using var province = await App.ClientForAsync("demo.province");
        using var national = await App.ClientForAsync("demo.national");

        var facilities = await JsonAsync(await province.GetAsync("/api/facilities"));
        Assert.NotEmpty(facilities.EnumerateArray());
        Assert.All(facilities.EnumerateArray(), f => Assert.Equal("22", f.GetProperty("provinceCode").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await province.GetAsync($"/api/beneficiaries/{hanoiPerson}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await province.GetAsync($"/api/facilities/{hanoiFacility}")).StatusCode);

        var provinceTotal = (await JsonAsync(await province.GetAsync("/api/beneficiaries?pageSize=1"))).GetProperty("total").GetInt32();
        var nationalTotal = (await JsonAsync(await national.GetAsync("/api/beneficiaries?pageSize=1"))).GetProperty("total").GetInt32();
        Assert.True(provinceTotal >= 300, $"province sees {provinceTotal}");
        Assert.True(nationalTotal > provinceTotal);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/api/beneficiaries/{hanoiPerson}")).StatusCode);
    }

    [SkippableFact]
    public async Task Each_read_of_a_record_leaves_an_audit_event()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var id = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == own && s.DischargedOn == null).Select(s => s.BeneficiaryId).Skip(3).FirstAsync());
        using var client = await App.ClientForAsync("demo.clinician");
        var before = await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == id));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/beneficiaries/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/beneficiaries/{id}/chart")).StatusCode);

        var events = await App.QueryAsync(db => db.AuditEvents.Where(e => e.BeneficiaryId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(before + 2, events.Count);
        var read = events[^2];
        Assert.Equal("record.read", read.Action);
        Assert.Equal("demo.clinician", read.UserName);
        Assert.False(string.IsNullOrEmpty(read.UserId));
        Assert.Equal("127.0.0.1", read.IpAddress?.Replace("::ffff:", "", StringComparison.Ordinal));
        Assert.Equal("chart.read", events[^1].Action);
    }

    [SkippableFact]
    public async Task A_refused_read_is_audited_as_refused_not_as_a_read()
    {
        RequireProvider();
        var hanoiFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var id = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == hanoiFacility).Select(s => s.BeneficiaryId).FirstAsync());
        using var client = await App.ClientForAsync("demo.clinician");
        Task<int> CountAsync(string action) => App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == id && e.Action == action));
        var reads = await CountAsync("record.read");
        var denied = await CountAsync("access.denied");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/beneficiaries/{id}")).StatusCode);
        Assert.Equal(reads, await CountAsync("record.read"));
        Assert.Equal(denied + 1, await CountAsync("access.denied"));
    }

    [SkippableFact]
    public async Task Pages_speak_vietnamese_first_and_english_on_request()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var vi = await client.GetStringAsync("/beneficiaries?q=nguyen%20van%20an");
        Assert.Contains("<html lang=\"vi\"", vi);
        Assert.Contains("Nhóm đối tượng", vi);
        Assert.Contains("Nguyễn Văn An", vi);
        Assert.Matches(@"\d{2}/\d{2}/\d{4}", vi); // dd/MM/yyyy

        var en = await client.GetStringAsync("/beneficiaries?q=nguyen%20van%20an&culture=en");
        Assert.Contains("<html lang=\"en\"", en);
        Assert.Contains("Categories", en);
        Assert.Contains("Elderly person", en);
        Assert.DoesNotContain("Nhóm đối tượng", en);
    }

    [SkippableFact]
    public async Task Chart_page_shows_the_record_and_a_page_outside_scope_shows_nothing_of_it()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var ownPerson = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == own && s.DischargedOn == null)
            .Select(s => new { s.BeneficiaryId, s.Beneficiary!.FullName }).FirstAsync());
        var hanoiFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var other = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == hanoiFacility)
            .Select(s => new { s.BeneficiaryId, s.Beneficiary!.FullName, s.Beneficiary.NationalId }).FirstAsync());
        using var client = await App.ClientForAsync("demo.clinician");

        var page = await client.GetStringAsync($"/beneficiaries/{ownPerson.BeneficiaryId}");
        Assert.Contains(ownPerson.FullName, page);
        Assert.Contains("Chỉ số gần nhất", page);

        var refused = await client.GetAsync($"/beneficiaries/{other.BeneficiaryId}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode); // the page answers like the API, and is audited like it
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "access.denied" && e.BeneficiaryId == other.BeneficiaryId
            && e.Detail!.Contains("page=1"))));
        var hidden = await refused.Content.ReadAsStringAsync();
        Assert.Contains("không thuộc phạm vi của bạn", hidden);
        Assert.DoesNotContain(other.NationalId!, hidden);
    }

    [SkippableFact]
    public async Task Census_lists_who_is_in_the_facility_now()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var client = await App.ClientForAsync("demo.manager");
        var census = await JsonAsync(await client.GetAsync($"/api/facilities/{own}/census"));
        var today = Today;
        var expected = await App.QueryAsync(db => db.Stays.CountAsync(s => s.FacilityId == own && s.AdmittedOn <= today && (s.DischargedOn == null || s.DischargedOn > today)));
        Assert.Equal(expected, census.GetArrayLength());
        Assert.All(census.EnumerateArray(), r => Assert.Equal(nameof(StayKind.Residential), r.GetProperty("kind").GetString()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteScopingTests(SqliteAppFactory app) : ScopingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresScopingTests(PostgresAppFactory app) : ScopingTests(app);
