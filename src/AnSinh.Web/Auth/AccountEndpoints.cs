using AnSinh.Data;
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
                PasswordSignIn passwords, Sessions sessions, HttpContext http) =>
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
