using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

public static class ReferenceDataSets
{
    public static async Task<bool> IsCurrentAsync(AnSinhDbContext db, string name, string version, CancellationToken ct) =>
        await db.ReferenceDataSets.AnyAsync(r => r.Name == name && r.Version == version, ct);

    public static async Task MarkLoadedAsync(AnSinhDbContext db, string name, string version, string source, int rows, CancellationToken ct)
    {
        var row = await db.ReferenceDataSets.FindAsync([name], ct);
        if (row is null)
        {
            row = new ReferenceDataSet { Name = name, Version = version };
            db.ReferenceDataSets.Add(row);
        }

        row.Version = version;
        row.Source = source;
        row.RowCount = rows;
        row.LoadedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
