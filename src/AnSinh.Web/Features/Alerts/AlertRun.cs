using AnSinh.Data;
using AnSinh.Domain.Alerts;
using AnSinh.Domain.ChronicCare;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Medicines;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Alerts;

/// <summary>What one run of the time-based rules did, and how much it read.</summary>
public sealed record AlertRunResult(int People, int Raised, int Updated, int Closed, int Moved, long RowsRead, double Seconds);

/// <summary>
/// The time-based rules (<see cref="CareGapRules"/>) over everyone in care, or over one person when their record changed.
/// Set-based: one query per kind of fact for the whole population, the rules in memory, then one save. People in care
/// are those with an open stay (the stay's facility), or registered at a facility and with no stay at all; anyone else
/// (discharged, died) is evaluated with no facts, which closes their reminders.
/// </summary>
public sealed class AlertRun(AnSinhDbContext db, AlertRaiser raiser, IOptions<AlertOptions> options, IndicatorOptions indicators, Clock clock, ILogger<AlertRun> logger)
{
    private sealed record Person(int Id, DateOnly BirthDate, DateOnly? CardValidTo, int FacilityId, DateOnly InCareSince, DateOnly? AdmittedOn);

    public async Task<AlertRunResult> RunAsync(int? beneficiaryId = null, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var t = options.Value.Thresholds;
        var today = clock.Today;
        var nowLocal = TimeZoneInfo.ConvertTime(clock.Now, Clock.VietNam).DateTime;
        long rows = 0;

        var beneficiaries = db.Beneficiaries.AsNoTracking().Where(b => beneficiaryId == null || b.Id == beneficiaryId);
        var basics = await beneficiaries
            .Select(b => new { b.Id, b.BirthDate, b.HealthInsuranceValidTo, b.RegisteredFacilityId, b.CreatedAt, HasStay = b.Stays.Any() })
            .ToListAsync(ct);
        var openStays = (await db.Stays.AsNoTracking().Where(s => s.DischargedOn == null && (beneficiaryId == null || s.BeneficiaryId == beneficiaryId))
                .Select(s => new { s.BeneficiaryId, s.FacilityId, s.AdmittedOn }).ToListAsync(ct))
            .GroupBy(s => s.BeneficiaryId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AdmittedOn).First());
        rows += basics.Count + openStays.Count;

        var people = new List<Person>();
        foreach (var b in basics)
        {
            if (openStays.TryGetValue(b.Id, out var stay))
            {
                people.Add(new Person(b.Id, b.BirthDate, b.HealthInsuranceValidTo, stay.FacilityId, stay.AdmittedOn, stay.AdmittedOn));
            }
            else if (!b.HasStay && b.RegisteredFacilityId is { } registered)
            {
                people.Add(new Person(b.Id, b.BirthDate, b.HealthInsuranceValidTo, registered, DateOnly.FromDateTime(b.CreatedAt.UtcDateTime), null));
            }
        }

        var lastChecks = await LastEncounterAsync(EncounterKind.PeriodicCheck, beneficiaryId, ct);
        var lastIntakes = await LastEncounterAsync(EncounterKind.IntakeScreening, beneficiaryId, ct);
        rows += lastChecks.Count + lastIntakes.Count;

        // Doses of the last day: orders active yesterday or today with scheduled rounds, and what was recorded for them.
        var yesterday = today.AddDays(-1);
        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => (beneficiaryId == null || o.BeneficiaryId == beneficiaryId) && !o.AsNeeded && o.Times != DoseTimes.None
                        && o.StartDate <= today && (o.EndDate == null || o.EndDate >= yesterday) && (o.StoppedOn == null || o.StoppedOn > yesterday))
            .ToListAsync(ct);
        var orderIds = orders.Select(o => o.Id).ToList();
        var recorded = (await db.MedicationAdministrations.AsNoTracking()
                .Where(a => (beneficiaryId == null || a.BeneficiaryId == beneficiaryId) && a.Date >= yesterday && a.Date <= today && a.RetractedAt == null)
                .Select(a => new { a.OrderId, a.Date, a.Shift }).ToListAsync(ct))
            .Select(a => (a.OrderId, a.Date, a.Shift)).ToHashSet();
        var ordersByPerson = orders.ToLookup(o => o.BeneficiaryId);
        rows += orders.Count + recorded.Count;

        var answerBy = today.AddDays(-t.ReferralAnswerDays);
        var referrals = (await db.Referrals.AsNoTracking()
                .Where(r => (beneficiaryId == null || r.BeneficiaryId == beneficiaryId) && r.OutcomeDate == null && r.Date <= answerBy)
                .Select(r => new { r.BeneficiaryId, r.Date, r.Destination }).ToListAsync(ct))
            .ToLookup(r => r.BeneficiaryId);
        rows += referrals.Count;

        var enrolments = await db.ChronicEnrolments.AsNoTracking()
            .Where(e => e.EndedOn == null && (beneficiaryId == null || e.BeneficiaryId == beneficiaryId))
            .Select(e => new
            {
                e.BeneficiaryId, e.Disease, e.EnrolledOn, e.FollowUpDays,
                LastVisit = db.Encounters.Where(v => v.BeneficiaryId == e.BeneficiaryId && v.Date >= e.EnrolledOn && v.Date <= today).Max(v => (DateOnly?)v.Date),
            })
            .ToListAsync(ct);
        var enrolmentsByPerson = enrolments.ToLookup(e => e.BeneficiaryId);
        rows += enrolments.Count;

        var open = (await db.Alerts.Where(a => a.Status < AlertStatus.Resolved && AlertCatalog.ScheduledRules.Contains(a.Rule)
                                               && (beneficiaryId == null || a.BeneficiaryId == beneficiaryId)).ToListAsync(ct))
            .ToLookup(a => a.BeneficiaryId);
        rows += open.Sum(g => g.Count());

        // What clinicians resolved: the same finding (rule and key) is not raised again (AlertReconciler).
        var dealtWith = (await db.Alerts.AsNoTracking()
                .Where(a => a.Status == AlertStatus.Resolved && a.ConditionKey != null && AlertCatalog.ScheduledRules.Contains(a.Rule)
                            && (beneficiaryId == null || a.BeneficiaryId == beneficiaryId))
                .Select(a => new { a.BeneficiaryId, a.Rule, a.ConditionKey }).ToListAsync(ct))
            .ToLookup(a => a.BeneficiaryId, a => (a.Rule, a.ConditionKey!));
        rows += dealtWith.Sum(g => g.Count());

        int raised = 0, updated = 0, closed = 0, moved = 0;
        var inCare = people.Select(p => p.Id).ToHashSet();
        foreach (var person in people)
        {
            var findings = new List<AlertFinding>();
            void Add(AlertFinding? f)
            {
                if (f is not null)
                {
                    findings.Add(f);
                }
            }

            // A new admission (in the last year) still waiting for its intake screening.
            if (person.AdmittedOn is { } admitted && admitted >= today.AddYears(-1))
            {
                Add(CareGapRules.IntakeMissing(admitted, lastIntakes.TryGetValue(person.Id, out var intake) && intake >= admitted, today, t));
            }

            Add(CareGapRules.PeriodicOverdue(lastChecks.TryGetValue(person.Id, out var check) ? check : null, person.InCareSince, AnSinh.Domain.Indicators.Windows.AgeOn(person.BirthDate, today), today,
                indicators.PeriodicMonths, indicators.PeriodicMonthsOldOrYoung));
            Add(CareGapRules.DoseMissed(
                ordersByPerson[person.Id].SelectMany(o => new[] { yesterday, today }.SelectMany(d => MedicationRules.ShiftsOf(o.Times).Select(s => (o, d, s)))),
                recorded, nowLocal, t));
            Add(CareGapRules.ReferralUnanswered(referrals[person.Id].Select(r => (r.Date, r.Destination, false)), today, t));
            Add(CareGapRules.InsuranceCard(person.CardValidTo, today, t));
            Add(CareGapRules.FollowUpOverdue(enrolmentsByPerson[person.Id]
                .Select(e => (Labels.Of(e.Disease), (e.LastVisit ?? e.EnrolledOn).AddDays(e.FollowUpDays))), today));

            var mine = open[person.Id].ToList();
            foreach (var alert in mine.Where(a => a.FacilityId != person.FacilityId))
            {
                alert.FacilityId = person.FacilityId; // the person moved: their open alerts follow them
                moved++;
            }

            var plan = AlertReconciler.Reconcile(mine, AlertCatalog.ScheduledRules, findings, dealtWith[person.Id]);
            var (_, changed) = raiser.Apply(plan, person.Id, person.FacilityId, null, seenAgain: false);
            (raised, updated, closed) = (raised + plan.ToRaise.Count, updated + changed, closed + plan.ToClose.Count);
        }

        // Out of care: nothing is due, so what the system may close closes.
        foreach (var group in open.Where(g => !inCare.Contains(g.Key)))
        {
            var plan = AlertReconciler.Reconcile(group, AlertCatalog.ScheduledRules, []);
            raiser.Apply(plan, group.Key, group.First().FacilityId, null, seenAgain: false);
            closed += plan.ToClose.Count;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (beneficiaryId is not null && UniqueViolation.Is(e, UniqueViolation.OneOpenAlert))
        {
            // The scheduled run raised the same reminder for this person a moment ago: keep the record being saved, and its alert.
            foreach (var entry in db.ChangeTracker.Entries<Alert>().Where(x => x.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }

            await db.SaveChangesAsync(ct);
        }

        var result = new AlertRunResult(people.Count, raised, updated, closed, moved, rows, Math.Round(started.Elapsed.TotalSeconds, 2));
        if (beneficiaryId is null)
        {
            logger.LogInformation("Alert run: {People} people in care, {Raised} raised, {Updated} updated, {Closed} closed, {Moved} moved, {Rows} rows read, {Seconds} s",
                result.People, result.Raised, result.Updated, result.Closed, result.Moved, result.RowsRead, result.Seconds);
        }

        return result;
    }

    private async Task<Dictionary<int, DateOnly>> LastEncounterAsync(EncounterKind kind, int? beneficiaryId, CancellationToken ct) =>
        await db.Encounters.AsNoTracking()
            .Where(e => e.Kind == kind && (beneficiaryId == null || e.BeneficiaryId == beneficiaryId))
            .GroupBy(e => e.BeneficiaryId)
            .Select(g => new { g.Key, Last = g.Max(e => e.Date) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, ct);

}
