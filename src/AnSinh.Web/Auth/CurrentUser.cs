using System.Globalization;
using System.Security.Claims;
using AnSinh.Data;

namespace AnSinh.Web.Auth;

/// <summary>Who is calling, with their role and scope, read from the authenticated principal.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;
    public string? Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier);
    public string? UserName => Principal.Identity?.Name;
    public string FullName => Principal.FindFirstValue(ScopeClaimTypes.FullName) ?? UserName ?? "";
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public ScopeKind ScopeKind =>
        Enum.TryParse<ScopeKind>(Principal.FindFirstValue(ScopeClaimTypes.Kind), out var kind) ? kind : ScopeKind.Facility;

    public int? ScopeAdminUnitId => ParseInt(Principal.FindFirstValue(ScopeClaimTypes.AdminUnitId));
    public int? ScopeFacilityId => ParseInt(Principal.FindFirstValue(ScopeClaimTypes.FacilityId));

    public bool IsInRole(string role) => Principal.IsInRole(role);
    public bool IsAdmin => IsInRole(Roles.SystemAdmin);

    /// <summary>Officers and admins manage facilities; clinicians and managers work inside one.</summary>
    public bool CanManageFacilities => IsInRole(Roles.SystemAdmin) || IsInRole(Roles.NationalOfficer) || IsInRole(Roles.ProvinceOfficer);
    public bool CanEditStaff => CanManageFacilities || IsInRole(Roles.FacilityManager);
    public bool CanWriteRecords => IsInRole(Roles.Clinician) || IsInRole(Roles.FacilityManager) || IsInRole(Roles.SystemAdmin);

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
