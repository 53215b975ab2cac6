using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

public sealed class MonitoringTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture fixture = fixture.TracingTo(output);

    [SkippableFact]
    public async Task Province_officer_drills_down_to_the_missing_residents_and_downloads_the_report()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.NewPageAsync();
        var year = DateTime.UtcNow.Year - 1;
        await page.GotoAsync($"/monitoring?year={year}");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#username", "demo.province");
        await page.FillAsync("#password", Web.Tests.AnSinhAppFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/monitoring"));

        var table = page.Locator("[data-testid=indicator-table]");
        await table.WaitForAsync();
        Assert.Equal(15, await table.Locator("tbody tr").CountAsync());
        var ready = await table.Locator("tr[data-code='FAC-READY']").InnerTextAsync();
        Assert.Contains("≥ 70%", ready.Replace("\u00a0", " ", StringComparison.Ordinal));
        Assert.Equal(7, await page.Locator("[data-testid=breakdown-table] tbody tr").CountAsync()); // every facility of the province, stations included

        // Drill down: who has not had a periodic check?
        var periodic = table.Locator("tr[data-code='BEN-PERIODIC'] td");
        var denominator = int.Parse((await periodic.Nth(2).InnerTextAsync()).Replace(".", "", StringComparison.Ordinal));
        var numerator = int.Parse((await periodic.Nth(1).InnerTextAsync()).Replace(".", "", StringComparison.Ordinal));
        await page.ClickAsync("[data-testid=missing-BEN-PERIODIC]");
        await page.WaitForURLAsync(new Regex("/monitoring/members"));
        await Assertions.Expect(page.Locator("[data-testid=member-count]")).ToHaveTextAsync((denominator - numerator).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Math.Min(denominator - numerator, Web.Features.Indicators.IndicatorService.DefaultPageSize),
            await page.Locator("[data-testid=member-table] tbody tr").CountAsync()); // one page of the list

        // A name in the list opens that person's chart.
        await page.Locator("[data-testid=member-table] tbody tr a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/beneficiaries/\d+$"));
        await page.Locator("[data-testid=chart-name]").WaitForAsync();

        // The yearly report.
        await page.GotoAsync($"/reports/annual?unit=22&year={year}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-xlsx]"));
        Assert.Equal($"bao-cao-nam-{year}-22.xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        Assert.True(new FileInfo(path).Length > 2000);
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-pdf]"));
        Assert.Equal($"bao-cao-nam-{year}-22.pdf", pdf.SuggestedFilename);

        Directory.CreateDirectory("screenshots");
        await page.GotoAsync($"/monitoring?year={year}");
        await page.Locator("[data-testid=indicator-table]").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "screenshots/monitoring.png", FullPage = true });
    }
}
