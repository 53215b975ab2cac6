using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.ChronicCare;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.ChronicCare;

public sealed record ChronicEnrolInput(int? ConditionId, DateOnly? EnrolledOn, int? FollowUpDays);

/// <summary>Settable properties, so that the API's input rules apply to them as they are read.</summary>
public sealed class ChronicEndInput
{
    public DateOnly? EndedOn { get; set; }
    public string? Reason { get; set; }
}

public sealed record EnrolmentView(int Id, ChronicDisease Disease, string IcdCode, DateOnly EnrolledOn, int FollowUpDays, DateOnly? EndedOn, string? EndReason,
    DateOnly? LastVisit, DateOnly? NextDue, bool Overdue, ControlStatus Control);

/// <summary>An active diagnosis that belongs in the register but is not in it yet.</summary>
public sealed record EnrolmentCandidate(int ConditionId, string IcdCode, string Name, DateOnly OnsetDate, ChronicDisease Disease, int DefaultFollowUpDays);

public sealed record PersonChronicCare(IReadOnlyList<EnrolmentView> Enrolments, IReadOnlyList<EnrolmentCandidate> Candidates);

public sealed record RegisterLine(int EnrolmentId, int BeneficiaryId, string FullName, DateOnly BirthDate, ChronicDisease Disease, string IcdCode, DateOnly EnrolledOn,
    DateOnly? LastVisit, DateOnly NextDue, bool Overdue, ControlStatus Control);

public sealed record ChronicRegisterView(int FacilityId, string FacilityName, DateOnly Today, IReadOnlyList<RegisterLine> Lines);

/// <summary>
/// The chronic-disease register (issue #11, item 3): a person enrolled from a diagnosis, the follow-up interval of the
/// disease, the next visit due and the control status by the CHR-HTN and CHR-DM rules; the facility's register.
/// </summary>
public sealed class ChronicCareService(AnSinhDbContext db, AccessScope scope, RecordPeople people, AuditLog audit, CurrentUser user, Clock clock,
    IOptions<ChronicCareOptions> options, IndicatorOptions thresholds)
{
    public async Task<PersonChronicCare?> PersonAsync(int beneficiaryId, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return null;
        }

        var asOf = person.AsOf;
        var today = asOf is { } day && day < clock.Today ? day : clock.Today;
        var enrolments = await db.ChronicEnrolments.AsNoTracking().Where(e => e.BeneficiaryId == beneficiaryId && (asOf == null || e.EnrolledOn <= asOf))
            .OrderBy(e => e.EndedOn != null).ThenBy(e => e.Disease).ToListAsync(ct);
        var visits = await db.Encounters.AsNoTracking().Where(e => e.BeneficiaryId == beneficiaryId && e.Date <= today).Select(e => e.Date).ToListAsync(ct);
        var readings = (await db.Observations.AsNoTracking().Where(o => o.BeneficiaryId == beneficiaryId && Loinc.ChronicDiseaseCodes.Contains(o.Code) && o.Date <= today)
            .Select(o => new { o.Code, o.Value, o.Date }).ToListAsync(ct)).Select(o => (o.Code, o.Value, o.Date)).ToList();
        var views = enrolments.Select(e =>
        {
            var ended = asOf is null || e.EndedOn <= asOf ? e.EndedOn : null;
            var state = ChronicRegister.StateOn(e, visits, readings, today, thresholds);
            return new EnrolmentView(e.Id, e.Disease, e.IcdCode, e.EnrolledOn, e.FollowUpDays, ended, ended is null ? null : e.EndReason,
                state.LastVisit, ended is null ? state.NextDue : null, ended is null && state.Overdue, state.Control);
        }).ToList();
        var open = views.Where(v => v.EndedOn is null).Select(v => v.Disease).ToHashSet();
        var conditions = await db.Conditions.AsNoTracking().Where(c => c.BeneficiaryId == beneficiaryId && c.ResolvedDate == null && c.OnsetDate <= today)
            .OrderBy(c => c.OnsetDate).Select(c => new { c.Id, c.IcdCode, Name = c.Icd == null ? c.IcdCode : c.Icd.NameVi, c.OnsetDate }).ToListAsync(ct);
        var candidates = conditions.Select(c => (c, Disease: ChronicRegister.DiseaseOf(c.IcdCode)))
            .Where(x => x.Disease is { } d && !open.Contains(d))
            .GroupBy(x => x.Disease!.Value).Select(g => g.First())
            .Select(x => new EnrolmentCandidate(x.c.Id, x.c.IcdCode, x.c.Name, x.c.OnsetDate, x.Disease!.Value, options.Value.DaysFor(x.Disease.Value))).ToList();
        return new PersonChronicCare(views, candidates);
    }

    public async Task<ServiceResult<int>> EnrolAsync(int beneficiaryId, ChronicEnrolInput input, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var condition = input.ConditionId is { } id
            ? await db.Conditions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.BeneficiaryId == beneficiaryId, ct)
            : null;
        if (condition is null)
        {
            return ServiceResult<int>.Invalid("conditionId", "Chọn một chẩn đoán của người này để đưa vào quản lý.");
        }

        var disease = ChronicRegister.DiseaseOf(condition.IcdCode);
        var days = input.FollowUpDays ?? (disease is { } d ? options.Value.DaysFor(d) : null);
        var errors = ChronicRegister.ValidateEnrolment(condition.IcdCode, input.EnrolledOn, days, condition.OnsetDate, clock.Today);
        errors.AddIf(condition.ResolvedDate is not null, "conditionId", "Chẩn đoán này đã được ghi là khỏi.");
        if (errors.IsValid && await db.ChronicEnrolments.AnyAsync(e => e.BeneficiaryId == beneficiaryId && e.Disease == disease && e.EndedOn == null, ct))
        {
            errors.Add("conditionId", AlreadyEnrolled);
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var enrolment = new ChronicEnrolment
        {
            BeneficiaryId = beneficiaryId, Disease = disease!.Value, IcdCode = condition.IcdCode, ConditionId = condition.Id, EnrolledOn = input.EnrolledOn!.Value,
            FollowUpDays = days!.Value, EnrolledBy = user.UserName ?? "",
        };
        db.ChronicEnrolments.Add(enrolment);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.OneOpenEnrolment))
        {
            return ServiceResult<int>.Invalid("conditionId", AlreadyEnrolled);
        }

        audit.Add(AuditActions.EnrolChronic, beneficiaryId, "ChronicEnrolment", Id(enrolment.Id), $"disease={enrolment.Disease}; icd={enrolment.IcdCode}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(enrolment.Id);
    }

    private const string AlreadyEnrolled = "Người này đang được quản lý bệnh này trong sổ.";

    public async Task<ServiceResult<int>> EndAsync(int enrolmentId, ChronicEndInput input, CancellationToken ct = default)
    {
        var enrolment = await db.ChronicEnrolments.FirstOrDefaultAsync(e => e.Id == enrolmentId, ct);
        if (enrolment is null || await people.FindAsync(enrolment.BeneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = new ValidationErrors();
        if (enrolment.EndedOn is { } ended)
        {
            errors.Add("", $"Đã thôi quản lý từ {ended:dd/MM/yyyy}.");
        }
        else if (input.EndedOn is not { } on)
        {
            errors.Add("endedOn", "Ngày thôi quản lý là bắt buộc.");
        }
        else
        {
            errors.AddIf(on < enrolment.EnrolledOn, "endedOn", "Ngày thôi quản lý không được trước ngày đưa vào quản lý.");
            errors.AddIf(on > clock.Today, "endedOn", "Ngày thôi quản lý không được ở tương lai.");
        }

        errors.AddIf(string.IsNullOrWhiteSpace(input.Reason), "reason", "Ghi lý do thôi quản lý (chuyển nơi khác, tử vong, chẩn đoán lại…).");
        errors.AddIf(input.Reason is { Length: > 500 }, "reason", "Lý do không được dài quá 500 ký tự.");
        errors.AddIf(AnSinh.Domain.Text.FreeText.HasControlCharacters(input.Reason), "reason", "Lý do không được chứa ký tự điều khiển.");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        enrolment.EndedOn = input.EndedOn;
        enrolment.EndReason = input.Reason!.Trim();
        audit.Add(AuditActions.EndChronic, enrolment.BeneficiaryId, "ChronicEnrolment", Id(enrolment.Id), $"disease={enrolment.Disease}; ended={enrolment.EndedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(enrolment.Id);
    }

    /// <summary>
    /// The register of a facility: people in its care (an open stay there, or registered there with no stay) with an open
    /// enrolment, their last visit, next due date and control, overdue first. One query for the people and their latest
    /// readings (correlated on the chronic-readings index), one for the visits.
    /// </summary>
    public async Task<ChronicRegisterView?> RegisterAsync(int facilityId, ChronicDisease? disease, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(facilityId, ct) || await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId).Select(f => f.Name).FirstOrDefaultAsync(ct) is not { } name)
        {
            return null;
        }

        var today = clock.Today;
        var rows = await db.ChronicEnrolments.AsNoTracking()
            .Where(e => e.EndedOn == null && (disease == null || e.Disease == disease))
            .Join(db.Beneficiaries, e => e.BeneficiaryId, b => b.Id, (e, b) => new { e, b })
            .Where(x => x.b.Stays.Any(s => s.FacilityId == facilityId && s.DischargedOn == null)
                || (x.b.RegisteredFacilityId == facilityId && !x.b.Stays.Any(s => s.DischargedOn == null)))
            .Select(x => new
            {
                x.e, x.b.FullName, x.b.BirthDate,
                LastVisit = db.Encounters.Where(v => v.BeneficiaryId == x.e.BeneficiaryId && v.Date <= today).Max(v => (DateOnly?)v.Date),
                Systolic = db.Observations.Where(o => o.BeneficiaryId == x.e.BeneficiaryId && o.Code == Loinc.Systolic && o.Date <= today)
                    .OrderByDescending(o => o.Date).Select(o => new { o.Value, o.Date }).FirstOrDefault(),
                Diastolic = db.Observations.Where(o => o.BeneficiaryId == x.e.BeneficiaryId && o.Code == Loinc.Diastolic && o.Date <= today)
                    .OrderByDescending(o => o.Date).Select(o => new { o.Value, o.Date }).FirstOrDefault(),
                Sugar = db.Observations.Where(o => o.BeneficiaryId == x.e.BeneficiaryId && (o.Code == Loinc.Glucose || o.Code == Loinc.HbA1c) && o.Date <= today)
                    .OrderByDescending(o => o.Date).Select(o => new { o.Code, o.Value, o.Date }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var lines = rows.Select(r =>
        {
            var readings = new List<(string Code, decimal Value, DateOnly Date)>();
            if (r.Systolic is { } s)
            {
                readings.Add((Loinc.Systolic, s.Value, s.Date));
            }

            if (r.Diastolic is { } d)
            {
                readings.Add((Loinc.Diastolic, d.Value, d.Date));
            }

            if (r.Sugar is { } g)
            {
                readings.Add((g.Code, g.Value, g.Date));
            }

            var state = ChronicRegister.StateOn(r.e, r.LastVisit is { } v ? [v] : [], readings, today, thresholds);
            return new RegisterLine(r.e.Id, r.e.BeneficiaryId, r.FullName, r.BirthDate, r.e.Disease, r.e.IcdCode, r.e.EnrolledOn, state.LastVisit, state.NextDue,
                state.Overdue, state.Control);
        }).OrderByDescending(l => l.Overdue).ThenBy(l => l.NextDue).ThenBy(l => l.FullName).ToList();
        await audit.RecordListViewAsync($"chronic-register:{facilityId}{(disease is { } one ? ":" + one : "")}", lines.Count, ct);
        return new ChronicRegisterView(facilityId, name, today, lines);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
