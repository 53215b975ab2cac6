using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Auth;

/// <summary>
/// The one place that decides which facilities and people a caller may see.
/// National scope sees everything; a unit scope sees facilities and residents located in the unit
/// (as it stood in any period, so a province's old and new communes both count); a facility scope
/// sees that facility and the people it registered or has ever cared for.
/// </summary>
public sealed class AccessScope(AnSinhDbContext db, CurrentUser user, AnSinh.Web.Features.ReferenceData.UnitTreeProvider units, UnitFacilities unitFacilities)
{
    private ResolvedScope? _resolved;

    public sealed record ResolvedScope(bool IsNational, IReadOnlyCollection<int> FacilityIds, IReadOnlyCollection<int> UnitIds);

    public async Task<ResolvedScope> ResolveAsync(CancellationToken ct = default)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        switch (user.ScopeKind)
        {
            case ScopeKind.National:
                _resolved = new ResolvedScope(true, [], []);
                break;
            case ScopeKind.AdminUnit when user.ScopeAdminUnitId is { } unitId:
                var units = await CoveredUnitIdsAsync(unitId, ct);
                var facilityIds = await unitFacilities.GetAsync(db, unitId, units, ct);
                _resolved = new ResolvedScope(false, facilityIds, units);
                break;
            case ScopeKind.Facility when user.ScopeFacilityId is { } fid:
                _resolved = new ResolvedScope(false, [fid], []);
                break;
            default:
                _resolved = new ResolvedScope(false, [], []);
                break;
        }

        return _resolved;
    }

    public async Task<IQueryable<Facility>> FacilitiesAsync(CancellationToken ct = default)
    {
        var scope = await ResolveAsync(ct);
        var ids = scope.FacilityIds;
        return scope.IsNational ? db.Facilities : db.Facilities.Where(f => ids.Contains(f.Id));
    }

    public async Task<IQueryable<Beneficiary>> BeneficiariesAsync(CancellationToken ct = default)
    {
        var scope = await ResolveAsync(ct);
        if (scope.IsNational)
        {
            return db.Beneficiaries;
        }

        var facilityIds = scope.FacilityIds;
        var unitIds = scope.UnitIds;
        return db.Beneficiaries.Where(b =>
            (b.RegisteredFacilityId != null && facilityIds.Contains(b.RegisteredFacilityId.Value))
            || b.Stays.Any(s => facilityIds.Contains(s.FacilityId))
            || (b.AddressUnitId != null && unitIds.Contains(b.AddressUnitId.Value)));
    }

    public async Task<bool> CanAccessFacilityAsync(int facilityId, CancellationToken ct = default)
    {
        var scope = await ResolveAsync(ct);
        return scope.IsNational || scope.FacilityIds.Contains(facilityId);
    }

    /// <summary>The facility exists and the caller may see it (a missing one and one out of scope both answer 404).</summary>
    public async Task<bool> FacilityExistsAndVisibleAsync(int facilityId, CancellationToken ct = default) =>
        await CanAccessFacilityAsync(facilityId, ct) && await db.Facilities.AnyAsync(f => f.Id == facilityId, ct);

    public async Task<bool> CanAccessUnitAsync(int adminUnitId, CancellationToken ct = default)
    {
        var scope = await ResolveAsync(ct);
        return scope.IsNational || scope.UnitIds.Contains(adminUnitId);
    }

    /// <summary>The units a user scoped to the unit may see (<see cref="AnSinh.Domain.Geography.UnitTree.Covered"/>).</summary>
    public async Task<IReadOnlyCollection<int>> CoveredUnitIdsAsync(int unitId, CancellationToken ct) =>
        (await units.GetAsync(db, ct)).Covered(unitId);
}
