using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AnSinh.Web.Features.ReferenceData;

public sealed record IcdItem(string Code, string NameVi, string? NameEn);

/// <summary>An entry of a coded list (ethnic groups, meritorious types, …) with where it comes from.</summary>
public sealed record CodeItem(string Code, string Name, string? Detail);

public sealed record ObservationCodeItem(string Code, string NameVi, string NameEn, string Unit, bool IsVitalSign, decimal Min, decimal Max);

/// <summary>Reference code lists as the forms and validators need them.</summary>
public sealed class CodeCatalog(AnSinhDbContext db, IMemoryCache cache, AnSinh.Data.ReferenceData.ReferenceDataOptions options, Infrastructure.Clock clock)
{
    /// <summary>The coded lists of CodeLists, in their order; read once and kept (they change only with a new release).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CodeItem>>> ListsAsync(CancellationToken ct = default)
    {
        if (cache.TryGetValue("code-lists", out IReadOnlyDictionary<string, IReadOnlyList<CodeItem>>? cached) && cached is not null)
        {
            return cached;
        }

        var rows = await db.CodeListItems.AsNoTracking().OrderBy(c => c.List).ThenBy(c => c.SortOrder).ToListAsync(ct);
        IReadOnlyDictionary<string, IReadOnlyList<CodeItem>> lists = AnSinh.Domain.Beneficiaries.CodeLists.All.ToDictionary(
            l => l, l => (IReadOnlyList<CodeItem>)rows.Where(r => r.List == l).Select(r => new CodeItem(r.Code, r.Name, r.Detail)).ToList());
        cache.Set("code-lists", lists, TimeSpan.FromMinutes(30));
        return lists;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> CodeSetsAsync(CancellationToken ct = default) =>
        (await ListsAsync(ct)).ToDictionary(l => l.Key, l => (IReadOnlySet<string>)l.Value.Select(i => i.Code).ToHashSet());

    /// <summary>The name of a code, or the stored text itself when it is not (yet) a code of the list.</summary>
    public static string? NameOf(IReadOnlyDictionary<string, IReadOnlyList<CodeItem>> lists, string list, string? code) =>
        code is null ? null : lists.GetValueOrDefault(list)?.FirstOrDefault(i => i.Code == code)?.Name ?? code;

    /// <summary>ICD-10 codes valid today by code prefix or name (diacritics optional).</summary>
    public async Task<IReadOnlyList<IcdItem>> SearchIcdAsync(string? q, int take = 20, CancellationToken ct = default)
    {
        var today = clock.Today;
        var query = db.Icd10Codes.AsNoTracking().Where(Icd10Code.ValidOn(today));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = VietnameseText.Fold(q);
            var code = q.Trim().ToUpperInvariant();
            query = query.Where(c => c.Code.StartsWith(code) || c.SearchText.Contains(folded));
        }

        return await query.OrderBy(c => c.Code).Take(Math.Clamp(take, 1, 100))
            .Select(c => new IcdItem(c.Code, c.NameVi, c.NameEn)).ToListAsync(ct);
    }

    /// <summary>Names of the codes valid on the date (a diagnosis is written in the list in force on its encounter's date).</summary>
    public async Task<IReadOnlyDictionary<string, string>> IcdNamesAsync(IEnumerable<string> codes, DateOnly on, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        if (list.Count == 0)
        {
            return new Dictionary<string, string>(); // most checks carry no diagnosis: no round trip
        }

        return await db.Icd10Codes.AsNoTracking()
            .Where(c => list.Contains(c.Code)).Where(Icd10Code.ValidOn(on))
            .ToDictionaryAsync(c => c.Code, c => c.NameVi, ct);
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
