using AnSinh.Domain.Text;
using AnSinh.Domain.HealthRecords;

namespace AnSinh.Domain.Alerts;

public enum AlertSeverity
{
    Reminder = 1,
    Attention = 2,
    Urgent = 3,
}

/// <summary>A rule's finding about one reading or result: the rule's code, how urgent, and what to tell the clinician.</summary>
/// <param name="Key">
/// For a time-based rule, what the finding is about (a due date, a card's expiry): a clinician who resolves the alert has
/// dealt with that, so the rule raises it again only when the key changes.
/// </param>
public sealed record AlertFinding(string Rule, AlertSeverity Severity, string MessageVi, string? Key = null);

/// <summary>
/// The thresholds of issue #12's reading rules, with their defaults; a site may set its own (Alerts:Thresholds:…).
/// <see cref="Validate"/> refuses values out of a sane range at start-up.
/// </summary>
public sealed class AlertThresholds
{
    public decimal SystolicUrgent { get; init; } = 180;
    public decimal DiastolicUrgent { get; init; } = 110;
    public decimal SystolicAttention { get; init; } = 140;
    public decimal DiastolicAttention { get; init; } = 90;
    public decimal SpO2Below { get; init; } = 92;
    public decimal TemperatureFrom { get; init; } = 38.5m;
    public decimal GlucoseHighFrom { get; init; } = 11.1m;
    public decimal GlucoseLowBelow { get; init; } = 3.9m;
    public decimal WeightLossPercent { get; init; } = 5;
    public int WeightLossDays { get; init; } = 30;
    public int Phq9From { get; init; } = 10;
    public int Gds15From { get; init; } = 5;
    public int BarthelDropPoints { get; init; } = 10;
    public int BarthelDropDays { get; init; } = 90;
    public int BradenAtMost { get; init; } = 12;
    public int MorseFrom { get; init; } = 45;
    public int MnaSfAtMost { get; init; } = 7;
    public decimal ZBelow { get; init; } = -2;
    public decimal ZUrgentBelow { get; init; } = -3;
    public int IntakeDays { get; init; } = 7;
    public int ReferralAnswerDays { get; init; } = 14;
    public int InsuranceExpiringDays { get; init; } = 30;
    /// <summary>When each medicine round ends: a dose not recorded by then is missed (hour of the day, local time).</summary>
    public int MorningRoundEndsAt { get; init; } = 10;
    public int NoonRoundEndsAt { get; init; } = 14;
    public int AfternoonRoundEndsAt { get; init; } = 18;
    public int NightRoundEndsAt { get; init; } = 22;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string what) { if (!ok) problems.Add(what); }
        Check(SystolicAttention is >= 100 and <= 250 && SystolicUrgent > SystolicAttention && SystolicUrgent <= 300, "Ngưỡng huyết áp tâm thu phải trong 100–300 mmHg, mức khẩn cao hơn mức cần chú ý.");
        Check(DiastolicAttention is >= 50 and <= 150 && DiastolicUrgent > DiastolicAttention && DiastolicUrgent <= 200, "Ngưỡng huyết áp tâm trương phải trong 50–200 mmHg, mức khẩn cao hơn mức cần chú ý.");
        Check(SpO2Below is >= 70 and <= 100, "Ngưỡng SpO2 phải trong 70–100 %.");
        Check(TemperatureFrom is >= 37 and <= 42, "Ngưỡng nhiệt độ phải trong 37–42 °C.");
        Check(GlucoseLowBelow is >= 2 and <= 6 && GlucoseHighFrom is >= 7 and <= 30, "Ngưỡng đường huyết: thấp trong 2–6, cao trong 7–30 mmol/L.");
        Check(WeightLossPercent is >= 1 and <= 30 && WeightLossDays is >= 7 and <= 365, "Sụt cân: tỷ lệ trong 1–30 %, khoảng thời gian trong 7–365 ngày.");
        Check(Phq9From is >= 1 and <= 27, "Ngưỡng PHQ-9 phải trong 1–27 điểm.");
        Check(Gds15From is >= 1 and <= 15, "Ngưỡng GDS-15 phải trong 1–15 điểm.");
        Check(BarthelDropPoints is >= 5 and <= 100 && BarthelDropDays is >= 7 and <= 365, "Giảm Barthel: 5–100 điểm trong 7–365 ngày.");
        Check(BradenAtMost is >= 6 and <= 23, "Ngưỡng Braden phải trong 6–23 điểm.");
        Check(MorseFrom is >= 0 and <= 125, "Ngưỡng Morse phải trong 0–125 điểm.");
        Check(MnaSfAtMost is >= 0 and <= 14, "Ngưỡng MNA-SF phải trong 0–14 điểm.");
        Check(ZBelow is >= -4 and <= 0 && ZUrgentBelow < ZBelow && ZUrgentBelow >= -6, "Ngưỡng z-score phải trong −4–0, mức khẩn thấp hơn mức cần chú ý.");
        Check(IntakeDays is >= 1 and <= 60, "Số ngày chờ khám tiếp nhận phải trong 1–60.");
        Check(ReferralAnswerDays is >= 1 and <= 90, "Số ngày chờ kết quả chuyển tuyến phải trong 1–90.");
        Check(InsuranceExpiringDays is >= 1 and <= 180, "Số ngày báo trước hết hạn thẻ BHYT phải trong 1–180.");
        Check(MorningRoundEndsAt is >= 1 and <= 24 && NoonRoundEndsAt > MorningRoundEndsAt && AfternoonRoundEndsAt > NoonRoundEndsAt
              && NightRoundEndsAt > AfternoonRoundEndsAt && NightRoundEndsAt <= 24, "Giờ kết thúc các ca phát thuốc phải tăng dần trong ngày (1–24).");
        return problems;
    }
}

/// <summary>
/// Issue #12's rules on one check's vital signs (pure: no database). Each returns the findings the reading raises; the
/// blood-pressure rule raises one finding, urgent or attention, never both.
/// </summary>
public static class ReadingRules
{
    public const string BloodPressure = "BP-HIGH";
    public const string LowOxygen = "SPO2-LOW";
    public const string Fever = "FEVER";
    public const string GlucoseHigh = "GLUCOSE-HIGH";
    public const string GlucoseLow = "GLUCOSE-LOW";

    public static IReadOnlyList<AlertFinding> Evaluate(IReadOnlyDictionary<string, decimal> vitals, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var findings = new List<AlertFinding>();
        var systolic = vitals.TryGetValue(Loinc.Systolic, out var s) ? s : (decimal?)null;
        var diastolic = vitals.TryGetValue(Loinc.Diastolic, out var d) ? d : (decimal?)null;
        if (systolic >= t.SystolicUrgent || diastolic >= t.DiastolicUrgent)
        {
            findings.Add(new(BloodPressure, AlertSeverity.Urgent, string.Create(VietnameseInput.Vi, $"Huyết áp {systolic:0}/{diastolic:0} mmHg: cơn tăng huyết áp, báo bác sĩ ngay.")));
        }
        else if (systolic >= t.SystolicAttention || diastolic >= t.DiastolicAttention)
        {
            findings.Add(new(BloodPressure, AlertSeverity.Attention, string.Create(VietnameseInput.Vi, $"Huyết áp {systolic:0}/{diastolic:0} mmHg: cao, đo lại và theo dõi.")));
        }

        if (vitals.TryGetValue(Loinc.OxygenSaturation, out var spo2) && spo2 < t.SpO2Below)
        {
            findings.Add(new(LowOxygen, AlertSeverity.Urgent, string.Create(VietnameseInput.Vi, $"SpO2 {spo2:0} %: thiếu oxy, báo bác sĩ ngay.")));
        }

        if (vitals.TryGetValue(Loinc.Temperature, out var temperature) && temperature >= t.TemperatureFrom)
        {
            findings.Add(new(Fever, AlertSeverity.Attention, string.Create(VietnameseInput.Vi, $"Nhiệt độ {temperature:0.0} °C: sốt cao.")));
        }

        if (vitals.TryGetValue(Loinc.Glucose, out var glucose))
        {
            if (glucose >= t.GlucoseHighFrom)
            {
                findings.Add(new(GlucoseHigh, AlertSeverity.Attention, string.Create(VietnameseInput.Vi, $"Đường huyết {glucose:0.0} mmol/L: tăng cao.")));
            }
            else if (glucose < t.GlucoseLowBelow)
            {
                findings.Add(new(GlucoseLow, AlertSeverity.Urgent, string.Create(VietnameseInput.Vi, $"Đường huyết {glucose:0.0} mmol/L: hạ đường huyết, xử trí ngay.")));
            }
        }

        return findings;
    }
}
