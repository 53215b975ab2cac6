using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

public sealed class FacilityTechniquesTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture fixture = fixture.TracingTo(output);

    [SkippableFact]
    public async Task Admin_uploads_a_catalog_and_the_manager_confirms_techniques()
    {
        BrowserFixture.SkipUnlessAvailable();
        var facility = await fixture.App.QueryAsync(db => Task.FromResult(db.Facilities.Where(f => f.Name.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh")).Select(f => f.Id).First()));
        var page = await fixture.SignedInPageAsync("demo.manager", $"/facilities/{facility}");

        // No catalog shipped yet: the page says who loads one, in the browser.
        await Assertions.Expect(page.Locator("[data-testid=no-catalog]")).ToContainTextAsync("trang Danh mục kỹ thuật");

        // The administrator uploads a made-up catalog (the official commune-level list is not shipped yet):
        // a file with a bad row is refused whole, with the row named; a good file is loaded.
        var admin = await fixture.SignedInPageAsync("demo.admin", "/admin/techniques");
        var bad = Path.Combine(Path.GetTempPath(), $"tech-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "code,name,group\nT1,Kỹ thuật thử 1,Nhóm thử\nT1,Trùng mã,Nhóm thử\n,Không mã,Nhóm thử\n");
        await admin.SetInputFilesAsync("#file", bad);
        await admin.FillAsync("#version", "ui-test");
        await admin.FillAsync("#validFrom", "01/01/2020");
        await admin.ClickAsync("[data-testid=upload-catalog]");
        await Assertions.Expect(admin.Locator("[data-testid=row-errors]")).ToContainTextAsync("Dòng 3: mã T1 bị lặp");
        await Assertions.Expect(admin.Locator("[data-testid=row-errors]")).ToContainTextAsync("Dòng 4: thiếu mã kỹ thuật.");
        await Assertions.Expect(admin.Locator("[data-testid=catalog-versions] tbody tr")).ToHaveCountAsync(0);

        var good = Path.Combine(Path.GetTempPath(), $"tech-good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, "code,name,group\n" + string.Join("\n", Enumerable.Range(1, 5).Select(i => $"T{i},Kỹ thuật thử {i},Nhóm thử")) + "\n");
        await admin.SetInputFilesAsync("#file", good);
        await admin.FillAsync("#version", "ui-test");
        await admin.FillAsync("#validFrom", "01/01/2020");
        await admin.ClickAsync("[data-testid=upload-catalog]");
        await Assertions.Expect(admin.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã nạp 5 kỹ thuật");
        await Assertions.Expect(admin.Locator("[data-testid=catalog-versions]")).ToContainTextAsync("01/01/2020");
        File.Delete(bad);
        File.Delete(good);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("0 / 5");
        await page.CheckAsync("input[name=Technique][value=T1]");
        await page.CheckAsync("input[name=Technique][value=T3]");
        await page.ClickAsync("[data-testid=save-techniques]");
        await Assertions.Expect(page.Locator("p.success[role=status]")).ToContainTextAsync("Đã xác nhận 2 kỹ thuật");
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("2 / 5");
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("40 %");

        // Nothing ticked, or a date that cannot be read: a clear message, nothing saved.
        await page.ClickAsync("[data-testid=save-techniques]");
        await Assertions.Expect(page.Locator("text=Chọn ít nhất một kỹ thuật.").First).ToBeVisibleAsync();
        await page.CheckAsync("input[name=Technique][value=T2]");
        await page.FillAsync("#confirmedOn", "31/13/2026");
        await page.ClickAsync("[data-testid=save-techniques]");
        await Assertions.Expect(page.Locator(".field-error[data-field=confirmedOn]")).ToContainTextAsync("không phải là ngày hợp lệ");
        await Assertions.Expect(page.Locator("#techniques + p")).ToContainTextAsync("2 / 5");
    }
}
