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

    /// <summary>An account or a session changed or ended: a kept "this session is valid" may no longer be.</summary>
    Accounts = 4,
}

/// <summary>
/// Counters this process moves on after a save that changed facilities or counted records has committed, so that
/// what is kept in memory (a user's facilities, computed figures) can tell it is out of date by comparing the
/// counter read before computing with the counter now. Moved only after the commit: a reader that sees the new
/// value also sees the new rows. One pair of counters per database (tests run several side by side). On PostgreSQL,
/// saves made by other processes (another web instance, the CLI) arrive as notifications (ChangeListener); kept
/// values also expire, for SQLite and for a notification lost while the listener reconnects.
/// </summary>
public sealed class ChangeVersions
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChangeVersions> ByDatabase = new();

    /// <summary>The PostgreSQL notification channel a committed save is announced on, to every instance.</summary>
    public const string Channel = "ansinh_changes";

    private long _facilities;
    private long _records;
    private long _accounts;

    public static ChangeVersions Of(AnSinhDbContext db) => Of(db.Database.GetConnectionString());

    public static ChangeVersions Of(string? connectionString) => ByDatabase.GetOrAdd(connectionString ?? "", _ => new ChangeVersions());

    public long Facilities => Interlocked.Read(ref _facilities);
    public long Records => Interlocked.Read(ref _records);
    public long Accounts => Interlocked.Read(ref _accounts);

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

        if (kinds.HasFlag(ChangeKinds.Accounts))
        {
            Interlocked.Increment(ref _accounts);
        }
    }

    /// <summary>
    /// Tells every process listening on PostgreSQL (ChangeListener), when the current transaction commits, or at once
    /// outside one. Nothing on SQLite (one process). For changes made without SaveChanges: COPY, bulk rebuilds.
    /// </summary>
    public static async Task NotifyAsync(AnSinhDbContext db, ChangeKinds kinds, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, {1})",
                [Channel, ((int)kinds).ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        }
    }

    internal static ChangeKinds KindsOf(ChangeTracker tracker, DateOnly? staleFrom)
    {
        var kinds = staleFrom is null ? ChangeKinds.None : ChangeKinds.Records;
        if (tracker.Entries<Facility>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            kinds |= ChangeKinds.Facilities | ChangeKinds.Records;
        }

        // A new session invalidates nothing kept; an ended one, a changed account or a changed role does.
        if (tracker.Entries<AppUser>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || tracker.Entries<UserSession>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || tracker.Entries<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>().Any(e => e.State is EntityState.Added or EntityState.Deleted))
        {
            kinds |= ChangeKinds.Accounts;
        }

        return kinds;
    }
}
