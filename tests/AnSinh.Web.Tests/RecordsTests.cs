using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>What a nurse does in a day: register, admit, record checks, read the chart, transfer and discharge.</summary>
public abstract class RecordsTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Register_admit_check_and_read_the_chart()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var id = await CreatePersonAsync(client, new
        {
            fullName = "Phạm Thị Kiểm",
            sex = "Female",
            birthDate = "1941-02-03",
            nationalId = $"022141{Random.Shared.Next(100000, 999999)}",
            categories = new object[]
            {
                new { kind = "MeritoriousRelative", from = "2000-01-01" },
                new { kind = "Elderly", from = "2001-02-03" },
                new { kind = "Disability", from = "2015-01-01", disabilityType = "Khuyết tật vận động", disabilitySeverity = "Severe" },
            },
            contacts = new[] { new { fullName = "Phạm Văn Con", relationship = "Con", phone = "0912345678", isGuardian = true } },
        });

        var admitted = Today.AddDays(-10);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{id}/stays",
            new { facilityId = own, admittedOn = admitted.ToString("yyyy-MM-dd"), confirmOverCapacity = true })).StatusCode);
        var intake = await client.PostAsJsonAsync($"/api/beneficiaries/{id}/encounters", new
        {
            kind = "IntakeScreening",
            date = admitted.AddDays(1).ToString("yyyy-MM-dd"),
            observations = new object[] { new { code = Loinc.Systolic, value = 150 }, new { code = Loinc.Diastolic, value = 95 }, new { code = Loinc.Weight, value = 48 }, new { code = Loinc.Height, value = 150 } },
            diagnoses = new object[] { new { icdCode = "I10" }, new { icdCode = "e11" } },
            conclusion = "Tăng huyết áp, đái tháo đường",
            classification = "III",
        });
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{id}/encounters", new
        {
            kind = "PeriodicCheck",
            date = Today.ToString("yyyy-MM-dd"),
            observations = new object[] { new { code = Loinc.Systolic, value = 138 }, new { code = Loinc.Diastolic, value = 86 }, new { code = Loinc.Temperature, value = 36.7 } },
            classification = "II",
        })).StatusCode);

        var chart = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{id}/chart"));
        Assert.Equal("Phạm Thị Kiểm", chart.GetProperty("person").GetProperty("fullName").GetString());
        Assert.Equal(3, chart.GetProperty("person").GetProperty("categories").GetArrayLength());
        Assert.Equal(own, chart.GetProperty("person").GetProperty("currentFacilityId").GetInt32());
        var vitals = chart.GetProperty("latestVitals").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!);
        Assert.Equal(138m, vitals[Loinc.Systolic].GetProperty("value").GetDecimal());
        Assert.Equal(Today.ToString("yyyy-MM-dd"), vitals[Loinc.Systolic].GetProperty("date").GetString());
        Assert.Equal(21.3m, vitals[Loinc.Bmi].GetProperty("value").GetDecimal()); // 48 kg / 1.50² computed by the server
        var problems = chart.GetProperty("activeProblems").EnumerateArray().Select(p => p.GetProperty("icdCode").GetString()!).ToList();
        Assert.Equal(["E11", "I10"], problems);
        var timeline = chart.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(2, timeline.Count);
        Assert.Equal("PeriodicCheck", timeline[0].GetProperty("kind").GetString());
        Assert.Equal("IntakeScreening", timeline[1].GetProperty("kind").GetString());

        var writes = await App.QueryAsync(db => db.AuditEvents.Where(e => e.BeneficiaryId == id).Select(e => e.Action).ToListAsync());
        Assert.Contains("record.create", writes);
        Assert.Contains("stay.admit", writes);
        Assert.Equal(2, writes.Count(a => a == "encounter.create"));
    }

    [SkippableFact]
    public async Task Search_by_national_id_and_by_card_number()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var id = await CreatePersonAsync(client, NewPerson(nationalId, "Đỗ Văn Tìm"));
        var byId = await JsonAsync(await client.GetAsync($"/api/beneficiaries?q={nationalId}"));
        Assert.Equal(id, byId.GetProperty("items")[0].GetProperty("id").GetInt32());
        var byCard = await JsonAsync(await client.GetAsync("/api/beneficiaries?q=BT2221234567890&pageSize=100"));
        Assert.Contains(byCard.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
    }

    [SkippableTheory]
    [InlineData("nguyen van")]
    [InlineData("NGUYỄN")]
    [InlineData("thị")]
    [InlineData("an")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("Đỗ  Văn")]
    public async Task Name_search_finds_exactly_the_people_whose_folded_name_contains_the_query(string q)
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        var expected = (await App.QueryAsync(db => db.Beneficiaries.Select(b => new { b.Id, b.FullName }).ToListAsync()))
            .Where(b => VietnameseText.Fold(b.FullName).Contains(VietnameseText.Fold(q), StringComparison.Ordinal)).Select(b => b.Id).ToHashSet();
        var found = new HashSet<int>();
        for (var page = 1; ; page++)
        {
            var body = await JsonAsync(await client.GetAsync($"/api/beneficiaries?q={Uri.EscapeDataString(q)}&page={page}&pageSize=100"));
            Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
            found.UnionWith(items);
            if (items.Count < 100)
            {
                break;
            }
        }

        Assert.Equal(expected.Order(), found.Order());
    }

    [SkippableFact]
    public async Task Transfer_closes_one_stay_and_opens_the_next_then_discharge()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var from = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var to = await FacilityIdAsync("Mái ấm dưỡng lão An Bình");
        var id = await CreatePersonAsync(admin);
        var admit = await admin.PostAsJsonAsync($"/api/beneficiaries/{id}/stays", new { facilityId = from, admittedOn = Today.AddDays(-30).ToString("yyyy-MM-dd"), confirmOverCapacity = true });
        var stayId = (await JsonAsync(admit)).GetProperty("id").GetInt32();

        var transfer = await admin.PostAsJsonAsync($"/api/stays/{stayId}/transfer", new { toFacilityId = to, transferredOn = Today.AddDays(-5).ToString("yyyy-MM-dd"), confirmOverCapacity = true });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var nextId = (await JsonAsync(transfer)).GetProperty("id").GetInt32();
        var stays = await App.QueryAsync(db => db.Stays.Where(s => s.BeneficiaryId == id).OrderBy(s => s.Id).ToListAsync());
        Assert.Equal(2, stays.Count);
        Assert.Equal(Today.AddDays(-5), stays[0].DischargedOn);
        Assert.Equal(AnSinh.Domain.Stays.DischargeReason.Transferred, stays[0].DischargeReason);
        Assert.Equal(to, stays[1].FacilityId);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/stays/{nextId}/discharge", new { dischargedOn = Today.ToString("yyyy-MM-dd"), reason = "ReturnedHome" })).StatusCode);
        var detail = await JsonAsync(await admin.GetAsync($"/api/beneficiaries/{id}"));
        Assert.Equal(JsonValueKindNull, detail.GetProperty("currentFacilityId").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [SkippableFact]
    public async Task Community_enrolment_only_at_a_commune_health_station()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var station = await FacilityIdAsync("Trạm Y tế");
        var centre = await FacilityIdAsync("Trung tâm Điều dưỡng người có công");
        var id = await CreatePersonAsync(admin);
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{id}/stays", new { facilityId = centre, admittedOn = Today.ToString("yyyy-MM-dd"), kind = "CommunityEnrolment" }),
            "kind", "trạm y tế xã");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/beneficiaries/{id}/stays", new { facilityId = station, admittedOn = Today.ToString("yyyy-MM-dd"), kind = "CommunityEnrolment" })).StatusCode);
    }

    [SkippableFact]
    public async Task Edit_replaces_categories_and_is_audited()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var id = await CreatePersonAsync(client, NewPerson(nationalId));
        var update = await client.PutAsJsonAsync($"/api/beneficiaries/{id}", new
        {
            fullName = "Lê Văn Đã Sửa", sex = "Male", birthDate = "1950-04-12", nationalId, version = 0,
            categories = new object[] { new { kind = "MeritoriousService", from = "1975-01-01", warInvalidPercent = 61, meritType = "Thương binh" } },
        });
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        var detail = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{id}"));
        Assert.Equal("Lê Văn Đã Sửa", detail.GetProperty("fullName").GetString());
        var category = Assert.Single(detail.GetProperty("categories").EnumerateArray());
        Assert.Equal(61, category.GetProperty("warInvalidPercent").GetInt32());
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == id && e.Action == "record.update")));
    }

    [SkippableFact]
    public async Task Quang_Ninh_resolves_before_and_after_the_2025_reform()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        var before = await JsonAsync(await client.GetAsync("/api/reference/admin-units?q=quang%20ninh&level=Province&asOf=2023-06-01"));
        var after = await JsonAsync(await client.GetAsync("/api/reference/admin-units?q=Quảng%20Ninh&level=Province&asOf=2026-01-01"));
        var old = Assert.Single(before.EnumerateArray());
        var current = Assert.Single(after.EnumerateArray());
        Assert.Equal("22", old.GetProperty("code").GetString());
        Assert.Equal("2025-06-30", old.GetProperty("validTo").GetString());
        Assert.Equal("22", current.GetProperty("code").GetString());
        Assert.Equal("2025-07-01", current.GetProperty("validFrom").GetString());
        Assert.NotEqual(old.GetProperty("id").GetInt32(), current.GetProperty("id").GetInt32());
        Assert.Equal(["22"], old.GetProperty("successorCodes").EnumerateArray().Select(s => s.GetString()!).ToArray());

        // Ninh Thuận (58) merged into Khánh Hòa (56).
        var ninhThuan = Assert.Single((await JsonAsync(await client.GetAsync("/api/reference/admin-units?q=ninh%20thuan&level=Province&asOf=2024-01-01"))).EnumerateArray());
        Assert.Equal(["56"], ninhThuan.GetProperty("successorCodes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Empty((await JsonAsync(await client.GetAsync("/api/reference/admin-units?q=ninh%20thuan&level=Province&asOf=2026-01-01"))).EnumerateArray());
    }

    [SkippableFact]
    public async Task Reference_data_is_loaded_from_files()
    {
        RequireProvider();
        var counts = await App.QueryAsync(async db => new
        {
            Provinces2025 = await db.AdminUnits.CountAsync(u => u.Level == AnSinh.Domain.Geography.AdminLevel.Province && u.ValidTo != null),
            Provinces2026 = await db.AdminUnits.CountAsync(u => u.Level == AnSinh.Domain.Geography.AdminLevel.Province && u.ValidFrom != null),
            Communes2026 = await db.AdminUnits.CountAsync(u => u.Level == AnSinh.Domain.Geography.AdminLevel.Commune && u.ValidFrom != null),
            Districts = await db.AdminUnits.CountAsync(u => u.Level == AnSinh.Domain.Geography.AdminLevel.District),
            Vitals = await db.ObservationCodes.CountAsync(),
        });
        Assert.Equal(63, counts.Provinces2025);
        Assert.Equal(34, counts.Provinces2026);
        Assert.Equal(3321, counts.Communes2026);
        Assert.Equal(696, counts.Districts);
        Assert.Equal(11, counts.Vitals);
        using var client = await App.ClientForAsync("demo.clinician");
        var icd = await JsonAsync(await client.GetAsync("/api/reference/icd10?q=tang%20huyet%20ap"));
        Assert.Contains(icd.EnumerateArray(), i => i.GetProperty("code").GetString() == "I10");
    }

    [SkippableFact]
    public async Task Openapi_description_lists_the_api()
    {
        RequireProvider();
        using var client = App.Anonymous();
        var doc = await JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/auth/token", out _));
        Assert.True(paths.TryGetProperty("/api/beneficiaries", out _));
        Assert.True(paths.TryGetProperty("/api/beneficiaries/{id}/encounters", out _));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRecordsTests(SqliteAppFactory app) : RecordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRecordsTests(PostgresAppFactory app) : RecordsTests(app);
