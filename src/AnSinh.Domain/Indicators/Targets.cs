namespace AnSinh.Domain.Indicators;

public enum Comparator
{
    /// <summary>≥</summary>
    AtLeast = 1,
    /// <summary>=</summary>
    Equal = 2,
}

public enum TargetStatus
{
    NoData = 0,
    NoTarget = 1,
    Met = 2,
    OnTrack = 3,
    Behind = 4,
}

public sealed record TargetSpec(string IndicatorCode, int PhaseEndYear, Comparator Comparator, decimal Value, decimal? ThresholdX = null)
{
    public DateOnly PhaseEnd => new(PhaseEndYear, 12, 31);
}

/// <summary>A measured figure at a date: the plan's baseline is its first one.</summary>
public sealed record Measurement(DateOnly Date, decimal Value);

public static class TargetRules
{
    /// <summary>
    /// met when the figure satisfies the comparator on D; on track when the straight line from the baseline
    /// through today's figure reaches the target by the phase end; behind otherwise.
    /// </summary>
    public static TargetStatus Evaluate(decimal? figure, TargetSpec? target, DateOnly asOf, Measurement? baseline)
    {
        if (figure is not { } value)
        {
            return TargetStatus.NoData;
        }

        if (target is null)
        {
            return TargetStatus.NoTarget;
        }

        var met = target.Comparator == Comparator.Equal ? value == target.Value : value >= target.Value;
        if (met)
        {
            return TargetStatus.Met;
        }

        if (asOf >= target.PhaseEnd || baseline is null || baseline.Date >= asOf)
        {
            return TargetStatus.Behind;
        }

        var elapsed = asOf.DayNumber - baseline.Date.DayNumber;
        var total = target.PhaseEnd.DayNumber - baseline.Date.DayNumber;
        var projected = baseline.Value + (value - baseline.Value) * total / elapsed;
        return projected >= target.Value ? TargetStatus.OnTrack : TargetStatus.Behind;
    }

    /// <summary>The rule shown next to a figure, in Vietnamese.</summary>
    public static string Explain(TargetSpec target)
    {
        var unit = IndicatorCodes.Get(target.IndicatorCode).Kind == IndicatorKind.Percent ? "%" : "";
        var threshold = target.ThresholdX is { } x ? $" (X = {x:0.#}%)" : "";
        return $"Đạt khi {(target.Comparator == Comparator.Equal ? "=" : "≥")} {target.Value.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}{unit}{threshold} "
            + $"trong năm {target.PhaseEndYear}; đúng tiến độ khi đường thẳng từ giá trị gốc qua giá trị hiện tại đạt chỉ tiêu trước cuối giai đoạn; chậm tiến độ trong các trường hợp khác.";
    }
}
