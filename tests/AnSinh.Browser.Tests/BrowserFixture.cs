using System.Diagnostics;
using AnSinh.Web.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

/// <summary>The app on Kestrel over SQLite with demo data, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("ANSINH_CHROMIUM") ?? "/usr/bin/chromium";

    public BrowserSite App { get; } = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ITestOutputHelper? _output;

    public BrowserFixture() => App.Log = Write;

    /// <summary>
    /// Sends what the browser asked and the site answered, with times, to the running test's output, which
    /// <c>dotnet test</c> prints when the test fails: a page that never came shows whether the request was sent,
    /// reached the site, or was still being answered.
    /// </summary>
    public BrowserFixture TracingTo(ITestOutputHelper output)
    {
        _output = output;
        return this;
    }

    private void Write(string line)
    {
        try
        {
            _output?.WriteLine($"{_clock.Elapsed.TotalSeconds,8:F2} s  {line}");
        }
        catch (InvalidOperationException)
        {
            // An event after the test ended has no test to go to.
        }
    }

    /// <summary>Gives a context of a test the long navigation timeout and traces its requests.</summary>
    public void Watch(IBrowserContext context)
    {
        Patient(context);
        context.Request += (_, r) => Write($"browser → {r.Method} {r.Url}");
        context.Response += (_, r) => Write($"browser ← {r.Status} {r.Request.Method} {r.Url}");
        context.RequestFailed += (_, r) => Write($"browser ✗ {r.Method} {r.Url}: {r.Failure}");
        context.Page += (_, page) =>
        {
            page.Console += (_, m) => Write($"console {m.Type}: {m.Text}");
            page.FrameNavigated += (_, f) => { if (f.ParentFrame is null) { Write($"navigated to {f.Url}"); } };
        };
    }
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
                "--disable-sync", "--disable-quic", "--lang=vi-VN",
                // Pages of tests running side by side are each other's background: without these a page not in front
                // may have its frames and timers held back, and a wait on it polled by animation frames never ends.
                "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.ServerAddress.ToString(), Locale = "vi-VN" });
        Watch(context);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a path, signs in on the form it redirects to, and waits to be back on the path.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string path, int width = 1280, int height = 800, string password = Web.Tests.AnSinhAppFactory.DemoPassword)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString(), Locale = "vi-VN", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        Watch(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // Back on the path once the navigation commits; then Blazor's start says the page is ready. Waiting for the
        // load event instead timed out twice on a loaded runner although the trace showed the page served in 112 ms.
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await ReadyAsync(page);
        return page;
    }

    /// <summary>
    /// Waits until Blazor has started on the page (App.razor sets window.ansinhReady): a click on a form before that has been
    /// seen to be lost on a loaded runner, the test then waiting a minute for a page that was never asked for.
    /// </summary>
    public static Task ReadyAsync(IPage page) =>
        // Polled by a timer, not by animation frames (Playwright's default), which a page not in front may not get.
        page.WaitForFunctionAsync("window.ansinhReady === true", null, new PageWaitForFunctionOptions { PollingInterval = 100 });

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

/// <summary>The demo site over SQLite, telling <see cref="Log"/> when each request starts and ends.</summary>
public sealed class BrowserSite : SqliteAppFactoryBase
{
    public Action<string>? Log { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new Timing(this)));
    }

    private sealed class Timing(BrowserSite site) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
                site.Log?.Invoke($"site  → {request}");
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await inner(context);
                }
                finally
                {
                    site.Log?.Invoke($"site  ← {context.Response.StatusCode} {request} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
                }
            });
            next(app);
        };
    }
}
