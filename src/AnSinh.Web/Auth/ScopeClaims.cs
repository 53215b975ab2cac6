using System.Security.Claims;
using AnSinh.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Auth;

public static class ScopeClaimTypes
{
    public const string Kind = "ansinh:scope_kind";
    public const string AdminUnitId = "ansinh:scope_unit";
    public const string FacilityId = "ansinh:scope_facility";
    public const string FullName = "ansinh:full_name";
    /// <summary>The account must set up two-factor sign-in before it may do anything else (<see cref="TwoFactorGate"/>).</summary>
    public const string TwoFactorSetup = "ansinh:two_factor_setup";
}

/// <summary>Puts the user's scope into the cookie or token, so scoping needs no extra query.</summary>
public sealed class ScopeClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    TwoFactor twoFactor)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ScopeClaimTypes.Kind, user.ScopeKind.ToString()));
        identity.AddClaim(new Claim(ScopeClaimTypes.FullName, user.FullName));
        if (user.ScopeAdminUnitId is { } unitId)
        {
            identity.AddClaim(new Claim(ScopeClaimTypes.AdminUnitId, unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.ScopeFacilityId is { } facilityId)
        {
            identity.AddClaim(new Claim(ScopeClaimTypes.FacilityId, facilityId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.Kind == AccountKind.Person && !user.TwoFactorEnabled && await twoFactor.IsRequiredAsync(user))
        {
            identity.AddClaim(new Claim(ScopeClaimTypes.TwoFactorSetup, "required"));
        }

        return identity;
    }
}
