using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// The template of an import kind: the sheet to fill (headers, text-formatted identifier columns so that Excel keeps
/// a CCCD's leading zeros, date columns shown dd/mm/yyyy) and a guide sheet with each column's rule and the coded lists.
/// </summary>
public static class ImportTemplates
{
    public static byte[] Csv(ImportKinds.KindInfo kind)
    {
        // With a byte-order mark Excel opens it as UTF-8 and the diacritics survive.
        var header = string.Join(',', kind.Columns.Select(c => c.Header.Contains(',') ? $"\"{c.Header}\"" : c.Header));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(header + "\r\n")];
    }

    public static byte[] Xlsx(ImportKinds.KindInfo kind, IReadOnlyList<(string Title, IReadOnlyList<(string Code, string Name)> Items)> lists)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            // Sheet 1: the one to fill.
            var data = workbook.AddNewPart<WorksheetPart>();
            var dataRows = new SheetData();
            dataRows.Append(Row(1, kind.Columns.Select(c => (c.Header + (c.Required ? " *" : ""), HeaderStyle))));
            var columns = new Columns(kind.Columns.Select((c, i) => new Column
            {
                Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width, CustomWidth = true,
                Style = c.Type switch { ColumnType.Date => DateStyle, ColumnType.Text => TextStyle, _ => 0u },
            }));
            data.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                    { TabSelected = true, WorkbookViewId = 0 }),
                columns, dataRows);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = "Nhập liệu" });

            // Sheet 2: what each column takes, then the coded lists.
            var guide = workbook.AddNewPart<WorksheetPart>();
            var guideRows = new SheetData();
            uint line = 1;
            guideRows.Append(Row(line++, [("Cột", HeaderStyle), ("Bắt buộc", HeaderStyle), ("Cách ghi", HeaderStyle)]));
            foreach (var column in kind.Columns)
            {
                guideRows.Append(Row(line++, [(column.Header, 0u), (column.Required ? "Có" : "", 0u), (column.Help, 0u)]));
            }

            guideRows.Append(Row(line++, [("Cả tệp được nhập hoặc không dòng nào: mọi dòng lỗi được liệt kê theo dòng và cột trước khi lưu.", 0u)]));
            foreach (var (title, items) in lists)
            {
                line++;
                guideRows.Append(Row(line++, [(title, HeaderStyle), ("Mã", HeaderStyle), ("Tên", HeaderStyle)]));
                foreach (var (code, name) in items)
                {
                    guideRows.Append(Row(line++, [("", 0u), (code, 0u), (name, 0u)]));
                }
            }

            guide.Worksheet = new Worksheet(new Columns(
                new Column { Min = 1, Max = 1, Width = 30, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 12, CustomWidth = true },
                new Column { Min = 3, Max = 3, Width = 90, CustomWidth = true }), guideRows);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(guide), SheetId = 2, Name = "Hướng dẫn" });
            workbook.Workbook.Save();
        }

        return memory.ToArray();
    }

    private const uint HeaderStyle = 1;
    private const uint TextStyle = 2;
    private const uint DateStyle = 3;

    private static Row Row(uint index, IEnumerable<(string Text, uint Style)> cells) =>
        new(cells.Select((c, i) => new Cell
        {
            CellReference = ImportRunner.ColumnLetter(i) + index,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(c.Text) { Space = SpaceProcessingModeValues.Preserve }),
            StyleIndex = c.Style,
        })) { RowIndex = index };

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 4 });
}
