using System.Collections.Concurrent;
using System.Security.Claims;
using AnSinh.Data;
using AnSinh.Web.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Auth;

public sealed class SessionLifetimeOptions
{
    /// <summary>A browser session ends this long after sign-in, however active (the cookie also ends after 10 idle hours).</summary>
    public double BrowserSessionHours { get; set; } = 12;

    /// <summary>How long an API token is valid.</summary>
    public double TokenHours { get; set; } = 8;
}

/// <summary>
/// Starts and ends sign-in sessions (<see cref="UserSession"/>). A session's id travels in the cookie or token as a
/// claim; <see cref="SessionGuard"/> refuses a request whose session has ended or whose account changed since.
/// </summary>
public sealed class Sessions(AnSinhDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountAdmin accounts, AuditLog audit,
    IOptions<SessionLifetimeOptions> options, TimeProvider time, IHttpContextAccessor http)
{
    public const string ClaimType = "ansinh:session";

    public TimeSpan Lifetime(SessionKind kind) =>
        TimeSpan.FromHours(kind == SessionKind.Browser ? options.Value.BrowserSessionHours : options.Value.TokenHours);

    /// <summary>Records a new session and returns the principal that carries it (the cookie's or the token's).</summary>
    public Task<(ClaimsPrincipal Principal, UserSession Session)> StartAsync(AppUser user, SessionKind kind, CancellationToken ct = default) =>
        StartAsync(user, kind, null, ct);

    /// <param name="lifetime">How long this session lasts, when not the kind's own (a system's tokens).</param>
    public async Task<(ClaimsPrincipal Principal, UserSession Session)> StartAsync(AppUser user, SessionKind kind, TimeSpan? lifetime, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var request = http.HttpContext?.Request;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Kind = kind,
            StartedAt = now,
            ExpiresAt = now + (lifetime ?? Lifetime(kind)),
            Address = Truncate(http.HttpContext?.Connection.RemoteIpAddress?.ToString(), 64),
            UserAgent = Truncate(request?.Headers.UserAgent.ToString(), 300),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);

        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimType, session.Id.ToString("N")));
        return (principal, session);
    }

    /// <summary>Signs a browser in with a new session (the sign-in form, and after a password change).</summary>
    public async Task SignInBrowserAsync(AppUser user, CancellationToken ct = default)
    {
        var (principal, session) = await StartAsync(user, SessionKind.Browser, ct);
        await http.HttpContext!.SignInAsync(IdentityConstants.ApplicationScheme, principal,
            new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false });
    }

    /// <summary>Ends the session a request carries; its cookie or token stops working at once.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, string reason, CancellationToken ct = default)
    {
        if (IdOf(principal) is { } id && await db.UserSessions.FirstOrDefaultAsync(s => s.Id == id && s.EndedAt == null, ct) is { } session)
        {
            session.EndedAt = time.GetUtcNow();
            session.EndReason = reason;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>A user's sessions that are still open, newest first.</summary>
    public Task<List<UserSession>> OpenAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.StartedAt).ToListAsync(ct);
    }

    /// <summary>Changes the password and signs the user out everywhere else; this browser gets a new session.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(AppUser user, string current, string next, bool signInBrowser, CancellationToken ct = default)
    {
        var result = await users.ChangePasswordAsync(user, current, next); // a new security stamp: every cookie and token
        if (!result.Succeeded)
        {
            return result;
        }

        await accounts.EndSessionsAsync(user.Id, SessionEndReasons.PasswordChanged, null, ct);
        audit.Add(AuditActions.ChangePassword, null, AccountAdmin.AuditEntity, user.Id, $"user={user.UserName}");
        await db.SaveChangesAsync(ct);
        if (signInBrowser)
        {
            await SignInBrowserAsync(user, ct);
        }

        return result;
    }

    public static Guid? IdOf(ClaimsPrincipal principal) =>
        Guid.TryParseExact(principal.FindFirstValue(ClaimType), "N", out var id) ? id : null;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length > length ? value[..length] : value;
}

/// <summary>
/// Checks on every signed-in request that its session is open, its account enabled and its security stamp current
/// (a password change, a reset, a new role or scope change the stamp). What it found is kept per session until an
/// account or session changes (<see cref="ChangeKinds.Accounts"/>, announced across instances on PostgreSQL) and for
/// a minute at most, for changes made where no announcement reaches (the CLI on SQLite).
/// </summary>
public sealed class SessionGuard(TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private sealed record Verdict(bool Valid, long Version, DateTimeOffset CheckedAt);

    private readonly ConcurrentDictionary<Guid, Verdict> _verdicts = new();

    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, AnSinhDbContext db, CancellationToken ct)
    {
        var id = Sessions.IdOf(principal);
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType);
        if (id is null || userId is null || stamp is null)
        {
            return false;
        }

        var versions = ChangeVersions.Of(db);
        var now = time.GetUtcNow();
        if (_verdicts.TryGetValue(id.Value, out var kept) && kept.Version == versions.Accounts && now - kept.CheckedAt < KeepFor)
        {
            return kept.Valid;
        }

        var version = versions.Accounts; // read before the query: a change during it makes the verdict stale, not wrong
        var found = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == id.Value && s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { u.SecurityStamp, u.DisabledAt })
            .FirstOrDefaultAsync(ct);
        var valid = found is { DisabledAt: null } && string.Equals(found.SecurityStamp, stamp, StringComparison.Ordinal);
        if (_verdicts.Count > 50_000)
        {
            _verdicts.Clear();
        }

        _verdicts[id.Value] = new Verdict(valid, version, now);
        return valid;
    }
}

/// <summary>
/// Hooks the session check into both ways of signing in, so that a request with an ended session is not
/// authenticated at all — answered 401 (API) or sent to the sign-in page, like a request without a cookie or token.
/// </summary>
public static class SessionCheck
{
    /// <summary>The cookie's own validation step: an ended session's cookie is rejected and deleted.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await IsCurrentAsync(context.HttpContext, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// The bearer handler has no validation step of its own, so the token is read here, checked and handed back as
    /// the authentication's result (with the handler's own expiry rule).
    /// </summary>
    public static async Task ReadBearerAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires < now)
        {
            context.Fail("Token expired or unreadable.");
            return;
        }

        if (!await IsCurrentAsync(context.HttpContext, ticket.Principal))
        {
            context.Fail("Session ended.");
            return;
        }

        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static ValueTask<bool> IsCurrentAsync(HttpContext http, ClaimsPrincipal principal) =>
        http.RequestServices.GetRequiredService<SessionGuard>()
            .IsCurrentAsync(principal, http.RequestServices.GetRequiredService<AnSinhDbContext>(), http.RequestAborted);
}
