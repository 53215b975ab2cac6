using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Stays;

public sealed class AdmissionInput
{
    public int? FacilityId { get; set; }
    public DateOnly? AdmittedOn { get; set; }
    public StayKind Kind { get; set; } = StayKind.Residential;
    /// <summary>The user saw the over-capacity warning and admits anyway.</summary>
    public bool ConfirmOverCapacity { get; set; }
    public string? Note { get; set; }
}

public sealed class DischargeInput
{
    public DateOnly? DischargedOn { get; set; }
    public DischargeReason? Reason { get; set; }
    public string? Note { get; set; }
}

public sealed class TransferInput
{
    public int? ToFacilityId { get; set; }
    public DateOnly? TransferredOn { get; set; }
    public bool ConfirmOverCapacity { get; set; }
    public string? Note { get; set; }
}

public static class StayRules
{
    public static ValidationErrors ValidateAdmission(AdmissionInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.FacilityId is null, "facilityId", "Chọn cơ sở tiếp nhận.");
        CheckDate(errors, "admittedOn", input.AdmittedOn, birthDate, today, "Ngày tiếp nhận");
        return errors;
    }

    public static ValidationErrors ValidateDischarge(DischargeInput input, Stay stay, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (stay.DischargedOn is not null)
        {
            errors.Add("dischargedOn", "Lượt tiếp nhận này đã kết thúc.");
            return errors;
        }

        errors.AddIf(input.Reason is null, "reason", "Chọn lý do ra khỏi cơ sở.");
        if (input.DischargedOn is not { } date)
        {
            errors.Add("dischargedOn", "Ngày ra là bắt buộc.");
        }
        else if (date < stay.AdmittedOn)
        {
            errors.Add("dischargedOn", $"Ngày ra không được trước ngày tiếp nhận ({stay.AdmittedOn:dd/MM/yyyy}).");
        }
        else if (date > today)
        {
            errors.Add("dischargedOn", "Ngày ra không được ở tương lai.");
        }

        return errors;
    }

    public static ValidationErrors ValidateTransfer(TransferInput input, Stay stay, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.ToFacilityId is null, "toFacilityId", "Chọn cơ sở chuyển đến.");
        errors.AddIf(input.ToFacilityId == stay.FacilityId, "toFacilityId", "Cơ sở chuyển đến phải khác cơ sở hiện tại.");
        errors.AddIf(stay.DischargedOn is not null, "transferredOn", "Lượt tiếp nhận này đã kết thúc.");
        if (input.TransferredOn is not { } date)
        {
            errors.Add("transferredOn", "Ngày chuyển là bắt buộc.");
        }
        else if (date < stay.AdmittedOn)
        {
            errors.Add("transferredOn", $"Ngày chuyển không được trước ngày tiếp nhận ({stay.AdmittedOn:dd/MM/yyyy}).");
        }
        else if (date > today)
        {
            errors.Add("transferredOn", "Ngày chuyển không được ở tương lai.");
        }

        return errors;
    }

    /// <summary>Null when there is room; otherwise the warning the user must confirm.</summary>
    public static string? CapacityWarning(int residentsOnDate, int capacity) =>
        capacity > 0 && residentsOnDate >= capacity
            ? $"Cơ sở đã đủ công suất ({residentsOnDate}/{capacity} đối tượng). Hãy xác nhận nếu vẫn tiếp nhận vượt công suất."
            : null;

    private static void CheckDate(ValidationErrors errors, string field, DateOnly? value, DateOnly birthDate, DateOnly today, string label)
    {
        if (value is not { } date)
        {
            errors.Add(field, $"{label} là bắt buộc.");
        }
        else if (date > today)
        {
            errors.Add(field, $"{label} không được ở tương lai.");
        }
        else if (date < birthDate)
        {
            errors.Add(field, $"{label} không được trước ngày sinh.");
        }
    }
}
