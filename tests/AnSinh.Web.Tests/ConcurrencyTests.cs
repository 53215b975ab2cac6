using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>What must be one stays one when people submit at the same moment (issue #10).</summary>
public abstract class ConcurrencyTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Eight_simultaneous_admissions_of_one_person_open_one_stay()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var person = await CreatePersonAsync(clinician);
        var body = new { facilityId = facility, admittedOn = Today.AddDays(-3).ToString("yyyy-MM-dd"), confirmOverCapacity = true };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", body)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await AssertFieldErrorAsync(refused, "facilityId", "đang được tiếp nhận");
        }

        Assert.Equal(1, await App.QueryAsync(db => db.Stays.CountAsync(s => s.BeneficiaryId == person && s.DischargedOn == null)));
    }

    [SkippableFact]
    public async Task Simultaneous_registrations_with_one_national_id_create_one_person()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => clinician.PostAsJsonAsync("/api/beneficiaries", NewPerson(nationalId))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await AssertFieldErrorAsync(refused, "nationalId", nationalId);
        }

        Assert.Equal(1, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.NationalId == nationalId)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteConcurrencyTests(SqliteAppFactory app) : ConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresAppFactory app) : ConcurrencyTests(app);

/// <summary>Two people editing one record: the second, made from the version both read, is refused; nothing is lost (issue #10, item 8).</summary>
public abstract class EditConflictTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task A_stale_edit_of_a_person_gets_409_and_the_first_edit_stays()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var created = await clinician.PostAsJsonAsync("/api/beneficiaries", NewPerson(nationalId, "Võ Văn Gốc"));
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var read = await clinician.GetAsync($"/api/beneficiaries/{id}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"0\"", etag);

        HttpRequestMessage Edit(string name) => new(HttpMethod.Put, $"/api/beneficiaries/{id}")
        {
            Content = JsonContent.Create(new { fullName = name, sex = "Male", birthDate = "1950-04-12", nationalId }),
            Headers = { { "If-Match", etag } },
        };

        var first = await clinician.SendAsync(Edit("Võ Văn Người Thứ Nhất"));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag!.Tag);
        var second = await clinician.SendAsync(Edit("Võ Văn Người Thứ Hai"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("vừa được người khác sửa", (await JsonAsync(second)).GetProperty("errors").GetProperty("version")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Võ Văn Người Thứ Nhất", (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{id}"))).GetProperty("fullName").GetString());

        var noVersion = await clinician.PutAsJsonAsync($"/api/beneficiaries/{id}", new { fullName = "Không phiên bản", sex = "Male", birthDate = "1950-04-12", nationalId });
        await AssertFieldErrorAsync(noVersion, "version", "If-Match");
    }

    [SkippableFact]
    public async Task Simultaneous_edits_from_one_version_save_exactly_one()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var id = (await JsonAsync(await clinician.PostAsJsonAsync("/api/beneficiaries", NewPerson(nationalId, "Võ Văn Đua")))).GetProperty("id").GetInt32();
        var edits = Enumerable.Range(1, 8).Select(i => clinician.PutAsJsonAsync($"/api/beneficiaries/{id}",
            new { fullName = $"Võ Văn Lần {i}", sex = "Male", birthDate = "1950-04-12", nationalId, version = 0 })).ToList();
        var answers = (await Task.WhenAll(edits)).Select(r => r.StatusCode).ToList();
        Assert.True(answers.Count(s => s == HttpStatusCode.NoContent) == 1 && answers.Count(s => s == HttpStatusCode.Conflict) == 7, string.Join(", ", answers));
        var detail = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{id}"));
        Assert.Equal(1, detail.GetProperty("version").GetInt32());
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == id && e.Action == "record.update")));
    }

    [SkippableFact]
    public async Task A_stale_edit_of_a_facility_gets_409()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trạm Y tế");
        using var province = await App.ClientForAsync("demo.province");
        var before = await JsonAsync(await province.GetAsync($"/api/facilities/{facility}"));
        var version = before.GetProperty("version").GetInt32();
        object Body(string address, int v) => new
        {
            name = before.GetProperty("name").GetString(), type = before.GetProperty("type").GetString(), ownership = before.GetProperty("ownership").GetString(),
            adminUnitId = before.GetProperty("adminUnitId").GetInt32(), capacity = before.GetProperty("capacity").GetInt32(), address, version = v,
        };
        Assert.Equal(HttpStatusCode.NoContent, (await province.PutAsJsonAsync($"/api/facilities/{facility}", Body("Số 1, đường Mới", version))).StatusCode);
        var stale = await province.PutAsJsonAsync($"/api/facilities/{facility}", Body("Số 2, đường Cũ", version));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Số 1, đường Mới", (await JsonAsync(await province.GetAsync($"/api/facilities/{facility}"))).GetProperty("address").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEditConflictTests(SqliteAppFactory app) : EditConflictTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEditConflictTests(PostgresAppFactory app) : EditConflictTests(app);
