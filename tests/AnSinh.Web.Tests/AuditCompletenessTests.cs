using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Every view that shows people, every refusal and every change leaves an audit row (issue #10, item 10).</summary>
public abstract class AuditCompletenessTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private Task<AuditEvent?> LastAsync(string action, string userName) =>
        App.QueryAsync(db => db.AuditEvents.Where(e => e.Action == action && e.UserName == userName).OrderByDescending(e => e.Id).FirstOrDefaultAsync());

    [SkippableFact]
    public async Task A_search_records_what_was_asked_and_how_many_people_it_showed()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var page = await JsonAsync(await clinician.GetAsync("/api/beneficiaries?q=nguyen%20van&pageSize=5"));
        var shown = page.GetProperty("items").GetArrayLength();
        var row = await LastAsync("record.search", "demo.clinician");
        Assert.NotNull(row);
        Assert.Contains("q=nguyen van", row!.Detail, StringComparison.Ordinal);
        Assert.Contains($"rows={shown}", row.Detail, StringComparison.Ordinal);
        Assert.Contains($"total={page.GetProperty("total").GetInt32()}", row.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_census_and_a_member_list_are_recorded_as_list_views()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var manager = await App.ClientForAsync("demo.manager");
        var census = await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}/census"));
        var row = await LastAsync("list.view", "demo.manager");
        Assert.Equal($"census:{facility}", row!.EntityId);
        Assert.Contains($"rows={census.GetArrayLength()}", row.Detail, StringComparison.Ordinal);

        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync("/api/indicators/BEN-PERIODIC/members?unit=22&set=missing")).StatusCode);
        Assert.StartsWith("BEN-PERIODIC:missing@22", (await LastAsync("list.view", "demo.province"))!.EntityId, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync("/api/data-quality?unit=22")).StatusCode);
        Assert.Equal("data-quality@22", (await LastAsync("list.view", "demo.province"))!.EntityId);
    }

    [SkippableFact]
    public async Task A_read_out_of_scope_and_a_refused_write_leave_a_trace()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{outsider}")).StatusCode);
        var denied = await LastAsync("access.denied", "demo.clinician");
        Assert.Equal(outsider, denied!.BeneficiaryId);
        Assert.Contains("status=404", denied.Detail, StringComparison.Ordinal);

        var refused = await clinician.PostAsJsonAsync("/api/beneficiaries", new { fullName = "", sex = "Male", birthDate = "1950-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var write = await LastAsync("write.refused", "demo.clinician");
        Assert.Contains("fields=fullName", write!.Detail, StringComparison.Ordinal);
        Assert.Contains("path=/api/beneficiaries", write.Detail, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/api/users")).StatusCode);
        Assert.Contains("path=/api/users", (await LastAsync("access.denied", "demo.clinician"))!.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_edit_records_each_changed_field_old_and_new()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var created = await clinician.PostAsJsonAsync("/api/beneficiaries", NewPerson(name: "Đỗ Văn Trước"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var person = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(NewPerson(name: "Đỗ Văn Sau")))!;
        person["nationalId"] = (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{id}"))).GetProperty("nationalId").GetString();
        person["birthDate"] = "1950-05-12";
        person["version"] = 0;
        Assert.Equal(HttpStatusCode.NoContent, (await clinician.PutAsJsonAsync($"/api/beneficiaries/{id}", person)).StatusCode);

        var update = await App.QueryAsync(db => db.AuditEvents.Where(e => e.Action == "record.update" && e.BeneficiaryId == id).SingleAsync());
        Assert.Contains("FullName: Đỗ Văn Trước → Đỗ Văn Sau", update.Detail, StringComparison.Ordinal);
        Assert.Contains("BirthDate: 12/04/1950 → 12/05/1950", update.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SearchName", update.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("NationalId", update.Detail, StringComparison.Ordinal); // unchanged
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditCompletenessTests(SqliteAppFactory app) : AuditCompletenessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditCompletenessTests(PostgresAppFactory app) : AuditCompletenessTests(app);
