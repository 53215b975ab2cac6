using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

/// <summary>
/// Every page at 360×640 (a small Android phone): the document is never wider than the screen and
/// every visible link, button and field is at least 44 px tall and wide. <see cref="Routes"/> lists
/// each page route with the user who sees it; a route in the source without an entry fails.
/// </summary>
public sealed partial class PhoneLayoutTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture fixture = fixture.TracingTo(output);

    /// <summary>Route template → the demo user who opens it.</summary>
    private static readonly Dictionary<string, string> Routes = new()
    {
        ["/"] = "demo.clinician",
        ["/login"] = "",
        ["/beneficiaries"] = "demo.clinician",
        ["/beneficiaries/new"] = "demo.clinician",
        ["/beneficiaries/{Id:int}"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/edit"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/admit"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/encounters/new"] = "demo.clinician",
        ["/stays/{Id:int}/transfer"] = "demo.clinician",
        ["/stays/{Id:int}/discharge"] = "demo.clinician",
        ["/facilities"] = "demo.province",
        ["/facilities/new"] = "demo.province",
        ["/facilities/{Id:int}"] = "demo.manager",
        ["/facilities/{Id:int}/edit"] = "demo.manager",
        ["/facilities/{Id:int}/staff/new"] = "demo.manager",
        ["/facilities/{Id:int}/readiness"] = "demo.manager",
        ["/monitoring"] = "demo.province",
        ["/monitoring/members"] = "demo.province",
        ["/monitoring/quality"] = "demo.province",
        ["/plans"] = "demo.province",
        ["/reports/annual"] = "demo.province",
        ["/audit"] = "demo.manager",
        ["/admin/techniques"] = "demo.admin",
        ["/admin/users"] = "demo.admin",
        ["/admin/clients"] = "demo.admin",
        ["/admin/users/{Id}"] = "demo.admin",
        ["/account"] = "demo.clinician",
        ["/account/two-factor"] = "demo.clinician",
        ["/login/code"] = "",
        ["/beneficiaries/{Id:int}/entitlements"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/screenings/new"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/referrals"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/problems"] = "demo.clinician",
        ["/entitlements/import"] = "demo.clinician",
        ["/imports"] = "demo.clinician",
        ["/imports/{Id:guid}"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/medicines"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/immunizations"] = "demo.clinician",
        ["/facilities/{FacilityId:int}/medication-round"] = "demo.clinician",
        ["/referrals"] = "demo.clinician",
        ["/beneficiaries/{Id:int}/rehabilitation"] = "demo.clinician",
        ["/facilities/{FacilityId:int}/chronic"] = "demo.clinician",
    };

    private const string Measure = """
        () => {
          const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !e.closest('.visually-hidden'); };
          const small = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
            .filter(visible)
            .filter(e => { const r = e.getBoundingClientRect(); return r.height < 43.5 || r.width < 43.5; })
            .map(e => { const r = e.getBoundingClientRect(); return `${e.tagName.toLowerCase()} "${(e.innerText || e.name || e.id || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`; });
          return { width: document.documentElement.scrollWidth, viewport: window.innerWidth, small };
        }
        """;

    [Fact]
    public void Every_page_route_is_visited()
    {
        var root = Web.Tests.TestPaths.RepositoryRoot();

        var routes = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => PageDirective().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        var missing = routes.Where(r => !Routes.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "Pages not visited at 360 px: " + string.Join(", ", missing));
    }

    [SkippableFact]
    public async Task Every_page_fits_a_360_px_screen_with_44_px_touch_targets()
    {
        BrowserFixture.SkipUnlessAvailable();
        var paths = await ConcretePathsAsync();
        var pages = new Dictionary<string, IPage>();
        var failures = new List<string>();
        Directory.CreateDirectory("screenshots");
        foreach (var (template, path) in paths)
        {
            var user = Routes[template];
            IPage page;
            if (user == "")
            {
                var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = fixture.App.ServerAddress.ToString(), Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 360, Height = 640 },
                });
                page = await context.NewPageAsync();
                await page.GotoAsync(path);
            }
            else if (pages.TryGetValue(user, out var signedIn))
            {
                page = signedIn;
                await page.GotoAsync(path);
            }
            else
            {
                page = await fixture.SignedInPageAsync(user, path, 360, 640);
                pages[user] = page;
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var m = await page.EvaluateAsync<JsonElement>(Measure);
            var width = m.GetProperty("width").GetInt32();
            var viewport = m.GetProperty("viewport").GetInt32();
            if (width > viewport)
            {
                failures.Add($"{path} ({user}): document {width} px wide on a {viewport} px screen");
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"screenshots/phone{Regex.Replace(path, @"[^\w]+", "-")}.png" });
            var small = m.GetProperty("small").EnumerateArray().Select(e => e.GetString()).ToList();
            if (small.Count > 0)
            {
                failures.Add($"{path} ({user}): {small.Count} touch targets under 44 px, e.g. {string.Join("; ", small.Take(4))}");
            }
        }

        Assert.True(failures.Count == 0, $"Checked {paths.Count} pages at 360 px:\n" + string.Join("\n", failures));
    }

    private async Task<List<(string Template, string Path)>> ConcretePathsAsync()
    {
        var (person, facility, stay) = await fixture.App.QueryAsync(db =>
        {
            var f = db.Facilities.Where(x => x.Name.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh")).Select(x => x.Id).First();
            var s = db.Stays.Where(x => x.FacilityId == f && x.DischargedOn == null).OrderBy(x => x.Id).Select(x => new { x.Id, x.BeneficiaryId }).First();
            return Task.FromResult((s.BeneficiaryId, f, s.Id));
        });
        // The chart of a resident whose category reads longest ("Người khuyết tật – Đặc biệt nặng (…)").
        var longestTag = await fixture.App.QueryAsync(db => Task.FromResult(db.BeneficiaryCategories
            .Where(c => c.DisabilitySeverity == Domain.Beneficiaries.DisabilitySeverity.Extreme
                && db.Stays.Any(st => st.BeneficiaryId == c.BeneficiaryId && st.FacilityId == facility && st.DischargedOn == null))
            .Select(c => (int?)c.BeneficiaryId).FirstOrDefault() ?? person));
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var created = await clinician.PostAsJsonAsync("/api/beneficiaries", new { fullName = "Vũ Thị Màn Hình Nhỏ", sex = "Female", birthDate = "1950-01-01" });
        created.EnsureSuccessStatusCode();
        var unplaced = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        // A medicine on the round and an allergy in the banner, so that the phone sees them as a nurse does.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies", new
        {
            substance = "Cotrimoxazol (sulfamethoxazol + trimethoprim)", category = "Medication", kind = "Allergy", severity = "Severe", reaction = "Hội chứng Stevens-Johnson",
        })).EnsureSuccessStatusCode();
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", new
        {
            drugName = "Amlodipin", strength = "5 mg", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning" }, startDate = today,
            instructions = "Uống sau ăn sáng, đo huyết áp trước khi uống",
        })).EnsureSuccessStatusCode();
        // An import with an error, so that the phone sees its error table (and /imports its list).
        var upload = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(
            "Họ và tên,Giới tính,Ngày sinh,Ghi chú\nLý Văn Điện Thoại,Nam,ngày 5 tháng 3 năm 1950,một cột không có trong mẫu\n")), "file", "doi-tuong-dien-thoai.csv" } };
        var import = await clinician.PostAsync("/api/imports/beneficiaries", upload);
        import.EnsureSuccessStatusCode();
        var importId = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        for (var i = 0; i < 300 && !JsonDocument.Parse(await clinician.GetStringAsync($"/api/imports/{importId}")).RootElement.GetProperty("status").GetString()!.StartsWith('R'); i++)
        {
            await Task.Delay(100);
        }

        var year = DateTime.UtcNow.Year - 1;
        var clinicianId = await fixture.App.QueryAsync(db => Task.FromResult(db.Users.Where(u => u.UserName == "demo.clinician").Select(u => u.Id).Single()));
        return
        [
            ("/login", "/login"),
            ("/", "/"),
            ("/beneficiaries", "/beneficiaries"),
            ("/beneficiaries", "/beneficiaries?q=nguyen"),
            ("/beneficiaries/new", "/beneficiaries/new"),
            ("/beneficiaries/{Id:int}", $"/beneficiaries/{person}"),
            ("/beneficiaries/{Id:int}", $"/beneficiaries/{longestTag}"),
            ("/beneficiaries/{Id:int}/edit", $"/beneficiaries/{person}/edit"),
            ("/beneficiaries/{Id:int}/admit", $"/beneficiaries/{unplaced}/admit"),
            ("/beneficiaries/{Id:int}/encounters/new", $"/beneficiaries/{person}/encounters/new"),
            ("/stays/{Id:int}/transfer", $"/stays/{stay}/transfer"),
            ("/stays/{Id:int}/discharge", $"/stays/{stay}/discharge"),
            ("/facilities", "/facilities"),
            ("/facilities/new", "/facilities/new"),
            ("/facilities/{Id:int}", $"/facilities/{facility}"),
            ("/facilities/{Id:int}/edit", $"/facilities/{facility}/edit"),
            ("/facilities/{Id:int}/staff/new", $"/facilities/{facility}/staff/new"),
            ("/facilities/{Id:int}/readiness", $"/facilities/{facility}/readiness"),
            ("/facilities/{FacilityId:int}/medication-round", $"/facilities/{facility}/medication-round?shift=Morning"),
            ("/beneficiaries/{Id:int}/medicines", $"/beneficiaries/{person}/medicines"),
            ("/beneficiaries/{Id:int}/immunizations", $"/beneficiaries/{person}/immunizations"),
            ("/referrals", "/referrals"),
            ("/beneficiaries/{Id:int}/rehabilitation", $"/beneficiaries/{person}/rehabilitation"),
            ("/facilities/{FacilityId:int}/chronic", $"/facilities/{facility}/chronic"),
            ("/monitoring", "/monitoring"),
            ("/monitoring", "/monitoring?unit=22"),
            ("/monitoring", $"/monitoring?facility={facility}"),
            ("/monitoring/members", $"/monitoring/members?code=BEN-PERIODIC&unit=22&set=missing"),
            ("/monitoring/quality", "/monitoring/quality?unit=22"),
            ("/plans", "/plans"),
            ("/reports/annual", $"/reports/annual?unit=22&year={year}"),
            ("/audit", "/audit"),
            ("/audit", "/audit?action=record.search&from=01%2F01%2F2026"),
            ("/admin/techniques", "/admin/techniques"),
            ("/admin/users", "/admin/users"),
            ("/admin/clients", "/admin/clients"),
            ("/admin/users/{Id}", $"/admin/users/{clinicianId}"),
            ("/account", "/account"),
            ("/beneficiaries/{Id:int}/entitlements", $"/beneficiaries/{person}/entitlements"),
            ("/beneficiaries/{Id:int}/screenings/new", $"/beneficiaries/{person}/screenings/new"),
            ("/beneficiaries/{Id:int}/referrals", $"/beneficiaries/{person}/referrals"),
            ("/beneficiaries/{Id:int}/problems", $"/beneficiaries/{person}/problems"),
            ("/entitlements/import", "/entitlements/import"),
            ("/imports", "/imports"),
            ("/imports", "/imports?kind=encounters"),
            ("/imports/{Id:guid}", $"/imports/{importId}"),
        ];
    }

    [GeneratedRegex(@"^@page ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex PageDirective();
}
