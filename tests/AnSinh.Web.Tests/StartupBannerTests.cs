using AnSinh.Web.Infrastructure;

namespace AnSinh.Web.Tests;

/// <summary>A production start (no demo data) must not advertise demo logins that do not exist.</summary>
public sealed class StartupBannerTests
{
    [Theory]
    [InlineData("Production", 0)]
    [InlineData("Staging", 0)]
    [InlineData("Development", 5)]
    public async Task Demo_accounts_with_the_published_password_are_created_only_in_Development_unless_asked_for(string environment, int demoLogins)
    {
        // Nothing said about the demo: what a server does by default.
        await using var app = new SqliteSiteWith(("environment", environment), ("Demo:SeedOnEmptyDatabase", ""));
        app.StartServer();
        Assert.Equal(demoLogins, (await DatabaseInitializer.ExistingDemoLoginsAsync(app.Services)).Count);
        Assert.Equal(demoLogins > 0, await app.QueryAsync(db => Task.FromResult(db.Beneficiaries.Any())));
    }

    [Fact]
    public async Task Without_demo_data_the_banner_lists_no_demo_login()
    {
        await using var app = new SqliteSiteWith(("Demo:SeedOnEmptyDatabase", "false"));
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
