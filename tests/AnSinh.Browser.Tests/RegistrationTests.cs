using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

public sealed class RegistrationTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture fixture = fixture.TracingTo(output);

    private static async Task SignInAsync(IPage page, string user, string returnPath)
    {
        await page.GotoAsync(returnPath);
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Web.Tests.AnSinhAppFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex(Regex.Escape(returnPath) + "$"));
    }

    [SkippableFact]
    public async Task Nurse_registers_a_person_with_two_categories_after_fixing_a_bad_national_id()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "demo.clinician", "/beneficiaries/new");

        await page.FillAsync("#fullName", "Hoàng Thị Đăng Ký");
        await page.SelectOptionAsync("#sex", "Female");
        await page.FillAsync("#birthDate", "5/3/1948");
        await page.FillAsync("#nationalId", "12345");
        await page.SelectOptionAsync("#ethnicity", "02");
        await page.SelectOptionAsync("select[name='Model.Categories[0].Kind']", "Elderly");
        await page.FillAsync("input[name='Model.Categories[0].From']", "01/01/2010");
        await page.ClickAsync("[data-testid=save-beneficiary]");

        var error = page.Locator(".field-error[data-field='nationalId']");
        await error.WaitForAsync();
        Assert.Equal("Số CCCD phải gồm đúng 12 chữ số.", await error.InnerTextAsync());
        // What was typed is kept, and a blank row is offered for a second category.
        Assert.Equal("Hoàng Thị Đăng Ký", await page.InputValueAsync("#fullName"));
        Assert.Equal("Elderly", await page.InputValueAsync("select[name='Model.Categories[0].Kind']"));

        var nationalId = $"022148{Random.Shared.Next(100000, 999999)}";
        await page.FillAsync("#nationalId", nationalId);
        await page.SelectOptionAsync("select[name='Model.Categories[1].Kind']", "Disability");
        await page.FillAsync("input[name='Model.Categories[1].From']", "01/06/2015");
        await page.SelectOptionAsync("select[name='Model.Categories[1].DisabilitySeverity']", "Severe");
        await page.SelectOptionAsync("select[name='Model.Categories[1].DisabilityTypeCode']", "D3K1c");
        await page.FillAsync("input[name='Model.Input.Contacts[0].FullName']", "Hoàng Văn Con");
        await page.FillAsync("input[name='Model.Input.Contacts[0].Phone']", "0912000111");
        await page.ClickAsync("[data-testid=save-beneficiary]");

        await page.WaitForURLAsync(new Regex(@"/beneficiaries/\d+\?saved=person$"));
        await Assertions.Expect(page.Locator("[data-testid=chart-name]")).ToHaveTextAsync("Hoàng Thị Đăng Ký");
        Assert.Contains("05/03/1948", await page.InnerTextAsync("main")); // "5/3/1948" is 5 March
        var body = await page.InnerTextAsync("main");
        Assert.Contains(nationalId, body);
        Assert.Contains("Người cao tuổi", body);
        Assert.Contains("Người khuyết tật – Nặng (Khuyết tật nhìn)", body);
        Assert.Contains("Tày", body);
    }

    [SkippableFact]
    public async Task Province_officer_sees_the_facilities_of_the_province_only()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "demo.province", "/facilities");
        var table = page.Locator("[data-testid=facility-list]");
        await table.WaitForAsync();
        var text = await table.InnerTextAsync();
        Assert.Contains("Trung tâm Điều dưỡng người có công tỉnh Quảng Ninh", text);
        Assert.Contains("Mái ấm dưỡng lão An Bình (tư nhân)", text);
        Assert.DoesNotContain("Hà Nội", text);
        Assert.Equal(7, await table.Locator("tbody tr").CountAsync());
    }
}
