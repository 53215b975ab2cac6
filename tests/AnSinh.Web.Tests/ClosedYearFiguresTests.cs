using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>Trends read closed years' figures from IndicatorSnapshots; they must equal a fresh computation and follow back-dated records.</summary>
public abstract class ClosedYearFiguresTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static decimal? Figure(JsonElement row) =>
        row.GetProperty("percent").ValueKind == JsonValueKind.Number ? row.GetProperty("percent").GetDecimal()
        : row.GetProperty("value").ValueKind == JsonValueKind.Number ? row.GetProperty("value").GetDecimal() : null;

    private static decimal? TrendFigure(JsonElement dashboard, string code, int year) =>
        dashboard.GetProperty("trends").GetProperty(code).EnumerateArray().Where(p => p.GetProperty("year").GetInt32() == year)
            .Select(p => p.GetProperty("figure").ValueKind == JsonValueKind.Number ? p.GetProperty("figure").GetDecimal() : (decimal?)null)
            .Single();

    private async Task<Dictionary<string, decimal?>> FiguresOnAsync(HttpClient client, DateOnly date)
    {
        var rows = await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={date:yyyy-MM-dd}"));
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, Figure);
    }

    [SkippableFact]
    public async Task Trend_from_kept_figures_equals_the_figures_computed_on_each_year_end()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var first = await client.GetAsync($"/api/dashboard?unit=22&year={Today.Year}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var dashboard = await JsonAsync(await client.GetAsync($"/api/dashboard?unit=22&year={Today.Year}")); // served from the kept figures

        for (var year = Today.Year - 4; year < Today.Year; year++)
        {
            var yearEnd = new DateOnly(year, 12, 31);
            Assert.True(await App.QueryAsync(db => db.IndicatorSnapshots.AnyAsync(s => s.AsOf == yearEnd)), $"no kept figures for {yearEnd}");
            foreach (var (code, figure) in await FiguresOnAsync(client, yearEnd))
            {
                Assert.True(figure == TrendFigure(dashboard, code, year), $"{code} {year}: trend {TrendFigure(dashboard, code, year)}, computed {figure}");
            }
        }
    }

    [SkippableFact]
    public async Task A_back_dated_check_deletes_the_kept_figures_it_changes_and_the_trend_follows()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync($"/api/dashboard?unit=22&year={Today.Year}")).StatusCode);
        var year = Today.Year - 2;
        var checkDate = new DateOnly(year, 6, 15);
        Assert.True(await App.QueryAsync(db => db.IndicatorSnapshots.AnyAsync(s => s.AsOf == new DateOnly(year, 12, 31))));

        using var clinician = await App.ClientForAsync("demo.clinician");
        var personId = await DemoResidentIdAsync();
        var posted = await clinician.PostAsJsonAsync($"/api/beneficiaries/{personId}/encounters", new
        {
            kind = "PeriodicCheck",
            date = checkDate.ToString("yyyy-MM-dd"),
            observations = new object[] { new { code = Loinc.Systolic, value = 128 }, new { code = Loinc.Diastolic, value = 82 } },
            classification = "II",
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        // Figures as of the year before the check stay kept; those from the check's date on are gone.
        var kept = await App.QueryAsync(db => db.IndicatorSnapshots.Select(s => s.AsOf).Distinct().ToListAsync());
        Assert.Contains(new DateOnly(year - 1, 12, 31), kept);
        Assert.DoesNotContain(kept, d => d >= checkDate);

        var dashboard = await JsonAsync(await province.GetAsync($"/api/dashboard?unit=22&year={Today.Year}"));
        var computed = await FiguresOnAsync(province, new DateOnly(year, 12, 31));
        Assert.Equal(computed["BEN-PERIODIC"], TrendFigure(dashboard, "BEN-PERIODIC", year));
        Assert.Equal(computed["BEN-EHM"], TrendFigure(dashboard, "BEN-EHM", year));
    }

    [SkippableFact]
    public async Task The_warmer_keeps_the_closed_years_the_nation_and_every_province_show()
    {
        RequireProvider();
        await App.QueryAsync(db => db.IndicatorSnapshots.ExecuteDeleteAsync());
        var warmer = App.Services.GetRequiredService<AnSinh.Web.Features.Indicators.ClosedYearWarmer>();
        Assert.Equal(35, await warmer.WarmAsync()); // the nation and the 34 provinces of today
        var years = AnSinh.Web.Features.Indicators.DashboardService.TrendYearEnds(Today.Year).Count;
        Assert.Equal(35 * years, await App.QueryAsync(db => db.IndicatorSnapshots.CountAsync()));

        // The dashboards now read what was kept: nothing new is computed.
        using var national = await App.ClientForAsync("demo.national");
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/api/dashboard?unit=VN&year={Today.Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/api/dashboard?unit=22&year={Today.Year}")).StatusCode);
        Assert.Equal(35 * years, await App.QueryAsync(db => db.IndicatorSnapshots.CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteClosedYearFiguresTests(SqliteAppFactory app) : ClosedYearFiguresTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresClosedYearFiguresTests(PostgresAppFactory app) : ClosedYearFiguresTests(app);
