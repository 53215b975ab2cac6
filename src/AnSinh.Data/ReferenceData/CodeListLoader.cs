using System.Globalization;
using AnSinh.Domain.Beneficiaries;
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
    /// Reads and checks an ICD-10 file: the Ministry of Health layout of QĐ 4469 (code, code_plain, sign, …,
    /// chapter_roman, name_vi, name_en) or the short layout code,name_vi[,name_en,chapter]. Codes may be written
    /// "I10", "I10.0" or "I100". Every problem is reported with its line, in Vietnamese; a file with any problem
    /// is not loaded at all. A code published both plain and with † or * is kept once, under the plain row.
    /// </summary>
    public static (IReadOnlyList<Icd10Code> Codes, IReadOnlyList<string> Errors) ReadIcd10(string csvPath)
    {
        var errors = new List<string>();
        var codes = new List<Icd10Code>();
        var seen = new Dictionary<string, (int Line, string? Sign)>(StringComparer.OrdinalIgnoreCase);
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
            return ([], ["Dòng 1: tiêu đề phải có các cột \"code\" và \"name_vi\" (tùy chọn: \"name_en\", \"chapter\"; hoặc bố cục của QĐ 4469 với \"code_plain\", \"sign\")."]);
        }

        var official = rows.Count > 0 && rows[0].Row.ContainsKey("code_plain");
        foreach (var (line, row) in rows)
        {
            var raw = (official ? row.GetValueOrDefault("code_plain") : row.GetValueOrDefault("code"))?.Trim();
            var code = NormalizeIcd(raw);
            var name = row.GetValueOrDefault("name_vi")?.Trim();
            var sign = official ? Blank(row.GetValueOrDefault("sign")) : null;
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
                // QĐ 4469 publishes 81 codes twice, plain and with † or *: one code, the plain row's name.
                if (official && (first.Sign is null) != (sign is null))
                {
                    var kept = codes.First(c => c.Code == code);
                    kept.Sign ??= sign;
                    if (first.Sign is not null)
                    {
                        kept.NameVi = name;
                    }

                    continue;
                }

                errors.Add($"Dòng {line}: mã {code} bị lặp (đã có ở dòng {first.Line}).");
                continue;
            }

            seen[code] = (line, sign);
            var nameEn = Blank(row.GetValueOrDefault("name_en"));
            codes.Add(new Icd10Code
            {
                Code = code,
                NameVi = name,
                NameEn = nameEn,
                Chapter = Blank(official ? row.GetValueOrDefault("chapter_roman") : row.GetValueOrDefault("chapter")),
                Sign = sign,
            });
        }

        foreach (var c in codes)
        {
            c.SearchText = VietnameseText.Fold($"{c.Code} {c.NameVi} {c.NameEn}");
        }

        if (errors.Count == 0 && codes.Count == 0)
        {
            errors.Add("Tệp không có mã nào.");
        }

        return (codes, errors);
    }

    /// <summary>
    /// Loads an ICD-10 list version. All or nothing: with any bad row nothing changes and the row errors come back.
    /// With <paramref name="validFrom"/> the file is a successor list from that date: codes it drops stay for the
    /// records that use them but are valid only until the day before; codes it adds are valid from that date.
    /// Without it (the shipped list) every code is valid with no start date.
    /// </summary>
    public static async Task<(int Loaded, IReadOnlyList<string> Errors)> LoadIcd10Async(AnSinhDbContext db, string csvPath, string version,
        DateOnly? validFrom = null, string? listVersion = null, CancellationToken ct = default)
    {
        var (codes, errors) = ReadIcd10(csvPath);
        if (errors.Count > 0)
        {
            return (0, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Icd10Codes.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in codes)
        {
            c.ListVersion = listVersion;
            if (existing.Remove(c.Code, out var e))
            {
                e.NameVi = c.NameVi;
                e.NameEn = c.NameEn;
                e.Chapter = c.Chapter;
                e.Sign = c.Sign;
                e.SearchText = c.SearchText;
                e.ListVersion = listVersion;
                e.ValidTo = null;
            }
            else
            {
                c.ValidFrom = validFrom;
                db.Icd10Codes.Add(c);
            }
        }

        // Codes the new list no longer has: kept for the records that use them, closed the day before it applies.
        foreach (var dropped in existing.Values.Where(e => e.ValidTo is null))
        {
            dropped.ValidTo = validFrom?.AddDays(-1) ?? dropped.ValidTo;
        }

        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, Icd10DataSet, version, csvPath, codes.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return (codes.Count, []);
    }

    /// <summary>
    /// Loads a coded list (header code,name or code,name_vi; other columns become the item's detail).
    /// The list is replaced whole, in one transaction.
    /// </summary>
    public static async Task<int> LoadCodeListAsync(AnSinhDbContext db, string list, string csvPath, string version, CancellationToken ct = default)
    {
        var rows = ReadRows(csvPath).ToList();
        var items = rows.Select((row, i) => new CodeListItem
        {
            List = list,
            Code = row["code"].Trim(),
            Name = (row.GetValueOrDefault("name") ?? row["name_vi"]).Trim(),
            Detail = Blank(row.GetValueOrDefault("other_names_vi"))
                     ?? (row.TryGetValue("clause", out var clause) ? DetailOfArticle(clause, row.GetValueOrDefault("point")) : null),
            SortOrder = i + 1,
        }).ToList();
        return await ReplaceListAsync(db, list, items, csvPath, version, ct);
    }

    /// <summary>Replaces a list whole, in one transaction, and records the version loaded.</summary>
    private static async Task<int> ReplaceListAsync(AnSinhDbContext db, string list, List<CodeListItem> items, string source, string version, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.CodeListItems.Where(c => c.List == list).ExecuteDeleteAsync(ct);
        db.CodeListItems.AddRange(items);
        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, "list:" + list, version, source, items.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return items.Count;
    }

    /// <summary>
    /// Loads the concepts a FHIR ValueSet enumerates from one code system (its filters over whole systems are not
    /// loaded): code, display, and the system as the detail. The list is replaced whole, in one transaction.
    /// </summary>
    public static async Task<int> LoadValueSetAsync(AnSinhDbContext db, string list, string xmlPath, string system, string version, CancellationToken ct = default)
    {
        System.Xml.Linq.XNamespace fhir = "http://hl7.org/fhir";
        string? Value(System.Xml.Linq.XElement? e) => e?.Attribute("value")?.Value;
        var document = System.Xml.Linq.XDocument.Load(xmlPath);
        var items = document.Descendants(fhir + "include").Where(i => Value(i.Element(fhir + "system")) == system)
            .SelectMany(i => i.Elements(fhir + "concept"))
            .Select((c, i) => new CodeListItem { List = list, Code = Value(c.Element(fhir + "code"))!.Trim(), Name = Value(c.Element(fhir + "display"))!.Trim(), Detail = system, SortOrder = i + 1 })
            .ToList();
        return await ReplaceListAsync(db, list, items, xmlPath, version, ct);
    }

    private static string DetailOfArticle(string clause, string? point) =>
        string.IsNullOrWhiteSpace(point) ? $"khoản {clause.Trim()}" : $"khoản {clause.Trim()} điểm {point.Trim()}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
        foreach (var row in ReadRowsWithLines(reader))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The same from any text (an upload): comma, semicolon or tab separated, since a spreadsheet saved with
    /// Vietnamese regional settings writes ";". Header names are matched without regard to case.
    /// </summary>
    public static IEnumerable<(int Line, Dictionary<string, string> Row)> ReadRowsWithLines(TextReader reader)
    {
        using var csv = new CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, DetectDelimiterValues = [",", ";", "\t"] });
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
