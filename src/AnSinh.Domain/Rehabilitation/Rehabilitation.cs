using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Rehabilitation;

/// <summary>
/// Kế hoạch phục hồi chức năng: the assessment it starts from (a Barthel Index and the person's functional goals),
/// what will be done, and its review date. Sessions are logged against it until it is closed.
/// </summary>
public class RehabPlan
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int FacilityId { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>When the plan is to be reviewed; sessions may still be logged after it until the plan is closed.</summary>
    public DateOnly? ReviewDate { get; set; }
    /// <summary>The Barthel Index at the assessment (0–100), from a screening when one was recorded.</summary>
    public int? BaselineBarthel { get; set; }
    public string? Assessment { get; set; }
    /// <summary>Interventions: what will be done and how often (one per line).</summary>
    public string? Interventions { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? ClosingNote { get; set; }
    public required string CreatedBy { get; set; }
    public List<RehabGoal> Goals { get; set; } = [];
}

public class RehabGoal
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public required string Description { get; set; }
    public DateOnly? TargetDate { get; set; }
    public DateOnly? AchievedOn { get; set; }
}

/// <summary>One session of therapy under a plan.</summary>
public class RehabSession
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int BeneficiaryId { get; set; }
    public DateOnly Date { get; set; }
    public int? Minutes { get; set; }
    public required string Activities { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
}

public enum DeviceKind
{
    Wheelchair = 1,
    Walker = 2,
    Crutches = 3,
    Prosthesis = 4,
    Orthosis = 5,
    HearingAid = 6,
    Glasses = 7,
    Other = 9,
}

/// <summary>Dụng cụ trợ giúp: a device issued to the person, and when it came back.</summary>
public class AssistiveDevice
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public DeviceKind Kind { get; set; }
    public string? Description { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly? ReturnedOn { get; set; }
    public required string RecordedBy { get; set; }
}

public sealed class RehabPlanInput
{
    public DateOnly? StartDate { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public int? BaselineBarthel { get; set; }
    public string? Assessment { get; set; }
    public List<string>? Goals { get; set; }
    public string? Interventions { get; set; }
}

public sealed class RehabSessionInput
{
    public DateOnly? Date { get; set; }
    public int? Minutes { get; set; }
    public string? Activities { get; set; }
    public string? Note { get; set; }
}

public sealed class DeviceInput
{
    public DeviceKind? Kind { get; set; }
    public string? Description { get; set; }
    public DateOnly? IssuedOn { get; set; }
}

public static class RehabRules
{
    public static ValidationErrors ValidatePlan(RehabPlanInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (input.StartDate is not { } start)
        {
            errors.Add("startDate", "Ngày bắt đầu kế hoạch là bắt buộc.");
        }
        else
        {
            errors.AddIf(start < birthDate, "startDate", "Ngày bắt đầu không được trước ngày sinh.");
            errors.AddIf(start > today, "startDate", "Ngày bắt đầu không được ở tương lai.");
            errors.AddIf(input.ReviewDate <= start, "reviewDate", "Ngày đánh giá lại phải sau ngày bắt đầu.");
        }

        errors.AddIf(input.BaselineBarthel is { } b && (b < 0 || b > 100 || b % 5 != 0), "baselineBarthel", "Điểm Barthel từ 0 đến 100, theo bước 5 điểm.");
        var goals = (input.Goals ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).ToList();
        errors.AddIf(goals.Count == 0, "goals", "Ghi ít nhất một mục tiêu chức năng (ví dụ: tự đi lại trong phòng với khung tập đi).");
        errors.AddIf(goals.Count > 20, "goals", "Tối đa 20 mục tiêu.");
        errors.AddIf(goals.Any(g => g.Length > 500), "goals", "Mỗi mục tiêu không dài quá 500 ký tự.");
        errors.AddIf(input.Assessment is { Length: > 2000 }, "assessment", "Nhận định không được dài quá 2.000 ký tự.");
        errors.AddIf(input.Interventions is { Length: > 2000 }, "interventions", "Can thiệp không được dài quá 2.000 ký tự.");
        return errors;
    }

    /// <summary>A session belongs to an open plan, on a day from the plan's start, not in the future.</summary>
    public static ValidationErrors ValidateSession(RehabSessionInput input, RehabPlan plan, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (plan.ClosedOn is { } closed)
        {
            errors.Add("", $"Kế hoạch phục hồi chức năng đã kết thúc ngày {closed:dd/MM/yyyy}: lập kế hoạch mới để ghi buổi tập.");
            return errors;
        }

        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày tập là bắt buộc.");
        }
        else
        {
            errors.AddIf(date < plan.StartDate, "date", $"Ngày tập không được trước ngày bắt đầu kế hoạch ({plan.StartDate:dd/MM/yyyy}).");
            errors.AddIf(date > today, "date", "Ngày tập không được ở tương lai.");
        }

        errors.AddIf(input.Minutes is < 5 or > 480, "minutes", "Thời gian tập từ 5 đến 480 phút.");
        errors.AddIf(string.IsNullOrWhiteSpace(input.Activities), "activities", "Ghi nội dung buổi tập.");
        errors.AddIf(input.Activities is { Length: > 1000 }, "activities", "Nội dung không được dài quá 1.000 ký tự.");
        errors.AddIf(input.Note is { Length: > 1000 }, "note", "Ghi chú không được dài quá 1.000 ký tự.");
        return errors;
    }

    public static ValidationErrors ValidateClose(DateOnly? closedOn, RehabPlan plan, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (plan.ClosedOn is not null)
        {
            errors.Add("", "Kế hoạch đã kết thúc.");
        }
        else if (closedOn is not { } on)
        {
            errors.Add("closedOn", "Ngày kết thúc là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < plan.StartDate, "closedOn", "Ngày kết thúc không được trước ngày bắt đầu.");
            errors.AddIf(on > today, "closedOn", "Ngày kết thúc không được ở tương lai.");
        }

        return errors;
    }

    public static ValidationErrors ValidateDevice(DeviceInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.Kind is not { } k || !Enum.IsDefined(k), "kind", "Chọn loại dụng cụ.");
        errors.AddIf(input.Description is { Length: > 300 }, "description", "Mô tả không được dài quá 300 ký tự.");
        if (input.IssuedOn is not { } on)
        {
            errors.Add("issuedOn", "Ngày cấp là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < birthDate, "issuedOn", "Ngày cấp không được trước ngày sinh.");
            errors.AddIf(on > today, "issuedOn", "Ngày cấp không được ở tương lai.");
        }

        return errors;
    }

    public static ValidationErrors ValidateReturn(DateOnly? returnedOn, AssistiveDevice device, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (device.ReturnedOn is { } back)
        {
            errors.Add("", $"Dụng cụ đã được trả ngày {back:dd/MM/yyyy}.");
        }
        else if (returnedOn is not { } on)
        {
            errors.Add("returnedOn", "Ngày trả là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < device.IssuedOn, "returnedOn", "Ngày trả không được trước ngày cấp.");
            errors.AddIf(on > today, "returnedOn", "Ngày trả không được ở tương lai.");
        }

        return errors;
    }
}
