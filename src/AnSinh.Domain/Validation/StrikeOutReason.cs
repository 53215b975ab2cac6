using AnSinh.Domain.Text;

namespace AnSinh.Domain.Validation;

/// <summary>
/// The reason a record is struck out as entered in error (a reading, a dose, a screening, a visit): required, at most
/// 500 characters once trimmed, no control characters. The message for a missing reason says what kind of reason fits.
/// </summary>
public static class StrikeOutReason
{
    public const int MaxLength = 500;

    public static ValidationErrors Validate(string? reason, string missing)
    {
        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(reason), "reason", missing);
        errors.AddIf(reason?.Trim() is { Length: > MaxLength }, "reason", $"Lý do không được dài quá {MaxLength} ký tự.");
        errors.AddIf(FreeText.HasControlCharacters(reason), "reason", "Lý do không được chứa ký tự điều khiển.");
        return errors;
    }
}
