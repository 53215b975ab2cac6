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
                SignInManager<AppUser> signIn, ILoggerFactory loggers) =>
            {
                var target = SafeReturnUrl(returnUrl);
                if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
                {
                    return Results.Redirect($"/login?error=missing&returnUrl={Uri.EscapeDataString(target)}");
                }

                var result = await signIn.PasswordSignInAsync(username.Trim(), password, isPersistent: false, lockoutOnFailure: true);
                if (result.Succeeded)
                {
                    return Results.LocalRedirect(target);
                }

                loggers.CreateLogger("AnSinh.Auth").LogWarning("Failed sign-in for {User} (locked out: {Locked})", username, result.IsLockedOut);
                var error = result.IsLockedOut ? "locked" : "invalid";
                return Results.Redirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(target)}");
            })
            .AllowAnonymous();

        app.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
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
