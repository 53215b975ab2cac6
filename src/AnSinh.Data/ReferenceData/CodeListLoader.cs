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
    /// <summary>
    /// Reads and checks an ICD-10 file. Every problem is reported with its line, in Vietnamese; a file with
    /// any problem is not loaded at all.
    /// </summary>
    public static (IReadOnlyList<Icd10Code> Codes, IReadOnlyList<string> Errors) ReadIcd10(string csvPath)
    {
        var errors = new List<string>();
        var codes = new List<Icd10Code>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        List<(int Line, Dictionary<string, string> Row)> rows;
        try
        {
            rows = ReadRowsWithLines(csvPath).ToList();
        }
        catch (Exception ex) when (ex is IOException or CsvHelperException or UnauthorizedAccessException)
        {
            return ([], [$"Không đọc được tệp {Path.GetFileName(csvPath)}: {ex.Message}"]);
        }

        if (rows.Count > 0 && (!rows[0].Row.ContainsKey("code") || !rows[0].Row.ContainsKey("name_vi")))
        {
            return ([], ["Dòng 1: tiêu đề phải có các cột \"code\" và \"name_vi\" (tùy chọn: \"name_en\", \"chapter\")."]);
        }

        foreach (var (line, row) in rows)
        {
            var raw = row.GetValueOrDefault("code")?.Trim();
            var code = NormalizeIcd(raw);
            var name = row.GetValueOrDefault("name_vi")?.Trim();
            if (code is null)
            {
                errors.Add($"Dòng {line}: \"{raw}\" không phải mã ICD-10 (dạng chữ cái + 2 chữ số, ví dụ I10 hoặc I10.0).");
                continue;
            }

            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"Dòng {line}: mã {code} thiếu tên tiếng Việt.");
                continue;
            }

            if (seen.TryGetValue(code, out var first))
            {
                errors.Add($"Dòng {line}: mã {code} bị lặp (đã có ở dòng {first}).");
                continue;
            }

            seen[code] = line;
            var nameEn = row.GetValueOrDefault("name_en")?.Trim();
            codes.Add(new Icd10Code
            {
                Code = code,
                NameVi = name,
                NameEn = string.IsNullOrEmpty(nameEn) ? null : nameEn,
                Chapter = row.GetValueOrDefault("chapter")?.Trim(),
                SearchText = VietnameseText.Fold($"{code} {name} {nameEn}"),
            });
        }

        if (errors.Count == 0 && codes.Count == 0)
        {
            errors.Add("Tệp không có mã nào.");
        }

        return (codes, errors);
    }

    /// <summary>
    /// ICD-10 with Vietnamese names. Columns: code, name_vi, and optionally name_en, chapter.
    /// A deployment can point at the full official list; codes may be written "I10" or "I10.0" or "I100".
    /// All or nothing: with any bad row nothing changes and the row errors come back.
    /// </summary>
    public static async Task<(int Loaded, IReadOnlyList<string> Errors)> LoadIcd10Async(AnSinhDbContext db, string csvPath, string version, CancellationToken ct = default)
    {
        var (codes, errors) = ReadIcd10(csvPath);
        if (errors.Count > 0)
        {
            return (0, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Codes already used by conditions stay; their names are refreshed.
        var existing = await db.Icd10Codes.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in codes)
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
        return (codes.Count, []);
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

        // A category is a letter and two digits; a subcategory adds one or two digits after the dot.
        var s = raw.Trim().ToUpperInvariant().Replace(".", "", StringComparison.Ordinal);
        if (s.Length is < 3 or > 5 || !char.IsAsciiLetterUpper(s[0]) || !s.Skip(1).All(char.IsAsciiDigit))
        {
            return null;
        }

        return s.Length == 3 ? s : $"{s[..3]}.{s[3..]}";
    }

    public static IEnumerable<Dictionary<string, string>> ReadRows(string csvPath) => ReadRowsWithLines(csvPath).Select(r => r.Row);

    /// <summary>Rows keyed by header name, with the line number a person sees in a spreadsheet (header = line 1).</summary>
    public static IEnumerable<(int Line, Dictionary<string, string> Row)> ReadRowsWithLines(string csvPath)
    {
        using var reader = new StreamReader(csvPath);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        if (!csv.Read())
        {
            yield break;
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i].Trim()] = csv.TryGetField<string>(i, out var value) ? value ?? "" : "";
            }

            yield return (csv.Parser.Row, row);
        }
    }
}
