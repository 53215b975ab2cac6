using AnSinh.Domain.Audit;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Plans;
using AnSinh.Data.ReferenceData;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AnSinh.Data;

/// <summary>
/// Which kept indicator figures a save makes stale: those as of the earliest date the changed records touch, or
/// later. Conservative by design — a wrongly kept figure is worse than recomputing one.
/// </summary>
internal static class SnapshotInvalidation
{
    // Records that no indicator counts. Reference data (units, code lists) is reloaded by its loader, which clears
    // every snapshot itself.
    private static readonly HashSet<Type> Unrelated =
    [
        typeof(AuditEvent), typeof(IndicatorSnapshot), typeof(LatestRecords), typeof(AnnualReportText), typeof(PlanTask), typeof(PlanTaskNote),
        typeof(DataProtectionKey), typeof(ReferenceDataSet), typeof(AppUser), typeof(Icd10Code), typeof(ObservationCode),
        typeof(AnSinh.Domain.Beneficiaries.CodeListItem),
    ];

    /// <summary>The earliest as-of date whose figures change; <see cref="DateOnly.MinValue"/> for all; null for none.</summary>
    public static DateOnly? EarliestAffected(ChangeTracker tracker)
    {
        DateOnly? earliest = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || IsUnrelated(entry.Entity.GetType()))
            {
                continue;
            }

            var date = AffectedFrom(entry);
            if (earliest is null || date < earliest)
            {
                earliest = date;
            }
        }

        return earliest;
    }

    private static bool IsUnrelated(Type type) =>
        Unrelated.Contains(type)
        || type.Namespace == typeof(AnSinh.Domain.Geography.AdminUnit).Namespace
        || type.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true;

    private static DateOnly AffectedFrom(EntityEntry entry)
    {
        var dates = entry.Properties.Where(p => p.Metadata.ClrType == typeof(DateOnly) || p.Metadata.ClrType == typeof(DateOnly?)).ToList();
        // A birth date says nothing about when a person entered the records; their stays and categories do.
        var eventDates = dates.Where(p => p.Metadata.Name != "BirthDate").ToList();
        if (entry.State == EntityState.Modified && entry.Properties.Where(p => p.IsModified).All(p => dates.Contains(p)))
        {
            // Only dates moved: figures change from the earlier of the old and new values.
            return Earliest(entry.Properties.Where(p => p.IsModified).SelectMany(p => new[] { p.OriginalValue, p.CurrentValue }));
        }

        // Added, deleted, or changed in something other than a date: figures change from the record's first date.
        var values = eventDates.Select(p => p.CurrentValue);
        if (entry.State != EntityState.Added)
        {
            values = values.Concat(eventDates.Select(p => p.OriginalValue));
        }

        return Earliest(values);
    }

    private static DateOnly Earliest(IEnumerable<object?> values)
    {
        var dates = values.OfType<DateOnly>().ToList();
        return dates.Count == 0 ? DateOnly.MinValue : dates.Min();
    }
}
