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
