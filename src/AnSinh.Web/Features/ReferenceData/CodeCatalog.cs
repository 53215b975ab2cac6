using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AnSinh.Web.Features.ReferenceData;

public sealed record IcdItem(string Code, string NameVi, string? NameEn);

public sealed record ObservationCodeItem(string Code, string NameVi, string NameEn, string Unit, bool IsVitalSign, decimal Min, decimal Max);

/// <summary>Reference code lists as the forms and validators need them.</summary>
public sealed class CodeCatalog(AnSinhDbContext db, IMemoryCache cache, AnSinh.Data.ReferenceData.ReferenceDataOptions options)
{
    public async Task<IReadOnlyList<IcdItem>> SearchIcdAsync(string? q, int take = 20, CancellationToken ct = default)
    {
        var query = db.Icd10Codes.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = VietnameseText.Fold(q);
            var code = q.Trim().ToUpperInvariant();
            query = query.Where(c => c.Code.StartsWith(code) || c.SearchText.Contains(folded));
        }

        return await query.OrderBy(c => c.Code).Take(Math.Clamp(take, 1, 100))
            .Select(c => new IcdItem(c.Code, c.NameVi, c.NameEn)).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> IcdNamesAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        return await db.Icd10Codes.AsNoTracking().Where(c => list.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.NameVi, ct);
    }

    /// <summary>Observation codes with their plausible ranges, from the reference CSV (ranges) and the database (labels).</summary>
    public async Task<IReadOnlyList<ObservationCodeItem>> ObservationCodesAsync(CancellationToken ct = default)
    {
        if (cache.TryGetValue("observation-codes", out IReadOnlyList<ObservationCodeItem>? cached) && cached is not null)
        {
            return cached;
        }

        var ranges = AnSinh.Data.ReferenceData.CodeListLoader
            .ReadRows(Path.Combine(options.Path, "observation-codes", "observation-codes.csv"))
            .ToDictionary(r => r["code"].Trim(), r => (
                Min: decimal.Parse(r["min"], System.Globalization.CultureInfo.InvariantCulture),
                Max: decimal.Parse(r["max"], System.Globalization.CultureInfo.InvariantCulture)));
        var codes = await db.ObservationCodes.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        IReadOnlyList<ObservationCodeItem> items = codes
            .Select(c => new ObservationCodeItem(c.Code, c.NameVi, c.NameEn, c.Unit, c.IsVitalSign,
                ranges.TryGetValue(c.Code, out var r) ? r.Min : decimal.MinValue,
                ranges.TryGetValue(c.Code, out var r2) ? r2.Max : decimal.MaxValue))
            .ToList();
        cache.Set("observation-codes", items, TimeSpan.FromMinutes(30));
        return items;
    }

    public async Task<IReadOnlyDictionary<string, PlausibleRange>> PlausibleRangesAsync(CancellationToken ct = default) =>
        (await ObservationCodesAsync(ct)).ToDictionary(c => c.Code, c => new PlausibleRange(c.Code, c.NameVi, c.Unit, c.Min, c.Max));
}
