using System.Collections.Concurrent;
using AnSinh.Data;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Auth;

/// <summary>
/// The facilities located in a unit's territory, kept per unit for a scope check on every request (issue #9: this
/// query ran on every request of a province officer). Read again after a facility is saved in this process
/// (<see cref="ChangeVersions"/>), and after <see cref="KeptFor"/> for saves made elsewhere (the CLI).
/// </summary>
public sealed class UnitFacilities(TimeProvider time)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private sealed record Kept(long Version, DateTimeOffset ReadAt, IReadOnlyCollection<int> FacilityIds);

    private readonly ConcurrentDictionary<int, Kept> _byUnit = new();

    public async Task<IReadOnlyCollection<int>> GetAsync(AnSinhDbContext db, int unitId, IReadOnlyCollection<int> territory, CancellationToken ct)
    {
        var version = ChangeVersions.Of(db).Facilities; // read before the query: a save committed meanwhile makes this stale
        var now = time.GetUtcNow();
        if (_byUnit.TryGetValue(unitId, out var kept) && kept.Version == version && now - kept.ReadAt < KeptFor)
        {
            return kept.FacilityIds;
        }

        var ids = await db.Facilities.AsNoTracking().Where(f => territory.Contains(f.AdminUnitId)).Select(f => f.Id).ToListAsync(ct);
        _byUnit[unitId] = new Kept(version, now, ids);
        return ids;
    }
}
