using AnSinh.Domain.Facilities;
using AnSinh.Domain.Indicators;

namespace AnSinh.Domain.Plans;

/// <summary>A local plan (kế hoạch) implementing the 2021–2030 programme: issuer, phases, targets, tasks.</summary>
public class Plan
{
    public int Id { get; set; }
    /// <summary>Stable key of a shipped plan ("QN-254-2021"); null for plans officers enter.</summary>
    public string? Code { get; set; }
    public int IssuerUnitId { get; set; }
    public required string Issuer { get; set; }
    public string? Number { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public required string Title { get; set; }
    /// <summary>Facility types the plan covers, comma-separated enum names.</summary>
    public string FacilityTypes { get; set; } = "";
    public bool PublicOnly { get; set; }
    public bool IncludeCommunity { get; set; }
    /// <summary>Day of the yearly report's deadline, "MM-dd" (Quảng Ninh: "11-25").</summary>
    public string? ReportDue { get; set; }
    public List<PlanPhase> Phases { get; set; } = [];
    public List<PlanTarget> Targets { get; set; } = [];
    public List<PlanTask> Tasks { get; set; } = [];

    public IReadOnlySet<FacilityType> FacilityTypeSet => ParseTypes(FacilityTypes);

    public static IReadOnlySet<FacilityType> ParseTypes(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Enum.Parse<FacilityType>).ToHashSet();
}

public class PlanPhase
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int StartYear { get; set; }
    public int EndYear { get; set; }
}

public class PlanTarget
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public required string IndicatorCode { get; set; }
    public int PhaseEndYear { get; set; }
    public Comparator Comparator { get; set; }
    public decimal Value { get; set; }
    /// <summary>FAC-TECH's X.</summary>
    public decimal? ThresholdX { get; set; }
    /// <summary>Overrides the plan's facility types for this target (comma-separated), when the plan says so.</summary>
    public string? FacilityTypes { get; set; }
    public string? Source { get; set; }

    public TargetSpec ToSpec() => new(IndicatorCode, PhaseEndYear, Comparator, Value, ThresholdX);
}

public enum PlanTaskStatus
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
    Overdue = 3,
}

public class PlanTask
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public required string Agency { get; set; }
    public required string Duty { get; set; }
    public DateOnly? Deadline { get; set; }
    public PlanTaskStatus Status { get; set; }
    public List<PlanTaskNote> Notes { get; set; } = [];
}

public class PlanTaskNote
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public DateOnly Date { get; set; }
    public required string Text { get; set; }
    public string? Author { get; set; }
}

public static class PlanRules
{
    public static Validation.ValidationErrors ValidateTarget(string? indicatorCode, int? phaseEndYear, decimal? value, decimal? thresholdX)
    {
        var errors = new Validation.ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(indicatorCode) || !IndicatorCodes.Exists(indicatorCode), "indicatorCode", "Mã chỉ tiêu không có trong danh mục chỉ tiêu.");
        errors.AddIf(phaseEndYear is null or < 2000 or > 2100, "phaseEndYear", "Năm cuối giai đoạn không hợp lệ.");
        var isPercent = indicatorCode is not null && IndicatorCodes.Exists(indicatorCode) && IndicatorCodes.Get(indicatorCode).Kind == IndicatorKind.Percent;
        errors.AddIf(value is null, "value", "Nhập giá trị chỉ tiêu.");
        errors.AddIf(isPercent && value is < 0 or > 100, "value", "Giá trị chỉ tiêu phải từ 0 đến 100%.");
        errors.AddIf(!isPercent && value is < 0, "value", "Giá trị chỉ tiêu không được âm.");
        errors.AddIf(thresholdX is < 0 or > 100, "thresholdX", "Ngưỡng X phải từ 0 đến 100%.");
        return errors;
    }

    public static Validation.ValidationErrors ValidatePhase(int? startYear, int? endYear)
    {
        var errors = new Validation.ValidationErrors();
        errors.AddIf(startYear is null || endYear is null, "phases", "Nhập năm bắt đầu và năm kết thúc của giai đoạn.");
        errors.AddIf(startYear is { } s && endYear is { } e && e < s, "phases", "Năm kết thúc giai đoạn không được trước năm bắt đầu.");
        return errors;
    }
}
