namespace AnSinh.Web.Features.Indicators;

/// <summary>One line of a dashboard or report: the figure, its target and status, and the rule behind the status.</summary>
public sealed record IndicatorRow(
    string Code,
    string Name,
    int? Numerator,
    int? Denominator,
    decimal? Percent,
    decimal? Value,
    decimal? Target,
    string? Comparator,
    decimal? ThresholdX,
    int? TargetYear,
    string Status,
    string? Rule,
    decimal? Baseline,
    IReadOnlyDictionary<string, decimal> Secondary);

public sealed record IndicatorReport(string UnitCode, string UnitName, DateOnly AsOf, int? FacilityId, string? PlanCode, string? PlanTitle,
    IReadOnlyList<IndicatorRow> Indicators);

/// <summary>A person, facility, stay or referral behind a figure; <see cref="LastCheck"/> is a person's last intake or periodic check on or before the date.</summary>
public sealed record MemberRow(int Id, string Name, int? PersonId, string? Facility, DateOnly? Date, string? Detail, DateOnly? LastCheck = null);

/// <summary>A served person without a health-insurance card valid on the date: the list the social-insurance agency asks for.</summary>
public sealed record UninsuredRow(int PersonId, string FullName, DateOnly BirthDate, string? NationalId, string? HealthInsuranceNumber,
    DateOnly? CardValidTo, string? Address, string? Facility);

/// <summary>One page of the people or facilities behind a figure; <see cref="Count"/> is the whole list's length.</summary>
public sealed record MemberList(string Code, string Set, string Kind, int Count, int Page, int PageSize, IReadOnlyList<MemberRow> Items);

public static class StatusText
{
    public const string Met = "met";
    public const string OnTrack = "on track";
    public const string Behind = "behind";
    public const string NoData = "no data";
    public const string NoTarget = "no target";

    public static string Of(AnSinh.Domain.Indicators.TargetStatus status) => status switch
    {
        AnSinh.Domain.Indicators.TargetStatus.Met => Met,
        AnSinh.Domain.Indicators.TargetStatus.OnTrack => OnTrack,
        AnSinh.Domain.Indicators.TargetStatus.Behind => Behind,
        AnSinh.Domain.Indicators.TargetStatus.NoData => NoData,
        _ => NoTarget,
    };

    public static string Vietnamese(string status) => status switch
    {
        Met => "Đạt",
        OnTrack => "Đúng tiến độ",
        Behind => "Chậm tiến độ",
        NoData => "Chưa có dữ liệu",
        _ => "Không có chỉ tiêu",
    };
}
