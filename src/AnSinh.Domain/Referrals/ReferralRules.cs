using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Referrals;

public sealed class ReferralInput
{
    public DateOnly? Date { get; set; }
    /// <summary>The hospital or service the person is sent to.</summary>
    public string? Destination { get; set; }
    public string? Reason { get; set; }
}

/// <summary>The answer that came back from the hospital (phiếu phản hồi / giấy ra viện).</summary>
public sealed class ReferralOutcomeInput
{
    public DateOnly? OutcomeDate { get; set; }
    public string? Outcome { get; set; }
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
        return errors;
    }
}
