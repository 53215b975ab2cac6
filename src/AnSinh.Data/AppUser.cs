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
