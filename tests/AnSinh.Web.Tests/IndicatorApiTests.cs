using System.Net;
using System.Text.Json;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

public abstract class IndicatorApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] AllCodes =
        ["FAC-READY", "FAC-TECH", "BEN-EHM", "BEN-INTAKE", "BEN-PERIODIC", "BEN-BHYT", "BEN-ENTITLE", "NCC-CONV", "CHR-HTN", "CHR-DM", "MH-SCREEN", "REF-DONE", "FAC-OCC", "STAFF-TRAIN", "STAFF-MIX"];

    private static string LastYearEnd => $"{Today.Year - 1}-12-31";

    private static Dictionary<string, JsonElement> ByCode(JsonElement array) =>
        array.EnumerateArray().ToDictionary(e => e.GetProperty("code").GetString()!);

    [SkippableFact]
    public async Task Quang_Ninh_has_every_indicator_with_the_plan_targets()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var response = await client.GetAsync($"/api/indicators?unit=22&asOf={LastYearEnd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ByCode(await JsonAsync(response));
        Assert.Equal(AllCodes.Order(), rows.Keys.Order());
        foreach (var row in rows.Values)
        {
            Assert.True(row.TryGetProperty("numerator", out _));
            Assert.True(row.TryGetProperty("denominator", out _));
            Assert.True(row.TryGetProperty("percent", out _));
            Assert.Contains(row.GetProperty("status").GetString(), new[] { "met", "on track", "behind", "no data", "no target" });
        }

        // KH 254/KH-UBND: FAC-READY ≥ 70 % and BEN-EHM ≥ 80 % by 2025 (2030 targets after that).
        var year = Today.Year - 1;
        Assert.Equal(year <= 2025 ? 70m : 100m, rows["FAC-READY"].GetProperty("target").GetDecimal());
        Assert.Equal(year <= 2025 ? 80m : 100m, rows["BEN-EHM"].GetProperty("target").GetDecimal());
        Assert.True(rows["BEN-EHM"].GetProperty("denominator").GetInt32() >= 250);
        Assert.NotEqual("no data", rows["BEN-EHM"].GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task Bhyt_figures_match_a_direct_count_of_the_records()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        var d = new DateOnly(Today.Year - 1, 12, 31);
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={d:yyyy-MM-dd}")));
        var inScope = new[] { FacilityType.MeritoriousCareCentre, FacilityType.SocialAssistance, FacilityType.DrugRehabilitation };
        var (served, withCard) = await App.QueryAsync(async db =>
        {
            var ids = await db.Stays.Where(s => s.Kind == StayKind.Residential && inScope.Contains(s.Facility!.Type)
                    && s.Facility.AdminUnit!.ProvinceCode == "22" && s.AdmittedOn <= d && (s.DischargedOn == null || s.DischargedOn >= d))
                .Select(s => s.BeneficiaryId).Distinct().ToListAsync();
            var cards = await db.Beneficiaries.CountAsync(b => ids.Contains(b.Id) && b.HealthInsuranceValidTo != null
                && (b.HealthInsuranceValidFrom == null || b.HealthInsuranceValidFrom <= d) && b.HealthInsuranceValidTo >= d);
            return (ids.Count, cards);
        });
        Assert.Equal(served, rows["BEN-BHYT"].GetProperty("denominator").GetInt32());
        Assert.Equal(withCard, rows["BEN-BHYT"].GetProperty("numerator").GetInt32());
        Assert.Equal(Math.Round(100m * withCard / served, 1, MidpointRounding.AwayFromZero), rows["BEN-BHYT"].GetProperty("percent").GetDecimal());
    }

    // Today's figures read each person's latest records kept at write time; a past date reads the records themselves.
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Periodic_check_and_monitoring_figures_match_a_direct_count(bool today)
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        var d = today ? Today : new DateOnly(Today.Year - 1, 12, 31);
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={d:yyyy-MM-dd}")));
        var inScope = new[] { FacilityType.MeritoriousCareCentre, FacilityType.SocialAssistance, FacilityType.DrugRehabilitation };
        var (served, periodic, monitored) = await App.QueryAsync(async db =>
        {
            var people = await db.Stays.Where(s => s.Kind == StayKind.Residential && inScope.Contains(s.Facility!.Type)
                    && s.Facility.AdminUnit!.ProvinceCode == "22" && s.AdmittedOn <= d && (s.DischargedOn == null || s.DischargedOn >= d))
                .Select(s => new { s.BeneficiaryId, s.Beneficiary!.BirthDate }).Distinct().ToListAsync();
            var ids = people.Select(p => p.BeneficiaryId).ToList();
            var encounters = await db.Encounters.Where(e => ids.Contains(e.BeneficiaryId) && e.Date <= d)
                .Select(e => new { e.BeneficiaryId, e.Kind, e.Date, Vitals = e.Observations.Any() }).ToListAsync();
            int Age(DateOnly b) => d.Year - b.Year - (b > d.AddYears(-(d.Year - b.Year)) ? 1 : 0);
            var checkedOk = people.Count(p =>
            {
                var months = Age(p.BirthDate) is >= 80 or < 6 ? 6 : 12;
                return encounters.Any(e => e.BeneficiaryId == p.BeneficiaryId && e.Kind == AnSinh.Domain.HealthRecords.EncounterKind.PeriodicCheck && e.Date > d.AddMonths(-months));
            });
            var ehm = people.Count(p =>
                encounters.Any(e => e.BeneficiaryId == p.BeneficiaryId && e.Kind is AnSinh.Domain.HealthRecords.EncounterKind.IntakeScreening or AnSinh.Domain.HealthRecords.EncounterKind.PeriodicCheck)
                && encounters.Any(e => e.BeneficiaryId == p.BeneficiaryId && e.Vitals && e.Date > d.AddMonths(-12)));
            return (people.Count, checkedOk, ehm);
        });
        var (diagnosed, monitoredHtn, controlled) = await App.QueryAsync(async db =>
        {
            var servedIds = await db.Stays.Where(s => s.Kind == StayKind.Residential && inScope.Contains(s.Facility!.Type)
                    && s.Facility.AdminUnit!.ProvinceCode == "22" && s.AdmittedOn <= d && (s.DischargedOn == null || s.DischargedOn >= d))
                .Select(s => s.BeneficiaryId).Distinct().ToListAsync();
            var withHtn = (await db.Conditions.Where(c => servedIds.Contains(c.BeneficiaryId) && c.OnsetDate <= d && (c.ResolvedDate == null || c.ResolvedDate >= d))
                .Select(c => new { c.BeneficiaryId, c.IcdCode }).ToListAsync())
                .Where(c => string.CompareOrdinal(c.IcdCode[..3], "I10") >= 0 && string.CompareOrdinal(c.IcdCode[..3], "I15") <= 0)
                .Select(c => c.BeneficiaryId).Distinct().ToList();
            var readings = await db.Observations.Where(o => withHtn.Contains(o.BeneficiaryId) && o.Date <= d && (o.Code == "8480-6" || o.Code == "8462-4"))
                .Select(o => new { o.BeneficiaryId, o.Code, o.Value, o.Date }).ToListAsync();
            var monitoredCount = withHtn.Count(p => readings.Any(r => r.BeneficiaryId == p && r.Code == "8480-6" && r.Date > d.AddMonths(-3)));
            var controlledCount = withHtn.Count(p =>
            {
                var last = readings.Where(r => r.BeneficiaryId == p && r.Code == "8480-6").OrderByDescending(r => r.Date).FirstOrDefault();
                var dia = last is null ? null : readings.FirstOrDefault(r => r.BeneficiaryId == p && r.Code == "8462-4" && r.Date == last.Date);
                return last is not null && dia is not null && last.Value < 140 && dia.Value < 90;
            });
            return (withHtn.Count, monitoredCount, controlledCount);
        });
        Assert.Equal(diagnosed, rows["CHR-HTN"].GetProperty("denominator").GetInt32());
        Assert.Equal(monitoredHtn, rows["CHR-HTN"].GetProperty("numerator").GetInt32());
        Assert.Equal(controlled, rows["CHR-HTN"].GetProperty("secondary").GetProperty("controlled").GetInt32());
        Assert.Equal(served, rows["BEN-PERIODIC"].GetProperty("denominator").GetInt32());
        Assert.Equal(periodic, rows["BEN-PERIODIC"].GetProperty("numerator").GetInt32());
        Assert.Equal(monitored, rows["BEN-EHM"].GetProperty("numerator").GetInt32());
    }

    [SkippableFact]
    public async Task Entitlement_and_convalescence_figures_match_a_direct_count_of_the_residents()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        var d = new DateOnly(Today.Year - 1, 12, 31);
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={d:yyyy-MM-dd}")));
        var rules = AnSinh.Domain.Indicators.IndicatorOptions.DefaultEntitlementRules;
        var (population, entitled, eligible, convalesced) = await App.QueryAsync(async db =>
        {
            var residents = await db.Beneficiaries.Where(b => b.AddressUnit!.ProvinceCode == "22")
                .Select(b => new
                {
                    b.Id,
                    Categories = b.Categories.Where(c => c.From <= d && (c.To == null || c.To >= d)).Select(c => c.Kind).ToList(),
                })
                .ToListAsync();
            var ids = residents.Select(r => r.Id).ToList();
            var active = (await db.Entitlements.Where(e => ids.Contains(e.BeneficiaryId) && e.From <= d && (e.To == null || e.To >= d))
                .Select(e => new { e.BeneficiaryId, e.Kind }).ToListAsync()).ToLookup(e => e.BeneficiaryId, e => e.Kind);
            var yearStart = new DateOnly(d.Year, 1, 1);
            var stayed = await db.Stays.Where(s => ids.Contains(s.BeneficiaryId) && s.Kind == StayKind.Convalescence && s.AdmittedOn >= yearStart && s.AdmittedOn <= d)
                .Select(s => s.BeneficiaryId).ToListAsync();
            var visited = await db.Encounters.Where(e => ids.Contains(e.BeneficiaryId) && e.Kind == AnSinh.Domain.HealthRecords.EncounterKind.Convalescence && e.Date >= yearStart && e.Date <= d)
                .Select(e => e.BeneficiaryId).ToListAsync();
            var withCategory = residents.Where(r => r.Categories.Count > 0).ToList();
            var entitledCount = withCategory.Count(r => r.Categories.SelectMany(k => rules.GetValueOrDefault(k) ?? []).All(k => active[r.Id].Contains(k)));
            var merit = residents.Where(r => r.Categories.Any(k => k is AnSinh.Domain.Beneficiaries.CategoryKind.MeritoriousService or AnSinh.Domain.Beneficiaries.CategoryKind.MeritoriousRelative))
                .Select(r => r.Id).ToList();
            var any = stayed.Concat(visited).ToHashSet();
            return (withCategory.Count, entitledCount, merit.Count, merit.Count(any.Contains));
        });
        Assert.True(population > 100);
        Assert.Equal(population, rows["BEN-ENTITLE"].GetProperty("denominator").GetInt32());
        Assert.Equal(entitled, rows["BEN-ENTITLE"].GetProperty("numerator").GetInt32());
        Assert.True(eligible > 0 && convalesced > 0);
        Assert.Equal(eligible, rows["NCC-CONV"].GetProperty("denominator").GetInt32());
        Assert.Equal(convalesced, rows["NCC-CONV"].GetProperty("numerator").GetInt32());
    }

    [SkippableFact]
    public async Task The_missing_list_is_the_denominator_less_the_numerator()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={LastYearEnd}")));
        var periodic = rows["BEN-PERIODIC"];
        var missing = await JsonAsync(await client.GetAsync($"/api/indicators/BEN-PERIODIC/members?unit=22&asOf={LastYearEnd}&set=missing&pageSize=1000"));
        Assert.Equal(periodic.GetProperty("denominator").GetInt32() - periodic.GetProperty("numerator").GetInt32(), missing.GetProperty("count").GetInt32());
        Assert.Equal(missing.GetProperty("count").GetInt32(), missing.GetProperty("items").GetArrayLength());
        Assert.Equal("Person", missing.GetProperty("kind").GetString());
        var numerator = await JsonAsync(await client.GetAsync($"/api/indicators/BEN-PERIODIC/members?unit=22&asOf={LastYearEnd}&set=numerator&pageSize=1000"));
        Assert.Equal(periodic.GetProperty("numerator").GetInt32(), numerator.GetProperty("count").GetInt32());
        var overlap = missing.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())
            .Intersect(numerator.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Empty(overlap);

        var facilities = await JsonAsync(await client.GetAsync($"/api/indicators/FAC-READY/members?unit=22&asOf={LastYearEnd}&set=denominator"));
        Assert.Equal("Facility", facilities.GetProperty("kind").GetString());
        Assert.Equal(5, facilities.GetProperty("count").GetInt32()); // the five care facilities of the demo province
    }

    [SkippableFact]
    public async Task Member_lists_come_in_pages_that_add_up_to_the_whole_list()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var url = $"/api/indicators/BEN-PERIODIC/members?unit=22&asOf={LastYearEnd}&set=denominator";
        var whole = await JsonAsync(await client.GetAsync(url + "&pageSize=1000"));
        var count = whole.GetProperty("count").GetInt32();
        Assert.True(count > 20);
        var first = await JsonAsync(await client.GetAsync(url + "&page=1&pageSize=10"));
        var second = await JsonAsync(await client.GetAsync(url + "&page=2&pageSize=10"));
        Assert.Equal(count, first.GetProperty("count").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        static List<int> Ids(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(Ids(whole).Take(20), Ids(first).Concat(Ids(second))); // the same order as the whole list, by name
        Assert.Equal(Math.Min(count, AnSinh.Web.Features.Indicators.IndicatorService.DefaultPageSize),
            (await JsonAsync(await client.GetAsync(url))).GetProperty("items").GetArrayLength());

        var bad = await client.GetAsync(url + "&page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Trang bắt đầu từ 1", await bad.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_unit_merged_in_2025_resolves_by_date()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/indicators?unit=58&asOf=2024-12-31")).StatusCode);   // Ninh Thuận 2024
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/indicators?unit=56&asOf=2026-01-31")).StatusCode);   // Khánh Hòa 2026
        await AssertFieldErrorAsync(await client.GetAsync("/api/indicators?unit=58&asOf=2026-01-31"), "unit", "Đơn vị kế thừa: 56");

        // Quảng Ninh before and after the reform covers the same facilities.
        var before = ByCode(await JsonAsync(await client.GetAsync("/api/indicators?unit=22&asOf=2025-06-30")));
        var after = ByCode(await JsonAsync(await client.GetAsync("/api/indicators?unit=22&asOf=2025-07-01")));
        Assert.Equal(before["FAC-OCC"].GetProperty("denominator").GetInt32(), after["FAC-OCC"].GetProperty("denominator").GetInt32());
        Assert.True(before["FAC-OCC"].GetProperty("denominator").GetInt32() > 0);
    }

    [SkippableFact]
    public async Task Indicators_are_scoped_like_records()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.NotFound, (await province.GetAsync($"/api/indicators?unit=01&asOf={LastYearEnd}")).StatusCode);
        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/indicators?unit=22&asOf={LastYearEnd}")).StatusCode);
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var other = await FacilityIdAsync("Cơ sở cai nghiện");
        Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync($"/api/indicators?facility={own}&asOf={LastYearEnd}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/indicators?facility={other}&asOf={LastYearEnd}")).StatusCode);
    }

    [SkippableFact]
    public async Task The_four_seed_plans_are_present_with_their_targets()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national"); // a province officer sees only their area's plans
        // Shipped plans carry a code; plans officers enter (other tests add some) do not.
        var plans = (await JsonAsync(await client.GetAsync("/api/plans"))).EnumerateArray()
            .Where(p => p.GetProperty("code").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(["HN-2030", "NT-2021-2030", "QN-254-2021", "TG-2022-2030"], plans.Select(p => p.GetProperty("code").GetString()!).Order());
        var qn = plans.Single(p => p.GetProperty("code").GetString() == "QN-254-2021");
        Assert.Equal("254/KH-UBND", qn.GetProperty("number").GetString());
        Assert.Equal("2021-12-30", qn.GetProperty("issuedOn").GetString());
        var targets = qn.GetProperty("targets").EnumerateArray()
            .Select(t => $"{t.GetProperty("indicatorCode").GetString()} {t.GetProperty("phaseEndYear").GetInt32()} {t.GetProperty("comparator").GetString()} {t.GetProperty("value").GetDecimal():0}")
            .ToList();
        Assert.Equal(["BEN-EHM 2025 >= 80", "FAC-READY 2025 >= 70", "FAC-TECH 2025 >= 20", "BEN-EHM 2030 = 100", "FAC-READY 2030 = 100", "FAC-TECH 2030 >= 30"], targets);
        var nt = plans.Single(p => p.GetProperty("code").GetString() == "NT-2021-2030");
        Assert.Contains(nt.GetProperty("targets").EnumerateArray(), t => t.GetProperty("indicatorCode").GetString() == "FAC-TECH"
            && t.GetProperty("phaseEndYear").GetInt32() == 2025 && t.GetProperty("thresholdX").GetDecimal() == 70m);
        Assert.True(qn.GetProperty("tasks").GetInt32() > 10);
    }

    [SkippableFact]
    public async Task Data_quality_lists_the_records_behind_the_gaps()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={LastYearEnd}")));
        var findings = (await JsonAsync(await client.GetAsync($"/api/data-quality?unit=22&asOf={LastYearEnd}"))).EnumerateArray()
            .ToDictionary(f => f.GetProperty("check").GetString()!);
        Assert.Equal(6, findings.Count);
        var periodic = rows["BEN-PERIODIC"];
        Assert.Equal(periodic.GetProperty("denominator").GetInt32() - periodic.GetProperty("numerator").GetInt32(),
            findings["PeriodicCheckOverdue"].GetProperty("count").GetInt32());
        var bhyt = rows["BEN-BHYT"];
        Assert.Equal(bhyt.GetProperty("denominator").GetInt32() - bhyt.GetProperty("numerator").GetInt32(),
            findings["ExpiredHealthInsurance"].GetProperty("count").GetInt32() + findings["NoHealthInsurance"].GetProperty("count").GetInt32());
        Assert.True(findings["NoIntakeScreening"].GetProperty("count").GetInt32() > 0);
        Assert.All(findings.Values, f => Assert.Equal(f.GetProperty("count").GetInt32(), f.GetProperty("items").GetArrayLength()));
    }

    [SkippableFact]
    public async Task An_indicator_is_served_as_a_fhir_measure_report()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var rows = ByCode(await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={LastYearEnd}")));
        var response = await client.GetAsync($"/api/indicators/BEN-EHM/measure-report?unit=22&asOf={LastYearEnd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        var report = Assert.IsType<Hl7.Fhir.Model.MeasureReport>(AnSinh.Web.Features.Indicators.MeasureReportMapper.FromJson(await response.Content.ReadAsStringAsync()));
        Assert.Equal(Hl7.Fhir.Model.MeasureReport.MeasureReportStatus.Complete, report.Status);
        Assert.Equal(Hl7.Fhir.Model.MeasureReport.MeasureReportType.Summary, report.Type);
        Assert.EndsWith("/BEN-EHM", report.Measure);
        Assert.Equal("22", report.Subject!.Identifier!.Value);
        Assert.Equal(LastYearEnd, report.Period!.End);
        var group = Assert.Single(report.Group);
        Assert.Equal(rows["BEN-EHM"].GetProperty("numerator").GetInt32(), group.Population.Single(p => p.Code!.Coding[0].Code == "numerator").Count);
        Assert.Equal(rows["BEN-EHM"].GetProperty("denominator").GetInt32(), group.Population.Single(p => p.Code!.Coding[0].Code == "denominator").Count);
        Assert.Equal(rows["BEN-EHM"].GetProperty("percent").GetDecimal(), group.MeasureScore!.Value);
    }

    [SkippableFact]
    public async Task Unknown_indicator_and_bad_set_are_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/indicators/XYZ/members?unit=22&asOf={LastYearEnd}"), "code", "Không có chỉ tiêu");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/indicators/BEN-EHM/members?unit=22&asOf={LastYearEnd}&set=all"), "set", "Chọn danh sách");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/indicators?unit=99999&asOf={LastYearEnd}"), "unit", "Không có đơn vị hành chính mã 99999");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIndicatorApiTests(SqliteAppFactory app) : IndicatorApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIndicatorApiTests(PostgresAppFactory app) : IndicatorApiTests(app);
