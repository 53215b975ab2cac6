using Microsoft.AspNetCore.Identity;

namespace AnSinh.Data;

public enum ScopeKind
{
    National = 0,
    AdminUnit = 1,
    Facility = 2,
}

/// <summary>A staff or officer account; its scope limits the facilities and people it sees.</summary>
public class AppUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public ScopeKind ScopeKind { get; set; }
    public int? ScopeAdminUnitId { get; set; }
    public int? ScopeFacilityId { get; set; }

    /// <summary>When an administrator disabled the account: it cannot sign in and its sessions have ended.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}

public static class Roles
{
    public const string SystemAdmin = nameof(SystemAdmin);
    public const string NationalOfficer = nameof(NationalOfficer);
    public const string ProvinceOfficer = nameof(ProvinceOfficer);
    public const string FacilityManager = nameof(FacilityManager);
    public const string Clinician = nameof(Clinician);

    public static readonly string[] All = [SystemAdmin, NationalOfficer, ProvinceOfficer, FacilityManager, Clinician];
}

public enum SessionKind
{
    /// <summary>A browser signed in with the form; carried in the cookie.</summary>
    Browser = 0,

    /// <summary>A bearer token from /api/auth/token.</summary>
    Token = 1,
}

/// <summary>
/// One sign-in: a browser's cookie or an API token carries its id, and every request checks that it has not ended
/// (sign-out, "sign out everywhere", a password change, a disabled account), so a copied cookie or token stops
/// working as soon as its session ends (issue #10).
/// </summary>
public class UserSession
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public SessionKind Kind { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>However active the session, it ends here and the user signs in again.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why it ended: <see cref="SessionEndReasons"/>.</summary>
    public string? EndReason { get; set; }

    public string? Address { get; set; }
    public string? UserAgent { get; set; }
}

public static class SessionEndReasons
{
    public const string SignedOut = "signed-out";
    public const string SignedOutEverywhere = "signed-out-everywhere";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string Disabled = "disabled";
    public const string AccessChanged = "access-changed";
    public const string TwoFactorChanged = "two-factor-changed";
}
