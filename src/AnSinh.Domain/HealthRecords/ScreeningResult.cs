using AnSinh.Domain.Instruments;

namespace AnSinh.Domain.HealthRecords;

/// <summary>
/// A screening instrument (PHQ-9, GDS-15, Barthel, ASSIST, Braden, Morse, MNA-SF) given on a date: the answers as
/// published, the score and band the instrument's version gives them, and whether the form was complete (an
/// incomplete one has no score). A result entered as a total alone (before item-by-item entry) has no answers.
/// </summary>
public class ScreeningResult
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int? EncounterId { get; set; }
    public required string Instrument { get; set; }
    /// <summary>The instrument version the score follows (<see cref="Instruments.Instrument.Version"/>).</summary>
    public string? Version { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Null when the form is incomplete, and for ASSIST (a score per substance).</summary>
    public int? TotalScore { get; set; }
    public string? Band { get; set; }
    public bool Complete { get; set; } = true;
    /// <summary>The answers as a JSON array of the published point values, null for an item not answered.</summary>
    public string? Answers { get; set; }
    /// <summary>Flag codes, comma-separated (PHQ-9 item 9, ASSIST recent injection).</summary>
    public string? Flags { get; set; }
    /// <summary>ASSIST: each substance's involvement score and band, as JSON.</summary>
    public string? SubstanceScores { get; set; }
    public string? RecordedBy { get; set; }
}

/// <summary>
/// A screening: the answers in the instrument's published order (<see cref="InstrumentCatalog"/>), or — for PHQ-9 and
/// GDS-15 as counted on paper — the total alone.
/// </summary>
public sealed class ScreeningInput
{
    public string? Instrument { get; set; }
    public DateOnly? Date { get; set; }
    public List<int?>? Answers { get; set; }
    public int? TotalScore { get; set; }
}

public static class ScreeningRules
{
    /// <summary>Instruments whose total may be entered without the answers: code → the total's published range.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max, string NameVi)> TotalOnly = new Dictionary<string, (int, int, string)>
    {
        ["PHQ-9"] = (0, 27, "PHQ-9 (trầm cảm, 18–59 tuổi)"),
        ["GDS-15"] = (0, 15, "GDS-15 (trầm cảm người cao tuổi)"),
    };

    /// <summary>A screening struck out as entered in error (the wrong person, recorded twice) needs the reason.</summary>
    public static Validation.ValidationErrors ValidateStrikeOut(string? reason) =>
        Validation.StrikeOutReason.Validate(reason, "Ghi lý do hủy lần sàng lọc ghi nhầm (ví dụ: ghi nhầm người, ghi hai lần).");

    /// <summary>The errors (Vietnamese, by field) and, for answers that check out, what the instrument makes of them.</summary>
    public static (Validation.ValidationErrors Errors, InstrumentScore? Scored) Validate(ScreeningInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new Validation.ValidationErrors();
        InstrumentScore? scored = null;
        var instrument = InstrumentCatalog.Find(input.Instrument);
        if (instrument is null)
        {
            errors.Add("instrument", $"Chọn công cụ sàng lọc: {string.Join(", ", InstrumentCatalog.All.Values.Select(i => i.Code))}.");
        }
        else if (input.Answers is not null)
        {
            errors.AddIf(input.TotalScore is not null, "totalScore", "Gửi câu trả lời từng câu (answers) hoặc tổng điểm (totalScore), không gửi cả hai: điểm được tính từ câu trả lời.");
            var (result, answerErrors) = instrument.Score(input.Answers);
            foreach (var (field, messages) in answerErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }

            scored = result;
        }
        else if (!TotalOnly.TryGetValue(instrument.Code, out var range))
        {
            errors.Add("answers", $"{instrument.Code}: nhập câu trả lời từng câu; điểm và mức được tính theo bộ công cụ.");
        }
        else if (input.TotalScore is not { } score)
        {
            errors.Add("totalScore", "Nhập tổng điểm (hoặc câu trả lời từng câu).");
        }
        else if (score < range.Min || score > range.Max)
        {
            errors.Add("totalScore", $"Tổng điểm {instrument.Code} phải từ {range.Min} đến {range.Max}.");
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

        return (errors, scored);
    }
}
