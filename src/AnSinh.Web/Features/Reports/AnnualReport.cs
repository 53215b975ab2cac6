using System.Globalization;
using AnSinh.Web.Features.Indicators;

namespace AnSinh.Web.Features.Reports;

public sealed record TaskLine(string Agency, string Duty, string Status, string? LatestNote);

/// <summary>Another plan on the unit's territory (a merged province's, a former district's) with its figures over its own territory.</summary>
public sealed record OtherPlanSection(string Reference, string Territory, IReadOnlyList<IndicatorRow> Indicators)
{
    /// <summary>"Kế hoạch … trên địa bàn …", as the report's basis and its section headings name it.</summary>
    public string Heading => $"{Reference} trên {Territory}";
}

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
    DateOnly? DueOn = null,
    IReadOnlyList<string>? Recipients = null,
    IReadOnlyList<OtherPlanSection>? OtherPlans = null,
    // The version of the texts people wrote (0 before the first save): a save names it.
    int TextsVersion = 0)
{
    /// <summary>Without recipients written by the unit, the record copy only (the unit adds the agencies it reports to).</summary>
    public IReadOnlyList<string> RecipientLines => Recipients is { Count: > 0 } r ? r : ["Lưu: VT."];

    public IReadOnlyList<OtherPlanSection> OtherPlanSections => OtherPlans ?? [];

    public const string Motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto2 = "Độc lập - Tự do - Hạnh phúc";

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// "Số: 123/BC-UBND" (Nghị định 30/2020/NĐ-CP: number, then the document type and issuer's abbreviation). A
    /// number typed with its own symbol ("123/BC-SYT") is printed as typed, never with a second symbol.
    /// </summary>
    public string NumberLine => string.IsNullOrWhiteSpace(ReportNumber) ? "Số:        /BC-UBND"
        : ReportNumber.Contains('/', StringComparison.Ordinal) ? $"Số: {ReportNumber.Trim()}" : $"Số: {ReportNumber.Trim()}/BC-UBND";
    public string DateLine => $"{Place}, ngày {IssuedOn.Day:00} tháng {IssuedOn.Month:00} năm {IssuedOn.Year}";

    /// <summary>"Căn cứ": the unit's own plan and every other plan on its territory (a merged province's).</summary>
    public static string? Basis(AnnualReport report)
    {
        var plans = new[] { report.PlanReference }.Concat(report.OtherPlanSections.Select(o => o.Heading))
            .Where(p => !string.IsNullOrEmpty(p)).ToList();
        return plans.Count == 0 ? null : string.Join("; ", plans);
    }

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
