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

    /// <summary>A start with nothing said about the demo: what a production server does by default.</summary>
    private sealed class UnsetDemoFactory(string environment) : SqliteAppFactoryBase
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.UseSetting("Demo:SeedOnEmptyDatabase", "");
        }
    }

    [Theory]
    [InlineData("Production", 0)]
    [InlineData("Staging", 0)]
    [InlineData("Development", 5)]
    public async Task Demo_accounts_with_the_published_password_are_created_only_in_Development_unless_asked_for(string environment, int demoLogins)
    {
        await using var app = new UnsetDemoFactory(environment);
        app.StartServer();
        Assert.Equal(demoLogins, (await DatabaseInitializer.ExistingDemoLoginsAsync(app.Services)).Count);
        Assert.Equal(demoLogins > 0, await app.QueryAsync(db => Task.FromResult(db.Beneficiaries.Any())));
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
