using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Stays;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Auth;

/// <summary>
/// The one place that decides which facilities and people a caller may see.
/// National scope sees everything; a unit scope sees facilities and residents located in the unit
/// (as it stood in any period, so a province's old and new communes both count); a facility scope
/// sees that facility and the people it keeps the record of, or kept until recently (<see cref="RecordCustody"/>).
/// </summary>
public sealed class AccessScope(
    AnSinhDbContext db, CurrentUser user, AnSinh.Web.Features.ReferenceData.UnitTreeProvider units, UnitFacilities unitFacilities,
    Clock clock, IOptions<RecordAccessOptions> options)
{
    private ResolvedScope? _resolved;
    private readonly List<int> _registeredHere = [];

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

        if (_registeredHere.Count > 0 && !_resolved.IsNational)
        {
            _resolved = _resolved with { FacilityIds = _resolved.FacilityIds.Union(_registeredHere).ToList() };
        }

        return _resolved;
    }

    /// <summary>
    /// A facility the caller has just registered in their own area is in scope for the rest of the request (a
    /// transaction Bundle's later entries), before the kept lists learn of it at the commit.
    /// </summary>
    public void Registered(int facilityId)
    {
        _registeredHere.Add(facilityId);
        _resolved = null;
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
        if (user.ScopeKind != ScopeKind.Facility)
        {
            // An area sees the people of its facilities (any stay) and its residents; custody is a facility's matter,
            // and the plain shape keeps a province's search an index lookup (issue #9).
            return db.Beneficiaries.Where(b =>
                (b.RegisteredFacilityId != null && facilityIds.Contains(b.RegisteredFacilityId.Value))
                || b.Stays.Any(s => facilityIds.Contains(s.FacilityId))
                || (b.AddressUnitId != null && unitIds.Contains(b.AddressUnitId.Value)));
        }

        // RecordCustody in SQL: a stay here that is open or ended within the read period; or registered here and not
        // taken in elsewhere before the read period began.
        var since = clock.Today.AddDays(-options.Value.FormerFacilityReadDays);
        return db.Beneficiaries.Where(b =>
            b.Stays.Any(s => facilityIds.Contains(s.FacilityId) && (s.DischargedOn == null || s.DischargedOn >= since))
            || (b.RegisteredFacilityId != null && facilityIds.Contains(b.RegisteredFacilityId.Value)
                && !b.Stays.Any(s => s.DischargedOn == null && !facilityIds.Contains(s.FacilityId) && s.AdmittedOn < since))
            || (b.AddressUnitId != null && unitIds.Contains(b.AddressUnitId.Value)));
    }

    /// <summary>
    /// What the caller may do with one person's record: nothing (404), read it, or read and write it. A facility the
    /// person left reads the record as it stood on <see cref="Custody.LeftOn"/> and cannot write. National and area
    /// scopes read and write whatever they see (their roles decide what they may write).
    /// </summary>
    public async Task<Custody> CustodyOfAsync(int beneficiaryId, CancellationToken ct = default)
    {
        var scope = await ResolveAsync(ct);
        if (user.ScopeKind != ScopeKind.Facility || user.ScopeFacilityId is null)
        {
            var visible = scope.IsNational ? db.Beneficiaries : await BeneficiariesAsync(ct);
            return await visible.AnyAsync(b => b.Id == beneficiaryId, ct) ? Custody.Owner : Custody.None;
        }

        var person = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == beneficiaryId)
            .Select(b => new { b.RegisteredFacilityId, Stays = b.Stays.Select(s => new StaySpan(s.FacilityId, s.AdmittedOn, s.DischargedOn)).ToList() })
            .FirstOrDefaultAsync(ct);
        return person is null ? Custody.None : CustodyOf(person.RegisteredFacilityId, person.Stays);
    }

    /// <summary>The caller's custody of a person already loaded with their stays and already known to be visible (no query).</summary>
    public Custody CustodyOf(int? registeredFacilityId, IEnumerable<StaySpan> stays) =>
        user.ScopeKind == ScopeKind.Facility && user.ScopeFacilityId is { } facilityId
            ? RecordCustody.Of(facilityId, registeredFacilityId, stays.ToList(), clock.Today, options.Value.FormerFacilityReadDays)
            : Custody.Owner;

    /// <summary>Why the caller may read but not write the person's record (a facility the person left), or null.</summary>
    public async Task<string?> ReadOnlyReasonAsync(int beneficiaryId, CancellationToken ct = default) =>
        await CustodyOfAsync(beneficiaryId, ct) is { Kind: CustodyKind.Former, LeftOn: { } leftOn } ? ReadOnlyMessage(leftOn) : null;

    public static string ReadOnlyMessage(DateOnly leftOn) =>
        $"Đối tượng đã rời cơ sở của bạn ngày {leftOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}: "
        + "hồ sơ chỉ còn để xem như ngày đó; cơ sở đang chăm sóc đối tượng ghi tiếp.";

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

    /// <summary>The facilities located in a unit's territory (the monitoring page's chosen area), whatever the user's scope.</summary>
    public async Task<IReadOnlyCollection<int>> FacilityIdsInUnitAsync(int unitId, CancellationToken ct = default) =>
        await unitFacilities.GetAsync(db, unitId, await CoveredUnitIdsAsync(unitId, ct), ct);

    /// <summary>The units a user scoped to the unit may see (<see cref="AnSinh.Domain.Geography.UnitTree.Covered"/>).</summary>
    public async Task<IReadOnlyCollection<int>> CoveredUnitIdsAsync(int unitId, CancellationToken ct) =>
        (await units.GetAsync(db, ct)).Covered(unitId);
}

public sealed class RecordAccessOptions
{
    /// <summary>How long a facility the person left may still read the record (as it stood that day), in days.</summary>
    public int FormerFacilityReadDays { get; set; } = 90;
}
