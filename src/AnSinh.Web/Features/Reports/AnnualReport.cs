using System.Globalization;
using AnSinh.Web.Features.Indicators;

namespace AnSinh.Web.Features.Reports;

public sealed record TaskLine(string Agency, string Duty, string Status, string? LatestNote);

/// <summary>Everything the yearly report shows, whatever the file format.</summary>
public sealed record AnnualReport(
    string UnitCode,
    string UnitName,
    int Year,
    DateOnly AsOf,
    DateOnly IssuedOn,
    string IssuingBodyLine1,
    string IssuingBodyLine2,
    string? ReportNumber,
    string Place,
    string Title,
    string? PlanReference,
    IReadOnlyList<IndicatorRow> Indicators,
    IReadOnlyList<TaskLine> Tasks,
    string? Difficulties,
    string? Proposals,
    DateOnly? DueOn = null)
{
    public const string Motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto2 = "Độc lập - Tự do - Hạnh phúc";

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public string NumberLine => $"Số: {(string.IsNullOrWhiteSpace(ReportNumber) ? "        " : ReportNumber)}/BC-UBND";
    public string DateLine => $"{Place}, ngày {IssuedOn.Day:00} tháng {IssuedOn.Month:00} năm {IssuedOn.Year}";

    public static string Figure(IndicatorRow row) =>
        row.Percent is { } p ? p.ToString("0.0", Vi) + "%" : row.Value is { } v ? v.ToString("#,##0.#", Vi) : "—";

    public static string TargetText(IndicatorRow row)
    {
        if (row.Target is not { } t)
        {
            return "—";
        }

        var unit = AnSinh.Domain.Indicators.IndicatorCodes.Get(row.Code).Kind == AnSinh.Domain.Indicators.IndicatorKind.Percent ? "%" : "";
        var x = row.ThresholdX is { } threshold ? $" (X = {threshold.ToString("0.#", Vi)}%)" : "";
        return $"{(row.Comparator == "=" ? "" : "≥ ")}{t.ToString("0.#", Vi)}{unit}{x} ({row.TargetYear})";
    }
}
