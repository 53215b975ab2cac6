using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8, item 8: every indicator input has a way in, and each moves its figure.</summary>
public abstract class IndicatorInputTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<(int Numerator, int Denominator)> FigureAsync(HttpClient client, string code, string query)
    {
        var row = (await JsonAsync(await client.GetAsync($"/api/indicators?{query}"))).EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);
        return (row.GetProperty("numerator").GetInt32(), row.GetProperty("denominator").GetInt32());
    }

    private Task<int> QuangNinhCommuneAsync() => App.QueryAsync(db => db.AdminUnits
        .Where(u => u.Level == AdminLevel.Commune && u.ProvinceCode == "22" && u.ValidTo == null).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());

    [SkippableFact]
    public async Task Entitlements_entered_through_the_api_move_ben_entitle_and_cannot_overlap()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        using var province = await App.ClientForAsync("demo.province");
        var commune = await QuangNinhCommuneAsync();
        var person = await CreatePersonAsync(clinician, new
        {
            fullName = "Hà Thị Chế Độ", sex = "Female", birthDate = "1948-02-02", addressUnitId = commune,
            categories = new[] { new { kind = "Elderly", from = "2010-01-01" } },
        });
        var query = $"unit=22&asOf={Iso(Today)}";
        var before = await FigureAsync(province, "BEN-ENTITLE", query);

        foreach (var kind in new[] { "MonthlyAllowance", "HealthInsurance" })
        {
            var added = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements",
                new { kind, from = Iso(Today.AddMonths(-6)), decisionNumber = "15/QĐ-UBND" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var after = await FigureAsync(province, "BEN-ENTITLE", query);
        Assert.Equal(before.Denominator, after.Denominator);
        Assert.Equal(before.Numerator + 1, after.Numerator);

        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements",
            new { kind = "HealthInsurance", from = Iso(Today.AddMonths(-1)) }), "from", "kết thúc chế độ cũ trước");
        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements",
            new { kind = "HealthInsurance", from = Iso(Today), to = Iso(Today.AddDays(-1)) }), "to", "phải sau ngày bắt đầu");

        var list = (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/entitlements"))).EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        var allowance = list.Single(e => e.GetProperty("kind").GetString() == "MonthlyAllowance").GetProperty("id").GetInt32();
        var ended = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements/{allowance}/end", new { to = Iso(Today.AddDays(-1)) });
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(before.Numerator, (await FigureAsync(province, "BEN-ENTITLE", query)).Numerator);
        Assert.Equal(3, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action.StartsWith("entitlement."))));
    }

    [SkippableFact]
    public async Task Screening_totals_move_mh_screen_and_referral_answers_move_ref_done()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        using var manager = await App.ClientForAsync("demo.manager");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var person = await CreatePersonAsync(clinician, new { fullName = "Đinh Văn Sàng Lọc", sex = "Male", birthDate = "1980-05-05" });
        Assert.Equal(HttpStatusCode.Created, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Iso(Today.AddDays(-30)), confirmOverCapacity = true })).StatusCode);
        var query = $"facility={facility}&asOf={Iso(Today)}";

        var screening = await FigureAsync(manager, "MH-SCREEN", query);
        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = Iso(Today), totalScore = 28 }), "totalScore", "từ 0 đến 27");
        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "MMSE", date = Iso(Today), totalScore = 20 }), "instrument", "PHQ-9, GDS-15");
        Assert.Equal(HttpStatusCode.Created, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = Iso(Today.AddDays(-2)), totalScore = 6 })).StatusCode);
        Assert.Equal(screening.Numerator + 1, (await FigureAsync(manager, "MH-SCREEN", query)).Numerator);

        var referrals = await FigureAsync(manager, "REF-DONE", query);
        var created = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals",
            new { date = Iso(Today.AddDays(-3)), destination = "Bệnh viện Đa khoa tỉnh Quảng Ninh", reason = "Đau ngực" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referral = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var afterReferral = await FigureAsync(manager, "REF-DONE", query);
        Assert.Equal((referrals.Numerator, referrals.Denominator + 1), afterReferral);

        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/referrals/{referral}/outcome",
            new { outcomeDate = Iso(Today.AddDays(-4)), outcome = "Ra viện" }), "outcomeDate", "không được trước ngày chuyển tuyến");
        Assert.Equal(HttpStatusCode.NoContent, (await clinician.PostAsJsonAsync($"/api/referrals/{referral}/outcome",
            new { outcomeDate = Iso(Today), outcome = "Ra viện, ổn định" })).StatusCode);
        Assert.Equal((referrals.Numerator + 1, referrals.Denominator + 1), await FigureAsync(manager, "REF-DONE", query));
    }

    [SkippableFact]
    public async Task A_diagnosis_keeps_its_resolution_date_and_can_be_resolved_later()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var person = await DemoResidentIdAsync();
        var posted = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit",
            date = Iso(Today.AddDays(-10)),
            diagnoses = new object[]
            {
                new { icdCode = "J00", onsetDate = Iso(Today.AddDays(-12)), resolvedDate = Iso(Today.AddDays(-2)) },
                new { icdCode = "K29", onsetDate = Iso(Today.AddDays(-12)) },
            },
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var encounter = (await JsonAsync(posted)).GetProperty("id").GetInt32();
        var conditions = await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == encounter).ToDictionaryAsync(c => c.IcdCode));
        Assert.Equal(Today.AddDays(-2), conditions["J00"].ResolvedDate);
        Assert.Null(conditions["K29"].ResolvedDate);

        var gastritis = conditions["K29"].Id;
        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync($"/api/conditions/{gastritis}/resolve", new { resolvedOn = Iso(Today.AddDays(-20)) }),
            "resolvedOn", "không được trước ngày phát hiện bệnh");
        Assert.Equal(HttpStatusCode.NoContent, (await clinician.PostAsJsonAsync($"/api/conditions/{gastritis}/resolve", new { resolvedOn = Iso(Today) })).StatusCode);
        Assert.Equal(Today, await App.QueryAsync(db => db.Conditions.Where(c => c.Id == gastritis).Select(c => c.ResolvedDate).SingleAsync()));
        var active = (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/chart"))).GetProperty("activeProblems").EnumerateArray()
            .Select(p => p.GetProperty("icdCode").GetString()).ToList();
        Assert.DoesNotContain("J00", active);
        Assert.DoesNotContain("K29", active);
    }

    [SkippableFact]
    public async Task An_entitlement_file_is_imported_whole_or_not_at_all_with_each_bad_row_named()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var first = NewNationalId();
        var second = NewNationalId();
        var a = await CreatePersonAsync(clinician, NewPerson(first, "Lâm Văn Nhập"));
        var b = await CreatePersonAsync(clinician, NewPerson(second, "Lâm Thị Nhập"));
        var hanoi = await App.QueryAsync(db => db.Beneficiaries.Where(x => x.NationalId != null && x.Stays.Any() && x.Stays.All(s => s.Facility!.Name.Contains("Hà Nội")))
            .Select(x => x.NationalId!).FirstAsync());
        var before = await App.QueryAsync(db => db.Entitlements.CountAsync());

        static MultipartFormDataContent File(string csv) =>
            new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "che-do.csv" } };
        var bad = await clinician.PostAsync("/api/entitlements/import", File(
            "cccd,kind,from,to,decision_number\n" +
            $"{first},Trợ cấp hằng tháng,01/02/2025,,12/QĐ-UBND\n" +
            $"{second},Học bổng,01/02/2025,,\n" +
            $"{second},Bảo hiểm y tế,31/02/2025,,\n" +
            $"{hanoi},Bảo hiểm y tế,01/01/2025,,\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors").GetProperty("rows").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Dòng 3: \"Học bổng\" không phải loại chế độ", errors[0]);
        Assert.StartsWith("Dòng 4: \"31/02/2025\" không phải là ngày hợp lệ", errors[1]);
        Assert.StartsWith($"Dòng 5: không có đối tượng có số CCCD \"{hanoi}\" trong phạm vi của bạn", errors[2]);
        Assert.Equal(before, await App.QueryAsync(db => db.Entitlements.CountAsync()));

        var good = await clinician.PostAsync("/api/entitlements/import", File(
            "cccd,kind,from,to,decision_number\n" +
            $"{first},Trợ cấp hằng tháng,01/02/2025,,12/QĐ-UBND\n" +
            $"{second},HealthInsurance,2025-01-01,2025-12-31,\n"));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(2, (await JsonAsync(good)).GetProperty("imported").GetInt32());
        var stored = await App.QueryAsync(db => db.Entitlements.Where(e => e.BeneficiaryId == a || e.BeneficiaryId == b)
            .Select(e => new { e.BeneficiaryId, e.From, e.To, e.DecisionNumber }).ToListAsync());
        Assert.Contains(stored, e => e.BeneficiaryId == a && e.From == new DateOnly(2025, 2, 1) && e.DecisionNumber == "12/QĐ-UBND");
        Assert.Contains(stored, e => e.BeneficiaryId == b && e.To == new DateOnly(2025, 12, 31));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIndicatorInputTests(SqliteAppFactory app) : IndicatorInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIndicatorInputTests(PostgresAppFactory app) : IndicatorInputTests(app);
