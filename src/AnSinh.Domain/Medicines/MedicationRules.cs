using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Medicines;

public sealed class MedicationOrderInput
{
    public string? DrugName { get; set; }
    public string? DrugCode { get; set; }
    public string? Strength { get; set; }
    public DoseForm? Form { get; set; }
    public string? Dose { get; set; }
    public MedicationRoute? Route { get; set; }
    /// <summary>The rounds a dose is given in; empty for an order given only when needed.</summary>
    public List<Shift>? Times { get; set; }
    public bool AsNeeded { get; set; }
    public string? Instructions { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// <summary>Why the order stands although the person is allergic to a matching substance.</summary>
    public string? AllergyOverrideReason { get; set; }
}

public sealed class StopOrderInput
{
    public DateOnly? StoppedOn { get; set; }
    public string? Reason { get; set; }
}

public sealed class AdministrationInput
{
    public DateOnly? Date { get; set; }
    public Shift? Shift { get; set; }
    public AdministrationStatus? Status { get; set; }
    public string? Reason { get; set; }
    /// <summary>The local time of day the dose was given; the time of recording when not given.</summary>
    public TimeOnly? Time { get; set; }
}

public sealed class AllergyInput
{
    public string? Substance { get; set; }
    public AllergyCategory? Category { get; set; }
    public AllergyKind? Kind { get; set; }
    public string? Reaction { get; set; }
    public AllergySeverity? Severity { get; set; }
}

/// <summary>Withdrawing an allergy: why, in the reason's own words.</summary>
public sealed class AllergyEndInput
{
    public AllergyEnd? Reason { get; set; }
    public string? Note { get; set; }
}

public sealed class ImmunizationInput
{
    public string? Vaccine { get; set; }
    public string? VaccineCode { get; set; }
    public int? DoseNumber { get; set; }
    public DateOnly? Date { get; set; }
    public string? Lot { get; set; }
    public InjectionSite? Site { get; set; }
}

public static class MedicationRules
{
    /// <summary>How far ahead an order may start (a course prepared before a resident returns from hospital).</summary>
    public const int MaxDaysAhead = 30;

    public static ValidationErrors ValidateOrder(MedicationOrderInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.DrugName), "drugName", "Tên thuốc là bắt buộc.");
        errors.AddIf(input.DrugName is { Length: > 200 }, "drugName", "Tên thuốc không được dài quá 200 ký tự.");
        errors.AddIf(input.DrugCode is { Length: > 50 }, "drugCode", "Mã thuốc không được dài quá 50 ký tự.");
        errors.AddIf(input.Strength is { Length: > 50 }, "strength", "Hàm lượng không được dài quá 50 ký tự.");
        errors.AddIf(input.Form is not { } form || !Enum.IsDefined(form), "form", "Chọn dạng bào chế.");
        errors.AddIf(string.IsNullOrWhiteSpace(input.Dose), "dose", "Ghi liều mỗi lần dùng (ví dụ: 1 viên, 5 ml).");
        errors.AddIf(input.Dose is { Length: > 100 }, "dose", "Liều không được dài quá 100 ký tự.");
        errors.AddIf(input.Route is not { } route || !Enum.IsDefined(route), "route", "Chọn đường dùng.");
        var times = input.Times ?? [];
        if (times.Any(t => !Enum.IsDefined(t)))
        {
            errors.Add("times", "Cữ dùng không hợp lệ: chọn Sáng, Trưa, Chiều hoặc Tối.");
        }
        else if (times.Count == 0 && !input.AsNeeded)
        {
            errors.Add("times", "Chọn ít nhất một cữ dùng trong ngày, hoặc đánh dấu \"khi cần\".");
        }

        errors.AddIf(input.Instructions is { Length: > 1000 }, "instructions", "Hướng dẫn không được dài quá 1.000 ký tự.");
        if (input.StartDate is not { } start)
        {
            errors.Add("startDate", "Ngày bắt đầu dùng thuốc là bắt buộc.");
        }
        else
        {
            errors.AddIf(start < birthDate, "startDate", "Ngày bắt đầu không được trước ngày sinh.");
            errors.AddIf(start > today.AddDays(MaxDaysAhead), "startDate", $"Ngày bắt đầu không được quá {MaxDaysAhead} ngày sau hôm nay.");
            errors.AddIf(input.EndDate < start, "endDate", "Ngày kết thúc phải từ ngày bắt đầu trở đi.");
        }

        errors.AddIf(input.AllergyOverrideReason is { Length: > 500 }, "allergyOverrideReason", "Lý do không được dài quá 500 ký tự.");
        return errors;
    }

    public static DoseTimes TimesOf(IEnumerable<Shift>? shifts) => (shifts ?? []).Aggregate(DoseTimes.None, (all, s) => all | (DoseTimes)s);

    public static IReadOnlyList<Shift> ShiftsOf(DoseTimes times) => Enum.GetValues<Shift>().Where(s => times.HasFlag((DoseTimes)s)).ToList();

    public static ValidationErrors ValidateStop(StopOrderInput input, MedicationOrder order, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (order.StoppedOn is { } stopped)
        {
            errors.Add("", $"Y lệnh đã ngừng từ {stopped:dd/MM/yyyy}.");
            return errors;
        }

        if (input.StoppedOn is not { } on)
        {
            errors.Add("stoppedOn", "Ngày ngừng thuốc là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < order.StartDate, "stoppedOn", "Ngày ngừng không được trước ngày bắt đầu dùng thuốc.");
            errors.AddIf(on > today.AddDays(MaxDaysAhead), "stoppedOn", $"Ngày ngừng không được quá {MaxDaysAhead} ngày sau hôm nay.");
        }

        errors.AddIf(string.IsNullOrWhiteSpace(input.Reason), "reason", "Ghi lý do ngừng thuốc.");
        errors.AddIf(input.Reason is { Length: > 500 }, "reason", "Lý do không được dài quá 500 ký tự.");
        return errors;
    }

    /// <summary>A round's dose of an order: on a day the order is active, in one of its rounds, not in the future.</summary>
    public static ValidationErrors ValidateAdministration(AdministrationInput input, MedicationOrder order, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày dùng thuốc là bắt buộc.");
        }
        else if (date > today)
        {
            errors.Add("date", "Không ghi liều thuốc cho ngày chưa đến.");
        }
        else if (order.StoppedOn is { } stopped && date >= stopped)
        {
            errors.Add("date", $"Y lệnh đã ngừng từ {stopped:dd/MM/yyyy}: không ghi liều sau ngày đó.");
        }
        else if (!order.ActiveOn(date))
        {
            errors.Add("date", $"Ngày {date:dd/MM/yyyy} ngoài thời gian dùng thuốc của y lệnh.");
        }

        if (input.Shift is not { } shift || !Enum.IsDefined(shift))
        {
            errors.Add("shift", "Chọn cữ thuốc (Sáng, Trưa, Chiều, Tối).");
        }
        else if (!order.AsNeeded && !order.Times.HasFlag((DoseTimes)shift))
        {
            errors.Add("shift", "Y lệnh không có liều ở cữ này.");
        }

        if (input.Status is not { } status || !Enum.IsDefined(status))
        {
            errors.Add("status", "Chọn: đã dùng, từ chối hoặc hoãn.");
        }
        else
        {
            errors.AddIf(status != AdministrationStatus.Given && string.IsNullOrWhiteSpace(input.Reason), "reason",
                "Ghi lý do người bệnh từ chối hoặc hoãn liều thuốc.");
        }

        errors.AddIf(input.Reason is { Length: > 500 }, "reason", "Lý do không được dài quá 500 ký tự.");
        return errors;
    }

    public static ValidationErrors ValidateAllergy(AllergyInput input)
    {
        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.Substance), "substance", "Ghi chất hoặc thuốc gây dị ứng.");
        errors.AddIf(input.Substance is { Length: > 200 }, "substance", "Tên chất không được dài quá 200 ký tự.");
        errors.AddIf(input.Category is not { } c || !Enum.IsDefined(c), "category", "Chọn nhóm: thuốc, thức ăn, môi trường hoặc khác.");
        errors.AddIf(input.Kind is not { } k || !Enum.IsDefined(k), "kind", "Chọn dị ứng hay không dung nạp.");
        errors.AddIf(input.Severity is not { } s || !Enum.IsDefined(s), "severity", "Chọn mức độ: nhẹ, vừa hoặc nặng.");
        errors.AddIf(input.Reaction is { Length: > 500 }, "reaction", "Biểu hiện không được dài quá 500 ký tự.");
        return errors;
    }

    public static ValidationErrors ValidateAllergyEnd(AllergyEndInput input)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.Reason is not { } r || !Enum.IsDefined(r), "reason", "Chọn lý do gỡ: đã hết dị ứng, đã loại trừ, hoặc ghi nhầm.");
        errors.AddIf(string.IsNullOrWhiteSpace(input.Note), "note", "Ghi rõ căn cứ gỡ dị ứng (ví dụ: test da âm tính ngày …, đã dùng lại không phản ứng).");
        errors.AddIf(input.Note?.Trim() is { Length: > 500 }, "note", "Căn cứ không được dài quá 500 ký tự.");
        errors.AddIf(FreeText.HasControlCharacters(input.Note), "note", "Căn cứ không được chứa ký tự điều khiển.");
        return errors;
    }

    /// <summary>Striking out a vaccine dose recorded in error needs the reason (the record stays, marked).</summary>
    public static ValidationErrors ValidateRetraction(string? reason) =>
        StrikeOutReason.Validate(reason, "Ghi lý do hủy mũi tiêm ghi nhầm (ví dụ: ghi nhầm người, nhầm vắc xin, nhầm ngày).");

    /// <summary>Striking out a round's dose record written in error needs the reason (the record stays, marked).</summary>
    public static ValidationErrors ValidateDoseRetraction(string? reason) =>
        StrikeOutReason.Validate(reason, "Ghi lý do hủy liều thuốc ghi nhầm (ví dụ: ghi nhầm người, nhầm cữ, nhầm thuốc).");

    public static ValidationErrors ValidateImmunization(ImmunizationInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.Vaccine), "vaccine", "Ghi tên vắc xin.");
        errors.AddIf(input.Vaccine is { Length: > 200 }, "vaccine", "Tên vắc xin không được dài quá 200 ký tự.");
        errors.AddIf(input.VaccineCode is { Length: > 50 }, "vaccineCode", "Mã vắc xin không được dài quá 50 ký tự.");
        errors.AddIf(input.DoseNumber is < 1 or > 10, "doseNumber", "Mũi thứ phải từ 1 đến 10.");
        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày tiêm là bắt buộc.");
        }
        else
        {
            errors.AddIf(date > today, "date", "Ngày tiêm không được ở tương lai.");
            errors.AddIf(date < birthDate, "date", "Ngày tiêm không được trước ngày sinh.");
        }

        errors.AddIf(input.Lot is { Length: > 50 }, "lot", "Số lô không được dài quá 50 ký tự.");
        errors.AddIf(input.Site is { } site && !Enum.IsDefined(site), "site", "Vị trí tiêm không hợp lệ.");
        return errors;
    }
}

/// <summary>
/// Whether a medicine order matches a recorded allergy. Without a drug list that knows classes (penicillins,
/// sulfonamides), the rule compares names: the allergy's substance, folded (no diacritics, lower case), appears as whole
/// words in the drug's name, or the drug's name in the substance; or the codes are equal. It warns on "Amoxicilin 500 mg"
/// for an allergy to "amoxicilin", not for an allergy to "penicilin" — say the class in the allergy to be warned of it.
/// </summary>
public static class AllergyMatch
{
    public static IReadOnlyList<Allergy> Matching(string? drugName, string? drugCode, IEnumerable<Allergy> allergies)
    {
        var drug = Words(drugName);
        return allergies.Where(a => a.Category is AllergyCategory.Medication or AllergyCategory.Other)
            .Where(a =>
            {
                var substance = Words(a.Substance);
                return (substance.Count > 0 && drug.Count > 0 && (ContainsRun(drug, substance) || ContainsRun(substance, drug)))
                    || (!string.IsNullOrWhiteSpace(drugCode) && string.Equals(a.Substance.Trim(), drugCode.Trim(), StringComparison.OrdinalIgnoreCase));
            }).ToList();
    }

    private static List<string> Words(string? text) =>
        VietnameseText.Fold(text).Split([' ', ',', ';', '/', '(', ')', '-', '+', '.'], StringSplitOptions.RemoveEmptyEntries)
            // Strengths and units ("500", "mg") say nothing about the substance.
            .Where(w => w.Length >= 3 && !w.All(char.IsDigit) && w is not ("mg" or "mcg" or "ml" or "vien" or "ong" or "goi"))
            .ToList();

    /// <summary>Whether the words of <paramref name="part"/> appear in a row in <paramref name="whole"/>.</summary>
    private static bool ContainsRun(List<string> whole, List<string> part)
    {
        for (var i = 0; i + part.Count <= whole.Count; i++)
        {
            if (part.Select((w, j) => whole[i + j] == w).All(x => x))
            {
                return true;
            }
        }

        return false;
    }
}
