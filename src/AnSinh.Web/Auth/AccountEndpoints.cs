using System.Security.Claims;
using AnSinh.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace AnSinh.Web.Auth;

/// <summary>The sign-in form posts here; the page itself is a Razor component.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/login", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
                PasswordSignIn passwords, Sessions sessions, TwoFactor twoFactor, TimeProvider time, HttpContext http) =>
            {
                var target = SafeReturnUrl(returnUrl);
                if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
                {
                    return Results.Redirect($"/login?error=missing&returnUrl={Uri.EscapeDataString(target)}");
                }

                var outcome = await passwords.CheckAsync(username, password, http.Connection.RemoteIpAddress?.ToString());
                switch (outcome)
                {
                    case PasswordSignIn.Succeeded { User: var user }:
                        if (await twoFactor.IsEnabledAsync(user))
                        {
                            // The password checked out; the code is asked for next. Until then only this short-lived cookie says so.
                            var pending = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Id)], IdentityConstants.TwoFactorUserIdScheme));
                            await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, pending,
                                new AuthenticationProperties { ExpiresUtc = time.GetUtcNow().AddMinutes(5) });
                            return Results.Redirect($"/login/code?returnUrl={Uri.EscapeDataString(target)}");
                        }

                        // An account that must use two factors and has none yet is sent to set it up (TwoFactorGate).
                        await sessions.SignInBrowserAsync(user, http.RequestAborted);
                        return Results.LocalRedirect(target);
                    case PasswordSignIn.Wait wait:
                        var seconds = Math.Max(1, (int)Math.Ceiling(wait.RetryAfter.TotalSeconds));
                        return Results.Redirect($"/login?error=wait&seconds={seconds}&returnUrl={Uri.EscapeDataString(target)}");
                    default:
                        return Results.Redirect($"/login?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
                }
            })
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimit.Policy);

        app.MapPost("/account/login/code", async ([FromForm] string? code, [FromForm] string? returnUrl, UserManager<AppUser> users,
                TwoFactor twoFactor, SignInThrottle throttle, Sessions sessions, ILogger<PasswordSignIn> logger, HttpContext http) =>
            {
                var target = SafeReturnUrl(returnUrl);
                var back = $"returnUrl={Uri.EscapeDataString(target)}";
                var pending = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
                var user = pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } userId ? await users.FindByIdAsync(userId) : null;
                if (user is null || user.DisabledAt is not null)
                {
                    return Results.Redirect($"/login?error=expired&{back}");
                }

                var key = TwoFactor.ThrottleKey(user);
                if (throttle.WaitFor(key) is { } wait)
                {
                    return Results.Redirect($"/login/code?error=wait&seconds={Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))}&{back}");
                }

                if (!await twoFactor.VerifyAsync(user, code))
                {
                    var failures = throttle.Failed(key);
                    logger.LogWarning("Wrong two-factor code for {User} from {Address} ({Failures} in a row)", user.UserName, http.Connection.RemoteIpAddress, failures);
                    return Results.Redirect($"/login/code?error=invalid&{back}");
                }

                throttle.Succeeded(key);
                await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
                await sessions.SignInBrowserAsync(user, http.RequestAborted);
                return Results.LocalRedirect(target);
            })
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimit.Policy);

        app.MapPost("/logout", async (SignInManager<AppUser> signIn, Sessions sessions, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, HttpContext http) =>
        {
            // The layout's sign-out form carries the token; another site cannot sign a user out behind their back.
            // (The middleware checks tokens only for endpoints that bind a form; this one binds none.)
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Yêu cầu đăng xuất không hợp lệ. Hãy tải lại trang rồi thử lại.");
            }

            // The session ends in the database too: a copy of the cookie taken before sign-out no longer works.
            await sessions.EndAsync(http.User, SessionEndReasons.SignedOut, http.RequestAborted);
            await signIn.SignOutAsync();
            return Results.Redirect("/login");
        });

        app.MapGet("/culture", (string? culture, string? returnUrl, HttpContext context) =>
            {
                var c = culture == "en" ? "en" : "vi-VN";
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax });
                return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            })
            .AllowAnonymous();
    }

    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
