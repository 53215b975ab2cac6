using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Each bad input gets a Vietnamese message on its field and writes nothing.</summary>
public abstract class BadInputTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private Task<int> PeopleCountAsync() => App.QueryAsync(db => db.Beneficiaries.CountAsync());
    private Task<int> EncounterCountAsync() => App.QueryAsync(db => db.Encounters.CountAsync());
    private Task<int> StayCountAsync() => App.QueryAsync(db => db.Stays.CountAsync());

    private async Task AssertPersonRefusedAsync(object person, string field, string message)
    {
        using var client = await App.ClientForAsync("demo.clinician");
        var before = await PeopleCountAsync();
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/beneficiaries", person), field, message);
        Assert.Equal(before, await PeopleCountAsync());
    }

    [SkippableTheory]
    [InlineData("02205012345")]
    [InlineData("0220501234567")]
    [InlineData("02205012345X")]
    public async Task National_id_of_wrong_length_or_with_letters(string nationalId)
    {
        RequireProvider();
        await AssertPersonRefusedAsync(new { fullName = "Lê Văn Sai", sex = "Male", birthDate = "1950-04-12", nationalId }, "nationalId", "12 chữ số");
    }

    [SkippableFact]
    public async Task Malformed_health_insurance_number()
    {
        RequireProvider();
        await AssertPersonRefusedAsync(new { fullName = "Lê Văn Sai", sex = "Male", birthDate = "1950-04-12", healthInsuranceNumber = "XX12345", healthInsuranceValidTo = "2030-01-01" },
            "healthInsuranceNumber", "Số thẻ BHYT phải gồm 15 ký tự");
    }

    [SkippableFact]
    public async Task Birth_date_in_the_future()
    {
        RequireProvider();
        await AssertPersonRefusedAsync(new { fullName = "Lê Văn Sai", sex = "Male", birthDate = Today.AddDays(3).ToString("yyyy-MM-dd") }, "birthDate", "tương lai");
    }

    [SkippableFact]
    public async Task Duplicate_national_id_names_the_existing_person_within_scope()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var existing = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId != null && b.Sex == AnSinh.Domain.Identity.Sex.Male
                && b.Stays.Any(s => s.FacilityId == own))
            .Select(b => new { b.NationalId, b.FullName, b.BirthDate }).FirstAsync());
        await AssertPersonRefusedAsync(new { fullName = "Người Trùng Số", sex = "Male", birthDate = existing.BirthDate.ToString("yyyy-MM-dd"), nationalId = existing.NationalId },
            "nationalId", $"đã thuộc hồ sơ của {existing.FullName}");
    }

    [SkippableFact]
    public async Task Duplicate_national_id_outside_scope_names_only_where_to_ask_and_is_audited()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var existing = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.NationalId != null && b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi))
            .Select(b => new { b.Id, b.NationalId, b.FullName, b.BirthDate, b.Sex }).FirstAsync());
        using var client = await App.ClientForAsync("demo.clinician");
        var response = await client.PostAsJsonAsync("/api/beneficiaries", new
        {
            fullName = "Người Dò Số", sex = existing.Sex.ToString(), birthDate = existing.BirthDate.ToString("yyyy-MM-dd"), nationalId = existing.NationalId,
        });
        await AssertFieldErrorAsync(response, "nationalId", "đã được đăng ký trong hệ thống (cơ sở quản lý: Trung tâm Bảo trợ xã hội (Hà Nội");
        var text = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetRawText();
        Assert.DoesNotContain(existing.FullName, System.Text.RegularExpressions.Regex.Unescape(text));
        Assert.DoesNotContain(existing.BirthDate.ToString("dd/MM/yyyy"), text);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "record.duplicate-id" && e.BeneficiaryId == existing.Id)));
    }

    [SkippableFact]
    public async Task Plans_are_listed_within_scope_and_a_missing_facility_is_not_found()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var codes = (await JsonAsync(await province.GetAsync("/api/plans"))).EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        Assert.Contains("QN-254-2021", codes);
        Assert.DoesNotContain("HN-2030", codes);
        using var national = await App.ClientForAsync("demo.national");
        Assert.Contains("HN-2030", (await JsonAsync(await national.GetAsync("/api/plans"))).EnumerateArray().Select(p => p.GetProperty("code").GetString()));

        using var admin = await App.ClientForAsync("demo.admin");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/api/facilities/987654/census")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/api/facilities/987654/resources")).StatusCode);
    }

    private async Task<(HttpClient Client, int PersonId)> ResidentAsync()
    {
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var id = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == own && s.DischargedOn == null).Select(s => s.BeneficiaryId).FirstAsync());
        return (await App.ClientForAsync("demo.clinician"), id);
    }

    private async Task AssertEncounterRefusedAsync(object encounter, string field, string message)
    {
        var (client, id) = await ResidentAsync();
        var encounters = await EncounterCountAsync();
        var observations = await App.QueryAsync(db => db.Observations.CountAsync());
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{id}/encounters", encounter), field, message);
        Assert.Equal(encounters, await EncounterCountAsync());
        Assert.Equal(observations, await App.QueryAsync(db => db.Observations.CountAsync()));
        client.Dispose();
    }

    private static object Check(decimal systolic, decimal diastolic, decimal temperature = 36.8m, string? icd = null) => new
    {
        kind = "PeriodicCheck",
        date = Today.ToString("yyyy-MM-dd"),
        observations = new object[]
        {
            new { code = Loinc.Systolic, value = systolic },
            new { code = Loinc.Diastolic, value = diastolic },
            new { code = Loinc.Temperature, value = temperature },
        },
        diagnoses = icd is null ? Array.Empty<object>() : new object[] { new { icdCode = icd } },
    };

    [SkippableFact]
    public async Task Systolic_400()
    {
        RequireProvider();
        await AssertEncounterRefusedAsync(Check(400, 90), $"observations.{Loinc.Systolic}", "Huyết áp tâm thu 400");
    }

    [SkippableFact]
    public async Task Diastolic_above_systolic()
    {
        RequireProvider();
        await AssertEncounterRefusedAsync(Check(110, 130), $"observations.{Loinc.Diastolic}", "tâm trương phải thấp hơn");
    }

    [SkippableFact]
    public async Task Temperature_50()
    {
        RequireProvider();
        await AssertEncounterRefusedAsync(Check(120, 80, 50), $"observations.{Loinc.Temperature}", "Nhiệt độ 50 °C nằm ngoài khoảng hợp lý");
    }

    [SkippableFact]
    public async Task Unknown_icd10_code()
    {
        RequireProvider();
        await AssertEncounterRefusedAsync(Check(120, 80, 36.5m, "Z99.999"), "diagnoses[0].icdCode", "không có trong danh mục");
    }

    [SkippableFact]
    public async Task Discharge_before_admission()
    {
        RequireProvider();
        var (client, id) = await ResidentAsync();
        var stay = await App.QueryAsync(db => db.Stays.Where(s => s.BeneficiaryId == id && s.DischargedOn == null).Select(s => new { s.Id, s.AdmittedOn }).FirstAsync());
        var response = await client.PostAsJsonAsync($"/api/stays/{stay.Id}/discharge",
            new { dischargedOn = stay.AdmittedOn.AddDays(-1).ToString("yyyy-MM-dd"), reason = "ReturnedHome" });
        await AssertFieldErrorAsync(response, "dischargedOn", "không được trước ngày tiếp nhận");
        Assert.Null(await App.QueryAsync(db => db.Stays.Where(s => s.Id == stay.Id).Select(s => s.DischargedOn).FirstAsync()));
        client.Dispose();
    }

    [SkippableFact]
    public async Task Admission_to_a_full_facility_needs_confirmation()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var commune = await App.QueryAsync(db => db.Facilities.Where(f => f.Name.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh")).Select(f => f.AdminUnitId).FirstAsync());
        var created = await admin.PostAsJsonAsync("/api/facilities", new { name = $"Nhà xã hội nhỏ {Guid.NewGuid():N}", type = "SocialAssistance", ownership = "Private", adminUnitId = commune, capacity = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var facilityId = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var first = await CreatePersonAsync(admin);
        var second = await CreatePersonAsync(admin);
        var date = Today.ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/beneficiaries/{first}/stays", new { facilityId, admittedOn = date })).StatusCode);

        var stays = await StayCountAsync();
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{second}/stays", new { facilityId, admittedOn = date }),
            "confirmOverCapacity", "đã đủ công suất (1/1");
        Assert.Equal(stays, await StayCountAsync());

        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync($"/api/beneficiaries/{second}/stays", new { facilityId, admittedOn = date, confirmOverCapacity = true })).StatusCode);
        Assert.Equal(stays + 1, await StayCountAsync());
    }

    [SkippableFact]
    public async Task A_stay_in_a_facility_outside_the_users_scope()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client);
        var hanoiFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var stays = await StayCountAsync();
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = hanoiFacility, admittedOn = Today.ToString("yyyy-MM-dd") }), "facilityId", "không thuộc phạm vi quản lý");
        Assert.Equal(stays, await StayCountAsync());
    }

    [SkippableFact]
    public async Task Province_officer_registers_only_people_living_in_the_province()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var hanoiCommune = await App.QueryAsync(db => db.Facilities.Where(f => f.Name.StartsWith("Trung tâm Bảo trợ xã hội (Hà Nội")).Select(f => f.AdminUnitId).FirstAsync());
        var quangNinhCommune = await App.QueryAsync(db => db.Facilities.Where(f => f.Name.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh")).Select(f => f.AdminUnitId).FirstAsync());
        var before = await PeopleCountAsync();
        await AssertFieldErrorAsync(await province.PostAsJsonAsync("/api/beneficiaries",
            new { fullName = "Người Ngoài Tỉnh", sex = "Male", birthDate = "1950-04-12", addressUnitId = hanoiCommune }), "addressUnitId", "thuộc địa bàn bạn quản lý");
        Assert.Equal(before, await PeopleCountAsync());

        var created = await province.PostAsJsonAsync("/api/beneficiaries", new { fullName = "Người Trong Tỉnh", sex = "Male", birthDate = "1950-04-12", addressUnitId = quangNinhCommune });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync($"/api/beneficiaries/{id}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_facility_with_a_closing_date_before_its_opening()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var commune = await App.QueryAsync(db => db.Facilities.Select(f => f.AdminUnitId).FirstAsync());
        var count = await App.QueryAsync(db => db.Facilities.CountAsync());
        await AssertFieldErrorAsync(await province.PostAsJsonAsync("/api/facilities",
            new { name = "Cơ sở lỗi", type = "SocialAssistance", ownership = "Public", adminUnitId = commune, capacity = 10, openedOn = "2020-01-01", closedOn = "2019-01-01" }),
            "closedOn", "phải sau ngày bắt đầu");
        Assert.Equal(count, await App.QueryAsync(db => db.Facilities.CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBadInputTests(SqliteAppFactory app) : BadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresAppFactory app) : BadInputTests(app);
