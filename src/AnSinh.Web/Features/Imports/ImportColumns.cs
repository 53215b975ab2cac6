using System.Globalization;
using System.Text.RegularExpressions;
using AnSinh.Domain.Text;

namespace AnSinh.Web.Features.Imports;

public enum ColumnType
{
    Text,
    Date,
    Integer,

    /// <summary>A measurement: a number cell, or text with a decimal comma ("37,5") as typed in Viet Nam.</summary>
    Decimal,
}

/// <summary>
/// A column of an import template: the key the code reads it by, its Vietnamese header and what the guide sheet says
/// about it. A file's header may also name a column by its key, and without diacritics.
/// </summary>
public sealed record ImportColumn(string Key, string Header, ColumnType Type, bool Required, string Help, double Width = 18);

/// <summary>A problem with the file, a row or a cell, said where it is: row as the spreadsheet numbers it, column by its header.</summary>
public sealed record ImportError(int Line, string? Column, string Message)
{
    public override string ToString() => (Line, Column) switch
    {
        (0, _) => Message,
        (_, null) => $"Dòng {Line}: {Message}",
        _ => $"Dòng {Line}, cột “{Column}”: {Message}",
    };
}

/// <summary>Which column of the file holds which template column, from the header row.</summary>
public sealed partial class ImportHeader
{
    private readonly Dictionary<string, int> _positions;

    private ImportHeader(Dictionary<string, int> positions) => _positions = positions;

    public int? PositionOf(string key) => _positions.TryGetValue(key, out var at) ? at : null;

    /// <summary>Whether a column of the file has a template header (data under any other column would be lost).</summary>
    public bool IsKnown(int position) => _positions.ContainsValue(position);

    /// <summary>The header row read against the template: unknown, repeated and missing required columns are errors.</summary>
    public static ImportHeader Read(SheetRow header, IReadOnlyList<ImportColumn> columns, List<ImportError> errors)
    {
        var byName = new Dictionary<string, ImportColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            byName[Normalize(column.Header)] = column;
            byName[Normalize(column.Key)] = column;
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var cell = header.Cells[i];
            if (cell.Kind == CellKind.Empty)
            {
                continue;
            }

            if (!byName.TryGetValue(Normalize(cell.Value), out var column))
            {
                errors.Add(new ImportError(header.Line, cell.Value, "cột không có trong mẫu; hãy sửa tên cột theo tệp mẫu hoặc xóa cột."));
                continue;
            }

            if (!positions.TryAdd(column.Key, i))
            {
                errors.Add(new ImportError(header.Line, column.Header, "cột xuất hiện hai lần."));
            }
        }

        foreach (var missing in columns.Where(c => c.Required && !positions.ContainsKey(c.Key)))
        {
            errors.Add(new ImportError(header.Line, missing.Header, "thiếu cột bắt buộc."));
        }

        return new ImportHeader(positions);
    }

    /// <summary>"Tỷ lệ tổn thương (%)*" and "ty le ton thuong" name the same column.</summary>
    public static string Normalize(string text) => VietnameseText.Fold(Hints().Replace(text, " "));

    [GeneratedRegex(@"\([^)]*\)|\*")]
    private static partial Regex Hints();
}

/// <summary>A data row read through the header: typed values, each problem added to the row's errors with its column.</summary>
public sealed class ImportRow(SheetRow row, ImportHeader header, IReadOnlyDictionary<string, ImportColumn> columns, List<ImportError> errors)
{
    public int Line => row.Line;

    public List<ImportError> Errors => errors;

    public void Error(string key, string message) => errors.Add(new ImportError(row.Line, columns[key].Header, message));

    /// <summary>A value from a short list, written as its Vietnamese label with or without diacritics or case.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> byFoldedLabel, string what, IEnumerable<string> labels) where T : struct
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (byFoldedLabel.TryGetValue(VietnameseText.Fold(text), out var value))
        {
            return value;
        }

        Error(key, $"“{Shorten(text)}” không phải {what}; ghi: {string.Join("; ", labels)}.");
        return null;
    }

    /// <summary>Whether this row already has an error in the column.</summary>
    public bool HasError(string key) => errors.Any(e => e.Line == row.Line && e.Column == columns[key].Header);

    public void ErrorIf(bool condition, string key, string message)
    {
        if (condition)
        {
            Error(key, message);
        }
    }

    public SheetCell Cell(string key) =>
        header.PositionOf(key) is { } at && at < row.Cells.Count ? row.Cells[at] : SheetCell.Empty;

    /// <summary>The cell as text; a formula or an error value is refused (its result is not what was typed).</summary>
    public string? Text(string key)
    {
        var cell = Cell(key);
        switch (cell.Kind)
        {
            case CellKind.Empty:
                return null;
            case CellKind.Formula:
                Error(key, $"ô chứa công thức (={Shorten(cell.Value)}); hãy dán giá trị thay cho công thức.");
                return null;
            case CellKind.Error:
                Error(key, $"ô chứa giá trị lỗi của Excel ({Shorten(cell.Value)}).");
                return null;
            case CellKind.Number:
                // 1234567890 typed into a number cell: Excel keeps it as 1234567890, or 1.23456789E9.
                return double.Parse(cell.Value, NumberStyles.Float, CultureInfo.InvariantCulture) is var n && n == Math.Floor(n) && Math.Abs(n) < 1e15
                    ? n.ToString("0", CultureInfo.InvariantCulture)
                    : double.Parse(cell.Value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.GetCultureInfo("vi-VN"));
            default:
                return cell.Value;
        }
    }

    /// <summary>A date as Excel keeps one (a number), or typed as dd/MM/yyyy (also d/M/yyyy, dd-MM-yyyy) or yyyy-MM-dd.</summary>
    public DateOnly? Date(string key)
    {
        var cell = Cell(key);
        if (cell.Kind == CellKind.Number)
        {
            // A workbook counting from 1904 (Excel for Mac's old setting) numbers each day 1,462 lower.
            var serial = double.Parse(cell.Value, NumberStyles.Float, CultureInfo.InvariantCulture) + (row.Date1904 ? 1462 : 0);
            if (serial is >= 1 and < 2958466)
            {
                return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
            }

            Error(key, $"“{cell.Value}” không phải ngày; ghi ngày dạng dd/mm/yyyy, ví dụ 05/03/1950.");
            return null;
        }

        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(key, $"“{Shorten(text)}” không phải ngày; ghi ngày dạng dd/mm/yyyy, ví dụ 05/03/1950.");
        return null;
    }

    public int? Integer(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(key, $"“{Shorten(text)}” không phải số nguyên.");
        return null;
    }

    /// <summary>
    /// A number cell as it is; text with one decimal separator, comma ("37,5") or point ("37.5"). Text with more than one
    /// ("1.234,5") is refused rather than guessed: readings are small numbers, and a grouping mark there is a typing slip.
    /// </summary>
    public decimal? Decimal(string key)
    {
        var cell = Cell(key);
        if (cell.Kind == CellKind.Number)
        {
            return decimal.TryParse(cell.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        var text = Text(key)?.Trim();
        if (text is null)
        {
            return null;
        }

        // "1.234" is how a Vietnamese writes one thousand two hundred and thirty-four, and how others write 1,234: asked, not guessed.
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?\d{1,3}\.\d{3}$"))
        {
            Error(key, $"“{text}” không rõ là số nghìn hay số thập phân; ghi {text.Replace(".", "", StringComparison.Ordinal)} hoặc {text.Replace('.', ',')}.");
            return null;
        }

        if (text.Count(c => c is ',' or '.') <= 1
            && decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(key, $"“{Shorten(text)}” không phải số; ghi số thập phân với dấu phẩy, ví dụ 37,5.");
        return null;
    }

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy", "yyyy-MM-dd"];

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
