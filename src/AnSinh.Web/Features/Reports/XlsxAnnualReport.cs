using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using AnSinh.Web.Features.Indicators;

namespace AnSinh.Web.Features.Reports;

/// <summary>
/// The yearly report as an .xlsx in the Vietnamese administrative layout: issuing body and national
/// motto side by side, number and date, title, results per indicator against target, task progress,
/// difficulties and proposals. Figures are numeric cells, so the sheet can be summed and checked.
/// </summary>
public static class XlsxAnnualReport
{
    private enum Style : uint
    {
        Default = 0,
        BoldCenter = 1,
        ItalicCenter = 2,
        Title = 3,
        Cell = 4,
        Header = 5,
        Percent = 6,
        Integer = 7,
        Paragraph = 8,
        BoldLeft = 9,
        CenterCell = 10,
    }

    public const string SheetName = "Báo cáo năm";
    /// <summary>Row of the first indicator in the results table (1-based), for readers of the file.</summary>
    public const int FirstIndicatorRow = 12;

    public static byte[] Write(AnnualReport report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Stylesheet();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var merges = new MergeCells();
            var sheet = new Sheet();

            var rows = new RowWriter(data, merges);
            rows.Add(1, ("A", report.IssuingBodyLine1, Style.BoldCenter, "C"), ("D", AnnualReport.Motto1, Style.BoldCenter, "H"));
            rows.Add(2, ("A", report.IssuingBodyLine2, Style.BoldCenter, "C"), ("D", AnnualReport.Motto2, Style.BoldCenter, "H"));
            rows.Add(3, ("A", report.NumberLine, Style.ItalicCenter, "C"), ("D", report.DateLine, Style.ItalicCenter, "H"));
            rows.Add(5, ("A", "BÁO CÁO", Style.Title, "H"));
            rows.Add(6, ("A", report.Title, Style.BoldCenter, "H"));
            rows.Add(7, ("A", $"(Số liệu tính đến ngày {report.AsOf:dd/MM/yyyy}, tự động từ hồ sơ sức khỏe điện tử)", Style.ItalicCenter, "H"));
            if (AnnualReport.Basis(report) is { } plan)
            {
                rows.Add(8, ("A", $"Căn cứ: {plan}", Style.Paragraph, "H"));
            }

            rows.Add(10, ("A", "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", Style.BoldLeft, "H"));
            int Table(int first, IReadOnlyList<IndicatorRow> indicators)
            {
                rows.Add(first, ("A", "STT", Style.Header, null), ("B", "Chỉ tiêu", Style.Header, null), ("C", "Mã chỉ tiêu", Style.Header, null),
                    ("D", "Tử số", Style.Header, null), ("E", "Mẫu số", Style.Header, null), ("F", "Kết quả", Style.Header, null),
                    ("G", "Chỉ tiêu kế hoạch", Style.Header, null), ("H", "Đánh giá", Style.Header, null));
                var at = first + 1;
                foreach (var (row, index) in indicators.Select((x, i) => (x, i + 1)))
                {
                    var line = rows.Row(at);
                    line.Number("A", index, Style.CenterCell);
                    line.Text("B", row.Name, Style.Cell);
                    line.Text("C", row.Code, Style.CenterCell);
                    line.NumberOrBlank("D", row.Numerator, Style.Integer);
                    line.NumberOrBlank("E", row.Denominator, Style.Integer);
                    if (row.Percent is { } percent)
                    {
                        line.Number("F", percent, Style.Percent);
                    }
                    else if (row.Value is { } value)
                    {
                        line.Number("F", value, Style.Percent);
                    }
                    else
                    {
                        line.Text("F", "—", Style.CenterCell);
                    }

                    line.Text("G", AnnualReport.TargetText(row), Style.CenterCell);
                    line.Text("H", StatusText.Vietnamese(row.Status), Style.CenterCell);
                    at++;
                }

                return at;
            }

            var r = Table(FirstIndicatorRow - 1, report.Indicators);
            foreach (var (other, n) in report.OtherPlanSections.Select((o, i) => (o, i + 1)))
            {
                r++;
                rows.Add(r++, ("A", $"I.{n}. Kết quả theo {other.Heading}", Style.BoldLeft, "H"));
                r = Table(r, other.Indicators);
            }

            r++;
            rows.Add(r++, ("A", "II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", Style.BoldLeft, "H"));
            rows.Add(r++, ("A", "STT", Style.Header, null), ("B", "Cơ quan", Style.Header, null), ("C", "Nhiệm vụ", Style.Header, "F"),
                ("G", "Tình trạng", Style.Header, null), ("H", "Tiến độ gần nhất", Style.Header, null));
            foreach (var (task, index) in report.Tasks.Select((x, i) => (x, i + 1)))
            {
                var line = rows.Row(r);
                line.Number("A", index, Style.CenterCell);
                line.Text("B", task.Agency, Style.Cell);
                line.Text("C", task.Duty, Style.Cell);
                foreach (var col in new[] { "D", "E", "F" })
                {
                    line.Text(col, "", Style.Cell);
                }

                merges.Append(new MergeCell { Reference = $"C{r}:F{r}" });
                line.Text("G", task.Status, Style.CenterCell);
                line.Text("H", task.LatestNote ?? "", Style.Cell);
                r++;
            }

            if (report.Tasks.Count == 0)
            {
                rows.Add(r++, ("A", "Chưa có kế hoạch với nhiệm vụ được giao cho đơn vị này.", Style.Paragraph, "H"));
            }

            r++;
            rows.Add(r++, ("A", "III. KHÓ KHĂN, VƯỚNG MẮC", Style.BoldLeft, "H"));
            rows.Add(r++, ("A", string.IsNullOrWhiteSpace(report.Difficulties) ? "(Chưa nhập)" : report.Difficulties, Style.Paragraph, "H"));
            rows.Add(r++, ("A", "IV. ĐỀ XUẤT, KIẾN NGHỊ", Style.BoldLeft, "H"));
            rows.Add(r++, ("A", string.IsNullOrWhiteSpace(report.Proposals) ? "(Chưa nhập)" : report.Proposals, Style.Paragraph, "H"));
            r++;
            rows.Add(r++, ("A", "Nơi nhận:", Style.BoldLeft, "C"), ("E", "TM. ỦY BAN NHÂN DÂN", Style.BoldCenter, "H"));
            var signer = "CHỦ TỊCH";
            foreach (var recipient in report.RecipientLines)
            {
                rows.Add(r++, ("A", "- " + recipient, Style.Default, "C"), ("E", signer, Style.BoldCenter, "H"));
                signer = "";
            }

            var worksheet = new Worksheet();
            worksheet.Append(new Columns(
                Column(1, 6), Column(2, 42), Column(3, 14), Column(4, 10), Column(5, 10), Column(6, 11), Column(7, 20), Column(8, 24)));
            worksheet.Append(data);
            worksheet.Append(merges);
            worksheet.Append(new PageMargins { Left = 0.8, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            sheetPart.Worksheet = worksheet;

            sheet.Id = workbookPart.GetIdOfPart(sheetPart);
            sheet.SheetId = 1;
            sheet.Name = SheetName;
            workbookPart.Workbook.AppendChild(new Sheets(sheet));
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Column Column(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    private sealed class RowWriter(SheetData data, MergeCells merges)
    {
        public RowBuilder Row(int index)
        {
            var row = new Row { RowIndex = (uint)index };
            data.Append(row);
            return new RowBuilder(row, index);
        }

        public void Add(int index, params (string Column, string Text, Style Style, string? MergeTo)[] cells)
        {
            var row = Row(index);
            foreach (var (column, text, style, mergeTo) in cells)
            {
                row.Text(column, text, style);
                if (mergeTo is not null)
                {
                    merges.Append(new MergeCell { Reference = $"{column}{index}:{mergeTo}{index}" });
                }
            }
        }
    }

    private sealed class RowBuilder(Row row, int index)
    {
        public void Text(string column, string text, Style style) =>
            row.Append(new Cell
            {
                CellReference = $"{column}{index}",
                DataType = CellValues.InlineString,
                StyleIndex = (uint)style,
                InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
            });

        public void Number(string column, decimal value, Style style) =>
            row.Append(new Cell
            {
                CellReference = $"{column}{index}",
                DataType = CellValues.Number,
                StyleIndex = (uint)style,
                CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)),
            });

        public void NumberOrBlank(string column, int? value, Style style)
        {
            if (value is { } v)
            {
                Number(column, v, style);
            }
            else
            {
                Text(column, "", Style.CenterCell);
            }
        }
    }

    private static Stylesheet Stylesheet()
    {
        Font Font(bool bold = false, bool italic = false, double size = 12)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            if (italic)
            {
                font.Append(new Italic());
            }

            font.Append(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
            return font;
        }

        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        CellFormat Format(uint font, uint border, HorizontalAlignmentValues horizontal, uint numberFormat = 0) => new(
            new Alignment { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = true })
        {
            FontId = font, BorderId = border, FillId = 0, NumberFormatId = numberFormat, ApplyFont = true, ApplyBorder = border > 0,
            ApplyAlignment = true, ApplyNumberFormat = numberFormat > 0,
        };

        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0" }) { Count = 1 },
            new Fonts(Font(), Font(bold: true), Font(italic: true), Font(bold: true, size: 14)) { Count = 4 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
                Format(1, 0, HorizontalAlignmentValues.Center),
                Format(2, 0, HorizontalAlignmentValues.Center),
                Format(3, 0, HorizontalAlignmentValues.Center),
                Format(0, 1, HorizontalAlignmentValues.Left),
                Format(1, 1, HorizontalAlignmentValues.Center),
                Format(0, 1, HorizontalAlignmentValues.Right, 164),
                Format(0, 1, HorizontalAlignmentValues.Right, 3),
                Format(0, 0, HorizontalAlignmentValues.Justify),
                Format(1, 0, HorizontalAlignmentValues.Left),
                Format(0, 1, HorizontalAlignmentValues.Center)) { Count = 11 });
    }
}
