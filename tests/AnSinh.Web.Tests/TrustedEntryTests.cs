using System.Net;
using System.Net.Http.Json;
using System.Text;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8: what a nurse or a caller sends is what is stored, or a clear error naming the field.</summary>
public abstract class TrustedEntryTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task A_bad_enum_an_impossible_date_and_malformed_json_name_the_field_in_vietnamese()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var before = await App.QueryAsync(db => db.Beneficiaries.CountAsync());

        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/beneficiaries", new { fullName = "Lê Văn Sai", sex = "M", birthDate = "1950-04-12" }),
            "sex", "Giới tính: giá trị không hợp lệ. Chọn một trong: Male, Female");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/beneficiaries", new { fullName = "Lê Văn Sai", sex = "Male", birthDate = "1950-02-30" }),
            "birthDate", "Ngày sinh: ngày không hợp lệ. API nhận ngày dạng yyyy-MM-dd");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/beneficiaries",
                new { fullName = "Lê Văn Sai", sex = "Male", birthDate = "1950-04-12", categories = new[] { new { kind = "Elderly", from = "12/04/2010" } } }),
            "categories[0].from", "Từ ngày: ngày không hợp lệ");
        await AssertFieldErrorAsync(await client.PostAsync("/api/beneficiaries", new StringContent("{\"fullName\": \"Lê Văn Sai\", ", Encoding.UTF8, "application/json")),
            "body", "JSON không đúng cú pháp");
        Assert.Equal(before, await App.QueryAsync(db => db.Beneficiaries.CountAsync()));

        using var officer = await App.ClientForAsync("demo.province");
        await AssertFieldErrorAsync(await officer.GetAsync("/api/indicators?unit=22&asOf=31/12/2025"), "asOf", "Ngày tính số liệu \"31/12/2025\": ngày không hợp lệ");
    }

    [SkippableFact]
    public async Task A_facility_is_placed_on_an_existing_commune_only()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var province = await App.QueryAsync(db => db.AdminUnits.Where(u => u.Code == "22" && u.Level == AdminLevel.Province && u.ValidTo == null).Select(u => u.Id).FirstAsync());
        var count = await App.QueryAsync(db => db.Facilities.CountAsync());
        object Facility(int unitId) => new { name = "Cơ sở thử vị trí", type = "SocialAssistance", ownership = "Public", adminUnitId = unitId, capacity = 10 };

        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/facilities", Facility(987_654_321)), "adminUnitId", "Không có đơn vị hành chính này");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/facilities", Facility(province)), "adminUnitId", "không phải là xã, phường");
        Assert.Equal(count, await App.QueryAsync(db => db.Facilities.CountAsync()));
    }

    [SkippableFact]
    public async Task A_check_without_a_vital_sign_or_a_classification_is_refused_and_saves_nothing()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await DemoResidentIdAsync();
        var encounters = await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person));

        var empty = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "PeriodicCheck", date = Today.ToString("yyyy-MM-dd") });
        await AssertFieldErrorAsync(empty, "observations", "ít nhất một chỉ số sinh tồn");
        var noClass = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "IntakeScreening",
            date = Today.ToString("yyyy-MM-dd"),
            observations = new object[] { new { code = Loinc.Weight, value = 50 } },
        });
        await AssertFieldErrorAsync(noClass, "classification", "Chọn phân loại sức khỏe");
        var emptySick = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "SickVisit", date = Today.ToString("yyyy-MM-dd") });
        await AssertFieldErrorAsync(emptySick, "findings", "Lượt khám bệnh cần");
        Assert.Equal(encounters, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person)));
    }

    [SkippableFact]
    public async Task Census_capacity_and_occupancy_count_the_same_residents_and_a_discharge_today_leaves_the_census_only()
    {
        RequireProvider();
        using var manager = await App.ClientForAsync("demo.manager");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");

        async Task<(int Census, int Residents, int Occupancy)> CountsAsync()
        {
            var census = (await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}/census"))).EnumerateArray()
                .Where(r => r.GetProperty("kind").GetString() == "Residential").Select(r => r.GetProperty("beneficiaryId").GetInt32()).Distinct().Count();
            var residents = (await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}"))).GetProperty("residents").GetInt32();
            var occupancy = (await JsonAsync(await manager.GetAsync($"/api/indicators?facility={facility}"))).EnumerateArray()
                .Single(r => r.GetProperty("code").GetString() == "FAC-OCC").GetProperty("numerator").GetInt32();
            return (census, residents, occupancy);
        }

        var dischargedToday = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == facility && s.Kind == StayKind.Residential && s.DischargedOn == Today)
            .Select(s => s.BeneficiaryId).Distinct().CountAsync());
        var before = await CountsAsync();
        Assert.Equal(before.Census, before.Residents);
        Assert.Equal(before.Census + dischargedToday, before.Occupancy);

        using var clinician = await App.ClientForAsync("demo.clinician");
        var stay = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == facility && s.Kind == StayKind.Residential && s.DischargedOn == null)
            .OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync());
        var discharged = await clinician.PostAsJsonAsync($"/api/stays/{stay}/discharge", new { dischargedOn = Today.ToString("yyyy-MM-dd"), reason = "ReturnedHome" });
        Assert.True(discharged.IsSuccessStatusCode, await discharged.Content.ReadAsStringAsync());

        var after = await CountsAsync();
        Assert.Equal(before.Census - 1, after.Census);
        Assert.Equal(before.Residents - 1, after.Residents);
        Assert.Equal(before.Occupancy, after.Occupancy); // INDICATORS.md: discharged on D counts on D
    }

    [SkippableFact]
    public async Task A_clinician_transfers_a_person_to_a_facility_of_another_province_which_then_holds_the_record()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var directory = (await JsonAsync(await clinician.GetAsync("/api/facilities/directory?q=ha noi"))).EnumerateArray().ToList();
        var hanoi = Assert.Single(directory, f => f.GetProperty("area").GetString()!.Contains("Hà Nội", StringComparison.Ordinal));
        var target = hanoi.GetProperty("id").GetInt32();

        var person = await CreatePersonAsync(clinician);
        var admitted = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Today.AddDays(-5).ToString("yyyy-MM-dd"), confirmOverCapacity = true });
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var stay = (await JsonAsync(admitted)).GetProperty("id").GetInt32();

        var moved = await clinician.PostAsJsonAsync($"/api/stays/{stay}/transfer", new { toFacilityId = target, transferredOn = Today.ToString("yyyy-MM-dd"), confirmOverCapacity = true });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        var current = await App.QueryAsync(db => db.Stays.Where(s => s.BeneficiaryId == person && s.DischargedOn == null).Select(s => s.FacilityId).SingleAsync());
        Assert.Equal(target, current);
    }

    [SkippableFact]
    public async Task For_every_province_of_both_eras_what_its_officer_sees_holds_what_its_figures_count()
    {
        RequireProvider();
        var (tree, provinces) = await App.QueryAsync(async db =>
        {
            var provider = new AnSinh.Web.Features.ReferenceData.UnitTreeProvider();
            var t = await provider.GetAsync(db);
            var ids = await db.AdminUnits.Where(u => u.Level == AdminLevel.Province).Select(u => u.Id).ToListAsync();
            return (t, ids);
        });
        Assert.Equal(97, provinces.Count); // 63 before the reform, 34 after
        Assert.All(provinces, id =>
        {
            var territory = tree.Territory(id);
            Assert.NotEmpty(territory);
            Assert.True(territory.IsSubsetOf(tree.Covered(id)), $"province unit {id}");
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTrustedEntryTests(SqliteAppFactory app) : TrustedEntryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTrustedEntryTests(PostgresAppFactory app) : TrustedEntryTests(app);
