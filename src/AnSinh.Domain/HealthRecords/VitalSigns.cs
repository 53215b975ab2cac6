using AnSinh.Domain.Validation;

namespace AnSinh.Domain.HealthRecords;

/// <summary>The range a measured value can plausibly take; outside it the entry is a typing error.</summary>
public sealed record PlausibleRange(string Code, string NameVi, string Unit, decimal Min, decimal Max);

public static class VitalSigns
{
    /// <summary>Body-mass index, kg/m², one decimal; null without both weight and height.</summary>
    public static decimal? Bmi(decimal? weightKg, decimal? heightCm)
    {
        if (weightKg is not > 0 || heightCm is not > 0)
        {
            return null;
        }

        var metres = heightCm.Value / 100m;
        return Math.Round(weightKg.Value / (metres * metres), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Checks each value against its plausible range and blood pressure against itself.</summary>
    public static void Validate(
        IReadOnlyDictionary<string, decimal> values,
        IReadOnlyDictionary<string, PlausibleRange> ranges,
        ValidationErrors errors,
        Func<string, string> fieldName)
    {
        foreach (var (code, value) in values)
        {
            if (!ranges.TryGetValue(code, out var range))
            {
                errors.Add(fieldName(code), $"Mã chỉ số \"{code}\" không có trong danh mục.");
                continue;
            }

            if (value < range.Min || value > range.Max)
            {
                errors.Add(fieldName(code),
                    $"{range.NameVi} {Format(value)} {UnitDisplay.For(range.Unit)} nằm ngoài khoảng hợp lý ({Format(range.Min)}–{Format(range.Max)} {UnitDisplay.For(range.Unit)}).");
            }
        }

        if (values.TryGetValue(Loinc.Systolic, out var systolic) && values.TryGetValue(Loinc.Diastolic, out var diastolic)
            && diastolic >= systolic)
        {
            errors.Add(fieldName(Loinc.Diastolic), "Huyết áp tâm trương phải thấp hơn huyết áp tâm thu.");
        }

        if (values.ContainsKey(Loinc.Systolic) != values.ContainsKey(Loinc.Diastolic))
        {
            errors.Add(fieldName(values.ContainsKey(Loinc.Systolic) ? Loinc.Diastolic : Loinc.Systolic),
                "Cần nhập cả huyết áp tâm thu và tâm trương.");
        }
    }

    private static string Format(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
}
