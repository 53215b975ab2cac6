using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AnSinh.Browser.Tests;

public sealed class ClinicianJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string TodayVi => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"))
        .ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/beneficiaries");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Web.Tests.AnSinhAppFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/beneficiaries$"));
    }

    [SkippableFact]
    public async Task Clinician_finds_a_person_by_unaccented_name_records_a_periodic_check_and_sees_it_on_the_chart()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "demo.clinician");
        Assert.Contains("Điều dưỡng", await page.InnerTextAsync("[data-testid=current-user]"));

        await page.FillAsync("[data-testid=search-input]", "nguyen van an");
        await page.ClickAsync("[data-testid=search-button]");
        await page.ClickAsync("[data-testid=search-results] a:text-is('Nguyễn Văn An')");
        await page.WaitForURLAsync(new Regex(@"/beneficiaries/\d+$"));
        Assert.Equal("Nguyễn Văn An", await page.InnerTextAsync("[data-testid=chart-name]"));
        var chartUrl = page.Url;

        await page.ClickAsync("[data-testid=new-periodic-check]");
        await page.WaitForURLAsync(new Regex("/encounters/new"));
        await page.FillAsync("#systolic", "132");
        await page.FillAsync("#diastolic", "84");
        await page.FillAsync("#pulse", "76");
        await page.FillAsync("#temperature", "36,6");
        await page.FillAsync("#weight", "55");
        await page.FillAsync("#height", "160");
        await page.FillAsync("#icd0", "I10");
        await page.FillAsync("#conclusion", "Huyết áp ổn định");
        await page.SelectOptionAsync("#classification", "II");
        await page.ClickAsync("[data-testid=save-encounter]");

        await page.WaitForURLAsync(chartUrl + "?saved=encounter");
        Assert.Contains("Đã lưu", await page.InnerTextAsync("[data-testid=saved-notice]"));
        var latest = page.Locator("[data-testid=latest-vitals]");
        Assert.Contains("132", await latest.Locator("[data-code='8480-6']").InnerTextAsync());
        Assert.Contains(TodayVi, await latest.Locator("[data-code='8480-6']").InnerTextAsync());
        Assert.Contains("21,5", await latest.Locator("[data-code='39156-5']").InnerTextAsync()); // BMI 55 / 1.6², vi-VN decimal comma
        var first = page.Locator("[data-testid=timeline] li").First;
        var text = await first.InnerTextAsync();
        Assert.Contains(TodayVi, text);
        Assert.Contains("Khám sức khỏe định kỳ", text);
        Assert.Contains("Huyết áp ổn định", text);
        Assert.Contains("I10", await page.InnerTextAsync("[data-testid=active-problems]"));

        Directory.CreateDirectory("screenshots");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "screenshots/chart.png", FullPage = true });
    }

    [SkippableFact]
    public async Task A_bad_value_shows_a_vietnamese_message_next_to_the_field_and_saves_nothing()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "demo.clinician");
        await page.FillAsync("[data-testid=search-input]", "nguyen van an");
        await page.ClickAsync("[data-testid=search-button]");
        await page.ClickAsync("[data-testid=search-results] a:text-is('Nguyễn Văn An')");
        await page.WaitForURLAsync(new Regex(@"/beneficiaries/\d+$"));
        await page.Locator("[data-testid=timeline] li").First.WaitForAsync();
        var before = await page.Locator("[data-testid=timeline] li").CountAsync();

        await page.ClickAsync("[data-testid=new-periodic-check]");
        await page.FillAsync("#systolic", "120");
        await page.FillAsync("#diastolic", "80");
        await page.FillAsync("#temperature", "50");
        await page.SelectOptionAsync("#classification", "II");
        await page.ClickAsync("[data-testid=save-encounter]");

        var error = page.Locator(".field-error[data-field='observations.8310-5']");
        await error.WaitForAsync();
        Assert.Contains("Nhiệt độ 50 °C nằm ngoài khoảng hợp lý", await error.InnerTextAsync());
        await page.ClickAsync("text=Hủy");
        await page.WaitForURLAsync(new Regex(@"/beneficiaries/\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=timeline] li")).ToHaveCountAsync(before);
    }
}
