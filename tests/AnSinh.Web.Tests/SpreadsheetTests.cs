using System.Net;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8, item 12: every list leaves as .xlsx with Vietnamese headers, the same rows as on screen.</summary>
public abstract class SpreadsheetTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static async Task<(List<string> Headers, List<IDictionary<string, object>> Rows)> SheetAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(body);
        var headers = ((IDictionary<string, object>)stream.Query().First()).Values.Select(v => v.ToString()!).ToList();
        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        return (headers, rows);
    }

    [SkippableFact]
    public async Task Search_census_and_indicator_lists_download_with_vietnamese_headers_and_every_row()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var total = (await JsonAsync(await clinician.GetAsync("/api/beneficiaries?q=nguyen&pageSize=1"))).GetProperty("total").GetInt32();
        var (headers, rows) = await SheetAsync(await clinician.GetAsync("/api/beneficiaries?q=nguyen&format=xlsx"));
        Assert.Equal(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ BHYT", "Nhóm đối tượng", "Cơ sở hiện tại"], headers);
        Assert.Equal(total, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("Nguyễn", (string)r["Họ và tên"]));
        Assert.All(rows, r => Assert.IsType<DateTime>(r["Ngày sinh"]));

        using var manager = await App.ClientForAsync("demo.manager");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var census = (await JsonAsync(await manager.GetAsync($"/api/facilities/{facility}/census"))).GetArrayLength();
        var (_, censusRows) = await SheetAsync(await manager.GetAsync($"/api/facilities/{facility}/census?format=xlsx"));
        Assert.Equal(census, censusRows.Count);

        using var province = await App.ClientForAsync("demo.province");
        var asOf = new DateOnly(Today.Year - 1, 12, 31).ToString("yyyy-MM-dd");
        var missing = (await JsonAsync(await province.GetAsync($"/api/indicators/BEN-PERIODIC/members?unit=22&asOf={asOf}&set=missing&pageSize=1")))
            .GetProperty("count").GetInt32();
        var (memberHeaders, members) = await SheetAsync(await province.GetAsync($"/api/indicators/BEN-PERIODIC/members?unit=22&asOf={asOf}&set=missing&format=xlsx"));
        Assert.Equal(["Mã hồ sơ", "Họ và tên", "Ngày sinh", "Cơ sở", "Lần khám gần nhất"], memberHeaders);
        Assert.Equal(missing, members.Count);
        Assert.True(missing > 0);
        // The last check shown is the person's last intake screening or periodic check on or before the date.
        var end = new DateOnly(Today.Year - 1, 12, 31);
        var ids = members.Select(m => Convert.ToInt32(m["Mã hồ sơ"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var last = await App.QueryAsync(db => db.Encounters
            .Where(e => ids.Contains(e.BeneficiaryId) && e.Date <= end && (e.Kind == EncounterKind.PeriodicCheck || e.Kind == EncounterKind.IntakeScreening))
            .GroupBy(e => e.BeneficiaryId).Select(g => new { g.Key, Last = g.Max(e => e.Date) }).ToDictionaryAsync(x => x.Key, x => x.Last));
        Assert.Contains(members, m => m["Lần khám gần nhất"] is not null);
        Assert.All(members, m =>
        {
            var id = Convert.ToInt32(m["Mã hồ sơ"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(last.TryGetValue(id, out var d) ? d.ToDateTime(TimeOnly.MinValue) : null, m["Lần khám gần nhất"] as DateTime?);
        });

        var quality = await JsonAsync(await province.GetAsync($"/api/data-quality?unit=22&asOf={asOf}"));
        var (_, qualityRows) = await SheetAsync(await province.GetAsync($"/api/data-quality?unit=22&asOf={asOf}&format=xlsx"));
        Assert.Equal(quality.EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()), qualityRows.Count);

        var exports = await App.QueryAsync(db => db.AuditEvents.Where(e => e.Action == "list.export").Select(e => e.Detail).ToListAsync());
        Assert.Contains(exports, d => d!.StartsWith("list=search;", StringComparison.Ordinal));
        Assert.Contains(exports, d => d!.StartsWith("list=BEN-PERIODIC:missing;", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_uninsured_list_names_every_served_person_without_a_valid_card_and_only_them()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var today = Today.ToString("yyyy-MM-dd");
        var figures = (await JsonAsync(await province.GetAsync($"/api/indicators?unit=22&asOf={today}"))).EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == "BEN-BHYT");
        var withoutCard = figures.GetProperty("denominator").GetInt32() - figures.GetProperty("numerator").GetInt32();

        var list = (await JsonAsync(await province.GetAsync($"/api/lists/uninsured?unit=22&asOf={today}"))).EnumerateArray().ToList();
        Assert.Equal(withoutCard, list.Count);
        Assert.True(list.Count > 0);
        var ids = list.Select(r => r.GetProperty("personId").GetInt32()).ToList();
        var date = Today;
        var cards = await App.QueryAsync(db => db.Beneficiaries.Where(b => ids.Contains(b.Id))
            .Select(b => new { b.HealthInsuranceNumber, b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo }).ToListAsync());
        Assert.All(cards, c => Assert.False(c.HealthInsuranceNumber != null && (c.HealthInsuranceValidFrom == null || c.HealthInsuranceValidFrom <= date)
                                            && c.HealthInsuranceValidTo >= date));

        var (headers, rows) = await SheetAsync(await province.GetAsync($"/api/lists/uninsured?unit=22&asOf={today}&format=xlsx"));
        Assert.Equal(["Họ và tên", "Ngày sinh", "Số CCCD", "Số thẻ BHYT (cũ)", "Thẻ hết hạn ngày", "Địa chỉ", "Cơ sở"], headers);
        Assert.Equal(list.Count, rows.Count);

        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/lists/uninsured?unit=01&asOf={today}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSpreadsheetTests(SqliteAppFactory app) : SpreadsheetTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSpreadsheetTests(PostgresAppFactory app) : SpreadsheetTests(app);
