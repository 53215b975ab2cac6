using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.HealthRecords;

public sealed class EncounterInput
{
    public EncounterKind? Kind { get; set; }
    public DateOnly? Date { get; set; }
    /// <summary>Where the check took place; defaults to the person's current facility.</summary>
    public int? FacilityId { get; set; }
    public List<ObservationInput> Observations { get; set; } = [];
    public List<DiagnosisInput> Diagnoses { get; set; } = [];
    public string? Findings { get; set; }
    public string? Conclusion { get; set; }
    public HealthClassification? Classification { get; set; }
}

public sealed class ObservationInput
{
    public string? Code { get; set; }
    public decimal? Value { get; set; }
}

public sealed class DiagnosisInput
{
    public string? IcdCode { get; set; }
    public DateOnly? OnsetDate { get; set; }
    /// <summary>When the problem ended (khỏi); empty while it is followed up.</summary>
    public DateOnly? ResolvedDate { get; set; }
    public string? Note { get; set; }
}

public static class ConditionRules
{
    /// <summary>A diagnosis struck out as entered in error (the wrong code, the wrong person) needs the reason.</summary>
    public static ValidationErrors ValidateStrikeOut(string? reason) =>
        StrikeOutReason.Validate(reason, "Ghi lý do hủy chẩn đoán ghi nhầm (ví dụ: nhầm mã ICD-10, ghi nhầm người).");

    public static ValidationErrors ValidateResolution(DateOnly? resolvedOn, DateOnly onset, DateOnly today, string field)
    {
        var errors = new ValidationErrors();
        if (resolvedOn is not { } date)
        {
            errors.Add(field, "Ngày khỏi (kết thúc theo dõi) là bắt buộc.");
        }
        else
        {
            errors.AddIf(date < onset, field, $"Ngày khỏi không được trước ngày phát hiện bệnh ({onset:dd/MM/yyyy}).");
            errors.AddIf(date > today, field, "Ngày khỏi không được ở tương lai.");
        }

        return errors;
    }
}

public static class EncounterRules
{
    /// <summary>Striking out a reading entered in error needs the reason: the record keeps it.</summary>
    public static ValidationErrors ValidateStrikeOut(string? reason) =>
        StrikeOutReason.Validate(reason, "Ghi lý do hủy chỉ số ghi nhầm (ví dụ: gõ nhầm 180 thay vì 130, nhầm người).");

    /// <summary>A whole visit struck out as entered in error (the wrong person, recorded twice) needs the reason.</summary>
    public static ValidationErrors ValidateVisitStrikeOut(string? reason) =>
        StrikeOutReason.Validate(reason, "Ghi lý do hủy lượt khám ghi nhầm (ví dụ: ghi nhầm người, ghi hai lần).");

    /// <summary>
    /// The readings that go with one struck out: both halves of a blood pressure (one measurement), and a BMI computed
    /// from a weight or height struck out.
    /// </summary>
    public static IReadOnlyList<string> StruckOutTogether(string code) => code switch
    {
        Loinc.Systolic or Loinc.Diastolic => [Loinc.Systolic, Loinc.Diastolic],
        Loinc.Weight or Loinc.Height => [code, Loinc.Bmi],
        _ => [code],
    };

    /// <summary>The diagnoses of a visit on <paramref name="visitDate"/>: the code given, the onset between birth and the visit, the note, the resolution.</summary>
    public static void ValidateDiagnoses(IReadOnlyList<DiagnosisInput> diagnoses, DateOnly? visitDate, DateOnly birthDate, DateOnly today, ValidationErrors errors)
    {
        for (var i = 0; i < diagnoses.Count; i++)
        {
            var d = diagnoses[i];
            errors.AddIf(string.IsNullOrWhiteSpace(d.IcdCode), $"diagnoses[{i}].icdCode", "Thiếu mã ICD-10.");
            errors.AddIf(d.OnsetDate is { } onset && visitDate is { } encounterDate && onset > encounterDate,
                $"diagnoses[{i}].onsetDate", "Ngày phát hiện bệnh không được sau ngày khám.");
            errors.AddIf(d.OnsetDate is { } born && born < birthDate, $"diagnoses[{i}].onsetDate", "Ngày phát hiện bệnh không được trước ngày sinh.");
            errors.AddIf(d.Note is { Length: > 1000 }, $"diagnoses[{i}].note", "Ghi chú chẩn đoán không được dài quá 1.000 ký tự.");
            errors.AddIf(FreeText.HasControlCharacters(d.Note), $"diagnoses[{i}].note", "Ghi chú chẩn đoán không được chứa ký tự điều khiển.");
            if (d.ResolvedDate is not null && (d.OnsetDate ?? visitDate) is { } start)
            {
                foreach (var (_, messages) in ConditionRules.ValidateResolution(d.ResolvedDate, start, today, "x").ToDictionary())
                {
                    errors.Add($"diagnoses[{i}].resolvedDate", messages[0]);
                }
            }
        }
    }

    public static ValidationErrors Validate(EncounterInput input, DateOnly birthDate, DateOnly today,
        IReadOnlyDictionary<string, PlausibleRange> ranges)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.Kind is null, "kind", "Chọn loại khám.");
        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày khám là bắt buộc.");
        }
        else if (date > today)
        {
            errors.Add("date", "Ngày khám không được ở tương lai.");
        }
        else if (date < birthDate)
        {
            errors.Add("date", "Ngày khám không được trước ngày sinh.");
        }

        var values = new Dictionary<string, decimal>();
        for (var i = 0; i < input.Observations.Count; i++)
        {
            var o = input.Observations[i];
            if (string.IsNullOrWhiteSpace(o.Code))
            {
                errors.Add($"observations[{i}].code", "Thiếu mã chỉ số.");
                continue;
            }

            if (o.Value is null)
            {
                continue;
            }

            if (!values.TryAdd(o.Code.Trim(), o.Value.Value))
            {
                errors.Add($"observations.{o.Code}", "Chỉ số bị nhập hai lần.");
            }
        }

        VitalSigns.Validate(values, ranges, errors, code => $"observations.{code}");

        ValidateDiagnoses(input.Diagnoses, input.Date, birthDate, today, errors);
        AddContentErrors(input, values.Count, errors);
        errors.AddIf(input.Findings is { Length: > 4000 }, "findings", "Nội dung khám không được dài quá 4.000 ký tự.");
        errors.AddIf(input.Conclusion is { Length: > 4000 }, "conclusion", "Kết luận không được dài quá 4.000 ký tự.");
        errors.AddIf(FreeText.HasControlCharacters(input.Findings), "findings", "Nội dung khám không được chứa ký tự điều khiển.");
        errors.AddIf(FreeText.HasControlCharacters(input.Conclusion), "conclusion", "Kết luận không được chứa ký tự điều khiển.");
        return errors;
    }

    /// <summary>
    /// What makes a check (INDICATORS.md counts an intake screening or periodic check as done):
    /// an intake screening or periodic check records at least one vital sign and a health
    /// classification; a sick visit records at least one of a vital sign, a diagnosis or a finding.
    /// </summary>
    private static void AddContentErrors(EncounterInput input, int vitalSignCount, ValidationErrors errors)
    {
        if (input.Kind is EncounterKind.IntakeScreening or EncounterKind.PeriodicCheck)
        {
            errors.AddIf(vitalSignCount == 0, "observations",
                "Lượt khám sàng lọc hoặc định kỳ cần ít nhất một chỉ số sinh tồn hoặc nhân trắc (huyết áp, mạch, nhiệt độ, cân nặng…).");
            errors.AddIf(input.Classification is null, "classification",
                "Chọn phân loại sức khỏe: lượt khám sàng lọc hoặc định kỳ phải có kết luận phân loại.");
        }
        else if (input.Kind is EncounterKind.SickVisit)
        {
            errors.AddIf(vitalSignCount == 0 && input.Diagnoses.Count == 0 && string.IsNullOrWhiteSpace(input.Findings),
                "findings", "Lượt khám bệnh cần ít nhất một chỉ số sinh tồn, một chẩn đoán hoặc nội dung khám lâm sàng.");
        }
    }
}
