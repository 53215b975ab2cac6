using AnSinh.Data;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Auth;

public sealed class TwoFactorOptions
{
    /// <summary>Roles whose accounts must sign in with an authenticator code (Security:TwoFactor:RequiredRoles); others may choose to.</summary>
    public string[] RequiredRoles { get; set; } = [Roles.SystemAdmin, Roles.NationalOfficer, Roles.ProvinceOfficer];
}

/// <summary>
/// TOTP two-factor sign-in (RFC 6238, the authenticator apps' 6-digit codes) on ASP.NET Core Identity's authenticator
/// token provider, with single-use recovery codes. The demo accounts of a demo site are exempt, so that the README's
/// demo logins work as printed.
/// </summary>
public sealed class TwoFactor(
    UserManager<AppUser> users, IUserStore<AppUser> store, IOptions<TwoFactorOptions> options, IOptions<DemoOptions> demo,
    IHostEnvironment environment, IMemoryCache usedCodes, AnSinhDbContext db, AuditLog audit)
{
    public const int RecoveryCodeCount = 10;
    public const string Issuer = "AnSinh";

    /// <summary>
    /// Wrong codes in a row are counted apart from wrong passwords (<see cref="SignInThrottle"/>): a right password
    /// clears the password count, and must not clear the count of someone guessing codes with it.
    /// </summary>
    public static string ThrottleKey(AppUser user) => "code:" + user.NormalizedUserName;

    public async Task<bool> IsRequiredAsync(AppUser user)
    {
        if (DatabaseInitializer.SeedsDemo(demo.Value, environment)
            && DatabaseInitializer.DemoLogins.Any(l => string.Equals(l.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var required = options.Value.RequiredRoles;
        return (await users.GetRolesAsync(user)).Any(r => required.Contains(r, StringComparer.Ordinal));
    }

    public Task<bool> IsEnabledAsync(AppUser user) => users.GetTwoFactorEnabledAsync(user);

    /// <summary>The authenticator's current code, or an unused recovery code (which is then spent). A code is accepted once.</summary>
    public async Task<bool> VerifyAsync(AppUser user, string? code)
    {
        var clean = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (clean.Length == 6 && clean.All(char.IsAsciiDigit))
        {
            // Identity accepts a code for about 90 s either side of its time step; one seen over a shoulder is not reusable.
            var key = $"totp:{user.Id}:{clean}";
            if (usedCodes.TryGetValue(key, out _)
                || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
            {
                return false;
            }

            usedCodes.Set(key, true, TimeSpan.FromMinutes(5));
            return true;
        }

        // Recovery codes are shown as XXXXX-XXXXX; accept them typed with or without the dash.
        var recovery = clean.Replace("-", "", StringComparison.Ordinal);
        if (recovery.Length != 10)
        {
            return false;
        }

        if (!(await users.RedeemTwoFactorRecoveryCodeAsync(user, $"{recovery[..5]}-{recovery[5..]}")).Succeeded)
        {
            return false;
        }

        audit.Add(AuditActions.UseRecoveryCode, null, AccountAdmin.AuditEntity, user.Id, $"user={user.UserName}; left={await users.CountRecoveryCodesAsync(user)}");
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>The secret to put in an authenticator app: the key as typed (groups of four) and an otpauth:// link.</summary>
    public async Task<(string Key, string Link)> EnrolmentKeyAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Through the store: UserManager.ResetAuthenticatorKeyAsync also renews the security stamp, which would end
            // the very session that is setting the key up.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }

        var grouped = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        var label = Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        return (grouped, $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits=6&period=30");
    }

    /// <summary>The link as a QR code (SVG) for the phone's camera: most authenticator apps add an account by scanning it.</summary>
    public static string QrSvg(string link)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(4);
    }

    /// <summary>Turns two-factor sign-in on once the app's first code checks out; returns the recovery codes, or null.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(AppUser user, string? code)
    {
        var clean = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (clean.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            return null;
        }

        usedCodes.Set($"totp:{user.Id}:{clean}", true, TimeSpan.FromMinutes(5));
        await users.SetTwoFactorEnabledAsync(user, true); // a new security stamp: sessions opened with the password alone end
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Add(AuditActions.EnableTwoFactor, null, AccountAdmin.AuditEntity, user.Id, $"user={user.UserName}");
        await db.SaveChangesAsync();
        return codes;
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(AppUser user)
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Add(AuditActions.NewRecoveryCodes, null, AccountAdmin.AuditEntity, user.Id, $"user={user.UserName}");
        await db.SaveChangesAsync();
        return codes;
    }
}

/// <summary>
/// An account that must use two-factor sign-in and has not set it up reaches only the set-up page (and sign-out):
/// pages redirect there, the API answers 403.
/// </summary>
public static class TwoFactorGate
{
    public const string SetupPath = "/account/two-factor";

    public static void UseTwoFactorGate(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(c => c.Type == ScopeClaimTypes.TwoFactorSetup) && !Allowed(context))
        {
            const string message = "Tài khoản này phải bật xác thực hai bước trước khi dùng: vào trang Tài khoản → Xác thực hai bước.";
            if (Infrastructure.MachinePaths.IsFhir(context.Request.Path))
            {
                await Features.Fhir.FhirApi.Outcome(context, StatusCodes.Status403Forbidden, Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden, message)
                    .ExecuteAsync(context);
                return;
            }

            if (Infrastructure.MachinePaths.Contains(context.Request.Path))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: message).ExecuteAsync(context);
                return;
            }

            context.Response.Redirect(SetupPath);
            return;
        }

        await next();
    });

    private static bool Allowed(HttpContext context) =>
        context.Request.Path.StartsWithSegments(SetupPath, StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/logout", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/culture", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/api/auth/sign-out", StringComparison.OrdinalIgnoreCase)
        // Style sheets, scripts and fonts (MapStaticAssets), the sign-in pages, /health: what needs no sign-in anyway.
        || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
}
