using System.Net;
using System.Net.Http.Json;
using AnSinh.Data;
using AnSinh.Domain.Geography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #8, item 10: Ninh Thuận (58) merged into Khánh Hòa (56) on 01/07/2025; its plan goes on over its former
/// territory, reported by Khánh Hòa's officer beside Khánh Hòa's own figures.
/// </summary>
public abstract class MergedProvincePlanTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string NinhThuanPlan = "NT-2021-2030";

    private async Task<HttpClient> KhanhHoaOfficerAsync()
    {
        var province = await App.QueryAsync(db => db.AdminUnits.Where(u => u.Code == "56" && u.Level == AdminLevel.Province && u.ValidTo == null).Select(u => u.Id).SingleAsync());
        return await App.ClientForNewUserAsync("test.khanhhoa", "Cán bộ Sở Y tế Khánh Hòa (thử)", Roles.ProvinceOfficer, ScopeKind.AdminUnit, unitId: province);
    }

    /// <summary>A facility of the plan's types on a commune that is, today, the successor of a commune of the given old province.</summary>
    private async Task<(int Facility, int Commune)> FacilityInOldProvinceAsync(HttpClient admin, string oldProvince, string name)
    {
        var commune = await App.QueryAsync(db => db.AdminUnitSuccessions
            .Where(s => s.Predecessor!.ProvinceCode == oldProvince && s.Predecessor.Level == AdminLevel.Commune && s.Successor!.ValidTo == null
                && s.Successor.ProvinceCode == "56"
                && !db.AdminUnitSuccessions.Any(o => o.SuccessorId == s.SuccessorId && o.Predecessor!.ProvinceCode != oldProvince))
            .OrderBy(s => s.SuccessorId).Select(s => s.SuccessorId).FirstAsync());
        var created = await admin.PostAsJsonAsync("/api/facilities", new
        {
            name, type = "SocialAssistance", ownership = "Public", adminUnitId = commune, capacity = 10, openedOn = "2024-01-01",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await JsonAsync(created)).GetProperty("id").GetInt32(), commune);
    }

    private async Task<int> ResidentAsync(HttpClient admin, int facility, int commune, string name)
    {
        var person = await CreatePersonAsync(admin, new
        {
            fullName = name, sex = "Female", birthDate = "1940-01-01", addressUnitId = commune,
            categories = new[] { new { kind = "Elderly", from = "2015-01-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = "2025-03-01", confirmOverCapacity = true })).StatusCode);
        return person;
    }

    [SkippableFact]
    public async Task Ninh_Thuan_plan_is_reported_for_2025_over_its_former_territory_inside_Khanh_Hoa()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var (ntFacility, ntCommune) = await FacilityInOldProvinceAsync(admin, "58", "Trung tâm thử Ninh Thuận cũ");
        var (khFacility, khCommune) = await FacilityInOldProvinceAsync(admin, "56", "Trung tâm thử Khánh Hòa cũ");
        var ntPerson = await ResidentAsync(admin, ntFacility, ntCommune, "Chamaléa Thị Thử");
        var khPerson = await ResidentAsync(admin, khFacility, khCommune, "Võ Thị Thử");

        using var officer = await KhanhHoaOfficerAsync();
        // The old code is refused after the merger, and the refusal says how to ask for the plan.
        await AssertFieldErrorAsync(await officer.GetAsync("/api/indicators?unit=58&asOf=2025-12-31"), "unit", $"plan={NinhThuanPlan}");

        var report = await JsonAsync(await officer.GetAsync($"/api/indicators/report?unit=56&asOf=2025-12-31&plan={NinhThuanPlan}"));
        Assert.Equal(NinhThuanPlan, report.GetProperty("planCode").GetString());
        var rows = report.GetProperty("indicators").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal(60m, rows["FAC-READY"].GetProperty("target").GetDecimal()); // Ninh Thuận's 2025 target
        var facilities = (await JsonAsync(await officer.GetAsync($"/api/indicators/FAC-OCC/members?unit=56&asOf=2025-12-31&plan={NinhThuanPlan}&set=denominator")))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(ntFacility, facilities);
        Assert.DoesNotContain(khFacility, facilities);
        var people = (await JsonAsync(await officer.GetAsync($"/api/indicators/BEN-PERIODIC/members?unit=56&asOf=2025-12-31&plan={NinhThuanPlan}&set=denominator&pageSize=1000")))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetInt32()).ToList();
        Assert.Contains(ntPerson, people);
        Assert.DoesNotContain(khPerson, people);

        // Khánh Hòa as a whole holds both; its dashboard offers the Ninh Thuận plan, and 2026–2030 targets go on.
        var whole = (await JsonAsync(await officer.GetAsync("/api/indicators/FAC-OCC/members?unit=56&asOf=2025-12-31&set=denominator")))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(ntFacility, whole);
        Assert.Contains(khFacility, whole);
        var dashboard = await JsonAsync(await officer.GetAsync("/api/dashboard?unit=56&year=2025"));
        Assert.Contains(dashboard.GetProperty("otherPlans").EnumerateArray(), p => p.GetProperty("code").GetString() == NinhThuanPlan);
        var later = (await JsonAsync(await officer.GetAsync($"/api/indicators?unit=56&asOf={Today:yyyy-MM-dd}&plan={NinhThuanPlan}"))).EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == "FAC-READY");
        Assert.Equal(2030, later.GetProperty("targetYear").GetInt32());
        Assert.Equal(80m, later.GetProperty("target").GetDecimal());

        // The yearly report of Khánh Hòa names the Ninh Thuận plan and carries its figures.
        var file = await officer.GetAsync("/api/reports/annual?unit=56&year=2025&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var stream = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
        var cells = stream.Query().Cast<IDictionary<string, object>>().SelectMany(r => r.Values).OfType<string>().ToList();
        Assert.Contains(cells, c => c.StartsWith("Căn cứ:", StringComparison.Ordinal) && c.Contains("Ninh Thuận", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.StartsWith("I.1. Kết quả theo", StringComparison.Ordinal) && c.Contains("nay thuộc", StringComparison.Ordinal));

        // Outside Khánh Hòa the plan is not visible.
        using var quangNinh = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.NotFound, (await quangNinh.GetAsync($"/api/indicators?asOf=2025-12-31&plan={NinhThuanPlan}")).StatusCode);
        await AssertFieldErrorAsync(await admin.GetAsync($"/api/indicators?unit=22&asOf=2025-12-31&plan={NinhThuanPlan}"), "plan", "không thuộc địa bàn");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMergedProvincePlanTests(SqliteAppFactory app) : MergedProvincePlanTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMergedProvincePlanTests(PostgresAppFactory app) : MergedProvincePlanTests(app);
