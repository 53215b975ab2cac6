using AnSinh.Web.Features.Indicators;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace AnSinh.Web.Features.Reports;

/// <summary>Serves the bundled DejaVu Sans faces to PDFsharp, so Vietnamese diacritics render on any machine.</summary>
public sealed class BundledFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly object Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new BundledFontResolver();
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fonts", faceName + ".ttf"));
}

/// <summary>The yearly report as an A4 PDF in the Vietnamese administrative layout (Decree 30/2020 proportions).</summary>
public static class PdfAnnualReport
{
    private static readonly double Left = PdfLayout.Left;

    public static byte[] Write(AnnualReport report)
    {
        BundledFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Báo cáo năm {report.Year} - {report.UnitName}";
        document.Info.Author = "AnSinh";
        var layout = new PdfLayout(document);
        var regular = Font(11);
        var bold = Font(11, XFontStyleEx.Bold);
        var italic = Font(11, XFontStyleEx.Italic);
        var title = Font(14, XFontStyleEx.Bold);
        var small = Font(9);
        var smallBold = Font(9, XFontStyleEx.Bold);

        // Header: issuing body on the left, national motto on the right.
        var half = layout.Width * 0.42;
        var rightX = Left + half;
        var rightWidth = layout.Width - half;
        var y = layout.Y;
        layout.TextAt(report.IssuingBodyLine1, bold, Left, y, half, XStringFormats.TopCenter);
        layout.TextAt(AnnualReport.Motto1, bold, rightX, y, rightWidth, XStringFormats.TopCenter);
        y += 15;
        layout.TextAt(report.IssuingBodyLine2, bold, Left, y, half, XStringFormats.TopCenter);
        layout.TextAt(AnnualReport.Motto2, bold, rightX, y, rightWidth, XStringFormats.TopCenter);
        y += 15;
        layout.Line(Left + half * 0.3, y, Left + half * 0.7, y);
        layout.Line(rightX + rightWidth * 0.25, y, rightX + rightWidth * 0.75, y);
        y += 8;
        layout.TextAt(report.NumberLine, regular, Left, y, half, XStringFormats.TopCenter);
        layout.TextAt(report.DateLine, italic, rightX, y, rightWidth, XStringFormats.TopCenter);
        layout.Y = y + 30;

        layout.Paragraph("BÁO CÁO", title, XStringAlignment.Center);
        layout.Paragraph(report.Title, bold, XStringAlignment.Center);
        layout.Paragraph($"(Số liệu tính đến ngày {report.AsOf:dd/MM/yyyy}, tự động từ hồ sơ sức khỏe điện tử)", italic, XStringAlignment.Center);
        if (AnnualReport.Basis(report) is { } plan)
        {
            layout.Y += 6;
            layout.Paragraph($"Căn cứ: {plan}.", regular, XStringAlignment.Near);
        }

        layout.Y += 10;
        layout.Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold, XStringAlignment.Near);
        void Table(IReadOnlyList<IndicatorRow> indicators) => layout.Table(
            [0.05, 0.37, 0.09, 0.09, 0.1, 0.17, 0.13],
            ["STT", "Chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Chỉ tiêu kế hoạch", "Đánh giá"],
            indicators.Select((r, i) => new[]
            {
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name,
                r.Numerator?.ToString("#,##0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) ?? "",
                r.Denominator?.ToString("#,##0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) ?? "",
                AnnualReport.Figure(r), AnnualReport.TargetText(r), StatusText.Vietnamese(r.Status),
            }).ToList(),
            small, smallBold);

        Table(report.Indicators);
        foreach (var (other, n) in report.OtherPlanSections.Select((o, i) => (o, i + 1)))
        {
            layout.Y += 8;
            layout.Paragraph($"I.{n}. Kết quả theo {other.Heading}", bold, XStringAlignment.Near);
            Table(other.Indicators);
        }

        layout.Y += 10;
        layout.Paragraph("II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", bold, XStringAlignment.Near);
        if (report.Tasks.Count == 0)
        {
            layout.Paragraph("Chưa có kế hoạch với nhiệm vụ được giao cho đơn vị này.", regular, XStringAlignment.Near);
        }
        else
        {
            layout.Table([0.05, 0.2, 0.5, 0.12, 0.13], ["STT", "Cơ quan", "Nhiệm vụ", "Tình trạng", "Tiến độ gần nhất"],
                report.Tasks.Select((t, i) => new[] { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), t.Agency, t.Duty, t.Status, t.LatestNote ?? "" }).ToList(),
                small, smallBold);
        }

        layout.Y += 10;
        layout.Paragraph("III. KHÓ KHĂN, VƯỚNG MẮC", bold, XStringAlignment.Near);
        layout.Paragraph(string.IsNullOrWhiteSpace(report.Difficulties) ? "(Chưa nhập)" : report.Difficulties, regular, XStringAlignment.Near);
        layout.Y += 6;
        layout.Paragraph("IV. ĐỀ XUẤT, KIẾN NGHỊ", bold, XStringAlignment.Near);
        layout.Paragraph(string.IsNullOrWhiteSpace(report.Proposals) ? "(Chưa nhập)" : report.Proposals, regular, XStringAlignment.Near);

        layout.EnsureSpace(80);
        y = layout.Y + 14;
        layout.TextAt("Nơi nhận:", Font(10, XFontStyleEx.BoldItalic), Left, y, half, XStringFormats.TopLeft);
        layout.TextAt("TM. ỦY BAN NHÂN DÂN", bold, rightX, y, rightWidth, XStringFormats.TopCenter);
        layout.TextAt("CHỦ TỊCH", bold, rightX, y + 14, rightWidth, XStringFormats.TopCenter);
        foreach (var (recipient, i) in report.RecipientLines.Select((x, i) => (x, i)))
        {
            layout.TextAt("- " + recipient, small, Left, y + 14 + (i * 12), half, XStringFormats.TopLeft);
        }
        layout.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>
    /// Unicode text with the complete font file embedded: PDFsharp's subsetter loses the composite glyphs
    /// DejaVu uses for letters such as ế and ố, which then print without their marks.
    /// </summary>
    internal static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular) =>
        new(BundledFontResolver.Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile));

    /// <summary>A one-line PDF in the report's font, for checking that glyphs print.</summary>
    internal static byte[] Sample(string text, XFontStyleEx style)
    {
        BundledFontResolver.Install();
        using var document = new PdfDocument();
        var layout = new PdfLayout(document);
        layout.Paragraph(text, Font(40, style), XStringAlignment.Near);
        layout.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}
