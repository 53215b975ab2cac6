using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AnSinh.Data;

/// <summary>Keeps <see cref="LatestRecords"/> in step with the encounters and readings a save changes.</summary>
internal static class LatestRecordsRefresh
{
    private static readonly string[] ChronicCodes = [.. Loinc.ChronicDiseaseCodes];

    /// <summary>The changed encounters and readings; read their people after the save, when new ones have ids.</summary>
    public static List<(object Entity, int? OriginalPersonId)> Touched(ChangeTracker tracker) =>
        tracker.Entries()
            .Where(e => e.Entity is Encounter or Observation && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (e.Entity, e.State == EntityState.Added ? (int?)null : (int?)e.Property("BeneficiaryId").OriginalValue))
            .ToList();

    public static HashSet<int> People(List<(object Entity, int? OriginalPersonId)> touched)
    {
        var ids = new HashSet<int>();
        foreach (var (entity, original) in touched)
        {
            ids.Add(entity switch { Encounter e => e.BeneficiaryId, Observation o => o.BeneficiaryId, _ => 0 });
            if (original is { } id)
            {
                ids.Add(id);
            }
        }

        ids.Remove(0);
        return ids;
    }

    /// <summary>Recomputes the latest records of these people from everything they have.</summary>
    public static async Task RefreshAsync(AnSinhDbContext db, IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        foreach (var chunk in personIds.Chunk(2_000))
        {
            var ids = chunk.ToList();
            List<int> people;
            if (db.Database.IsNpgsql())
            {
                // Two saves for the same person at once: the second waits here until the first commits, then
                // reads its records too. NO KEY UPDATE does not conflict with the key-share locks the inserted
                // records hold on the person, so two such saves cannot deadlock. (SQLite runs one writer at a time.)
                // The rows locked are also the people who still exist.
                var sorted = ids.Order().ToArray();
                people = await db.Database.SqlQueryRaw<int>(
                    "SELECT \"Id\" AS \"Value\" FROM \"Beneficiaries\" WHERE \"Id\" = ANY({0}) ORDER BY \"Id\" FOR NO KEY UPDATE", sorted).ToListAsync(ct);
            }
            else
            {
                people = await db.Beneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(ct);
            }

            var encounters = (await db.Encounters.AsNoTracking().Where(e => ids.Contains(e.BeneficiaryId))
                    .Select(e => new { e.BeneficiaryId, e.Kind, e.Date, e.HasVitalSigns }).ToListAsync(ct))
                .ToLookup(e => e.BeneficiaryId, e => (e.Kind, e.Date, e.HasVitalSigns));
            var readings = (await db.Observations.AsNoTracking().Where(o => ids.Contains(o.BeneficiaryId) && ChronicCodes.Contains(o.Code))
                    .OrderBy(o => o.Id)
                    .Select(o => new { o.BeneficiaryId, o.Code, o.Value, o.Date }).ToListAsync(ct))
                .ToLookup(o => o.BeneficiaryId, o => (o.Code, o.Value, o.Date));
            // Their rows: a key lookup. (A row fetched inside the people's projection
            // became a ROW_NUMBER() walk over every LatestRecords row on PostgreSQL: ~100 ms per save at 50,000 people.)
            var rows = await db.LatestRecords.Where(l => ids.Contains(l.BeneficiaryId)).ToDictionaryAsync(l => l.BeneficiaryId, ct);
            foreach (var person in people)
            {
                if (!rows.TryGetValue(person, out var latest))
                {
                    latest = new LatestRecords { BeneficiaryId = person };
                    db.LatestRecords.Add(latest);
                }

                latest.Recompute(encounters[person], readings[person]);
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Rebuilds every person's latest records (after an upgrade, or to repair).</summary>
    public static async Task<int> RebuildAllAsync(AnSinhDbContext db, Action<int, int>? progress, CancellationToken ct)
    {
        var ids = await db.Beneficiaries.AsNoTracking().OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(ct);
        var done = 0;
        foreach (var chunk in ids.Chunk(5_000))
        {
            await RefreshAsync(db, chunk, ct);
            db.ChangeTracker.Clear();
            done += chunk.Length;
            progress?.Invoke(done, ids.Count);
        }

        return ids.Count;
    }
}
