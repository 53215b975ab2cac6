namespace AnSinh.Domain.HealthRecords;

/// <summary>A scored screening instrument (PHQ-9, GDS-15, Barthel, …) given on a date.</summary>
public class ScreeningResult
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int? EncounterId { get; set; }
    public required string Instrument { get; set; }
    public DateOnly Date { get; set; }
    public int TotalScore { get; set; }
}

/// <summary>
/// A screening total entered as a number until the full instruments (items, bands) arrive with the
/// clinical-care work; MH-SCREEN counts these results. The ranges are the instruments' published totals.
/// </summary>
public sealed class ScreeningInput
{
    public string? Instrument { get; set; }
    public DateOnly? Date { get; set; }
    public int? TotalScore { get; set; }
}

public static class ScreeningRules
{
    /// <summary>Instrument code → the total's range.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max, string NameVi)> Instruments = new Dictionary<string, (int, int, string)>
    {
        ["PHQ-9"] = (0, 27, "PHQ-9 (trầm cảm, 18–59 tuổi)"),
        ["GDS-15"] = (0, 15, "GDS-15 (trầm cảm người cao tuổi)"),
    };

    public static Validation.ValidationErrors Validate(ScreeningInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new Validation.ValidationErrors();
        if (input.Instrument is null || !Instruments.TryGetValue(input.Instrument, out var range))
        {
            errors.Add("instrument", $"Chọn công cụ sàng lọc: {string.Join(", ", Instruments.Keys)}.");
        }
        else if (input.TotalScore is not { } score)
        {
            errors.Add("totalScore", "Nhập tổng điểm.");
        }
        else if (score < range.Min || score > range.Max)
        {
            errors.Add("totalScore", $"Tổng điểm {input.Instrument} phải từ {range.Min} đến {range.Max}.");
        }

        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày sàng lọc là bắt buộc.");
        }
        else
        {
            errors.AddIf(date > today, "date", "Ngày sàng lọc không được ở tương lai.");
            errors.AddIf(date < birthDate, "date", "Ngày sàng lọc không được trước ngày sinh.");
        }

        return errors;
    }
}
