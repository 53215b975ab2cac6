using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AnSinh.Web.Features.Imports;

/// <summary>What a cell held: text, a number (Excel keeps dates as numbers), or something an import refuses.</summary>
public enum CellKind
{
    Empty,
    Text,
    Number,
    Formula,
    Error,
}

public readonly record struct SheetCell(CellKind Kind, string Value)
{
    public static readonly SheetCell Empty = new(CellKind.Empty, "");
}

/// <summary>
/// One row of the sheet: its number as the user sees it (the header is row 1) and its cells by column. Date1904: the
/// workbook counts dates from 1904 (Excel for Mac's old setting), so its date numbers are 1,462 days smaller.
/// </summary>
public sealed record SheetRow(int Line, IReadOnlyList<SheetCell> Cells, bool Date1904 = false);

/// <summary>A file that cannot be read as a spreadsheet at all; the message is for the user, in Vietnamese.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Reads the first sheet of an .xlsx file or a CSV file one row at a time, so that a 100,000-row file is never held in
/// memory: .xlsx with the Open XML SDK's forward-only reader, CSV with CsvHelper (UTF-8; comma, semicolon or tab).
/// The file's type is told from its first bytes, not its name.
/// </summary>
public static class ImportSheet
{
    private const string NotUtf8 = "Tệp CSV không phải UTF-8: trong Excel hãy chọn Lưu thành → \"CSV UTF-8 (Comma delimited)\".";

    public static IEnumerable<SheetRow> Read(string path)
    {
        var kind = Sniff(path);
        return kind switch
        {
            FileKind.Xlsx => ReadXlsx(path),
            FileKind.Csv => ReadCsv(path),
            FileKind.OldExcel => throw new ImportFileException("Tệp Excel 97–2003 (.xls) không được hỗ trợ: hãy mở tệp và lưu lại dạng .xlsx hoặc CSV UTF-8."),
            FileKind.Utf16 => throw new ImportFileException(NotUtf8),
            FileKind.Markup => throw new ImportFileException(
                "Tệp là một trang web (HTML/XML) đặt tên như bảng tính — nhiều phần mềm xuất \"Excel\" theo cách này: hãy mở tệp bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8."),
            FileKind.Json => throw new ImportFileException("Tệp JSON không phải bảng tính; một Bundle HL7 FHIR được nhập ở thẻ \"Bundle FHIR\"."),
            _ => throw new ImportFileException("Tệp không phải bảng tính: hãy tải lên tệp .xlsx hoặc CSV (UTF-8)."),
        };
    }

    private enum FileKind { Xlsx, Csv, OldExcel, Utf16, Markup, Json, Other }

    private static FileKind Sniff(string path)
    {
        var head = new byte[4096];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
        {
            return FileKind.Xlsx;
        }

        if (read >= 4 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0)
        {
            return FileKind.OldExcel;
        }

        // UTF-16 text (Excel's "Unicode Text"): a CSV, but not in UTF-8.
        if (read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            return FileKind.Utf16;
        }

        // A PDF may be all text at first; other binary files have NUL bytes.
        if (read >= 5 && head[0] == (byte)'%' && head[1] == (byte)'P' && head[2] == (byte)'D' && head[3] == (byte)'F' && head[4] == (byte)'-')
        {
            return FileKind.Other;
        }

        if (read == 0 || Array.IndexOf(head, (byte)0, 0, read) >= 0)
        {
            return FileKind.Other;
        }

        // Text that is not a table: a web page or XML saved as ".xls(x)", or JSON.
        var start = System.Text.Encoding.UTF8.GetString(head, 0, Math.Min(read, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('<') ? FileKind.Markup : start.StartsWith('{') ? FileKind.Json : FileKind.Csv;
    }

    private static IEnumerable<SheetRow> ReadXlsx(string path)
    {
        SpreadsheetDocument document;
        WorksheetPart sheet;
        List<string> shared;
        bool date1904;
        try
        {
            document = SpreadsheetDocument.Open(path, isEditable: false);
            var workbook = document.WorkbookPart ?? throw new ImportFileException("Tệp .xlsx không có bảng tính nào.");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                        ?? throw new ImportFileException("Tệp .xlsx không có trang tính nào.");
            sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
            shared = SharedStrings(workbook);
            date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value == true;
        }
        // Whatever the SDK throws on a damaged package (FileFormatException, XmlException, …), the user's answer is the same.
        catch (Exception e) when (e is not ImportFileException and not OutOfMemoryException)
        {
            throw new ImportFileException("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel): hãy mở và lưu lại bằng Excel.");
        }

        using (document)
        {
            using var reader = OpenXmlReader.Create(sheet);
            while (true)
            {
                Row? row;
                try
                {
                    row = NextRow(reader);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new ImportFileException("Không đọc được tệp .xlsx (nội dung trang tính bị hỏng).");
                }

                if (row is null)
                {
                    yield break;
                }

                var cells = new List<SheetCell>();
                var position = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position;
                    while (cells.Count < column)
                    {
                        cells.Add(SheetCell.Empty);
                    }

                    cells.Add(Value(cell, shared));
                    position = column + 1;
                }

                if (cells.Any(c => c.Kind != CellKind.Empty))
                {
                    yield return new SheetRow((int)(row.RowIndex?.Value ?? 0), cells, date1904);
                }
            }
        }
    }

    private static Row? NextRow(OpenXmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                return (Row)reader.LoadCurrentElement()!;
            }
        }

        return null;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                // The text and rich-text runs, without the phonetic guides (rPh) some editors add.
                strings.Add(item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)));
            }
        }

        return strings;
    }

    private static SheetCell Value(Cell cell, List<string> shared)
    {
        if (cell.CellFormula is not null)
        {
            return new SheetCell(CellKind.Formula, cell.CellFormula.Text);
        }

        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return Text(cell.InlineString?.Text?.Text ?? string.Concat(cell.InlineString?.Elements<Run>().Select(r => r.Text?.Text) ?? []));
        }

        if (raw is null)
        {
            return SheetCell.Empty;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                ? Text(shared[index])
                : new SheetCell(CellKind.Error, raw);
        }

        if (type == CellValues.Error)
        {
            return new SheetCell(CellKind.Error, raw);
        }

        if (type == CellValues.String || type == CellValues.Date)
        {
            return Text(raw);
        }

        if (type == CellValues.Boolean)
        {
            return Text(raw == "1" ? "TRUE" : "FALSE");
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? new SheetCell(CellKind.Number, raw) : Text(raw);
    }

    private static SheetCell Text(string? text) => string.IsNullOrWhiteSpace(text) ? SheetCell.Empty : new SheetCell(CellKind.Text, text.Trim());

    /// <summary>"AB12" → 27 (zero-based column).</summary>
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z')
            {
                index = index * 26 + (ch - 'A' + 1);
            }
            else
            {
                break;
            }
        }

        return Math.Max(0, index - 1);
    }

    /// <summary>
    /// The separator the header line uses most outside quotes: comma, semicolon (Excel's CSV where the list separator is
    /// ";", as in vi-VN) or tab. Decided from the header alone, where no cell holds a comma unquoted.
    /// </summary>
    public static string Delimiter(string headerLine)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var ch in headerLine)
        {
            switch (ch)
            {
                case '"': quoted = !quoted; break;
                case ',' when !quoted: commas++; break;
                case ';' when !quoted: semicolons++; break;
                case '\t' when !quoted: tabs++; break;
            }
        }

        return tabs > commas && tabs > semicolons ? "\t" : semicolons > commas ? ";" : ",";
    }

    private static string FirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return reader.ReadLine() ?? "";
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(NotUtf8);
        }
    }

    private static IEnumerable<SheetRow> ReadCsv(string path)
    {
        var delimiter = Delimiter(FirstLine(path));
        var stream = File.OpenRead(path);
        var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var config = new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvHelper.CsvParser(text, config);
        var line = 0;
        while (true)
        {
            string[]? record;
            try
            {
                record = csv.Read() ? csv.Record : null;
            }
            catch (DecoderFallbackException)
            {
                throw new ImportFileException(NotUtf8);
            }
            catch (CsvHelper.CsvHelperException)
            {
                throw new ImportFileException($"Không đọc được tệp CSV sau dòng {line}.");
            }

            if (record is null)
            {
                yield break;
            }

            // The line the record ends on, as an editor numbers it (blank lines between rows count).
            line = csv.RawRow;
            if (record.Any(v => !string.IsNullOrWhiteSpace(v)))
            {
                // A CSV has no formulas, but a cell beginning with "=" becomes one when the file is opened in Excel.
                yield return new SheetRow(line, record.Select(v => v.TrimStart().StartsWith('=')
                    ? new SheetCell(CellKind.Formula, v.Trim()[1..])
                    : Text(v)).ToList());
            }
        }
    }
}
