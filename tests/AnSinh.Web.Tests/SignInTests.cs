using System.Net;
using System.Net.Http.Json;
using AnSinh.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>Password guessing (issue #10): one answer for every refusal, a delay per account instead of a lockout, a limit per address.</summary>
public abstract class SignInTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string Password = "Mat-khau-thu-2026!";

    private async Task<string> NewUserAsync()
    {
        var name = $"thu.dang.nhap.{Guid.NewGuid():N}"[..30];
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var facilityId = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var created = await users.CreateAsync(new AppUser { UserName = name, FullName = "Người thử đăng nhập", ScopeKind = ScopeKind.Facility, ScopeFacilityId = facilityId }, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync((await users.FindByNameAsync(name))!, Roles.Clinician);
        return name;
    }

    private Task<HttpResponseMessage> TokenAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { username, password });

    [SkippableFact]
    public async Task An_unknown_name_and_a_wrong_password_get_the_same_answer()
    {
        RequireProvider();
        using var client = App.Anonymous();
        var known = await TokenAsync(client, await NewUserAsync(), "sai-mat-khau");
        var unknown = await TokenAsync(client, $"khong.co.ai.{Guid.NewGuid():N}", "sai-mat-khau");
        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await JsonAsync(known)).GetProperty("title").GetString(), (await JsonAsync(unknown)).GetProperty("title").GetString());
    }

    [SkippableFact]
    public async Task After_five_failures_an_account_waits_known_or_not_and_is_never_locked()
    {
        RequireProvider();
        using var client = App.Anonymous();
        var known = await NewUserAsync();
        foreach (var name in new[] { known, $"khong.co.ai.{Guid.NewGuid():N}" })
        {
            for (var i = 0; i < Domain.Identity.SignInDelay.FreeAttempts; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, name, "sai-mat-khau")).StatusCode);
            }

            var waiting = await TokenAsync(client, name, "sai-mat-khau");
            Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
            Assert.True(waiting.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Contains("Thử lại sau", (await JsonAsync(waiting)).GetProperty("title").GetString());
            if (name == known)
            {
                // At once, within the one-second wait: the right password must wait too (no answer tells a guesser it was right).
                Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, known, Password)).StatusCode);
            }
        }

        // Then it works: no lockout.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, known, Password)).StatusCode);
        var user = await App.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == known)));
        Assert.Null(user.LockoutEnd);
    }

    [SkippableFact]
    public async Task The_sign_in_form_says_how_long_to_wait()
    {
        RequireProvider();
        // A browser's way: the page's antiforgery token and cookie, then the form posts.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };
        var form = await client.GetStringAsync("/login");
        var token = TestPaths.AntiforgeryToken(form);
        Assert.NotEmpty(token);
        var name = $"khong.co.ai.{Guid.NewGuid():N}";
        HttpResponseMessage? last = null;
        for (var i = 0; i <= Domain.Identity.SignInDelay.FreeAttempts; i++)
        {
            last = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = name, ["password"] = "sai", ["__RequestVerificationToken"] = token,
            }));
        }

        Assert.Equal(HttpStatusCode.Redirect, last!.StatusCode);
        Assert.Contains("error=wait", last.Headers.Location!.ToString());
        var page = await client.GetStringAsync(last.Headers.Location!.ToString());
        Assert.Contains("Đăng nhập sai nhiều lần. Thử lại sau", page);
    }
}

/// <summary>Sign-out is a form post that needs the page's antiforgery token (issue #10, item 11).</summary>
public abstract class SignOutTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Sign_out_without_the_pages_token_is_refused_and_with_it_goes_to_the_sign_in_page()
    {
        RequireProvider();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "demo.clinician", ["password"] = AnSinhAppFactory.DemoPassword, ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await client.GetStringAsync("/login")),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var forged = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = TestPaths.AntiforgeryToken(await client.GetStringAsync("/")); // the layout's sign-out form
        Assert.NotEmpty(token);
        var real = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("/login", real.Headers.Location!.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignOutTests(SqliteAppFactory app) : SignOutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignOutTests(PostgresAppFactory app) : SignOutTests(app);

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignInTests(SqliteAppFactory app) : SignInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignInTests(PostgresAppFactory app) : SignInTests(app);

/// <summary>The per-address limit, with a site of its own that allows three attempts a minute.</summary>
public sealed class SignInAddressLimitTests(SignInAddressLimitTests.StrictFactory app) : IClassFixture<SignInAddressLimitTests.StrictFactory>
{
    public sealed class StrictFactory : SqliteAppFactoryBase
    {
        protected override int SignInAttemptsPerAddressPerMinute => 3;
    }

    [Fact]
    public async Task A_fourth_attempt_from_one_address_within_a_minute_waits_whatever_the_name()
    {
        using var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            var refused = await client.PostAsJsonAsync("/api/auth/token", new { username = $"ten.{i}", password = "sai" });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Even the right password of a real account waits: the address is over its limit.
        var limited = await client.PostAsJsonAsync("/api/auth/token", new { username = "demo.admin", password = AnSinhAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("Thử lại sau", await limited.Content.ReadAsStringAsync());
    }
}
