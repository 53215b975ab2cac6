using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.ChronicCare;

/// <summary>The diseases of the chronic-disease register (sổ quản lý bệnh mạn tính).</summary>
public enum ChronicDisease
{
    Hypertension = 1,
    Diabetes = 2,
    CopdAsthma = 3,
    MentalIllness = 4,
    Epilepsy = 5,
    Tuberculosis = 6,
    Hiv = 7,
    ChronicKidneyDisease = 8,
}

public enum ControlStatus
{
    /// <summary>No reading that the disease's rule reads (or no rule for the disease).</summary>
    Unknown = 0,
    Controlled = 1,
    Uncontrolled = 2,
}

/// <summary>One person followed up for one disease, from the diagnosis it was entered from until it ends.</summary>
public class ChronicEnrolment
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public ChronicDisease Disease { get; set; }
    /// <summary>The ICD-10 code of the diagnosis the enrolment was made from.</summary>
    public required string IcdCode { get; set; }
    public int? ConditionId { get; set; }
    public DateOnly EnrolledOn { get; set; }
    /// <summary>Days between follow-up visits for this person (the disease's default unless the doctor set another).</summary>
    public int FollowUpDays { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }
    public required string EnrolledBy { get; set; }
}

/// <summary>The follow-up interval of each disease, in days; a site may set its own (ChronicCare:FollowUpDays:Hypertension = 30 …).</summary>
public sealed class ChronicCareOptions
{
    public Dictionary<ChronicDisease, int> FollowUpDays { get; init; } = new()
    {
        // Monthly visits for the diseases managed with monthly medicine supplies at the commune level;
        // three-monthly for HIV (multi-month ART dispensing) and chronic kidney disease.
        [ChronicDisease.Hypertension] = 30,
        [ChronicDisease.Diabetes] = 30,
        [ChronicDisease.CopdAsthma] = 30,
        [ChronicDisease.MentalIllness] = 30,
        [ChronicDisease.Epilepsy] = 30,
        [ChronicDisease.Tuberculosis] = 30,
        [ChronicDisease.Hiv] = 90,
        [ChronicDisease.ChronicKidneyDisease] = 90,
    };

    public int DaysFor(ChronicDisease disease) => FollowUpDays.GetValueOrDefault(disease, 30);
}

/// <summary>Where a chronic enrolment stands on a day: the last visit, the next one due, and the control its readings show.</summary>
public sealed record FollowUpState(DateOnly? LastVisit, DateOnly NextDue, bool Overdue, ControlStatus Control);

public static class ChronicRegister
{
    /// <summary>
    /// The register's disease for an ICD-10 code, or null: hypertensive diseases I10–I15 and diabetes E10–E14 (as
    /// CHR-HTN and CHR-DM count them), COPD and asthma J44–J46, psychoses and mood disorders F20–F39, epilepsy
    /// G40–G41, tuberculosis A15–A19, HIV disease B20–B24 and asymptomatic HIV Z21, chronic kidney disease N18.
    /// </summary>
    public static ChronicDisease? DiseaseOf(string? icdCode)
    {
        if (string.IsNullOrWhiteSpace(icdCode))
        {
            return null;
        }

        var code = icdCode.Trim();
        return code switch
        {
            _ when IndicatorEngine.IsHypertension(code) => ChronicDisease.Hypertension,
            _ when IndicatorEngine.IsDiabetes(code) => ChronicDisease.Diabetes,
            _ when IndicatorEngine.InIcdRange(code, "J44", "J46") => ChronicDisease.CopdAsthma,
            _ when IndicatorEngine.InIcdRange(code, "F20", "F39") => ChronicDisease.MentalIllness,
            _ when IndicatorEngine.InIcdRange(code, "G40", "G41") => ChronicDisease.Epilepsy,
            _ when IndicatorEngine.InIcdRange(code, "A15", "A19") => ChronicDisease.Tuberculosis,
            _ when IndicatorEngine.InIcdRange(code, "B20", "B24") || IndicatorEngine.InIcdRange(code, "Z21", "Z21") => ChronicDisease.Hiv,
            _ when IndicatorEngine.InIcdRange(code, "N18", "N18") => ChronicDisease.ChronicKidneyDisease,
            _ => null,
        };
    }

    /// <summary>
    /// The next visit falls the interval after the last visit on or after enrolment (after enrolment itself when there
    /// is none); it is overdue the day after. Control follows CHR-HTN and CHR-DM: the last blood pressure under
    /// 140/90; the last fasting glucose under 7.0 mmol/L or HbA1c under 7 %. Other diseases have no reading rule.
    /// </summary>
    public static FollowUpState StateOn(ChronicEnrolment enrolment, IEnumerable<DateOnly> visits, IReadOnlyList<(string Code, decimal Value, DateOnly Date)> readings,
        DateOnly today, IndicatorOptions? thresholds = null)
    {
        var o = thresholds ?? new IndicatorOptions();
        var last = visits.Where(v => v >= enrolment.EnrolledOn && v <= today).Select(v => (DateOnly?)v).Max();
        var next = (last ?? enrolment.EnrolledOn).AddDays(enrolment.FollowUpDays);
        var control = ControlStatus.Unknown;
        var upTo = readings.Where(r => r.Date <= today).ToList();
        if (enrolment.Disease == ChronicDisease.Hypertension
            && upTo.Where(r => r.Code == Loinc.Systolic).OrderByDescending(r => r.Date).FirstOrDefault() is { Code: not null } systolic)
        {
            var diastolic = upTo.Where(r => r.Code == Loinc.Diastolic && r.Date == systolic.Date).Select(r => (decimal?)r.Value).FirstOrDefault();
            control = systolic.Value < o.SystolicBelow && diastolic < o.DiastolicBelow ? ControlStatus.Controlled : ControlStatus.Uncontrolled;
        }
        else if (enrolment.Disease == ChronicDisease.Diabetes
            && upTo.Where(r => r.Code is Loinc.Glucose or Loinc.HbA1c).OrderByDescending(r => r.Date).FirstOrDefault() is { Code: not null } sugar)
        {
            control = (sugar.Code == Loinc.Glucose ? sugar.Value < o.GlucoseBelow : sugar.Value < o.HbA1cBelow) ? ControlStatus.Controlled : ControlStatus.Uncontrolled;
        }

        return new FollowUpState(last, next, today > next, control);
    }

    public static ValidationErrors ValidateEnrolment(string? icdCode, DateOnly? enrolledOn, int? followUpDays, DateOnly onset, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(DiseaseOf(icdCode) is null, "conditionId", $"Chẩn đoán {icdCode} không thuộc các bệnh của sổ quản lý bệnh mạn tính.");
        if (enrolledOn is not { } on)
        {
            errors.Add("enrolledOn", "Ngày đưa vào quản lý là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < onset, "enrolledOn", "Ngày đưa vào quản lý không được trước ngày phát hiện bệnh.");
            errors.AddIf(on > today, "enrolledOn", "Ngày đưa vào quản lý không được ở tương lai.");
        }

        errors.AddIf(followUpDays is < 7 or > 365, "followUpDays", "Khoảng cách tái khám phải từ 7 đến 365 ngày.");
        return errors;
    }
}
