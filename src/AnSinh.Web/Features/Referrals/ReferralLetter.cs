using System.Globalization;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Referrals;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Reports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AnSinh.Web.Features.Referrals;

/// <summary>What the referral letter prints: the referral with the person and the facility as the record holds them.</summary>
public sealed record ReferralLetter(
    Referral Referral,
    string FacilityName,
    string? ManagingAgency,
    string FullName,
    Sex Sex,
    DateOnly BirthDate,
    string? Address,
    string? Ethnicity,
    string? HealthInsuranceNumber,
    DateOnly? HealthInsuranceValidTo,
    DateOnly? InCareSince,
    string? DiagnosisName);

/// <summary>
/// Giấy chuyển tuyến khám bệnh, chữa bệnh bảo hiểm y tế as an A4 PDF, in the order of the Ministry of Health's form
/// (Mẫu số 6, Decree 75/2023/NĐ-CP; the summary and signature lines as in Appendix 1 of Circular 14/2014/TT-BYT).
/// Lines the record does not hold (occupation, workplace) print as blanks for the doctor to fill by hand.
/// </summary>
public static class ReferralLetterPdf
{
    private const string Blank = "……………………";

    public static byte[] Write(ReferralLetter letter)
    {
        BundledFontResolver.Install();
        var r = letter.Referral;
        using var document = new PdfDocument();
        document.Info.Title = $"Giấy chuyển tuyến - {letter.FullName}";
        document.Info.Author = "AnSinh";
        var layout = new PdfLayout(document);
        var regular = PdfAnnualReport.Font(11);
        var bold = PdfAnnualReport.Font(11, XFontStyleEx.Bold);
        var italic = PdfAnnualReport.Font(11, XFontStyleEx.Italic);
        var title = PdfAnnualReport.Font(13, XFontStyleEx.Bold);
        var left = PdfLayout.Left;
        var half = layout.Width * 0.45;
        var rightX = left + half;
        var rightWidth = layout.Width - half;

        var y = layout.Y;
        layout.TextAt((letter.ManagingAgency ?? "CƠ QUAN CHỦ QUẢN").ToUpper(CultureInfo.GetCultureInfo("vi-VN")), regular, left, y, half, XStringFormats.TopCenter);
        layout.TextAt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, rightX, y, rightWidth, XStringFormats.TopCenter);
        y += 15;
        layout.TextAt(letter.FacilityName.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), bold, left, y, half, XStringFormats.TopCenter);
        layout.TextAt("Độc lập - Tự do - Hạnh phúc", bold, rightX, y, rightWidth, XStringFormats.TopCenter);
        y += 15;
        layout.Line(left + half * 0.3, y, left + half * 0.7, y);
        layout.Line(rightX + rightWidth * 0.25, y, rightX + rightWidth * 0.75, y);
        y += 6;
        layout.TextAt($"Số: {r.Id}/{r.Date.Year}/GCT", regular, left, y, half, XStringFormats.TopCenter);
        layout.TextAt($"Số hồ sơ: {r.BeneficiaryId}", regular, rightX, y, rightWidth, XStringFormats.TopCenter);
        y += 15;
        layout.TextAt($"Vào sổ chuyển tuyến số: {r.Id}", regular, rightX, y, rightWidth, XStringFormats.TopCenter);
        layout.Y = y + 28;

        layout.Paragraph("GIẤY CHUYỂN TUYẾN KHÁM BỆNH, CHỮA BỆNH BẢO HIỂM Y TẾ", title, XStringAlignment.Center);
        layout.Y += 6;
        layout.Paragraph($"Kính gửi: {r.Destination}{(r.DestinationLevel is { } level ? $" ({Labels.Of(level)})" : "")}", bold, XStringAlignment.Center);
        layout.Y += 6;
        layout.Paragraph($"Cơ sở khám bệnh, chữa bệnh: {letter.FacilityName} trân trọng giới thiệu:", regular, XStringAlignment.Near);
        layout.Paragraph($"- Họ và tên người bệnh: {letter.FullName.ToUpper(CultureInfo.GetCultureInfo("vi-VN"))}    Nam/Nữ: {Labels.Of(letter.Sex)}    Năm sinh: {letter.BirthDate.Year}", regular, XStringAlignment.Near);
        layout.Paragraph($"- Địa chỉ: {letter.Address ?? Blank}", regular, XStringAlignment.Near);
        layout.Paragraph($"- Dân tộc: {letter.Ethnicity ?? Blank}    Quốc tịch: Việt Nam", regular, XStringAlignment.Near);
        layout.Paragraph($"- Nghề nghiệp: {Blank}    Nơi làm việc: {Blank}", regular, XStringAlignment.Near);
        layout.Paragraph($"- Số thẻ bảo hiểm y tế: {letter.HealthInsuranceNumber ?? Blank}", regular, XStringAlignment.Near);
        var validTo = letter.HealthInsuranceValidTo;
        layout.Paragraph("- Thời hạn sử dụng của thẻ bảo hiểm y tế đến ngày " + (validTo is { } to ? DateWords(to) : "… tháng … năm …")
            + $"    Hết thời hạn: {(validTo < r.Date ? "☒" : "☐")}    Không xác định được thời hạn: {(validTo is null ? "☒" : "☐")}", regular, XStringAlignment.Near);
        layout.Paragraph("- Đã được khám bệnh, điều trị:", regular, XStringAlignment.Near);
        layout.Paragraph($"+ Tại: {letter.FacilityName} từ ngày {DateWords(letter.InCareSince ?? r.Date)} đến ngày {DateWords(r.Date)}", regular, XStringAlignment.Near);

        layout.Y += 6;
        layout.Paragraph("TÓM TẮT BỆNH ÁN", bold, XStringAlignment.Center);
        Line(layout, "- Dấu hiệu lâm sàng: ", r.ClinicalSigns, regular);
        Line(layout, "- Kết quả xét nghiệm, cận lâm sàng: ", r.TestResults, regular);
        var diagnosis = string.Join("; ", new[] { r.DiagnosisCode is null ? null : $"{r.DiagnosisCode} - {letter.DiagnosisName}", r.Diagnosis }.Where(x => !string.IsNullOrWhiteSpace(x)));
        Line(layout, "- Chẩn đoán: ", diagnosis, regular);
        Line(layout, "- Phương pháp, thủ thuật, kỹ thuật, thuốc đã sử dụng trong điều trị: ", r.TreatmentGiven, regular);
        Line(layout, "- Tình trạng người bệnh lúc chuyển tuyến: ", r.ConditionAtTransfer, regular);
        layout.Paragraph("- Lý do chuyển tuyến:", regular, XStringAlignment.Near);
        foreach (var ground in Enum.GetValues<ReferralGround>())
        {
            layout.Paragraph($"    {(r.Ground == ground ? "☒" : "☐")} {(int)ground}. {Labels.Of(ground)}.", regular, XStringAlignment.Near);
        }

        if (!string.IsNullOrWhiteSpace(r.Reason))
        {
            layout.Paragraph("    " + r.Reason, italic, XStringAlignment.Near);
        }

        Line(layout, "- Hướng điều trị: ", r.TreatmentDirection, regular);
        layout.Paragraph("- Chuyển tuyến hồi: " + (r.Time is { } time ? $"{time.Hour} giờ {time.Minute:00} phút, " : "… giờ … phút, ") + "ngày " + DateWords(r.Date)
            + (r.Urgency is { } urgency and not ReferralUrgency.Routine ? $" ({Labels.Of(urgency)})" : ""), regular, XStringAlignment.Near);
        Line(layout, "- Phương tiện vận chuyển: ", r.Transport is { } transport ? Labels.Of(transport) : null, regular);
        Line(layout, "- Họ tên, chức danh, trình độ chuyên môn của người hộ tống: ", r.Escort, regular);

        layout.EnsureSpace(110);
        y = layout.Y + 14;
        layout.TextAt("Y, BÁC SỸ KHÁM, ĐIỀU TRỊ", bold, left, y + 15, half, XStringFormats.TopCenter);
        layout.TextAt("(Ký và ghi rõ họ tên)", italic, left, y + 30, half, XStringFormats.TopCenter);
        layout.TextAt(r.ReferredByName ?? "", regular, left, y + 85, half, XStringFormats.TopCenter);
        layout.TextAt($"Ngày {r.Date.Day:00} tháng {r.Date.Month:00} năm {r.Date.Year}", italic, rightX, y, rightWidth, XStringFormats.TopCenter);
        layout.TextAt("NGƯỜI CÓ THẨM QUYỀN CHUYỂN TUYẾN", bold, rightX, y + 15, rightWidth, XStringFormats.TopCenter);
        layout.TextAt("(Ký tên, đóng dấu)", italic, rightX, y + 30, rightWidth, XStringFormats.TopCenter);
        layout.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Line(PdfLayout layout, string label, string? value, XFont font) =>
        layout.Paragraph(label + (string.IsNullOrWhiteSpace(value) ? Blank : value), font, XStringAlignment.Near);

    private static string DateWords(DateOnly d) => $"{d.Day:00} tháng {d.Month:00} năm {d.Year}";
}
