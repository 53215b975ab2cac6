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

    /// <summary>A person signs in with a password; a system (<see cref="SystemClient"/>) only with its client credentials.</summary>
    public AccountKind Kind { get; set; }
}

public enum AccountKind
{
    Person = 0,
    System = 1,
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

    /// <summary>A system's bearer token from its client credentials (/api/auth/client-token).</summary>
    Client = 2,
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
    public const string ClientRevoked = "client-revoked";
    public const string ClientCredentialsChanged = "client-credentials-changed";
}

/// <summary>
/// Another system (the provincial health information system, a hospital) registered to call the API and /fhir with
/// the OAuth 2.0 client-credentials grant: a secret, or a JWT it signs with a key whose public half is registered here
/// (SMART Backend Services). Its role and scope live on its own <see cref="AppUser"/> (<see cref="AccountKind.System"/>),
/// so it sees exactly what a person with that role and scope sees and is audited under its client id.
/// </summary>
public class SystemClient
{
    public int Id { get; set; }

    /// <summary>The client_id it presents; also its account's user name.</summary>
    public required string ClientId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The secret's hash (the secret itself is shown once, when made); null when it signs JWTs instead.</summary>
    public string? SecretHash { get; set; }

    /// <summary>Its public keys as a JSON Web Key Set, for signed JWT assertions; null when it uses a secret.</summary>
    public string? PublicKeys { get; set; }

    /// <summary>Only reads (GET): a write with its token is refused.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>How long each access token lasts.</summary>
    public int TokenMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? LastTokenAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>A signed assertion's id (jti) already used by a client: each may be used once, until it expires.</summary>
public class UsedClientAssertion
{
    public int SystemClientId { get; set; }
    public required string Jti { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
