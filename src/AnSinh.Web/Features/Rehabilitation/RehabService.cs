using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Rehabilitation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Rehabilitation;

public sealed record GoalView(int Id, string Description, DateOnly? TargetDate, DateOnly? AchievedOn);

public sealed record PlanView(int Id, DateOnly StartDate, DateOnly? ReviewDate, int? BaselineBarthel, string? Assessment, string? Interventions,
    DateOnly? ClosedOn, string? ClosingNote, string CreatedBy, IReadOnlyList<GoalView> Goals, int Sessions);

public sealed record SessionView(int Id, int PlanId, DateOnly Date, int? Minutes, string Activities, string? Note, string RecordedBy);

public sealed record DeviceView(int Id, DeviceKind Kind, string? Description, DateOnly IssuedOn, DateOnly? ReturnedOn, string RecordedBy);

/// <summary>A point of the progress chart: a Barthel Index recorded on a day.</summary>
public sealed record ScorePoint(DateOnly Date, int Score);

public sealed record RehabRecord(RecordPerson Person, IReadOnlyList<PlanView> Plans, IReadOnlyList<SessionView> Sessions, IReadOnlyList<DeviceView> Devices,
    IReadOnlyList<ScorePoint> Barthel);

/// <summary>Settable properties, so that the API's input rules apply to them as they are read.</summary>
public sealed class PlanCloseInput
{
    public DateOnly? ClosedOn { get; set; }
    public string? Note { get; set; }
}

public sealed record GoalAchievedInput(DateOnly? AchievedOn);

public sealed record DeviceReturnInput(DateOnly? ReturnedOn);

/// <summary>
/// Rehabilitation (issue #11, item 5): an assessment with a Barthel baseline and functional goals, the plan's
/// interventions, the sessions logged against it, assistive devices issued and returned, and the Barthel scores over time.
/// </summary>
public sealed class RehabService(AnSinhDbContext db, RecordPeople people, AuditLog audit, CurrentUser user, Clock clock)
{
    public async Task<RehabRecord?> RecordAsync(int beneficiaryId, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.ReadRecord, beneficiaryId, "view=rehabilitation", ct);
        var asOf = person.AsOf;
        var plans = await db.RehabPlans.AsNoTracking().Include(p => p.Goals).Where(p => p.BeneficiaryId == beneficiaryId && (asOf == null || p.StartDate <= asOf))
            .OrderByDescending(p => p.StartDate).ThenByDescending(p => p.Id).AsSplitQuery().ToListAsync(ct);
        var sessions = await db.RehabSessions.AsNoTracking().Where(s => s.BeneficiaryId == beneficiaryId && (asOf == null || s.Date <= asOf))
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.Id)
            .Select(s => new SessionView(s.Id, s.PlanId, s.Date, s.Minutes, s.Activities, s.Note, s.RecordedBy)).ToListAsync(ct);
        var devices = await db.AssistiveDevices.AsNoTracking().Where(d => d.BeneficiaryId == beneficiaryId && (asOf == null || d.IssuedOn <= asOf))
            .OrderByDescending(d => d.IssuedOn)
            .Select(d => new DeviceView(d.Id, d.Kind, d.Description, d.IssuedOn, asOf == null || d.ReturnedOn <= asOf ? d.ReturnedOn : null, d.RecordedBy)).ToListAsync(ct);
        var barthel = await db.ScreeningResults.AsNoTracking()
            .Where(s => s.BeneficiaryId == beneficiaryId && s.Instrument == Barthel && s.Complete && s.TotalScore != null && (asOf == null || s.Date <= asOf))
            .OrderBy(s => s.Date).Select(s => new ScorePoint(s.Date, s.TotalScore!.Value)).ToListAsync(ct);
        var counts = sessions.GroupBy(s => s.PlanId).ToDictionary(g => g.Key, g => g.Count());
        return new RehabRecord(person,
            plans.Select(p => new PlanView(p.Id, p.StartDate, p.ReviewDate, p.BaselineBarthel, p.Assessment, p.Interventions,
                asOf == null || p.ClosedOn <= asOf ? p.ClosedOn : null, asOf == null || p.ClosedOn <= asOf ? p.ClosingNote : null, p.CreatedBy,
                p.Goals.OrderBy(g => g.Id).Select(g => new GoalView(g.Id, g.Description, g.TargetDate, asOf == null || g.AchievedOn <= asOf ? g.AchievedOn : null)).ToList(),
                counts.GetValueOrDefault(p.Id))).ToList(),
            sessions, devices, barthel);
    }

    /// <summary>The instrument code of the Barthel Index among the screenings.</summary>
    private const string Barthel = "BARTHEL";


    public async Task<ServiceResult<int>> CreatePlanAsync(int beneficiaryId, RehabPlanInput input, CancellationToken ct = default)
    {
        // One open plan per person, even for two submits at once: the second waits and finds the first.
        using var gate = await OpenPlanGates.EnterAsync(beneficiaryId.ToString(CultureInfo.InvariantCulture), ct);
        return await CreatePlanOnceAsync(beneficiaryId, input, ct);
    }

    private static readonly KeyedGates OpenPlanGates = new();

    private async Task<ServiceResult<int>> CreatePlanOnceAsync(int beneficiaryId, RehabPlanInput input, CancellationToken ct)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = RehabRules.ValidatePlan(input, person.BirthDate, clock.Today);
        if (person.FacilityId is null)
        {
            errors.Add("", "Đối tượng chưa được tiếp nhận tại cơ sở nào: không có nơi lập kế hoạch.");
        }

        if (errors.IsValid && await db.RehabPlans.AnyAsync(p => p.BeneficiaryId == beneficiaryId && p.ClosedOn == null, ct))
        {
            errors.Add("", "Người này đang có kế hoạch phục hồi chức năng chưa kết thúc: kết thúc kế hoạch cũ trước khi lập kế hoạch mới.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // The baseline: the Barthel Index given, or the last one recorded on or before the start.
        var baseline = input.BaselineBarthel ?? await db.ScreeningResults.AsNoTracking()
            .Where(s => s.BeneficiaryId == beneficiaryId && s.Instrument == Barthel && s.Complete && s.Date <= input.StartDate)
            .OrderByDescending(s => s.Date).Select(s => s.TotalScore).FirstOrDefaultAsync(ct);
        var plan = new RehabPlan
        {
            BeneficiaryId = beneficiaryId, FacilityId = person.FacilityId!.Value, StartDate = input.StartDate!.Value, ReviewDate = input.ReviewDate,
            BaselineBarthel = baseline, Assessment = Trim(input.Assessment), Interventions = Trim(input.Interventions), CreatedBy = user.UserName ?? "",
            Goals = (input.Goals ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => new RehabGoal { Description = g.Trim() }).ToList(),
        };
        db.RehabPlans.Add(plan);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.CreateRehabPlan, beneficiaryId, "CarePlan", Id(plan.Id), $"start={plan.StartDate:yyyy-MM-dd}; goals={plan.Goals.Count}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(plan.Id);
    }

    private async Task<(RehabPlan? Plan, RecordPerson? Person)> PlanOfAsync(int planId, CancellationToken ct)
    {
        var plan = await db.RehabPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        return plan is null ? (null, null) : (plan, await people.FindAsync(plan.BeneficiaryId, ct));
    }

    public async Task<ServiceResult<int>> AddSessionAsync(int planId, RehabSessionInput input, CancellationToken ct = default)
    {
        var (plan, person) = await PlanOfAsync(planId, ct);
        if (plan is null || person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = RehabRules.ValidateSession(input, plan, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var session = new RehabSession
        {
            PlanId = plan.Id, BeneficiaryId = plan.BeneficiaryId, Date = input.Date!.Value, Minutes = input.Minutes, Activities = input.Activities!.Trim(),
            Note = Trim(input.Note), RecordedBy = user.UserName ?? "",
        };
        db.RehabSessions.Add(session);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.RehabSession, plan.BeneficiaryId, "Procedure", Id(session.Id), $"plan={plan.Id}; date={session.Date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(session.Id);
    }

    public async Task<ServiceResult<int>> ClosePlanAsync(int planId, PlanCloseInput input, CancellationToken ct = default)
    {
        var (plan, person) = await PlanOfAsync(planId, ct);
        if (plan is null || person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = RehabRules.ValidateClose(input.ClosedOn, plan, clock.Today);
        errors.AddIf(input.Note is { Length: > 1000 }, "note", "Nhận xét không được dài quá 1.000 ký tự.");
        errors.AddIf(AnSinh.Domain.Text.FreeText.HasControlCharacters(input.Note), "note", "Nhận xét không được chứa ký tự điều khiển.");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        plan.ClosedOn = input.ClosedOn;
        plan.ClosingNote = Trim(input.Note);
        audit.Add(AuditActions.CloseRehabPlan, plan.BeneficiaryId, "CarePlan", Id(plan.Id), $"closed={plan.ClosedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(plan.Id);
    }

    public async Task<ServiceResult<int>> AchieveGoalAsync(int goalId, GoalAchievedInput input, CancellationToken ct = default)
    {
        var goal = await db.RehabGoals.FirstOrDefaultAsync(g => g.Id == goalId, ct);
        var (plan, person) = goal is null ? (null, null) : await PlanOfAsync(goal.PlanId, ct);
        if (goal is null || plan is null || person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        if (goal.AchievedOn is { } done)
        {
            return ServiceResult<int>.Invalid("", $"Mục tiêu đã đạt từ {done:dd/MM/yyyy}.");
        }

        var last = plan.ClosedOn is { } closed && closed < clock.Today ? closed : clock.Today;
        if (input.AchievedOn is not { } on || on < plan.StartDate || on > last)
        {
            return ServiceResult<int>.Invalid("achievedOn",
                $"Ngày đạt mục tiêu phải từ ngày bắt đầu kế hoạch ({plan.StartDate:dd/MM/yyyy}) đến {(plan.ClosedOn is null ? "hôm nay" : $"ngày kết thúc kế hoạch ({last:dd/MM/yyyy})")}.");
        }

        goal.AchievedOn = on;
        audit.Add(AuditActions.RehabGoalAchieved, plan.BeneficiaryId, "Goal", Id(goal.Id), $"plan={plan.Id}; date={on:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(goal.Id);
    }

    public async Task<ServiceResult<int>> IssueDeviceAsync(int beneficiaryId, DeviceInput input, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = RehabRules.ValidateDevice(input, person.BirthDate, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var device = new AssistiveDevice
        {
            BeneficiaryId = beneficiaryId, Kind = input.Kind!.Value, Description = Trim(input.Description), IssuedOn = input.IssuedOn!.Value, RecordedBy = user.UserName ?? "",
        };
        db.AssistiveDevices.Add(device);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.IssueDevice, beneficiaryId, "Device", Id(device.Id), $"kind={device.Kind}; issued={device.IssuedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(device.Id);
    }

    public async Task<ServiceResult<int>> ReturnDeviceAsync(int deviceId, DeviceReturnInput input, CancellationToken ct = default)
    {
        var device = await db.AssistiveDevices.FirstOrDefaultAsync(d => d.Id == deviceId, ct);
        if (device is null || await people.FindAsync(device.BeneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = RehabRules.ValidateReturn(input.ReturnedOn, device, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        device.ReturnedOn = input.ReturnedOn;
        audit.Add(AuditActions.ReturnDevice, device.BeneficiaryId, "Device", Id(device.Id), $"returned={device.ReturnedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(device.Id);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
