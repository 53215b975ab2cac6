using System.Net;
using System.Net.Http.Json;
using AnSinh.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #10 item 6: TOTP two-factor sign-in, required for administrators and national and province officers, with
/// single-use recovery codes; the token endpoint takes the code. Each test uses accounts of its own.
/// </summary>
public abstract class TwoFactorTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string Password = "ruộng bậc thang mùa lúa chín";

    [Fact]
    public void The_code_generator_used_here_gives_RFC_6238_s_own_test_value()
    {
        // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits), so 287082 in 6.
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    private async Task<(string Name, string Id)> NewAccountAsync(string role, object? scope = null)
    {
        var name = $"hai.buoc.{Guid.NewGuid():N}"[..24];
        using var admin = await App.ClientForAsync("demo.admin");
        var facilityId = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, fullName = "Người thử hai bước", role, facilityId = role is Roles.Clinician or Roles.FacilityManager ? facilityId : (int?)null, password = Password });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (name, (await JsonAsync(created)).GetProperty("id").GetString()!);
    }

    private Task<(string Key, List<string> RecoveryCodes)> EnableAsync(string name) => App.EnableTwoFactorAsync(name);

    private Task<HttpResponseMessage> TokenAsync(string name, string? code = null) =>
        App.Anonymous().PostAsJsonAsync("/api/auth/token", new { username = name, password = Password, code });

    /// <summary>A code the app shows <paramref name="stepsAgo"/> 30-second steps ago: still accepted, and not the same as now's.</summary>
    private static string CodeAt(string key, int stepsAgo) => Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(-30 * stepsAgo));

    [SkippableFact]
    public async Task A_token_needs_the_code_each_code_works_once_and_so_does_each_recovery_code()
    {
        RequireProvider();
        var (name, _) = await NewAccountAsync(Roles.Clinician);
        var (key, recovery) = await EnableAsync(name);

        var noCode = await TokenAsync(name);
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.True((await JsonAsync(noCode)).GetProperty("twoFactorRequired").GetBoolean());
        var valid = Enumerable.Range(-2, 5).Select(i => CodeAt(key, i)).ToHashSet();
        var wrong = Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(name, wrong)).StatusCode);

        var now = CodeAt(key, 0);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(name, now)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(name, now)).StatusCode); // replayed

        // A recovery code typed in lower case without its dash works, once.
        var typed = recovery[0].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(name, typed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(name, typed)).StatusCode);
        Assert.Equal(9, await App.QueryAsync(async db =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            return await users.CountRecoveryCodesAsync((await users.FindByNameAsync(name))!);
        }));
    }

    [SkippableFact]
    public async Task Wrong_codes_with_the_right_password_are_slowed_down_like_wrong_passwords()
    {
        RequireProvider();
        var (name, _) = await NewAccountAsync(Roles.Clinician);
        var (key, _) = await EnableAsync(name);
        var near = Enumerable.Range(-3, 7).Select(i => CodeAt(key, i)).ToHashSet();
        var wrong = Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Where(c => !near.Contains(c)).ToList();

        // The right password clears the count of wrong passwords, not of wrong codes: five are answered, then one waits.
        var answers = new List<HttpStatusCode>();
        foreach (var code in wrong.Take(9))
        {
            var response = await TokenAsync(name, code);
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                break;
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), answers.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [SkippableFact]
    public async Task The_sign_in_form_asks_for_the_code_before_any_session_starts()
    {
        RequireProvider();
        var (name, _) = await NewAccountAsync(Roles.Clinician);
        var (key, _) = await EnableAsync(name);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };

        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = Password, ["returnUrl"] = "/beneficiaries",
            ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await client.GetStringAsync("/login")),
        }));
        Assert.StartsWith("/login/code", signIn.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode); // the password alone opened nothing

        async Task<HttpResponseMessage> CodeAsync(string code) =>
            await client.PostAsync("/account/login/code", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["code"] = code, ["returnUrl"] = "/beneficiaries",
                ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await client.GetStringAsync("/login/code")),
            }));

        var valid = Enumerable.Range(-2, 5).Select(i => CodeAt(key, i)).ToHashSet();
        var wrong = await CodeAsync(Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c)));
        Assert.Equal("/login/code?error=invalid&returnUrl=%2Fbeneficiaries", wrong.Headers.Location?.ToString());
        var right = await CodeAsync(CodeAt(key, 1));
        Assert.Equal("/beneficiaries", right.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [SkippableFact]
    public async Task An_officer_must_set_up_two_factors_before_doing_anything_else_and_an_administrator_can_reset_them()
    {
        RequireProvider();
        var (name, id) = await NewAccountAsync(Roles.NationalOfficer);

        var token = await TokenAsync(name);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Contains("xác thực hai bước", (await JsonAsync(token)).GetProperty("title").GetString(), StringComparison.Ordinal);

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = Password,
            ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await client.GetStringAsync("/login")),
        }));
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var page = await client.GetAsync("/beneficiaries");
        Assert.Equal("/account/two-factor", page.Headers.Location?.ToString());
        // A path with a dot in it is a page like any other, not a file.
        Assert.Equal("/account/two-factor", (await client.GetAsync("/admin/users/ten.nguoi.dung")).Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/indicators")).StatusCode);
        var setup = await client.GetStringAsync("/account/two-factor");
        Assert.Contains("data-testid=\"authenticator-key\"", setup, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"two-factor-required\"", setup, StringComparison.Ordinal);

        // Once set up, the officer's token needs the code; an administrator's reset (a lost phone) ends its sessions.
        var (key, _) = await EnableAsync(name);
        var withCode = await TokenAsync(name, CodeAt(key, 0));
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        using var officer = App.Anonymous();
        officer.DefaultRequestHeaders.Authorization = new("Bearer", (await JsonAsync(withCode)).GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/auth/me")).StatusCode);

        using var admin = await App.ClientForAsync("demo.admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/two-factor/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenAsync(name)).StatusCode); // must set it up again
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/users/khong-co/two-factor/reset", null)).StatusCode);
    }

    [SkippableFact]
    public async Task An_administrator_who_lost_their_phone_is_let_back_in_from_the_command_line()
    {
        RequireProvider();
        var (name, _) = await NewAccountAsync(Roles.Clinician);
        await EnableAsync(name);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(name)).StatusCode);

        var (exit, output) = await RunCliAsync("users", "reset-two-factor", "--username", name);
        Assert.True(exit == 0, output);
        Assert.Contains("Đã tắt xác thực hai bước", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(name)).StatusCode); // a clinician may sign in with the password alone
        Assert.NotEqual(0, (await RunCliAsync("users", "reset-two-factor", "--username", "khong.co.ai")).ExitCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTwoFactorTests(SqliteAppFactory app) : TwoFactorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTwoFactorTests(PostgresAppFactory app) : TwoFactorTests(app);
