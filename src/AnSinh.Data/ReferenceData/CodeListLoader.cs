using System.Globalization;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

/// <summary>Loads code lists (ICD-10, observation codes) from CSV files with a header row.</summary>
public static class CodeListLoader
{
    public const string Icd10DataSet = "icd10";
    public const string ObservationCodesDataSet = "observation-codes";

    /// <summary>
    /// ICD-10 with Vietnamese names. Columns: code, name_vi, and optionally name_en, chapter.
    /// A deployment can point at the full official list; codes may be written "I10" or "I10.0" or "I100".
    /// </summary>
    public static async Task<int> LoadIcd10Async(AnSinhDbContext db, string csvPath, string version, CancellationToken ct = default)
    {
        var codes = new Dictionary<string, Icd10Code>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in ReadRows(csvPath))
        {
            var code = NormalizeIcd(row.GetValueOrDefault("code"));
            var name = row.GetValueOrDefault("name_vi")?.Trim();
            if (code is null || string.IsNullOrEmpty(name))
            {
                continue;
            }

            var nameEn = row.GetValueOrDefault("name_en")?.Trim();
            codes[code] = new Icd10Code
            {
                Code = code,
                NameVi = name,
                NameEn = string.IsNullOrEmpty(nameEn) ? null : nameEn,
                Chapter = row.GetValueOrDefault("chapter")?.Trim(),
                SearchText = VietnameseText.Fold($"{code} {name} {nameEn}"),
            };
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Codes already used by conditions stay; their names are refreshed.
        var existing = await db.Icd10Codes.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in codes.Values)
        {
            if (existing.TryGetValue(c.Code, out var e))
            {
                e.NameVi = c.NameVi;
                e.NameEn = c.NameEn;
                e.Chapter = c.Chapter;
                e.SearchText = c.SearchText;
            }
            else
            {
                db.Icd10Codes.Add(c);
            }
        }

        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, Icd10DataSet, version, csvPath, codes.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return codes.Count;
    }

    public static async Task<int> LoadObservationCodesAsync(AnSinhDbContext db, string csvPath, string version, CancellationToken ct = default)
    {
        var rows = ReadRows(csvPath).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.ObservationCodes.ToDictionaryAsync(c => c.Code, ct);
        foreach (var row in rows)
        {
            var code = row["code"].Trim();
            if (!existing.TryGetValue(code, out var entity))
            {
                entity = new ObservationCode { Code = code, NameVi = "", NameEn = "", Unit = "" };
                db.ObservationCodes.Add(entity);
            }

            entity.NameVi = row["name_vi"].Trim();
            entity.NameEn = row["name_en"].Trim();
            entity.Unit = row["unit"].Trim();
            entity.IsVitalSign = bool.Parse(row["vital_sign"]);
            entity.SortOrder = int.Parse(row["sort"], CultureInfo.InvariantCulture);
        }

        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, ObservationCodesDataSet, version, csvPath, rows.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>"I10.0" and "I100" both become "I10.0"; anything that is not an ICD-10 code gives null.</summary>
    public static string? NormalizeIcd(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var s = raw.Trim().ToUpperInvariant().Replace(".", "", StringComparison.Ordinal);
        if (s.Length < 3 || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiDigit(s[1]) || !(char.IsAsciiDigit(s[2]) || s[2] == 'A' || s[2] == 'B'))
        {
            return null;
        }

        return s.Length == 3 ? s : $"{s[..3]}.{s[3..]}";
    }

    public static IEnumerable<Dictionary<string, string>> ReadRows(string csvPath)
    {
        using var reader = new StreamReader(csvPath);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in header)
            {
                row[h.Trim()] = csv.GetField(h) ?? "";
            }

            yield return row;
        }
    }
}
