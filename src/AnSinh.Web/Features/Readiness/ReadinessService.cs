using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Readiness;

public sealed class ReadinessInput
{
    public DateOnly? Date { get; set; }
    public string? Assessor { get; set; }
    public List<ReadinessAnswerInput> Answers { get; set; } = [];
}

public sealed class ReadinessAnswerInput
{
    public string? Code { get; set; }
    public bool? Met { get; set; }
    public string? Note { get; set; }
}

public sealed record CriterionView(string Code, string Text, bool Mandatory, CriterionSource Source, bool? Computed, string? ComputedReason);

public sealed record AssessmentView(int Id, DateOnly Date, string? Assessor, string ChecklistVersion, bool MeetsAllMandatory,
    IReadOnlyList<(string Code, bool Met, bool Computed, string? Note)> Answers);

public sealed record ReadinessForm(int FacilityId, string FacilityName, string ChecklistVersion, DateOnly Date, IReadOnlyList<CriterionView> Criteria,
    IReadOnlyList<AssessmentView> History);

/// <summary>Dated readiness assessments: criteria the records can answer are computed, the rest answered by an assessor.</summary>
public sealed class ReadinessService(AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock)
{
    public async Task<ReadinessForm?> FormAsync(int facilityId, DateOnly? date, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(facilityId, ct))
        {
            return null;
        }

        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, ct);
        if (facility is null)
        {
            return null;
        }

        var on = date ?? clock.Today;
        var checklist = await ChecklistOnAsync(on, ct);
        var computed = await ComputeAsync(facilityId, on, ct);
        var history = await db.ReadinessAssessments.AsNoTracking().Where(a => a.FacilityId == facilityId)
            .OrderByDescending(a => a.Date).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Date, a.Assessor, a.Checklist!.Version, a.MeetsAllMandatory, Answers = a.Answers.Select(x => new { x.CriterionCode, x.Met, x.Computed, x.Note }).ToList() })
            .AsSplitQuery().ToListAsync(ct);
        return new ReadinessForm(facilityId, facility.Name, checklist?.Version ?? "",
            on,
            (checklist?.Criteria ?? []).OrderBy(c => c.SortOrder).Select(c => computed.TryGetValue(c.Source, out var r)
                ? new CriterionView(c.Code, c.Text, c.Mandatory, c.Source, r.Met, r.Reason)
                : new CriterionView(c.Code, c.Text, c.Mandatory, c.Source, null, null)).ToList(),
            history.Select(h => new AssessmentView(h.Id, h.Date, h.Assessor, h.Version, h.MeetsAllMandatory,
                h.Answers.Select(a => (a.CriterionCode, a.Met, a.Computed, a.Note)).ToList())).ToList());
    }

    public async Task<ServiceResult<int>> AssessAsync(int facilityId, ReadinessInput input, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(facilityId, ct))
        {
            return ServiceResult<int>.Missing();
        }

        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, ct);
        if (facility is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanEditStaff)
        {
            return ServiceResult<int>.Denied("Chỉ lãnh đạo cơ sở hoặc cán bộ quản lý được đánh giá điều kiện cơ sở.");
        }

        var errors = new ValidationErrors();
        if (input.Date is not { } date)
        {
            errors.Add("date", "Ngày đánh giá là bắt buộc.");
            return ServiceResult<int>.Invalid(errors);
        }

        errors.AddIf(date > clock.Today, "date", "Ngày đánh giá không được ở tương lai.");
        errors.AddIf(facility.OpenedOn is { } opened && date < opened, "date", $"Cơ sở bắt đầu hoạt động từ {facility.OpenedOn:dd/MM/yyyy}.");
        var checklist = await ChecklistOnAsync(date, ct);
        if (checklist is null)
        {
            errors.Add("date", "Chưa có bộ tiêu chí áp dụng cho ngày này.");
            return ServiceResult<int>.Invalid(errors);
        }

        var computed = await ComputeAsync(facilityId, date, ct);
        var given = input.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Code)).ToDictionary(a => a.Code!.Trim(), StringComparer.OrdinalIgnoreCase);
        foreach (var unknown in given.Keys.Where(k => checklist.Criteria.All(c => !string.Equals(c.Code, k, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add($"answers.{unknown}", $"Tiêu chí \"{unknown}\" không có trong bộ tiêu chí phiên bản {checklist.Version}.");
        }

        var answers = new List<ReadinessAnswer>();
        foreach (var criterion in checklist.Criteria.OrderBy(c => c.SortOrder))
        {
            given.TryGetValue(criterion.Code, out var answer);
            if (computed.TryGetValue(criterion.Source, out var result))
            {
                // The records answer; an assessor may still record "met" with a note (e.g. a contract with a health facility).
                var met = result.Met || (answer?.Met == true && !string.IsNullOrWhiteSpace(answer.Note));
                answers.Add(new ReadinessAnswer { CriterionCode = criterion.Code, Met = met, Computed = !(met && !result.Met), Note = answer?.Note?.Trim() ?? result.Reason });
            }
            else if (answer?.Met is not { } met)
            {
                errors.Add($"answers.{criterion.Code}", $"Chưa trả lời tiêu chí: {criterion.Text}.");
            }
            else
            {
                answers.Add(new ReadinessAnswer { CriterionCode = criterion.Code, Met = met, Computed = false, Note = answer.Note?.Trim() });
            }
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var assessment = new ReadinessAssessment
        {
            FacilityId = facilityId,
            ChecklistId = checklist.Id,
            Date = date,
            Assessor = string.IsNullOrWhiteSpace(input.Assessor) ? user.FullName : input.Assessor.Trim(),
            RecordedAt = clock.Now,
            Answers = answers,
            MeetsAllMandatory = ReadinessRules.MeetsAllMandatory(checklist.Criteria, answers.ToDictionary(a => a.CriterionCode, a => a.Met)),
        };
        db.ReadinessAssessments.Add(assessment);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(assessment.Id);
    }

    private Task<ReadinessChecklist?> ChecklistOnAsync(DateOnly date, CancellationToken ct) =>
        db.ReadinessChecklists.AsNoTracking().Include(c => c.Criteria).Where(c => c.ValidFrom <= date)
            .OrderByDescending(c => c.ValidFrom).FirstOrDefaultAsync(ct);

    /// <summary>The criteria the records answer, as they stood on the date.</summary>
    private async Task<Dictionary<CriterionSource, (bool Met, string Reason)>> ComputeAsync(int facilityId, DateOnly date, CancellationToken ct)
    {
        var staff = await db.StaffMembers.AsNoTracking()
            .Where(s => s.FacilityId == facilityId && (s.StartDate == null || s.StartDate <= date) && (s.EndDate == null || s.EndDate >= date))
            .GroupBy(s => s.Profession).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var residents = db.Stays.Where(s => s.FacilityId == facilityId && s.Kind == StayKind.Residential).Where(StayPeriods.ServedOn(date))
            .Select(s => s.BeneficiaryId);
        var residentCount = await residents.Distinct().CountAsync(ct);
        var withoutIntake = await residents.Distinct()
            .CountAsync(p => !db.Encounters.Any(e => e.BeneficiaryId == p && e.Kind == EncounterKind.IntakeScreening && e.Date <= date), ct);
        int Of(Profession p) => staff.GetValueOrDefault(p);
        return new Dictionary<CriterionSource, (bool, string)>
        {
            [CriterionSource.DoctorOrPhysicianAssistant] = (Of(Profession.Doctor) + Of(Profession.PhysicianAssistant) > 0,
                $"Theo hồ sơ nhân sự: {Of(Profession.Doctor)} bác sĩ, {Of(Profession.PhysicianAssistant)} y sỹ."),
            [CriterionSource.NursingStaff] = (Of(Profession.Nurse) > 0, $"Theo hồ sơ nhân sự: {Of(Profession.Nurse)} điều dưỡng."),
            [CriterionSource.RehabilitationStaff] = (Of(Profession.RehabTechnician) > 0, $"Theo hồ sơ nhân sự: {Of(Profession.RehabTechnician)} kỹ thuật viên PHCN."),
            [CriterionSource.IntakeForEveryResident] = (withoutIntake == 0,
                withoutIntake == 0 ? $"{residentCount} đối tượng đều có hồ sơ khám sàng lọc." : $"{withoutIntake}/{residentCount} đối tượng chưa có hồ sơ khám sàng lọc."),
        };
    }
}
