using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Plans;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Indicators;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Plans;

public sealed class PlanInput
{
    public string? IssuerUnitCode { get; set; }
    public string? Issuer { get; set; }
    public string? Number { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public string? Title { get; set; }
    public List<FacilityType> FacilityTypes { get; set; } = [];
    public bool PublicOnly { get; set; }
    public bool IncludeCommunity { get; set; }
    public List<PhaseInput> Phases { get; set; } = [];
    public List<TargetInput> Targets { get; set; } = [];
    public List<TaskInput> Tasks { get; set; } = [];
}

public sealed class PhaseInput
{
    public int? StartYear { get; set; }
    public int? EndYear { get; set; }
}

public sealed class TargetInput
{
    public string? IndicatorCode { get; set; }
    public int? PhaseEndYear { get; set; }
    public string? Comparator { get; set; }
    public decimal? Value { get; set; }
    public decimal? ThresholdX { get; set; }
}

public sealed class TaskInput
{
    public string? Agency { get; set; }
    public string? Duty { get; set; }
    public DateOnly? Deadline { get; set; }
}

public sealed class TaskProgressInput
{
    public PlanTaskStatus? Status { get; set; }
    public DateOnly? Date { get; set; }
    public string? Note { get; set; }
}

public sealed record PlanView(int Id, string? Code, string Issuer, string? Number, DateOnly? IssuedOn, string Title, string IssuerUnitCode,
    IReadOnlyList<PlanTarget> Targets, IReadOnlyList<PlanTask> Tasks);

/// <summary>Plans an officer enters for their own unit: phases, targets and tasks, checked before anything is saved.</summary>
public sealed class PlanService(AnSinhDbContext db, UnitResolver units, AccessScope scope, CurrentUser user, Clock clock)
{
    /// <summary>Plans issued by a unit in the caller's area (every plan for national users).</summary>
    public async Task<IReadOnlyList<PlanView>> ListAsync(CancellationToken ct = default)
    {
        var resolved = await scope.ResolveAsync(ct);
        var units = resolved.UnitIds;
        var plans = await db.Plans.AsNoTracking()
            .Where(p => resolved.IsNational || units.Contains(p.IssuerUnitId))
            .Include(p => p.Targets).Include(p => p.Tasks).ThenInclude(t => t.Notes).AsSplitQuery()
            .OrderBy(p => p.Id).ToListAsync(ct);
        var codes = await db.AdminUnits.Where(u => plans.Select(p => p.IssuerUnitId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        return plans.Select(p => new PlanView(p.Id, p.Code, p.Issuer, p.Number, p.IssuedOn, p.Title, codes[p.IssuerUnitId],
            p.Targets.OrderBy(t => t.PhaseEndYear).ThenBy(t => t.IndicatorCode).ToList(), p.Tasks.OrderBy(t => t.Id).ToList())).ToList();
    }

    /// <summary>Records progress on a task: a dated note and, optionally, a new status.</summary>
    public async Task<ServiceResult<int>> ProgressAsync(int planId, int taskId, TaskProgressInput input, CancellationToken ct = default)
    {
        var task = await db.PlanTasks.FirstOrDefaultAsync(t => t.Id == taskId && t.PlanId == planId, ct);
        var issuer = await db.Plans.Where(p => p.Id == planId).Select(p => (int?)p.IssuerUnitId).FirstOrDefaultAsync(ct);
        var resolved = await scope.ResolveAsync(ct);
        if (task is null || issuer is null || (!resolved.IsNational && !resolved.UnitIds.Contains(issuer.Value)))
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanManageFacilities)
        {
            return ServiceResult<int>.Denied("Chỉ cán bộ quản lý địa bàn được cập nhật tiến độ nhiệm vụ.");
        }

        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.Note) && input.Status is null, "note", "Nhập nội dung tiến độ hoặc chọn tình trạng mới.");
        errors.AddIf(input.Note is { Length: > 4000 }, "note", "Nội dung không được dài quá 4.000 ký tự.");
        errors.AddIf(input.Date is { } d && d > clock.Today, "date", "Ngày cập nhật không được ở tương lai.");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        if (input.Status is { } status)
        {
            task.Status = status;
        }

        if (!string.IsNullOrWhiteSpace(input.Note))
        {
            db.PlanTaskNotes.Add(new PlanTaskNote { TaskId = task.Id, Date = input.Date ?? clock.Today, Text = input.Note.Trim(), Author = user.UserName });
        }

        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(task.Id);
    }

    public async Task<ServiceResult<int>> CreateAsync(PlanInput input, CancellationToken ct = default)
    {
        if (!user.CanManageFacilities)
        {
            return ServiceResult<int>.Denied("Chỉ cán bộ quản lý địa bàn được nhập kế hoạch.");
        }

        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.Title), "title", "Tên kế hoạch là bắt buộc.");
        errors.AddIf(string.IsNullOrWhiteSpace(input.Issuer), "issuer", "Cơ quan ban hành là bắt buộc.");
        errors.AddIf(input.IssuedOn is { } d && d > clock.Today, "issuedOn", "Ngày ban hành không được ở tương lai.");
        errors.AddIf(input.Phases.Count == 0, "phases", "Kế hoạch cần ít nhất một giai đoạn.");
        for (var i = 0; i < input.Phases.Count; i++)
        {
            foreach (var (field, messages) in PlanRules.ValidatePhase(input.Phases[i].StartYear, input.Phases[i].EndYear).ToDictionary())
            {
                foreach (var m in messages)
                {
                    errors.Add($"phases[{i}]", m);
                }
            }
        }

        for (var i = 0; i < input.Targets.Count; i++)
        {
            var t = input.Targets[i];
            foreach (var (field, messages) in PlanRules.ValidateTarget(t.IndicatorCode, t.PhaseEndYear, t.Value, t.ThresholdX).ToDictionary())
            {
                foreach (var m in messages)
                {
                    errors.Add($"targets[{i}].{field}", m);
                }
            }

            errors.AddIf(t.Comparator is not (null or ">=" or "="), $"targets[{i}].comparator", "Phép so sánh là \">=\" hoặc \"=\".");
            if (t.PhaseEndYear is { } y && input.Phases.Count > 0 && input.Phases.All(p => p.EndYear != y))
            {
                errors.Add($"targets[{i}].phaseEndYear", $"Năm {y} không phải năm cuối của giai đoạn nào trong kế hoạch.");
            }
        }

        for (var i = 0; i < input.Tasks.Count; i++)
        {
            errors.AddIf(string.IsNullOrWhiteSpace(input.Tasks[i].Agency), $"tasks[{i}].agency", "Cơ quan thực hiện là bắt buộc.");
            errors.AddIf(string.IsNullOrWhiteSpace(input.Tasks[i].Duty), $"tasks[{i}].duty", "Nội dung nhiệm vụ là bắt buộc.");
        }

        var asOf = input.IssuedOn ?? clock.Today;
        var (territory, unitError) = await units.ResolveAsync(input.IssuerUnitCode, asOf, ct);
        if (territory is null)
        {
            errors.Add("issuerUnitCode", unitError!);
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var resolved = await scope.ResolveAsync(ct);
        if (!resolved.IsNational && !resolved.UnitIds.Contains(territory!.Unit.Id))
        {
            return ServiceResult<int>.Invalid("issuerUnitCode", "Đơn vị ban hành không thuộc địa bàn bạn quản lý.");
        }

        var plan = new Plan
        {
            IssuerUnitId = territory!.Unit.Id,
            Issuer = input.Issuer!.Trim(),
            Number = input.Number?.Trim(),
            IssuedOn = input.IssuedOn,
            Title = input.Title!.Trim(),
            FacilityTypes = string.Join(',', input.FacilityTypes.Distinct()),
            PublicOnly = input.PublicOnly,
            IncludeCommunity = input.IncludeCommunity,
            Phases = input.Phases.Select(p => new PlanPhase { StartYear = p.StartYear!.Value, EndYear = p.EndYear!.Value }).ToList(),
            Targets = input.Targets.Select(t => new PlanTarget
            {
                IndicatorCode = IndicatorCodes.Get(t.IndicatorCode!).Code,
                PhaseEndYear = t.PhaseEndYear!.Value,
                Comparator = t.Comparator == "=" ? Comparator.Equal : Comparator.AtLeast,
                Value = t.Value!.Value,
                ThresholdX = t.ThresholdX,
                Source = $"Nhập bởi {user.UserName} ngày {clock.Today:dd/MM/yyyy}",
            }).ToList(),
            Tasks = input.Tasks.Select(t => new PlanTask { Agency = t.Agency!.Trim(), Duty = t.Duty!.Trim(), Deadline = t.Deadline, Status = PlanTaskStatus.NotStarted }).ToList(),
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(plan.Id);
    }
}
