using AnSinh.Domain.Facilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AnSinh.Data;

[Flags]
public enum ChangeKinds
{
    None = 0,

    /// <summary>A facility was added, changed or removed: who may see what, and what the figures count.</summary>
    Facilities = 1,

    /// <summary>A record an indicator counts (<see cref="SnapshotInvalidation"/>).</summary>
    Records = 2,
}

/// <summary>
/// Counters this process moves on after a save that changed facilities or counted records has committed, so that
/// what is kept in memory (a user's facilities, computed figures) can tell it is out of date by comparing the
/// counter read before computing with the counter now. Moved only after the commit: a reader that sees the new
/// value also sees the new rows. One pair of counters per database (tests run several side by side). Saves made by
/// another process (the CLI) are not seen; kept values also expire for them.
/// </summary>
public sealed class ChangeVersions
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChangeVersions> ByDatabase = new();

    private long _facilities;
    private long _records;

    public static ChangeVersions Of(AnSinhDbContext db) => ByDatabase.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new ChangeVersions());

    public long Facilities => Interlocked.Read(ref _facilities);
    public long Records => Interlocked.Read(ref _records);

    public void Advance(ChangeKinds kinds)
    {
        if (kinds.HasFlag(ChangeKinds.Facilities))
        {
            Interlocked.Increment(ref _facilities);
        }

        if (kinds.HasFlag(ChangeKinds.Records))
        {
            Interlocked.Increment(ref _records);
        }
    }

    internal static ChangeKinds Of(ChangeTracker tracker, DateOnly? staleFrom)
    {
        var kinds = staleFrom is null ? ChangeKinds.None : ChangeKinds.Records;
        if (tracker.Entries<Facility>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            kinds |= ChangeKinds.Facilities | ChangeKinds.Records;
        }

        return kinds;
    }
}
