namespace AnSinh.Domain.Indicators;

/// <summary>
/// The figures of a closed year (as of a date before this year) for one unit or facility under one plan, computed
/// once and kept: trends and baselines read them instead of loading years of records again. A record whose dates
/// reach back to or before <see cref="AsOf"/> deletes the snapshot, and the next view computes it afresh.
/// </summary>
public sealed class IndicatorSnapshot
{
    public int Id { get; set; }

    /// <summary>What was computed: the unit (its row of that era: Khánh Hòa before and after 2025 differ), the facility, the plan.</summary>
    public required string Key { get; set; }

    public DateOnly AsOf { get; set; }

    /// <summary>The figure of every indicator code as JSON: {"BEN-PERIODIC": 87.5, …}.</summary>
    public required string Figures { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    public static string KeyOf(int unitId, int? facilityId, int? planId) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"u{unitId}:f{(facilityId is { } f ? f : "-")}:p{(planId is { } p ? p : "-")}");

    /// <summary>Only a closed year's figures are kept: this year's change with every record entered today.</summary>
    public static bool CanKeep(DateOnly asOf, DateOnly today) => asOf.Year < today.Year;
}
