using AnSinh.Domain.Alerts;
using AnSinh.Domain.HealthRecords;

namespace AnSinh.Domain.Tests;

/// <summary>Issue #12's reading rules at their boundaries (139/89 vs 140/90, 179/109 vs 180/110, SpO2 92 vs 91).</summary>
public class ReadingRulesTests
{
    private static IReadOnlyList<AlertFinding> Evaluate(params (string Code, decimal Value)[] vitals) =>
        ReadingRules.Evaluate(vitals.ToDictionary(v => v.Code, v => v.Value));

    [Theory]
    [InlineData(139, 89, null)]
    [InlineData(140, 80, AlertSeverity.Attention)]
    [InlineData(120, 90, AlertSeverity.Attention)]
    [InlineData(179, 109, AlertSeverity.Attention)]
    [InlineData(180, 100, AlertSeverity.Urgent)]
    [InlineData(150, 110, AlertSeverity.Urgent)]
    public void Blood_pressure_raises_one_finding_at_its_threshold(int systolic, int diastolic, AlertSeverity? expected)
    {
        var findings = Evaluate((Loinc.Systolic, systolic), (Loinc.Diastolic, diastolic)).Where(f => f.Rule == ReadingRules.BloodPressure).ToList();
        Assert.Equal(expected, findings.SingleOrDefault()?.Severity);
    }

    [Theory]
    [InlineData(92, false)]
    [InlineData(91, true)]
    public void Oxygen_below_92_is_urgent(int spo2, bool raised) =>
        Assert.Equal(raised, Evaluate((Loinc.OxygenSaturation, spo2)).Any(f => f.Rule == ReadingRules.LowOxygen && f.Severity == AlertSeverity.Urgent));

    [Theory]
    [InlineData(38.4, false)]
    [InlineData(38.5, true)]
    public void Fever_from_38_5(double temperature, bool raised) =>
        Assert.Equal(raised, Evaluate((Loinc.Temperature, (decimal)temperature)).Any(f => f.Rule == ReadingRules.Fever));

    [Theory]
    [InlineData(11.0, null)]
    [InlineData(11.1, ReadingRules.GlucoseHigh)]
    [InlineData(3.9, null)]
    [InlineData(3.8, ReadingRules.GlucoseLow)]
    public void Glucose_high_from_11_1_and_low_below_3_9(double glucose, string? rule) =>
        Assert.Equal(rule, Evaluate((Loinc.Glucose, (decimal)glucose)).SingleOrDefault()?.Rule);

    [Fact]
    public void Thresholds_out_of_range_are_refused_at_start_up()
    {
        Assert.Empty(new AlertThresholds().Validate());
        Assert.NotEmpty(new AlertThresholds { SystolicUrgent = 130 }.Validate()); // below the attention threshold
        Assert.NotEmpty(new AlertThresholds { SpO2Below = 120 }.Validate());
    }
}
