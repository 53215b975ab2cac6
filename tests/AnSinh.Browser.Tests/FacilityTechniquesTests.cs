using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AnSinh.Browser.Tests;

public sealed class FacilityTechniquesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Manager_confirms_techniques_and_sees_the_coverage_fac_tech_counts()
    {
        BrowserFixture.SkipUnlessAvailable();
        var facility = await fixture.App.QueryAsync(db => Task.FromResult(db.Facilities.Where(f => f.Name.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh")).Select(f => f.Id).First()));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/facilities/{facility}");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#username", "demo.manager");
        await page.FillAsync("#password", Web.Tests.AnSinhAppFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex($"/facilities/{facility}$"));

        // No catalog shipped yet: the page says how to load one.
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("ansinh import techniques");

        // A made-up catalog for the test only (the official commune-level list is not shipped yet).
        var csv = Path.Combine(Path.GetTempPath(), $"tech-ui-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "code,name,group\n" + string.Join("\n", Enumerable.Range(1, 5).Select(i => $"T{i},Kỹ thuật thử {i},Nhóm thử")) + "\n");
        var (loaded, _) = await fixture.App.QueryAsync(db => AnSinh.Data.ReferenceData.TechniqueCatalogLoader.LoadAsync(db, csv, "ui-test", new DateOnly(2020, 1, 1), "test"));
        Assert.Equal(5, loaded);
        File.Delete(csv);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("0 / 5");
        await page.CheckAsync("input[name=Technique][value=T1]");
        await page.CheckAsync("input[name=Technique][value=T3]");
        await page.ClickAsync("text=Xác nhận kỹ thuật đã chọn");
        await Assertions.Expect(page.Locator("p.success[role=status]")).ToContainTextAsync("Đã xác nhận 2 kỹ thuật");
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("2 / 5");
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("40 %");

        // Nothing ticked: a clear message, nothing saved.
        await page.ClickAsync("text=Xác nhận kỹ thuật đã chọn");
        await Assertions.Expect(page.Locator("text=Chọn ít nhất một kỹ thuật.").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("2 / 5");
    }
}
