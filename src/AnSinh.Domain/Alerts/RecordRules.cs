using AnSinh.Domain.Text;
using AnSinh.Domain.Instruments;

namespace AnSinh.Domain.Alerts;

/// <summary>Issue #12's rules on a screening result, a weight series, a Barthel series and a child's z-scores (pure).</summary>
public static class RecordRules
{
    /// <summary>The rules a screening of this instrument evaluates (so an alert of another instrument is left alone).</summary>
    public static IReadOnlyList<string> RulesOf(string instrument) => instrument.ToUpperInvariant() switch
    {
        "PHQ-9" => [AlertCatalog.Phq9, AlertCatalog.SelfHarm],
        "GDS-15" => [AlertCatalog.Gds15],
        "BARTHEL" => [AlertCatalog.BarthelDrop],
        "BRADEN" => [AlertCatalog.PressureUlcerRisk],
        "MORSE" => [AlertCatalog.FallRisk],
        "MNA-SF" => [AlertCatalog.Malnutrition],
        _ => [],
    };

    /// <summary>
    /// A screening result's findings. An incomplete form has no score and raises nothing from its score, but PHQ-9's item 9
    /// answered above zero is urgent whatever the rest of the form says.
    /// </summary>
    public static IReadOnlyList<AlertFinding> Screening(string instrument, int? total, IReadOnlyCollection<string> flags, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var findings = new List<AlertFinding>();
        switch (instrument.ToUpperInvariant())
        {
            case "PHQ-9":
                if (flags.Contains(Phq9.SelfHarmFlag))
                {
                    findings.Add(new(AlertCatalog.SelfHarm, AlertSeverity.Urgent,
                        $"PHQ-9 câu 9 khác 0: có ý nghĩ tự hại{(total is { } s ? $" (tổng {s} điểm)" : "")}. Đánh giá nguy cơ tự sát ngay, không để người bệnh một mình."));
                }

                if (total >= t.Phq9From)
                {
                    findings.Add(new(AlertCatalog.Phq9, AlertSeverity.Attention, $"PHQ-9 {total} điểm (từ {t.Phq9From}): nghi trầm cảm, chuyển bác sĩ đánh giá."));
                }

                break;
            case "GDS-15" when total >= t.Gds15From:
                findings.Add(new(AlertCatalog.Gds15, AlertSeverity.Attention, $"GDS-15 {total} điểm (từ {t.Gds15From}): nghi trầm cảm người cao tuổi, chuyển bác sĩ đánh giá."));
                break;
            case "BRADEN" when total <= t.BradenAtMost:
                findings.Add(new(AlertCatalog.PressureUlcerRisk, AlertSeverity.Attention, $"Braden {total} điểm (≤ {t.BradenAtMost}): nguy cơ loét tì đè cao, trở mình và đệm chống loét."));
                break;
            case "MORSE" when total >= t.MorseFrom:
                findings.Add(new(AlertCatalog.FallRisk, AlertSeverity.Attention, $"Morse {total} điểm (từ {t.MorseFrom}): nguy cơ ngã cao, áp dụng biện pháp phòng ngã."));
                break;
            case "MNA-SF" when total <= t.MnaSfAtMost:
                findings.Add(new(AlertCatalog.Malnutrition, AlertSeverity.Attention, $"MNA-SF {total} điểm (≤ {t.MnaSfAtMost}): suy dinh dưỡng, cần đánh giá dinh dưỡng."));
                break;
        }

        return findings;
    }

    /// <summary>
    /// Barthel fell by the threshold or more: the new score against the highest score recorded in the window before it
    /// (a fall from the best recent level, so two small steps down are caught too).
    /// </summary>
    public static AlertFinding? BarthelDrop(DateOnly date, int score, IEnumerable<(DateOnly Date, int Score)> earlier, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var best = earlier.Where(e => e.Date < date && e.Date >= date.AddDays(-t.BarthelDropDays)).Select(e => (int?)e.Score).Max();
        return best is { } b && b - score >= t.BarthelDropPoints
            ? new(AlertCatalog.BarthelDrop, AlertSeverity.Attention,
                $"Barthel giảm {b - score} điểm (từ {b} xuống {score}) trong {t.BarthelDropDays} ngày: suy giảm chức năng, tìm nguyên nhân.")
            : null;
    }

    /// <summary>Weight fell by the threshold percentage or more against the heaviest weight in the window before it.</summary>
    public static AlertFinding? WeightLoss(DateOnly date, decimal kg, IEnumerable<(DateOnly Date, decimal Kg)> earlier, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var most = earlier.Where(e => e.Date < date && e.Date >= date.AddDays(-t.WeightLossDays) && e.Kg > 0).Select(e => (decimal?)e.Kg).Max();
        if (most is not { } m)
        {
            return null;
        }

        var percent = (m - kg) * 100 / m;
        return percent >= t.WeightLossPercent
            ? new(AlertCatalog.WeightLoss, AlertSeverity.Attention,
                string.Create(VietnameseInput.Vi, $"Sụt {percent:0.#} % cân nặng ({m:0.#} → {kg:0.#} kg) trong {t.WeightLossDays} ngày: đánh giá dinh dưỡng và bệnh lý."))
            : null;
    }

    /// <summary>
    /// A child's z-scores as shown (two decimals): below −2 attention, below −3 urgent; the lowest indicator speaks for
    /// the measurement.
    /// </summary>
    public static AlertFinding? ChildGrowth(IEnumerable<(string IndicatorVi, double? Z)> scores, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var lowest = scores.Where(s => s.Z is not null).Select(s => (s.IndicatorVi, Z: Math.Round((decimal)s.Z!.Value, 2, MidpointRounding.AwayFromZero)))
            .OrderBy(s => s.Z).FirstOrDefault();
        if (lowest.IndicatorVi is null || lowest.Z >= t.ZBelow)
        {
            return null;
        }

        var urgent = lowest.Z < t.ZUrgentBelow;
        return new(AlertCatalog.ChildGrowth, urgent ? AlertSeverity.Urgent : AlertSeverity.Attention,
            string.Create(VietnameseInput.Vi, $"{lowest.IndicatorVi} z = {lowest.Z:0.00} (dưới {(urgent ? t.ZUrgentBelow : t.ZBelow):0}): {(urgent ? "suy dinh dưỡng nặng, khám ngay" : "suy dinh dưỡng, theo dõi và tư vấn dinh dưỡng")}."));
    }
}
