using System.Linq.Expressions;

namespace AnSinh.Domain.Stays;

/// <summary>
/// The two readings of "a stay on D", each written once and used by queries (as expressions) and
/// by in-memory rules alike.
/// <list type="bullet">
/// <item><b>Served on D</b> (INDICATORS.md, every figure): admitted on or before D and not discharged
/// before D — a person discharged on D still counts on D.</item>
/// <item><b>In the facility after D</b> (census, capacity): admitted on or before D and not discharged
/// on or before D — a person discharged today has left and frees the bed.</item>
/// </list>
/// Residents are the residential stays; community enrolment and convalescence are counted apart.
/// </summary>
public static class StayPeriods
{
    public static bool IsServedOn(DateOnly admittedOn, DateOnly? dischargedOn, DateOnly date) =>
        admittedOn <= date && (dischargedOn is null || dischargedOn >= date);

    public static bool IsInFacilityAfter(DateOnly admittedOn, DateOnly? dischargedOn, DateOnly date) =>
        admittedOn <= date && (dischargedOn is null || dischargedOn > date);

    public static Expression<Func<Stay, bool>> ServedOn(DateOnly date) =>
        s => s.AdmittedOn <= date && (s.DischargedOn == null || s.DischargedOn >= date);

    public static Expression<Func<Stay, bool>> InFacilityAfter(DateOnly date) =>
        s => s.AdmittedOn <= date && (s.DischargedOn == null || s.DischargedOn > date);

    /// <summary>The census of a facility: its residential stays still open at the end of the day.</summary>
    public static Expression<Func<Stay, bool>> ResidentAfter(int facilityId, DateOnly date) =>
        s => s.FacilityId == facilityId && s.Kind == StayKind.Residential
             && s.AdmittedOn <= date && (s.DischargedOn == null || s.DischargedOn > date);
}
