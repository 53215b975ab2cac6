using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace AnSinh.Web.Tests;

/// <summary>A production start (no demo data) must not advertise demo logins that do not exist.</summary>
public sealed class StartupBannerTests
{
    private sealed class EmptyDatabaseFactory : SqliteAppFactoryBase
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:SeedOnEmptyDatabase", "false");
        }
    }

    [Fact]
    public async Task Without_demo_data_the_banner_lists_no_demo_login()
    {
        await using var app = new EmptyDatabaseFactory();
        app.StartServer();
        var logins = await DatabaseInitializer.ExistingDemoLoginsAsync(app.Services);
        Assert.Empty(logins);

        var banner = AppSetup.StartupBanner(["http://localhost:5080"], logins, "AnSinh@2026", demoCreated: false);
        Assert.All(DatabaseInitializer.DemoLogins, l => Assert.DoesNotContain(l.UserName, banner, StringComparison.Ordinal));
        Assert.DoesNotContain("AnSinh@2026", banner, StringComparison.Ordinal);
        Assert.Contains("users create", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_demo_data_the_banner_lists_the_five_demo_logins()
    {
        await using var app = new SqliteAppFactory();
        app.StartServer();
        var logins = await DatabaseInitializer.ExistingDemoLoginsAsync(app.Services);
        Assert.Equal(5, logins.Count);
        var banner = AppSetup.StartupBanner(["http://localhost:5080"], logins, "AnSinh@2026", demoCreated: true);
        Assert.Contains("demo.clinician", banner, StringComparison.Ordinal);
        Assert.Contains("AnSinh@2026", banner, StringComparison.Ordinal);
    }
}
