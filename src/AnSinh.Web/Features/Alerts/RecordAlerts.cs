using AnSinh.Data;
using AnSinh.Domain.Alerts;
using AnSinh.Domain.Growth;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Alerts;

/// <summary>
/// What the record services call after saving, inside their transaction: the rules on what was saved, then, when the
/// person has one open, the time-based rules for them (a recorded intake screening or periodic check closes its reminder at once).
/// </summary>
public sealed class RecordAlerts(AnSinhDbContext db, AlertRaiser raiser, AlertRun run, GrowthStandards growth, Infrastructure.Clock clock)
{
    /// <summary>
    /// A record struck out as entered in error ("Encounter/12", "ScreeningResult/7"): the open alerts it raised, and
    /// nothing found again since, are closed with the reason (staged: the caller saves).
    /// </summary>
    public Task CloseRaisedByAsync(int beneficiaryId, string source, string reason, CancellationToken ct) => CloseAsync(beneficiaryId, source, _ => true, reason, ct);

    /// <summary>
    /// Readings struck out of a visit that stays: its open alerts whose rule the readings left in it no longer meet
    /// (a weight's rules when no weight is left) close as for a record struck out; the others stay.
    /// </summary>
    public Task CloseForStruckReadingsAsync(Encounter visit, string reason, CancellationToken ct)
    {
        var left = visit.Observations.GroupBy(o => o.Code).ToDictionary(g => g.Key, g => g.First().Value);
        var stillFound = ReadingRules.Evaluate(left, raiser.Thresholds).Select(f => f.Rule).ToHashSet();
        if (left.ContainsKey(Loinc.Weight))
        {
            stillFound.UnionWith([AlertCatalog.WeightLoss, AlertCatalog.ChildGrowth]);
        }

        return CloseAsync(visit.BeneficiaryId, $"Encounter/{visit.Id}", rule => RaisedByReadings.Contains(rule) && !stillFound.Contains(rule), reason, ct);
    }

    private static readonly HashSet<string> RaisedByReadings =
        [ReadingRules.BloodPressure, ReadingRules.LowOxygen, ReadingRules.Fever, ReadingRules.GlucoseHigh, ReadingRules.GlucoseLow, AlertCatalog.WeightLoss, AlertCatalog.ChildGrowth];

    /// <summary>Through the person's alerts (index BeneficiaryId, Status), not a scan of every alert's source.</summary>
    private async Task CloseAsync(int beneficiaryId, string source, Func<string, bool> rule, string reason, CancellationToken ct)
    {
        var now = clock.Now;
        foreach (var alert in await db.Alerts.Where(a => a.BeneficiaryId == beneficiaryId && a.Status < AlertStatus.Resolved && a.Source == source).ToListAsync(ct))
        {
            if (rule(alert.Rule))
            {
                AlertReconciler.CloseForStruckOutRecord(alert, reason, now);
            }
        }
    }

    /// <summary>
    /// Readings older than this raise nothing: a check typed in late or sent by another system (FHIR) is history, and
    /// a 2012 blood pressure on today's worklist would only bury what needs someone now.
    /// </summary>
    public const int ActOnReadingsWithinDays = 7;

    /// <summary>The facility whose worklist shows the person's alerts: the open stay's, else the registering facility.</summary>
    private async Task<int?> CareFacilityAsync(int beneficiaryId, CancellationToken ct) =>
        await db.Stays.Where(s => s.BeneficiaryId == beneficiaryId && s.DischargedOn == null).OrderByDescending(s => s.AdmittedOn)
            .Select(s => (int?)s.FacilityId).FirstOrDefaultAsync(ct)
        ?? await db.Beneficiaries.Where(b => b.Id == beneficiaryId).Select(b => b.RegisteredFacilityId).FirstOrDefaultAsync(ct);

    public async Task AfterEncounterAsync(Encounter encounter, Sex sex, DateOnly birthDate, CancellationToken ct)
    {
        var recent = encounter.Date >= clock.Today.AddDays(-ActOnReadingsWithinDays);
        var values = recent ? encounter.Observations.GroupBy(o => o.Code).ToDictionary(g => g.Key, g => g.First().Value) : [];
        var t = raiser.Thresholds;
        var findings = ReadingRules.Evaluate(values, t).ToList();
        // Readings never close an alert (AlertCatalog): only what was found is applied.
        var evaluated = findings.Select(f => f.Rule).ToList();

        if (values.TryGetValue(Loinc.Weight, out var kg))
        {
            var from = encounter.Date.AddDays(-t.WeightLossDays);
            var earlier = await db.Observations.AsNoTracking()
                .Where(o => o.BeneficiaryId == encounter.BeneficiaryId && o.Code == Loinc.Weight && o.Date >= from && o.Date < encounter.Date)
                .Select(o => new { o.Date, o.Value }).ToListAsync(ct);
            if (RecordRules.WeightLoss(encounter.Date, kg, earlier.Select(e => (e.Date, e.Value)), t) is { } loss)
            {
                findings.Add(loss);
                evaluated.Add(loss.Rule);
            }

            var ageDays = encounter.Date.DayNumber - birthDate.DayNumber;
            if (ageDays is >= 0 and <= GrowthStandards.MaxAgeDays)
            {
                var height = values.TryGetValue(Loinc.Height, out var cm) ? (double?)cm : null;
                if (growth.Compute((int)sex, ageDays, (double)kg, height, measuredLying: ageDays < GrowthStandards.HeightFromDays) is { } z)
                {
                    var child = RecordRules.ChildGrowth(
                    [
                        ("Cân nặng theo tuổi", z.WeightForAge), ("Chiều cao theo tuổi", z.LengthForAge),
                        ("Cân nặng theo chiều cao", z.WeightForLength), ("BMI theo tuổi", z.BmiForAge),
                    ], t);
                    evaluated.Add(AlertCatalog.ChildGrowth); // a measurement at or above −2 closes an attention alert
                    if (child is not null)
                    {
                        findings.Add(child);
                    }
                }
            }
        }

        if (evaluated.Count > 0)
        {
            var facility = await CareFacilityAsync(encounter.BeneficiaryId, ct) ?? encounter.FacilityId;
            await raiser.ApplyAsync(encounter.BeneficiaryId, facility, evaluated, findings, $"Encounter/{encounter.Id}", ct);
        }

        // A check can end a time-based alert (the intake screening, the periodic check, a follow-up visit), never start
        // one: the time-based rules run again for this person only when one of those is open (most saves: one query).
        if (await db.Alerts.AnyAsync(a => a.BeneficiaryId == encounter.BeneficiaryId && a.Status < AlertStatus.Resolved && EndedByAVisit.Contains(a.Rule), ct))
        {
            await run.RunAsync(encounter.BeneficiaryId, ct);
        }
    }

    private static readonly string[] EndedByAVisit = [AlertCatalog.IntakeMissing, AlertCatalog.PeriodicOverdue, AlertCatalog.FollowUpOverdue];

    public async Task AfterScreeningAsync(ScreeningResult result, CancellationToken ct)
    {
        if (await CareFacilityAsync(result.BeneficiaryId, ct) is not { } facility)
        {
            return;
        }

        var t = raiser.Thresholds;
        var rules = RecordRules.RulesOf(result.Instrument).ToList();
        var flags = result.Flags?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var findings = RecordRules.Screening(result.Instrument, result.TotalScore, flags, t).ToList();
        if (result.Instrument == "BARTHEL" && result.TotalScore is { } barthel)
        {
            var from = result.Date.AddDays(-t.BarthelDropDays);
            var earlier = await db.ScreeningResults.AsNoTracking()
                .Where(s => s.BeneficiaryId == result.BeneficiaryId && s.Instrument == "BARTHEL" && s.TotalScore != null && s.Date >= from && s.Date < result.Date)
                .Select(s => new { s.Date, Score = s.TotalScore!.Value }).ToListAsync(ct);
            if (RecordRules.BarthelDrop(result.Date, barthel, earlier.Select(e => (e.Date, e.Score)), t) is { } drop)
            {
                findings.Add(drop);
            }

            rules.Remove(AlertCatalog.BarthelDrop); // a later better score does not undo a fall: not closed by the system
            rules.AddRange(findings.Select(f => f.Rule));
        }

        if (!result.Complete && result.TotalScore is null)
        {
            // An incomplete form says nothing about the risk: it raises what it found (item 9) and closes nothing.
            rules = findings.Select(f => f.Rule).ToList();
        }

        await raiser.ApplyAsync(result.BeneficiaryId, facility, rules, findings, $"ScreeningResult/{result.Id}", ct);
    }

    /// <summary>After a change that may end a time-based alert (a referral answered, a card renewed, a stay changed).</summary>
    public Task AfterChangeAsync(int beneficiaryId, CancellationToken ct) => run.RunAsync(beneficiaryId, ct);
}
