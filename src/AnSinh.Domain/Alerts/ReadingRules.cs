using AnSinh.Domain.HealthRecords;

namespace AnSinh.Domain.Alerts;

public enum AlertSeverity
{
    Reminder = 1,
    Attention = 2,
    Urgent = 3,
}

/// <summary>A rule's finding about one reading or result: the rule's code, how urgent, and what to tell the clinician.</summary>
public sealed record AlertFinding(string Rule, AlertSeverity Severity, string MessageVi);

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

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string what) { if (!ok) problems.Add(what); }
        Check(SystolicAttention is >= 100 and <= 250 && SystolicUrgent > SystolicAttention && SystolicUrgent <= 300, "Ngưỡng huyết áp tâm thu phải trong 100–300 mmHg, mức khẩn cao hơn mức cần chú ý.");
        Check(DiastolicAttention is >= 50 and <= 150 && DiastolicUrgent > DiastolicAttention && DiastolicUrgent <= 200, "Ngưỡng huyết áp tâm trương phải trong 50–200 mmHg, mức khẩn cao hơn mức cần chú ý.");
        Check(SpO2Below is >= 70 and <= 100, "Ngưỡng SpO2 phải trong 70–100 %.");
        Check(TemperatureFrom is >= 37 and <= 42, "Ngưỡng nhiệt độ phải trong 37–42 °C.");
        Check(GlucoseLowBelow is >= 2 and <= 6 && GlucoseHighFrom is >= 7 and <= 30, "Ngưỡng đường huyết: thấp trong 2–6, cao trong 7–30 mmol/L.");
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
            findings.Add(new(BloodPressure, AlertSeverity.Urgent, $"Huyết áp {systolic:0}/{diastolic:0} mmHg: cơn tăng huyết áp, báo bác sĩ ngay."));
        }
        else if (systolic >= t.SystolicAttention || diastolic >= t.DiastolicAttention)
        {
            findings.Add(new(BloodPressure, AlertSeverity.Attention, $"Huyết áp {systolic:0}/{diastolic:0} mmHg: cao, đo lại và theo dõi."));
        }

        if (vitals.TryGetValue(Loinc.OxygenSaturation, out var spo2) && spo2 < t.SpO2Below)
        {
            findings.Add(new(LowOxygen, AlertSeverity.Urgent, $"SpO2 {spo2:0} %: thiếu oxy, báo bác sĩ ngay."));
        }

        if (vitals.TryGetValue(Loinc.Temperature, out var temperature) && temperature >= t.TemperatureFrom)
        {
            findings.Add(new(Fever, AlertSeverity.Attention, $"Nhiệt độ {temperature:0.0} °C: sốt cao."));
        }

        if (vitals.TryGetValue(Loinc.Glucose, out var glucose))
        {
            if (glucose >= t.GlucoseHighFrom)
            {
                findings.Add(new(GlucoseHigh, AlertSeverity.Attention, $"Đường huyết {glucose:0.0} mmol/L: tăng cao."));
            }
            else if (glucose < t.GlucoseLowBelow)
            {
                findings.Add(new(GlucoseLow, AlertSeverity.Urgent, $"Đường huyết {glucose:0.0} mmol/L: hạ đường huyết, xử trí ngay."));
            }
        }

        return findings;
    }
}
