using AnSinh.Web.Tests;
using Microsoft.Playwright;

namespace AnSinh.Browser.Tests;

/// <summary>The app on Kestrel over SQLite with demo data, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("ANSINH_CHROMIUM") ?? "/usr/bin/chromium";

    public SqliteAppFactory App { get; } = new();
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }

    public static void SkipUnlessAvailable()
    {
        if (!File.Exists(ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new Xunit.SkipException($"Chromium not found at {ChromiumPath}: run scripts/test.sh, which installs it.");
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        App.StartServer();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root needs --no-sandbox; the rest keeps Chromium off the (closed) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-quic", "--lang=vi-VN"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.ServerAddress.ToString(), Locale = "vi-VN" });
        Patient(context);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a path, signs in on the form it redirects to, and waits to be back on the path.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string path, int width = 1280, int height = 800, string password = Web.Tests.AnSinhAppFactory.DemoPassword)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString(), Locale = "vi-VN", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        Patient(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        return page;
    }

    /// <summary>
    /// Navigations wait up to a minute: on a 2-core runner the browser classes start their sites (and seed their demo
    /// data) side by side, and a page after a sign-in or a save has been seen to take longer than Playwright's 30 s.
    /// </summary>
    private static void Patient(IBrowserContext context) => context.SetDefaultNavigationTimeout(60_000);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await App.DisposeAsync();
    }
}
