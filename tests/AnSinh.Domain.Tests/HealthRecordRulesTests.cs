using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Tests;

public class VitalSignsTests
{
    private static readonly IReadOnlyDictionary<string, PlausibleRange> Ranges = new Dictionary<string, PlausibleRange>
    {
        [Loinc.Systolic] = new(Loinc.Systolic, "Huyết áp tâm thu", "mm[Hg]", 50, 300),
        [Loinc.Diastolic] = new(Loinc.Diastolic, "Huyết áp tâm trương", "mm[Hg]", 20, 200),
        [Loinc.Temperature] = new(Loinc.Temperature, "Nhiệt độ", "Cel", 30, 45),
        [Loinc.Weight] = new(Loinc.Weight, "Cân nặng", "kg", 0.5m, 300),
        [Loinc.Height] = new(Loinc.Height, "Chiều cao", "cm", 30, 250),
    };

    private static ValidationErrors Check(params (string Code, decimal Value)[] values)
    {
        var errors = new ValidationErrors();
        VitalSigns.Validate(values.ToDictionary(v => v.Code, v => v.Value), Ranges, errors, code => code);
        return errors;
    }

    [Theory]
    [InlineData(60, 170, 20.8)]
    [InlineData(45.5, 152, 19.7)]
    [InlineData(80, 160, 31.3)]
    public void Bmi_is_weight_over_height_squared_to_one_decimal(decimal weight, decimal height, decimal expected) =>
        Assert.Equal(expected, VitalSigns.Bmi(weight, height));

    [Fact]
    public void Bmi_needs_both_weight_and_height()
    {
        Assert.Null(VitalSigns.Bmi(60, null));
        Assert.Null(VitalSigns.Bmi(null, 170));
        Assert.Null(VitalSigns.Bmi(60, 0));
    }

    [Fact]
    public void Systolic_400_is_outside_the_plausible_range()
    {
        var errors = Check((Loinc.Systolic, 400), (Loinc.Diastolic, 80));
        Assert.Contains("Huyết áp tâm thu 400", errors[Loinc.Systolic]);
        Assert.Contains("ngoài khoảng hợp lý", errors[Loinc.Systolic]);
    }

    [Fact]
    public void Diastolic_above_systolic_is_refused()
    {
        var errors = Check((Loinc.Systolic, 110), (Loinc.Diastolic, 120));
        Assert.Equal("Huyết áp tâm trương phải thấp hơn huyết áp tâm thu.", errors[Loinc.Diastolic]);
    }

    [Fact]
    public void Only_one_half_of_blood_pressure_is_refused()
    {
        var errors = Check((Loinc.Systolic, 120));
        Assert.Equal("Cần nhập cả huyết áp tâm thu và tâm trương.", errors[Loinc.Diastolic]);
    }

    [Fact]
    public void Temperature_50_is_refused_with_the_range_in_vietnamese_numbers()
    {
        var errors = Check((Loinc.Temperature, 50));
        Assert.Equal("Nhiệt độ 50 °C nằm ngoài khoảng hợp lý (30–45 °C).", errors[Loinc.Temperature]);
    }

    [Fact]
    public void Ordinary_vitals_pass()
    {
        var errors = Check((Loinc.Systolic, 130), (Loinc.Diastolic, 85), (Loinc.Temperature, 36.8m), (Loinc.Weight, 55), (Loinc.Height, 158));
        Assert.True(errors.IsValid);
    }

    [Fact]
    public void Unknown_code_is_refused()
    {
        var errors = Check(("0000-0", 1));
        Assert.False(errors.IsValid);
    }
}

public class EncounterRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly IReadOnlyDictionary<string, PlausibleRange> Ranges = new Dictionary<string, PlausibleRange>
    {
        [Loinc.Systolic] = new(Loinc.Systolic, "Huyết áp tâm thu", "mm[Hg]", 50, 300),
        [Loinc.Diastolic] = new(Loinc.Diastolic, "Huyết áp tâm trương", "mm[Hg]", 20, 200),
    };

    [Fact]
    public void A_check_in_the_future_is_refused()
    {
        var errors = EncounterRules.Validate(new EncounterInput { Kind = EncounterKind.PeriodicCheck, Date = Today.AddDays(1) }, new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.Equal("Ngày khám không được ở tương lai.", errors["date"]);
    }

    [Theory]
    [InlineData("Sốt \u0007 cao")]
    [InlineData("Sốt \u202E cao")]
    [InlineData("Sốt \u2066cao")]
    public void Findings_and_conclusions_with_control_characters_are_refused(string text)
    {
        var errors = EncounterRules.Validate(new EncounterInput { Kind = EncounterKind.SickVisit, Date = Today, Findings = text, Conclusion = text },
            new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.Equal(("Nội dung khám không được chứa ký tự điều khiển.", "Kết luận không được chứa ký tự điều khiển."), (errors["findings"], errors["conclusion"]));
        // Lines are fine: a clinician writes findings over several.
        Assert.True(EncounterRules.Validate(new EncounterInput { Kind = EncounterKind.SickVisit, Date = Today, Findings = "Sốt cao\r\nHo khan\tđêm" },
            new DateOnly(1950, 1, 1), Today, Ranges).IsValid);
    }

    [Fact]
    public void A_check_before_birth_is_refused()
    {
        var errors = EncounterRules.Validate(new EncounterInput { Kind = EncounterKind.PeriodicCheck, Date = new DateOnly(1949, 1, 1) }, new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.Equal("Ngày khám không được trước ngày sinh.", errors["date"]);
    }

    [Fact]
    public void Errors_are_keyed_by_observation_code()
    {
        var input = new EncounterInput
        {
            Kind = EncounterKind.PeriodicCheck,
            Date = Today,
            Observations = [new() { Code = Loinc.Systolic, Value = 400 }, new() { Code = Loinc.Diastolic, Value = 90 }],
        };
        var errors = EncounterRules.Validate(input, new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.NotNull(errors[$"observations.{Loinc.Systolic}"]);
        Assert.Null(errors[$"observations.{Loinc.Diastolic}"]);
    }

    [Fact]
    public void Empty_values_are_ignored()
    {
        var input = new EncounterInput
        {
            Kind = EncounterKind.PeriodicCheck,
            Date = Today,
            Classification = HealthClassification.II,
            Observations = [new() { Code = Loinc.Systolic, Value = null }, new() { Code = Loinc.Systolic, Value = 120 }, new() { Code = Loinc.Diastolic, Value = 80 }],
        };
        Assert.True(EncounterRules.Validate(input, new DateOnly(1950, 1, 1), Today, Ranges).IsValid);
    }

    [Theory]
    [InlineData(EncounterKind.PeriodicCheck)]
    [InlineData(EncounterKind.IntakeScreening)]
    public void A_check_without_a_vital_sign_or_a_classification_is_refused(EncounterKind kind)
    {
        var empty = EncounterRules.Validate(new EncounterInput { Kind = kind, Date = Today, Findings = "Bình thường" }, new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.NotNull(empty["observations"]);
        Assert.NotNull(empty["classification"]);

        var noClassification = new EncounterInput
        {
            Kind = kind,
            Date = Today,
            Observations = [new() { Code = Loinc.Systolic, Value = 120 }, new() { Code = Loinc.Diastolic, Value = 80 }],
        };
        var errors = EncounterRules.Validate(noClassification, new DateOnly(1950, 1, 1), Today, Ranges);
        Assert.Null(errors["observations"]);
        Assert.StartsWith("Chọn phân loại sức khỏe", errors["classification"]);
    }

    [Fact]
    public void A_sick_visit_needs_a_vital_sign_a_diagnosis_or_a_finding()
    {
        var empty = new EncounterInput { Kind = EncounterKind.SickVisit, Date = Today };
        Assert.NotNull(EncounterRules.Validate(empty, new DateOnly(1950, 1, 1), Today, Ranges)["findings"]);

        var withDiagnosis = new EncounterInput { Kind = EncounterKind.SickVisit, Date = Today, Diagnoses = [new() { IcdCode = "J00" }] };
        Assert.True(EncounterRules.Validate(withDiagnosis, new DateOnly(1950, 1, 1), Today, Ranges).IsValid);
    }

    [Theory]
    [InlineData(Loinc.Systolic, new[] { Loinc.Systolic, Loinc.Diastolic })]
    [InlineData(Loinc.Diastolic, new[] { Loinc.Systolic, Loinc.Diastolic })]
    [InlineData(Loinc.Weight, new[] { Loinc.Weight, Loinc.Bmi })]
    [InlineData(Loinc.Height, new[] { Loinc.Height, Loinc.Bmi })]
    [InlineData(Loinc.Temperature, new[] { Loinc.Temperature })]
    [InlineData(Loinc.Bmi, new[] { Loinc.Bmi })]
    public void A_reading_struck_out_takes_the_readings_that_stand_on_it(string code, string[] together) =>
        Assert.Equal(together, EncounterRules.StruckOutTogether(code));

    [Theory]
    [InlineData("Gõ nhầm 180 thay vì 130", true)]
    [InlineData(" ", false)]
    [InlineData(null, false)]
    public void Striking_out_a_reading_needs_a_reason(string? reason, bool valid) =>
        Assert.Equal(valid, EncounterRules.ValidateStrikeOut(reason).IsValid);

    [Fact]
    public void A_strike_out_reason_is_at_most_500_characters_once_trimmed_and_has_no_control_characters()
    {
        Assert.NotNull(EncounterRules.ValidateStrikeOut(new string('x', 501))["reason"]);
        Assert.True(EncounterRules.ValidateStrikeOut("  " + new string('x', 499) + "  ").IsValid);
        Assert.NotNull(EncounterRules.ValidateStrikeOut("nhầm\u0000người")["reason"]);
        Assert.True(EncounterRules.ValidateStrikeOut("nhầm người\nđo lại sau").IsValid);
    }
}
