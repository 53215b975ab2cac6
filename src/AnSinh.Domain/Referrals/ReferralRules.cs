using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Referrals;

public sealed class ReferralInput
{
    public DateOnly? Date { get; set; }
    /// <summary>The hospital or service the person is sent to.</summary>
    public string? Destination { get; set; }
    public string? Reason { get; set; }
    public TimeOnly? Time { get; set; }
    public CareLevel? DestinationLevel { get; set; }
    public ReferralUrgency? Urgency { get; set; }
    public ReferralGround? Ground { get; set; }
    /// <summary>ICD-10 code of the diagnosis; checked against the Ministry's list by the caller.</summary>
    public string? DiagnosisCode { get; set; }
    public string? Diagnosis { get; set; }
    public string? ClinicalSigns { get; set; }
    public string? TestResults { get; set; }
    public string? TreatmentGiven { get; set; }
    public string? ConditionAtTransfer { get; set; }
    public string? TreatmentDirection { get; set; }
    public ReferralTransport? Transport { get; set; }
    public string? Escort { get; set; }
}

/// <summary>The answer that came back from the hospital (phiếu phản hồi / giấy ra viện).</summary>
public sealed class ReferralOutcomeInput
{
    public DateOnly? OutcomeDate { get; set; }
    public string? Outcome { get; set; }
    public DateOnly? BackReferredOn { get; set; }
}

public static class ReferralRules
{
    public static ValidationErrors Validate(ReferralInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày chuyển tuyến là bắt buộc.");
        }
        else
        {
            errors.AddIf(date > today, "date", "Ngày chuyển tuyến không được ở tương lai.");
            errors.AddIf(date < birthDate, "date", "Ngày chuyển tuyến không được trước ngày sinh.");
        }

        errors.AddIf(string.IsNullOrWhiteSpace(input.Destination), "destination", "Ghi nơi chuyển đến (bệnh viện, cơ sở khám chữa bệnh).");
        errors.AddIf(input.Destination is { Length: > 300 }, "destination", "Nơi chuyển đến không được dài quá 300 ký tự.");
        errors.AddIf(input.Reason is { Length: > 2000 }, "reason", "Lý do không được dài quá 2.000 ký tự.");
        errors.AddIf(input.DestinationLevel is { } level && !Enum.IsDefined(level), "destinationLevel", "Cấp chuyên môn không hợp lệ.");
        errors.AddIf(input.Urgency is { } urgency && !Enum.IsDefined(urgency), "urgency", "Mức khẩn không hợp lệ.");
        errors.AddIf(input.Ground is { } ground && !Enum.IsDefined(ground), "ground", "Lý do chuyển tuyến không hợp lệ.");
        errors.AddIf(input.Transport is { } transport && !Enum.IsDefined(transport), "transport", "Phương tiện vận chuyển không hợp lệ.");
        errors.AddIf(input.Diagnosis is { Length: > 500 }, "diagnosis", "Chẩn đoán không được dài quá 500 ký tự.");
        errors.AddIf(input.Escort is { Length: > 300 }, "escort", "Người hộ tống không được dài quá 300 ký tự.");
        foreach (var (field, text) in new[]
                 {
                     ("clinicalSigns", input.ClinicalSigns), ("testResults", input.TestResults), ("treatmentGiven", input.TreatmentGiven),
                     ("conditionAtTransfer", input.ConditionAtTransfer), ("treatmentDirection", input.TreatmentDirection),
                 })
        {
            errors.AddIf(text is { Length: > 2000 }, field, "Nội dung không được dài quá 2.000 ký tự.");
        }

        return errors;
    }

    public static ValidationErrors ValidateOutcome(ReferralOutcomeInput input, DateOnly referredOn, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (input.OutcomeDate is not { } date)
        {
            errors.Add("outcomeDate", "Ngày nhận kết quả phản hồi là bắt buộc.");
        }
        else
        {
            errors.AddIf(date < referredOn, "outcomeDate", "Ngày nhận kết quả không được trước ngày chuyển tuyến.");
            errors.AddIf(date > today, "outcomeDate", "Ngày nhận kết quả không được ở tương lai.");
        }

        errors.AddIf(string.IsNullOrWhiteSpace(input.Outcome), "outcome", "Ghi kết quả phản hồi (chẩn đoán, điều trị, hướng xử trí tiếp).");
        errors.AddIf(input.Outcome is { Length: > 4000 }, "outcome", "Kết quả không được dài quá 4.000 ký tự.");
        if (input.BackReferredOn is { } back)
        {
            errors.AddIf(back < referredOn, "backReferredOn", "Ngày chuyển về không được trước ngày chuyển tuyến.");
            errors.AddIf(back > today, "backReferredOn", "Ngày chuyển về không được ở tương lai.");
        }

        return errors;
    }
}
