using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

public abstract class PlanAndReadinessTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static object Plan(decimal value = 75, int startYear = 2026, int endYear = 2030, string unit = "22") => new
    {
        issuerUnitCode = unit,
        issuer = "UBND tỉnh Quảng Ninh",
        number = "99/KH-UBND",
        issuedOn = "2026-02-01",
        title = "Kế hoạch thử nghiệm giai đoạn 2026-2030",
        phases = new[] { new { startYear, endYear } },
        targets = new object[] { new { indicatorCode = "BEN-EHM", phaseEndYear = endYear, comparator = ">=", value } },
        tasks = new[] { new { agency = "Sở Y tế", duty = "Triển khai hồ sơ sức khỏe điện tử" } },
    };

    private Task<int> PlanCountAsync() => App.QueryAsync(db => db.Plans.CountAsync());

    [SkippableFact]
    public async Task A_target_outside_0_to_100_is_refused_and_nothing_is_saved()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var before = await PlanCountAsync();
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/plans", Plan(value: 120)), "targets[0].value", "từ 0 đến 100%");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/plans", Plan(value: -5)), "targets[0].value", "từ 0 đến 100%");
        Assert.Equal(before, await PlanCountAsync());
    }

    [SkippableFact]
    public async Task A_phase_ending_before_it_starts_is_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var before = await PlanCountAsync();
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/plans", Plan(startYear: 2030, endYear: 2026)), "phases[0]", "không được trước năm bắt đầu");
        Assert.Equal(before, await PlanCountAsync());
    }

    [SkippableFact]
    public async Task An_officer_enters_a_plan_for_the_own_province_only()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/plans", Plan(unit: "01")), "issuerUnitCode", "không thuộc địa bàn");
        var created = await client.PostAsJsonAsync("/api/plans", Plan());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plans = await JsonAsync(await client.GetAsync("/api/plans"));
        Assert.Contains(plans.EnumerateArray(), p => p.GetProperty("number").ValueKind == System.Text.Json.JsonValueKind.String
            && p.GetProperty("number").GetString() == "99/KH-UBND" && p.GetProperty("tasks").GetInt32() == 1);
    }

    [SkippableFact]
    public async Task A_readiness_assessment_computes_what_the_records_answer_and_needs_the_rest()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var manager = await App.ClientForAsync("demo.manager");
        var form = await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}/readiness"));
        var criteria = form.GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(7, criteria.Count);
        Assert.True(criteria.Single(c => c.GetProperty("code").GetString() == "nursing").GetProperty("computed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, criteria.Single(c => c.GetProperty("code").GetString() == "medical-room").GetProperty("computed").ValueKind);

        var count = await App.QueryAsync(db => db.ReadinessAssessments.CountAsync(a => a.FacilityId == facility));
        var date = Today.ToString("yyyy-MM-dd");
        // Missing answers for assessor criteria: refused, nothing saved.
        await AssertFieldErrorAsync(await manager.PostAsJsonAsync($"/api/facilities/{facility}/readiness", new { date, answers = Array.Empty<object>() }),
            "answers.medical-room", "Chưa trả lời tiêu chí");
        Assert.Equal(count, await App.QueryAsync(db => db.ReadinessAssessments.CountAsync(a => a.FacilityId == facility)));

        var answers = new[] { "medical-room", "rehabilitation", "emergency-kit", "referral-agreement" }.Select(code => new { code, met = true }).ToArray();
        var saved = await manager.PostAsJsonAsync($"/api/facilities/{facility}/readiness", new { date, assessor = "Đoàn kiểm tra", answers });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var latest = await App.QueryAsync(db => db.ReadinessAssessments.Include(a => a.Answers).Where(a => a.FacilityId == facility).OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal(7, latest.Answers.Count);
        Assert.True(latest.Answers.Single(a => a.CriterionCode == "nursing").Computed);
        var intake = latest.Answers.Single(a => a.CriterionCode == "intake-records");
        Assert.Equal(latest.MeetsAllMandatory, intake.Met); // all others met: the intake records decide
    }

    [SkippableFact]
    public async Task A_training_counts_in_staff_training_and_bad_entries_are_refused()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var manager = await App.ClientForAsync("demo.manager");
        var today = Today.ToString("yyyy-MM-dd");
        double Value(System.Text.Json.JsonElement rows) =>
            rows.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "STAFF-TRAIN").GetProperty("value").GetDouble();
        var before = Value(await JsonAsync(await manager.GetAsync($"/api/indicators?facility={facility}&asOf={today}")));

        await AssertFieldErrorAsync(await manager.PostAsJsonAsync($"/api/facilities/{facility}/trainings", new { course = "Tập huấn", startDate = today, participants = 0 }),
            "participants", "từ 1 đến 10.000");
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync($"/api/facilities/{facility}/trainings",
            new { course = "Tập huấn sơ cấp cứu", startDate = today, hours = 8, participants = 7 })).StatusCode);
        Assert.Equal(before + 7, Value(await JsonAsync(await manager.GetAsync($"/api/indicators?facility={facility}&asOf={today}"))));

        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync($"/api/facilities/{facility}/equipment", new { name = "Máy đo SpO2", quantity = 2 })).StatusCode);
        var resources = await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}/resources"));
        Assert.Contains(resources.GetProperty("equipment").EnumerateArray(), e => e.GetProperty("name").GetString() == "Máy đo SpO2");
        var other = await FacilityIdAsync("Cơ sở cai nghiện");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync($"/api/facilities/{other}/equipment", new { name = "X", quantity = 1 })).StatusCode);
    }

    [SkippableFact]
    public async Task Task_progress_is_kept_and_printed_in_the_yearly_report()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var (planId, taskId) = await App.QueryAsync(async db =>
        {
            var plan = await db.Plans.Where(p => p.Code == "QN-254-2021").Select(p => new { p.Id, Task = p.Tasks.OrderBy(t => t.Id).Select(t => t.Id).First() }).FirstAsync();
            return (plan.Id, plan.Task);
        });
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/plans/{planId}/tasks/{taskId}/progress", new { }), "note", "Nhập nội dung tiến độ");
        var note = $"Đã triển khai tới 5/5 cơ sở ({Guid.NewGuid():N})";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/plans/{planId}/tasks/{taskId}/progress", new { status = "Done", note })).StatusCode);
        var bytes = await client.GetByteArrayAsync($"/api/reports/annual?unit=22&year={Today.Year}&format=xlsx");
        using var stream = new MemoryStream(bytes);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        var texts = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
            .Select(c => c.InlineString?.InnerText ?? "").ToList();
        Assert.Contains(texts, t => t.Contains(note, StringComparison.Ordinal));
        Assert.Contains("Hoàn thành", texts);

        using var other = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/plans/{planId}/tasks/{taskId}/progress", new { note = "x" })).StatusCode);
        var page = await client.GetStringAsync("/plans");
        Assert.Contains(note, page);
    }

    [SkippableFact]
    public async Task A_technique_catalog_loads_all_or_nothing_and_confirmations_drive_fac_tech()
    {
        RequireProvider();
        // A made-up catalog for the test only: the official commune-level list is not shipped yet.
        var bad = Path.Combine(Path.GetTempPath(), $"tech-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "code,name\nT1,Kỹ thuật thử 1\nT1,Lặp\n,Thiếu mã\n");
        var version = $"test-{Guid.NewGuid():N}"[..20];
        var (loaded, errors) = await App.QueryAsync(db => AnSinh.Data.ReferenceData.TechniqueCatalogLoader.LoadAsync(db, bad, version, new DateOnly(2020, 1, 1), "test"));
        Assert.Equal(0, loaded);
        Assert.Equal(["Dòng 3: mã T1 bị lặp (đã có ở dòng 2).", "Dòng 4: thiếu mã kỹ thuật."], errors);
        Assert.False(await App.QueryAsync(db => db.TechniqueCatalogs.AnyAsync(c => c.Version == version)));

        var good = Path.Combine(Path.GetTempPath(), $"tech-good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, "code,name,group\n" + string.Join("\n", Enumerable.Range(1, 5).Select(i => $"T{i},Kỹ thuật thử {i},Nhóm thử")) + "\n");
        Assert.Equal(5, (await App.QueryAsync(db => AnSinh.Data.ReferenceData.TechniqueCatalogLoader.LoadAsync(db, good, version, new DateOnly(2020, 1, 1), "test"))).Loaded);

        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var manager = await App.ClientForAsync("demo.manager");
        var today = Today.ToString("yyyy-MM-dd");
        await AssertFieldErrorAsync(await manager.PostAsJsonAsync($"/api/facilities/{facility}/techniques", new { confirmedOn = today, codes = new[] { "T1", "X9" } }),
            "codes", "\"X9\" không có trong danh mục");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/facilities/{facility}/techniques", new { confirmedOn = today, codes = new[] { "T1", "T2", "T3", "T4" } })).StatusCode);
        var rows = (await JsonAsync(await manager.GetAsync($"/api/indicators?facility={facility}&asOf={today}"))).EnumerateArray()
            .ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal(1, rows["FAC-TECH"].GetProperty("numerator").GetInt32()); // 4 of 5 = 80 % ≥ X = 80
        Assert.Equal(100m, rows["FAC-TECH"].GetProperty("percent").GetDecimal());
        File.Delete(bad);
        File.Delete(good);
    }

    [SkippableFact]
    public async Task Monitoring_pages_render_for_their_users()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var manager = await App.ClientForAsync("demo.manager");
        var readiness = await manager.GetStringAsync($"/facilities/{facility}/readiness");
        Assert.Contains("Có phòng y tế", readiness);
        Assert.Contains("Tự động từ hồ sơ", readiness);
        var own = await manager.GetStringAsync($"/monitoring?year={Today.Year - 1}");
        Assert.Contains("data-code=\"BEN-EHM\"", own);
        using var province = await App.ClientForAsync("demo.province");
        var quality = await province.GetStringAsync($"/monitoring/quality?unit=22&year={Today.Year - 1}");
        Assert.Contains("Đối tượng quá hạn khám sức khỏe định kỳ", quality);
        var report = await province.GetStringAsync($"/reports/annual?unit=22&year={Today.Year - 1}");
        Assert.Contains("254/KH-UBND", report);
        Assert.Contains($"Hạn gửi báo cáo: 25/11/{Today.Year - 1}", report); // KH 254: before 25 November
        using var national = await App.ClientForAsync("demo.national");
        var nation = await national.GetStringAsync($"/monitoring?unit=VN&year={Today.Year - 1}");
        Assert.Contains("Các tỉnh, thành phố", nation);
        Assert.Contains("/monitoring?unit=22", nation);
        Assert.Contains("/monitoring?unit=01", nation);
    }

    [SkippableFact]
    public async Task A_checklist_answer_for_a_facility_outside_the_scope_is_refused()
    {
        RequireProvider();
        var other = await FacilityIdAsync("Cơ sở cai nghiện");
        using var manager = await App.ClientForAsync("demo.manager");
        var count = await App.QueryAsync(db => db.ReadinessAssessments.CountAsync());
        var response = await manager.PostAsJsonAsync($"/api/facilities/{other}/readiness", new { date = Today.ToString("yyyy-MM-dd"), answers = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("không thuộc phạm vi", (await JsonAsync(response)).GetProperty("title").GetString());
        Assert.Equal(count, await App.QueryAsync(db => db.ReadinessAssessments.CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlanAndReadinessTests(SqliteAppFactory app) : PlanAndReadinessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlanAndReadinessTests(PostgresAppFactory app) : PlanAndReadinessTests(app);
