using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AnSinh.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>
/// A cookie or token stops working as soon as its session ends: sign-out, a password change or reset, a disabled
/// account, a changed role, a deleted account (issue #10, item 3). Each test uses an account of its own.
/// </summary>
public abstract class SessionRevocationTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string Password = "biển Hạ Long buổi sáng";

    /// <summary>A clinician of the Quảng Ninh centre: a role that signs in with a password alone (TwoFactorOptions).</summary>
    private async Task<string> NewUserAsync()
    {
        var name = $"phien.{Guid.NewGuid():N}"[..24];
        using var admin = await App.ClientForAsync("demo.admin");
        var facilityId = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, fullName = "Người thử phiên", role = Roles.Clinician, facilityId, password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    private async Task<string> TokenAsync(string name, string password = Password)
    {
        using var anonymous = App.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("accessToken").GetString()!;
    }

    private HttpClient WithToken(string token)
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in with the form; returns the cookie header the browser would send.</summary>
    private async Task<string> CookieAsync(string name, string password = Password)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = password, ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await client.GetStringAsync("/login")),
        }));
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        return string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("ansinh.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
    }

    private async Task<HttpStatusCode> MeWithCookieAsync(string cookie)
    {
        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var client = WithToken(token);
        return (await client.GetAsync("/api/auth/me")).StatusCode;
    }

    private Task<string> IdOfAsync(string name) =>
        App.QueryAsync(db => Task.FromResult(db.Users.Where(u => u.UserName == name).Select(u => u.Id).Single()));

    [SkippableFact]
    public async Task A_revoked_token_is_refused_and_other_sessions_continue()
    {
        RequireProvider();
        var name = await NewUserAsync();
        var first = await TokenAsync(name);
        var second = await TokenAsync(name);
        using (var client = WithToken(first))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(first));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(second));
    }

    [SkippableFact]
    public async Task A_copy_of_the_cookie_stops_working_after_sign_out()
    {
        RequireProvider();
        var name = await NewUserAsync();
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = App.ServerAddress };
        await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = Password, ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await browser.GetStringAsync("/login")),
        }));
        var copy = string.Join("; ", jar.GetCookies(App.ServerAddress).Where(c => c.Name == "ansinh.auth").Select(c => $"{c.Name}={c.Value}"));
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(copy));

        var signOut = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await browser.GetStringAsync("/")),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(copy));

        // A page with the copied cookie goes to the sign-in form.
        using var client = App.Anonymous();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/beneficiaries");
        page.Headers.Add("Cookie", copy);
        var response = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

    }

    [SkippableFact]
    public async Task A_password_change_ends_every_session_and_only_the_new_password_signs_in()
    {
        RequireProvider();
        var name = await NewUserAsync();
        var token = await TokenAsync(name);
        var cookie = await CookieAsync(name);
        const string next = "mùa thu Hà Nội lá vàng rơi";

        using (var client = WithToken(await TokenAsync(name)))
        {
            var weak = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "password1234" });
            await AssertFieldErrorAsync(weak, "newPassword", "phổ biến");
            var wrong = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "không phải mật khẩu", newPassword = next });
            await AssertFieldErrorAsync(wrong, "currentPassword", "Mật khẩu hiện tại không đúng");
            Assert.Equal(HttpStatusCode.OK, await MeAsync(token)); // refused changes end nothing

            var changed = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = next });
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        using var anonymous = App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await TokenAsync(name, next)));
        Assert.True(await App.QueryAsync(db => Task.FromResult(db.AuditEvents.Any(e => e.Action == "account.change-password" && e.Detail!.Contains(name)))));
    }

    [SkippableFact]
    public async Task A_disabled_account_loses_its_sessions_and_cannot_sign_in_until_enabled()
    {
        RequireProvider();
        var name = await NewUserAsync();
        var token = await TokenAsync(name);
        var cookie = await CookieAsync(name);
        var id = await IdOfAsync(name);
        using var admin = await App.ClientForAsync("demo.admin");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));

        // The same answer as a wrong password: a disabled account is not revealed.
        using var anonymous = App.Anonymous();
        var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = Password });
        var unknown = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = $"khong.co.{Guid.NewGuid():N}", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal((await JsonAsync(unknown)).GetProperty("title").GetString(), (await JsonAsync(refused)).GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await TokenAsync(name)));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token)); // what ended stays ended
    }

    [SkippableFact]
    public async Task A_new_role_a_password_reset_and_a_deleted_account_end_the_old_tokens()
    {
        RequireProvider();
        var name = await NewUserAsync();
        var id = await IdOfAsync(name);
        using var admin = await App.ClientForAsync("demo.admin");

        var beforeRole = await TokenAsync(name);
        var facility = await App.QueryAsync(db => Task.FromResult(db.Facilities.OrderBy(f => f.Id).Select(f => f.Id).First()));
        var access = await admin.PutAsJsonAsync($"/api/users/{id}/access", new { role = "FacilityManager", facilityId = facility });
        Assert.Equal(HttpStatusCode.NoContent, access.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(beforeRole));
        var clinician = await TokenAsync(name);
        using (var client = WithToken(clinician))
        {
            var me = await JsonAsync(await client.GetAsync("/api/auth/me"));
            Assert.Equal("Facility", me.GetProperty("scopeKind").GetString());
            Assert.Equal(facility, me.GetProperty("scopeFacilityId").GetInt32());
        }

        var weak = await admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "123456789012" });
        await AssertFieldErrorAsync(weak, "password", "liên tiếp");
        Assert.Equal(HttpStatusCode.OK, await MeAsync(clinician));
        const string reset = "đặt lại bởi quản trị viên";
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = reset })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(clinician));

        var beforeDelete = await TokenAsync(name, reset);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(id))!)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(beforeDelete));
    }

    [SkippableFact]
    public async Task Only_a_system_administrator_manages_accounts_and_bad_input_gets_field_errors()
    {
        RequireProvider();
        var target = await IdOfAsync("demo.clinician");
        foreach (var user in new[] { "demo.national", "demo.province", "demo.manager", "demo.clinician" })
        {
            using var client = await App.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/users", new { userName = "x.y", fullName = "X", role = "SystemAdmin", password = Password })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/users/{target}/access", new { role = "SystemAdmin" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/users/{target}/password", new { password = Password })).StatusCode);
            foreach (var action in new[] { "disable", "enable", "sign-out" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/users/{target}/{action}", null)).StatusCode);
            }
        }

        Assert.Null(await App.QueryAsync(db => Task.FromResult(db.Users.Where(u => u.Id == target).Select(u => u.DisabledAt).Single())));

        using var admin = await App.ClientForAsync("demo.admin");
        var list = await JsonAsync(await admin.GetAsync("/api/users"));
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("userName").GetString() == "demo.clinician" && u.GetProperty("role").GetString() == Roles.Clinician);

        var shortPassword = await admin.PostAsJsonAsync("/api/users", new { userName = "ngan.qua", fullName = "Mật khẩu ngắn", role = "NationalOfficer", password = "ngắn" });
        await AssertFieldErrorAsync(shortPassword, "password", "ít nhất 12");
        var noUnit = await admin.PostAsJsonAsync("/api/users", new { userName = "can.bo.tinh", fullName = "Cán bộ", role = "ProvinceOfficer", password = Password });
        await AssertFieldErrorAsync(noUnit, "unitCode", "mã đơn vị");
        var badRole = await admin.PostAsJsonAsync("/api/users", new { userName = "vai.tro", fullName = "Vai trò", role = "Root", password = Password });
        await AssertFieldErrorAsync(badRole, "role", "Chọn một vai trò");
        var duplicate = await admin.PostAsJsonAsync("/api/users", new { userName = "demo.clinician", fullName = "Trùng", role = "NationalOfficer", password = Password });
        await AssertFieldErrorAsync(duplicate, "userName", "đã có người dùng");
        Assert.False(await App.QueryAsync(db => Task.FromResult(db.Users.Any(u => u.UserName == "ngan.qua" || u.UserName == "can.bo.tinh" || u.UserName == "vai.tro"))));

        var selfId = await IdOfAsync("demo.admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/users/{selfId}/disable", null)).StatusCode);
        // The only administrator cannot give up the role: nobody would be left to manage accounts.
        await AssertFieldErrorAsync(await admin.PutAsJsonAsync($"/api/users/{selfId}/access", new { role = "NationalOfficer" }), "role", "quản trị hệ thống cuối cùng");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
        var missingRole = await admin.PostAsJsonAsync("/api/users", new { userName = "khong.vai.tro", fullName = "Không vai trò", password = "ngắn" });
        await AssertFieldErrorAsync(missingRole, "role", "Quản trị hệ thống"); // the roles as the form names them
        await AssertFieldErrorAsync(missingRole, "password", "ít nhất 12"); // and the password's problem in the same answer
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/users/khong-co/disable", null)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionRevocationTests(SqliteAppFactory app) : SessionRevocationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionRevocationTests(PostgresAppFactory app) : SessionRevocationTests(app);
