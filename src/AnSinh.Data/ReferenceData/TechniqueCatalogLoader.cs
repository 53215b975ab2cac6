using AnSinh.Domain.Facilities;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

/// <summary>
/// Loads a version of the commune-level technique catalog from a CSV (code,name[,group]). All or nothing:
/// any bad row and nothing is written; a version already loaded is never changed.
/// </summary>
public static class TechniqueCatalogLoader
{
    public static async Task<(int Loaded, IReadOnlyList<string> Errors)> LoadAsync(AnSinhDbContext db, string csvPath, string version, DateOnly validFrom,
        string? source, CancellationToken ct = default)
    {
        using var reader = new StreamReader(csvPath);
        return await LoadAsync(db, reader, version, validFrom, source, ct);
    }

    /// <summary>The same from an upload (the administrator's page), with the same all-or-nothing checks.</summary>
    public static async Task<(int Loaded, IReadOnlyList<string> Errors)> LoadAsync(AnSinhDbContext db, TextReader csv, string version, DateOnly validFrom,
        string? source, CancellationToken ct = default)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(version))
        {
            errors.Add("Cần ghi phiên bản danh mục.");
        }
        else if (await db.TechniqueCatalogs.AnyAsync(c => c.Version == version, ct))
        {
            errors.Add($"Phiên bản {version} đã có; hãy nạp danh mục mới với phiên bản khác.");
        }

        var techniques = new List<Technique>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        List<(int Line, Dictionary<string, string> Row)> rows;
        try
        {
            rows = CodeListLoader.ReadRowsWithLines(csv).ToList();
        }
        catch (Exception ex) when (ex is IOException or CsvHelper.CsvHelperException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return (0, [$"Không đọc được tệp: {ex.Message}"]);
        }

        if (rows.Count > 0 && (!rows[0].Row.ContainsKey("code") || !rows[0].Row.ContainsKey("name")))
        {
            return (0, ["Dòng 1: tiêu đề phải có các cột \"code\" và \"name\" (tùy chọn: \"group\")."]);
        }

        foreach (var (line, row) in rows)
        {
            var code = row.GetValueOrDefault("code")?.Trim();
            var name = row.GetValueOrDefault("name")?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                errors.Add($"Dòng {line}: thiếu mã kỹ thuật.");
                continue;
            }

            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"Dòng {line}: kỹ thuật {code} thiếu tên.");
                continue;
            }

            if (!seen.TryAdd(code, line))
            {
                errors.Add($"Dòng {line}: mã {code} bị lặp (đã có ở dòng {seen[code]}).");
                continue;
            }

            techniques.Add(new Technique { Code = code, Name = name, Group = row.GetValueOrDefault("group")?.Trim() });
        }

        if (errors.Count == 0 && techniques.Count == 0)
        {
            errors.Add("Tệp không có kỹ thuật nào.");
        }

        if (errors.Count > 0)
        {
            return (0, errors);
        }

        db.TechniqueCatalogs.Add(new TechniqueCatalog { Version = version, ValidFrom = validFrom, Source = source, Techniques = techniques });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return (techniques.Count, []);
    }
}
