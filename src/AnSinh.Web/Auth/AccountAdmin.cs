using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Validation;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Auth;

/// <summary>A role and where it applies, for a person's account or a system's (the same form fields).</summary>
public interface IAccessInput
{
    string? Role { get; set; }
    int? FacilityId { get; set; }
    string? UnitCode { get; set; }
}

/// <summary>What an administrator asks for a new account or a changed access: role and where it applies.</summary>
public sealed class AccountInput : IAccessInput
{
    public string? UserName { get; set; }
    public string? FullName { get; set; }
    public string? Role { get; set; }

    /// <summary>For a facility manager or clinician: their facility.</summary>
    public int? FacilityId { get; set; }

    /// <summary>For a province officer: the current administrative unit's code (22 = Quảng Ninh).</summary>
    public string? UnitCode { get; set; }

    /// <summary>Only when creating: the first password (the user changes it).</summary>
    public string? Password { get; set; }
}

public sealed record AccountRow(string Id, string UserName, string FullName, string? Role, ScopeKind ScopeKind, string? ScopeName,
    DateTimeOffset? DisabledAt, int OpenSessions, bool TwoFactorEnabled = false);

/// <summary>
/// Creating, disabling, re-enabling and re-scoping accounts and resetting passwords (issue #10), for the
/// administrators' page, the API and `ansinh users`. Whatever takes access away also ends the account's sessions,
/// so a cookie or token in use stops working at its next request; every action is audited.
/// </summary>
public sealed class AccountAdmin(AnSinhDbContext db, UserManager<AppUser> users, AuditLog audit, Clock clock)
{
    public const string AuditEntity = "User";

    public async Task<List<AccountRow>> ListAsync(string? onlyId = null, CancellationToken ct = default)
    {
        var now = clock.Now;
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.Kind == AccountKind.Person)
            .Where(u => onlyId == null || u.Id == onlyId)
            .OrderBy(u => u.UserName)
            .Select(u => new
            {
                u.Id, u.UserName, u.FullName, u.ScopeKind, u.DisabledAt, u.TwoFactorEnabled,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                Unit = db.AdminUnits.Where(a => a.Id == u.ScopeAdminUnitId).Select(a => a.Name).FirstOrDefault(),
                Facility = db.Facilities.Where(f => f.Id == u.ScopeFacilityId).Select(f => f.Name).FirstOrDefault(),
                Open = db.UserSessions.Count(s => s.UserId == u.Id && s.EndedAt == null && s.ExpiresAt > now),
            })
            .ToListAsync(ct);
        return rows.Select(r => new AccountRow(r.Id, r.UserName!, r.FullName, r.Role, r.ScopeKind, r.Facility ?? r.Unit, r.DisabledAt, r.Open, r.TwoFactorEnabled)).ToList();
    }

    public Task<AppUser?> FindAsync(string idOrName)
    {
        var normalized = users.NormalizeName(idOrName.Trim());
        // Systems' accounts are managed as clients (SystemClients), not here.
        return db.Users.FirstOrDefaultAsync(u => u.Kind == AccountKind.Person && (u.Id == idOrName || u.NormalizedUserName == normalized));
    }

    public async Task<ServiceResult<string>> CreateAsync(AccountInput input, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var userName = input.UserName?.Trim();
        errors.AddIf(string.IsNullOrEmpty(userName), "userName", "Tên đăng nhập là bắt buộc.");
        errors.AddIf(userName is { Length: > 64 }, "userName", "Tên đăng nhập dài tối đa 64 ký tự.");
        var fullName = input.FullName?.Trim().Normalize(System.Text.NormalizationForm.FormC);
        errors.AddIf(string.IsNullOrEmpty(fullName), "fullName", "Họ và tên là bắt buộc.");
        errors.AddIf(fullName?.Any(char.IsControl) == true || userName?.Any(char.IsControl) == true, "fullName", "Không được chứa ký tự điều khiển.");
        errors.AddIf(fullName is { Length: > 200 }, "fullName", "Họ và tên dài tối đa 200 ký tự.");
        errors.AddIf(string.IsNullOrEmpty(input.Password), "password", "Mật khẩu là bắt buộc.");
        var access = await ResolveAccessAsync(input, errors, ct);
        if (!errors.IsValid || access is null)
        {
            // Every problem at once: the password's too, not on the next submit.
            if (!string.IsNullOrEmpty(input.Password))
            {
                foreach (var e in await PasswordProblemsAsync(new AppUser { UserName = userName }, input.Password))
                {
                    errors.Add("password", e.Description);
                }
            }

            return ServiceResult<string>.Invalid(errors);
        }

        var user = new AppUser { UserName = userName, FullName = fullName!, ScopeKind = access.Kind, ScopeAdminUnitId = access.UnitId, ScopeFacilityId = access.FacilityId };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            return ServiceResult<string>.Invalid(ErrorsOf(created, "password"));
        }

        await users.AddToRoleAsync(user, access.Role);
        audit.Add(AuditActions.CreateAccount, null, AuditEntity, user.Id, $"user={user.UserName}; role={access.Role}; scope={Describe(access)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ServiceResult<string>.Ok(user.Id);
    }

    /// <summary>A new role and scope; the account's sessions end, since their claims carry the old ones.</summary>
    public async Task<ServiceResult<bool>> SetAccessAsync(string id, AccountInput input, CancellationToken ct = default)
    {
        var user = await FindAsync(id);
        if (user is null)
        {
            return ServiceResult<bool>.Missing();
        }

        var errors = new ValidationErrors();
        var access = await ResolveAccessAsync(input, errors, ct);
        if (access is null)
        {
            return ServiceResult<bool>.Invalid(errors);
        }

        if (access.Role != Roles.SystemAdmin && await IsLastAdministratorAsync(user))
        {
            return ServiceResult<bool>.Invalid("role", "Đây là quản trị hệ thống cuối cùng: hãy cấp quyền quản trị cho một tài khoản khác trước.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, access.Role);
        user.ScopeKind = access.Kind;
        user.ScopeAdminUnitId = access.UnitId;
        user.ScopeFacilityId = access.FacilityId;
        await users.UpdateSecurityStampAsync(user);
        await EndSessionsAsync(user.Id, SessionEndReasons.AccessChanged, null, ct);
        audit.Add(AuditActions.ChangeAccountAccess, null, AuditEntity, user.Id, $"user={user.UserName}; role={access.Role}; scope={Describe(access)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> DisableAsync(string id, string? actingUserId, CancellationToken ct = default)
    {
        var user = await FindAsync(id);
        if (user is null)
        {
            return ServiceResult<bool>.Missing();
        }

        if (user.Id == actingUserId)
        {
            return ServiceResult<bool>.Invalid("", "Không thể tự vô hiệu hóa tài khoản của mình.");
        }

        if (await IsLastAdministratorAsync(user))
        {
            return ServiceResult<bool>.Invalid("", "Đây là quản trị hệ thống cuối cùng đang hoạt động: không thể vô hiệu hóa.");
        }

        if (user.DisabledAt is null)
        {
            // The flag, the new stamp, the ended sessions and the audit row are one save (UpdateSecurityStampAsync's).
            user.DisabledAt = clock.Now;
            await EndSessionsAsync(user.Id, SessionEndReasons.Disabled, null, ct);
            audit.Add(AuditActions.DisableAccount, null, AuditEntity, user.Id, $"user={user.UserName}");
            await users.UpdateSecurityStampAsync(user);
        }

        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> EnableAsync(string id, CancellationToken ct = default)
    {
        var user = await FindAsync(id);
        if (user is null)
        {
            return ServiceResult<bool>.Missing();
        }

        if (user.DisabledAt is not null)
        {
            user.DisabledAt = null;
            audit.Add(AuditActions.EnableAccount, null, AuditEntity, user.Id, $"user={user.UserName}");
            await users.UpdateAsync(user);
        }

        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>An administrator sets a new password (the user forgot theirs); every session of the account ends.</summary>
    public async Task<ServiceResult<bool>> ResetPasswordAsync(string id, string? password, CancellationToken ct = default)
    {
        var user = await FindAsync(id);
        if (user is null)
        {
            return ServiceResult<bool>.Missing();
        }

        if (string.IsNullOrEmpty(password))
        {
            return ServiceResult<bool>.Invalid("password", "Mật khẩu là bắt buộc.");
        }

        var problems = await PasswordProblemsAsync(user, password);
        if (problems.Count > 0)
        {
            return ServiceResult<bool>.Invalid(ErrorsOf(IdentityResult.Failed([.. problems]), "password"));
        }

        // The hash, the new stamp, the ended sessions and the audit row are one save.
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        await EndSessionsAsync(user.Id, SessionEndReasons.PasswordReset, null, ct);
        audit.Add(AuditActions.ResetPassword, null, AuditEntity, user.Id, $"user={user.UserName}");
        await users.UpdateSecurityStampAsync(user);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Ends every session of an account but <paramref name="keep"/> (the caller's own, for "sign out elsewhere").</summary>
    public async Task<int> SignOutEverywhereAsync(string userId, Guid? keep, CancellationToken ct = default)
    {
        var ended = await EndSessionsAsync(userId, SessionEndReasons.SignedOutEverywhere, keep, ct);
        audit.Add(AuditActions.SignOutEverywhere, null, AuditEntity, userId, $"sessions={ended}");
        await db.SaveChangesAsync(ct);
        return ended;
    }

    /// <summary>
    /// Turns an account's two-factor sign-in off and forgets its key and recovery codes: the user's own choice, or an
    /// administrator's when a phone is lost. The account's sessions end; at the next sign-in an account whose role
    /// needs two factors sets them up again.
    /// </summary>
    public async Task<ServiceResult<bool>> ResetTwoFactorAsync(string idOrName, string? byUserName, CancellationToken ct = default)
    {
        if (await FindAsync(idOrName) is not { } user)
        {
            return ServiceResult<bool>.Missing();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // the old app's codes stop working; setting up again shows a new key
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await EndSessionsAsync(user.Id, SessionEndReasons.TwoFactorChanged, null, ct);
        audit.Add(AuditActions.DisableTwoFactor, null, AuditEntity, user.Id, $"user={user.UserName}; by={byUserName}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>What Identity's password validators (the policy) say of a password for this user.</summary>
    private async Task<List<IdentityError>> PasswordProblemsAsync(AppUser user, string password)
    {
        var problems = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return problems;
    }

    /// <summary>Whether this enabled administrator is the only one: taking its role away would leave nobody to manage accounts.</summary>
    private async Task<bool> IsLastAdministratorAsync(AppUser user)
    {
        if (user.DisabledAt is not null || !await users.IsInRoleAsync(user, Roles.SystemAdmin))
        {
            return false;
        }

        return (await users.GetUsersInRoleAsync(Roles.SystemAdmin)).Count(u => u.DisabledAt is null) == 1;
    }

    /// <summary>Marks the sessions ended in the pending changes; the caller saves.</summary>
    internal async Task<int> EndSessionsAsync(string userId, string reason, Guid? keep, CancellationToken ct)
    {
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep).ToListAsync(ct);
        foreach (var session in open)
        {
            session.EndedAt = clock.Now;
            session.EndReason = reason;
        }

        return open.Count;
    }

    internal sealed record Access(string Role, ScopeKind Kind, int? UnitId, int? FacilityId, string? Where);

    /// <summary>The role decides the kind of scope: national for administrators and national officers, a unit for
    /// province officers, a facility for managers and clinicians.</summary>
    internal async Task<Access?> ResolveAccessAsync(IAccessInput input, ValidationErrors errors, CancellationToken ct)
    {
        var role = Roles.All.FirstOrDefault(r => string.Equals(r, input.Role?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (role is null)
        {
            errors.Add("role", $"Chọn một vai trò: {string.Join(", ", Roles.All.Select(Components.Shared.Labels.Role))}.");
            return null;
        }

        switch (role)
        {
            case Roles.SystemAdmin or Roles.NationalOfficer:
                return new Access(role, ScopeKind.National, null, null, "toàn quốc");
            case Roles.ProvinceOfficer:
                var code = input.UnitCode?.Trim();
                var unit = string.IsNullOrEmpty(code) ? null : await db.AdminUnits.AsNoTracking()
                    .Where(u => u.Code == code && u.Level != AdminLevel.Nation).Where(AdminUnit.ValidOn(clock.Today))
                    .OrderBy(u => u.Level).Select(u => new { u.Id, u.Name }).FirstOrDefaultAsync(ct);
                if (unit is null)
                {
                    errors.Add("unitCode", string.IsNullOrEmpty(code)
                        ? "Cán bộ tỉnh cần mã đơn vị hành chính (ví dụ 22 là Quảng Ninh)."
                        : $"Không có đơn vị hành chính hiện hành mã {code}.");
                    return null;
                }

                return new Access(role, ScopeKind.AdminUnit, unit.Id, null, unit.Name);
            default:
                var facility = input.FacilityId is { } fid
                    ? await db.Facilities.AsNoTracking().Where(f => f.Id == fid).Select(f => new { f.Id, f.Name }).FirstOrDefaultAsync(ct)
                    : null;
                if (facility is null)
                {
                    errors.Add("facilityId", input.FacilityId is null ? "Chọn cơ sở làm việc." : $"Không có cơ sở mã {input.FacilityId}.");
                    return null;
                }

                return new Access(role, ScopeKind.Facility, null, facility.Id, facility.Name);
        }
    }

    internal static string Describe(Access access) => access.Where ?? access.Kind.ToString();

    private static ValidationErrors ErrorsOf(IdentityResult result, string passwordField)
    {
        var errors = new ValidationErrors();
        foreach (var e in result.Errors)
        {
            var field = e.Code switch
            {
                "PasswordPolicy" => passwordField,
                nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "userName",
                _ => "",
            };
            errors.Add(field, e.Description);
        }

        return errors;
    }
}
