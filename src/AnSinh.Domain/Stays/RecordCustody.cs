namespace AnSinh.Domain.Stays;

public enum CustodyKind
{
    /// <summary>The facility has nothing to do with the person (or had, longer ago than the read period).</summary>
    None = 0,
    /// <summary>The facility cares for the person now and keeps the record: it reads and writes.</summary>
    Owner = 1,
    /// <summary>The person left the facility (transfer, discharge, or admission elsewhere): it reads the record as it stood then.</summary>
    Former = 2,
}

/// <summary>What one facility may do with one person's record. <see cref="LeftOn"/> is set for a former facility.</summary>
public readonly record struct Custody(CustodyKind Kind, DateOnly? LeftOn = null)
{
    public static readonly Custody None = new(CustodyKind.None);
    public static readonly Custody Owner = new(CustodyKind.Owner);

    public bool CanRead => Kind != CustodyKind.None;
    public bool CanWrite => Kind == CustodyKind.Owner;
}

/// <summary>A stay as custody needs it.</summary>
public readonly record struct StaySpan(int FacilityId, DateOnly AdmittedOn, DateOnly? DischargedOn);

/// <summary>
/// Who keeps a person's record (DESIGN: the new facility owns the record after a transfer). A facility owns it while
/// the person has an open stay there; when nobody has the person in care, the facility that registered them keeps it.
/// A facility the person left — by transfer, by discharge, or (for the registering facility) by admission elsewhere —
/// may read, for <c>readDays</c> after the day it left, what it wrote and the record as it stood that day, and may not
/// write. AccessScope.BeneficiariesAsync expresses the same rule in SQL for lists.
/// </summary>
public static class RecordCustody
{
    public static Custody Of(int facilityId, int? registeredFacilityId, IReadOnlyCollection<StaySpan> stays, DateOnly today, int readDays)
    {
        var open = stays.Where(s => s.DischargedOn is null).ToList();
        if (open.Any(s => s.FacilityId == facilityId) || (open.Count == 0 && registeredFacilityId == facilityId))
        {
            return Custody.Owner;
        }

        var leftOn = stays.Where(s => s.FacilityId == facilityId && s.DischargedOn is not null).Max(s => s.DischargedOn);
        if (registeredFacilityId == facilityId)
        {
            // The registering facility stopped keeping the record when another facility first took the person in.
            var takenIn = open.Min(s => s.AdmittedOn);
            leftOn = leftOn is { } own && own > takenIn ? own : takenIn;
        }

        return leftOn is { } left && today <= left.AddDays(readDays) ? new Custody(CustodyKind.Former, left) : Custody.None;
    }
}
