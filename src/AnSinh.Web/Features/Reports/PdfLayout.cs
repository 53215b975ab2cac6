using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AnSinh.Web.Features.Reports;

/// <summary>A top-down cursor over A4 pages that wraps words and breaks pages.</summary>
internal sealed class PdfLayout
{
    // The margins of Decree 30/2020 (administrative documents): 25 mm left, 15 right, 20 top and bottom.
    public static readonly double Left = XUnit.FromMillimeter(25).Point;
    public static readonly double Right = XUnit.FromMillimeter(15).Point;
    public static readonly double Top = XUnit.FromMillimeter(20).Point;
    public static readonly double Bottom = XUnit.FromMillimeter(20).Point;

    private readonly PdfDocument _document;
    private XGraphics _gfx = null!;
    private PdfPage _page = null!;

    public PdfLayout(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    public double Y { get; set; }
    public double Width => _page.Width.Point - Left - Right;
    private double Limit => _page.Height.Point - Bottom;

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        Y = Top;
    }

    public void Finish() => _gfx.Dispose();

    public void EnsureSpace(double height)
    {
        if (Y + height > Limit)
        {
            NewPage();
        }
    }

    public void TextAt(string text, XFont font, double x, double y, double width, XStringFormat format) =>
        _gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, font.Height), format);

    public void Line(double x1, double y1, double x2, double y2) => _gfx.DrawLine(new XPen(XColors.Black, 0.6), x1, y1, x2, y2);

    public void Paragraph(string text, XFont font, XStringAlignment alignment)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            EnsureSpace(font.Height + 2);
            var format = new XStringFormat { Alignment = alignment, LineAlignment = XLineAlignment.Near };
            _gfx.DrawString(line, font, XBrushes.Black, new XRect(Left, Y, Width, font.Height), format);
            Y += font.Height + 2;
        }
    }

    public void Table(double[] fractions, string[] header, IReadOnlyList<string[]> rows, XFont font, XFont headerFont)
    {
        var widths = fractions.Select(f => f * Width).ToArray();
        DrawRow(header, widths, headerFont, repeatHeader: null);
        foreach (var row in rows)
        {
            DrawRow(row, widths, font, repeatHeader: () => DrawRow(header, widths, headerFont, null));
        }

        Y += 4;
    }

    private void DrawRow(string[] cells, double[] widths, XFont font, Action? repeatHeader)
    {
        const double padding = 3;
        var lines = cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * padding)).ToList();
        var height = lines.Max(l => Math.Max(1, l.Count)) * (font.Height + 1) + 2 * padding;
        if (Y + height > Limit)
        {
            NewPage();
            repeatHeader?.Invoke();
        }

        var x = Left;
        for (var i = 0; i < cells.Length; i++)
        {
            _gfx.DrawRectangle(new XPen(XColors.Black, 0.5), x, Y, widths[i], height);
            var ly = Y + padding;
            foreach (var line in lines[i])
            {
                _gfx.DrawString(line, font, XBrushes.Black, new XRect(x + padding, ly, widths[i] - 2 * padding, font.Height), XStringFormats.TopLeft);
                ly += font.Height + 1;
            }

            x += widths[i];
        }

        Y += height;
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var result = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_gfx.MeasureString(candidate, font).Width <= width || line.Length == 0)
                {
                    line = candidate;
                }
                else
                {
                    result.Add(line);
                    line = word;
                }
            }

            result.Add(line);
        }

        return result;
    }
}
