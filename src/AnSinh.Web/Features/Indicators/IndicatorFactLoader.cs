using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

/// <summary>Loads the facts the indicator engine counts, for the facilities located in a territory and the people they serve or who live there.</summary>
/// <remarks>
/// The queries run in lanes, each on its own connection: the facilities' records (which need only the facility ids);
/// the residents' categories, entitlements and convalescence (which need only the communes); and, once the people
/// are read, their diagnoses with either today's <see cref="LatestRecords"/> or, for a past date, the encounters and
/// (in a lane of their own) the chronic readings; and their screenings. On two cores this overlaps the database's work with reading rows into objects; measured in
/// docs/benchmarks.md.
/// </remarks>
public sealed class IndicatorFactLoader(AnSinhDbContext db, IDbContextFactory<AnSinhDbContext> contexts, Infrastructure.Clock clock, ILogger<IndicatorFactLoader> logger)
{
    // Inlined as constants in the same order as the filter of IX_Observations_ChronicReadings, so PostgreSQL uses it.
    private static readonly string[] ChronicCodes = [.. Loinc.ChronicDiseaseCodes];

    public async Task<MonitoringFacts> LoadAsync(UnitTerritory territory, int? facilityId, DateOnly asOf, CancellationToken ct = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var communes = territory.CommuneIds;
        var facilitiesQ = db.Facilities.AsNoTracking();
        if (facilityId is { } fid)
        {
            facilitiesQ = facilitiesQ.Where(f => f.Id == fid);
        }
        else if (communes is not null)
        {
            facilitiesQ = facilitiesQ.Where(f => communes.Contains(f.AdminUnitId));
        }

        var facilities = await facilitiesQ
            .Select(f => new FacilityFact(f.Id, f.Type, f.Ownership, f.OpenedOn, f.ClosedOn, f.Capacity))
            .ToListAsync(ct);
        var facilityIds = facilities.Select(f => f.Id).ToList();
        var facilityFacts = InLaneAsync(other => FacilityRecordsAsync(other, facilityIds, asOf, ct));
        var residentRecords = facilityId is null
            ? InLaneAsync(other => ResidentRecordsAsync(other, communes, asOf, ct))
            : Task.FromResult((Enumerable.Empty<CategoryFact>().ToLookup(_ => 0), new List<EntitlementFact>(), new List<ConvalescenceFact>()));

        // The unit's people: those its facilities serve or served, and those living in it; the nation needs no
        // filter at all. Their clinical records are read by the facilities they stayed at (PersonScope), the
        // residents' categories and entitlements by address (ResidentRecordsAsync).
        var everyone = facilityId is null && communes is null;
        var peopleQ = db.Beneficiaries.AsNoTracking();
        if (!everyone)
        {
            // "Lives here or stayed here": one scan of the people with the stays hashed once (a union measured 100 ms).
            var staying = db.Stays.Where(s => facilityIds.Contains(s.FacilityId)).Select(s => s.BeneficiaryId);
            peopleQ = facilityId is null
                ? peopleQ.Where(b => (b.AddressUnitId != null && communes!.Contains(b.AddressUnitId.Value)) || staying.Contains(b.Id))
                : peopleQ.Where(b => staying.Contains(b.Id));
        }

        var people = await peopleQ
            .Select(b => new { b.Id, b.BirthDate, b.AddressUnitId, b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo })
            .ToListAsync(ct);
        var scope = new PersonScope(everyone ? null : facilityIds);
        var screeningRecords = InLaneAsync(other => ScreeningsAsync(other, scope, asOf, ct));
        List<EncounterFact> encounters;
        List<ConditionFact> conditions;
        List<ObservationFact> observations;
        if (asOf >= clock.Today)
        {
            // Today: each person's latest records, kept at write time, stand for all their encounters and readings.
            var latest = InLaneAsync(other => LatestRecordsAsync(other, scope, asOf, ct));
            conditions = await ConditionsAsync(db, scope, asOf, ct);
            (encounters, observations) = await latest;
            var chronic = conditions.Where(IsChronic).Select(c => c.PersonId).ToHashSet();
            observations.RemoveAll(o => !chronic.Contains(o.PersonId));
        }
        else
        {
            var readings = InLaneAsync(other => ChronicReadingsAsync(other, scope, asOf, ct));
            encounters = await EncounterSummariesAsync(scope.Of(db, db.Encounters.AsNoTracking(), e => e.BeneficiaryId), asOf, ct);
            conditions = await ConditionsAsync(db, scope, asOf, ct);
            observations = await readings;
        }

        var (stays, referrals, assessments, catalogs, confirmations, trainings, staff) = await facilityFacts;
        var (categories, entitlements, convalescence) = await residentRecords;
        var screenings = await screeningRecords;
        logger.LogDebug("facts loaded for {Unit} on {AsOf}: {Elapsed} ms ({People} people)", territory.Unit.Code, asOf, watch.ElapsedMilliseconds, people.Count);

        return new MonitoringFacts
        {
            Facilities = facilities,
            Stays = stays,
            People = people.Select(p => new PersonFact(p.Id, p.BirthDate,
                facilityId is null && (communes is null || (p.AddressUnitId is { } a && communes.Contains(a))),
                p.HealthInsuranceValidFrom, p.HealthInsuranceValidTo, categories[p.Id].ToList(), p.AddressUnitId)).ToList(),
            Encounters = encounters,
            Observations = observations,
            Conditions = conditions,
            Screenings = screenings,
            Referrals = referrals,
            Entitlements = entitlements,
            Convalescence = convalescence,
            Assessments = assessments,
            TechniqueCatalogs = catalogs,
            TechniqueConfirmations = confirmations,
            Trainings = trainings,
            Staff = staff,
        };
    }

    /// <summary>
    /// Whose clinical records a load reads: everyone's (the nation), or those of the people who stayed at one of the
    /// unit's facilities — every rule that reads encounters, diagnoses, readings or screenings counts only the served
    /// population or current stays. A sub-select of the stays (a few hundred facility ids) is cheap to plan; an array
    /// of 50,000 person ids cost PostgreSQL 28 ms of planning per query (docs/benchmarks.md).
    /// </summary>
    private sealed record PersonScope(List<int>? FacilityIds)
    {
        public IQueryable<T> Of<T>(AnSinhDbContext db, IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, int>> personId)
        {
            if (FacilityIds is not { } facilityIds)
            {
                return query;
            }

            var stayed = db.Stays.Where(s => facilityIds.Contains(s.FacilityId)).Select(s => s.BeneficiaryId);
            return WherePerson(query, personId, id => stayed.Contains(id));
        }
    }

    /// <summary>query.Where(row => isWanted(personId(row))): one person filter for tables that name the person differently.</summary>
    private static IQueryable<T> WherePerson<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, int>> personId,
        System.Linq.Expressions.Expression<Func<int, bool>> isWanted)
    {
        // EF Core inlines the invoked lambda, so the SQL is a plain IN / EXISTS sub-select.
        var body = System.Linq.Expressions.Expression.Invoke(isWanted, personId.Body);
        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, personId.Parameters[0]));
    }

    /// <summary>Runs a part of the load on a connection of its own (a DbContext is not safe for concurrent use).</summary>
    private async Task<T> InLaneAsync<T>(Func<AnSinhDbContext, Task<T>> load)
    {
        await using var lane = await contexts.CreateDbContextAsync();
        return await load(lane);
    }

    private static bool IsChronic(ConditionFact c) => IndicatorEngine.IsHypertension(c.IcdCode) || IndicatorEngine.IsDiabetes(c.IcdCode);

    private static Task<List<ConditionFact>> ConditionsAsync(AnSinhDbContext db, PersonScope scope, DateOnly asOf, CancellationToken ct) =>
        scope.Of(db, db.Conditions.AsNoTracking(), c => c.BeneficiaryId)
            .Where(c => c.OnsetDate <= asOf)
            .Select(c => new ConditionFact(c.BeneficiaryId, c.IcdCode, c.OnsetDate, c.ResolvedDate))
            .ToListAsync(ct);

    /// <summary>Today's encounters and readings from <see cref="LatestRecords"/>, plus this year's intake screenings (BEN-INTAKE).</summary>
    private static async Task<(List<EncounterFact>, List<ObservationFact>)> LatestRecordsAsync(AnSinhDbContext db, PersonScope scope, DateOnly asOf, CancellationToken ct)
    {
        var latest = await scope.Of(db, db.LatestRecords.AsNoTracking(), l => l.BeneficiaryId).ToListAsync(ct);
        var yearStart = new DateOnly(asOf.Year, 1, 1);
        var encounters = await scope.Of(db, db.Encounters.AsNoTracking(), e => e.BeneficiaryId)
            .Where(e => e.Kind == EncounterKind.IntakeScreening && e.Date >= yearStart && e.Date <= asOf)
            .Select(e => new EncounterFact(e.BeneficiaryId, e.Kind, e.Date, e.HasVitalSigns))
            .ToListAsync(ct);
        encounters.AddRange(latest.SelectMany(l => l.EncounterFacts()));
        return (encounters, latest.SelectMany(l => l.ReadingFacts()).ToList());
    }

    /// <summary>
    /// Every blood-pressure, glucose and HbA1c reading up to D of the people with a diagnosis in I1x or E1x (a superset
    /// of the I10–I15 and E10–E14 the engine checks), answered from IX_Observations_ChronicReadings. (Letting the
    /// database keep only the last reading per person and code measured slower: 791–817 ms.)
    /// </summary>
    private static async Task<List<ObservationFact>> ChronicReadingsAsync(AnSinhDbContext db, PersonScope scope, DateOnly asOf, CancellationToken ct)
    {
        var chronicPeople = scope.Of(db, db.Conditions, c => c.BeneficiaryId)
            .Where(c => c.OnsetDate <= asOf && (c.IcdCode.StartsWith("I1") || c.IcdCode.StartsWith("E1") || c.IcdCode.StartsWith("i1") || c.IcdCode.StartsWith("e1")))
            .Select(c => c.BeneficiaryId);
        return await db.Observations.AsNoTracking()
            .Where(o => chronicPeople.Contains(o.BeneficiaryId) && ChronicCodes.Contains(o.Code) && o.Date <= asOf)
            .Select(o => new ObservationFact(o.BeneficiaryId, o.Code, o.Value, o.Date))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Categories, entitlements and convalescence: BEN-ENTITLE and NCC-CONV count them only for people whose address
    /// lies in the unit, so they are filtered by address (a few hundred communes, cheap to plan) rather than by every
    /// person's id; a facility's load needs none of them.
    /// </summary>
    private static async Task<(ILookup<int, CategoryFact>, List<EntitlementFact>, List<ConvalescenceFact>)> ResidentRecordsAsync(
        AnSinhDbContext db, IReadOnlyCollection<int>? communes, DateOnly asOf, CancellationToken ct)
    {
        var ids = communes?.ToList();
        IQueryable<T> OfResidents<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, int>> personId) => ids is null
            ? query
            : WherePerson(query, personId, id => db.Beneficiaries.Any(b => b.Id == id && b.AddressUnitId != null && ids.Contains(b.AddressUnitId.Value)));

        var categories = (await OfResidents(db.BeneficiaryCategories.AsNoTracking(), c => c.BeneficiaryId)
                .Select(c => new { c.BeneficiaryId, Fact = new CategoryFact(c.Kind, c.From, c.To) })
                .ToListAsync(ct))
            .ToLookup(c => c.BeneficiaryId, c => c.Fact);
        var entitlements = await OfResidents(db.Entitlements.AsNoTracking(), e => e.BeneficiaryId)
            .Where(e => e.From <= asOf)
            .Select(e => new EntitlementFact(e.BeneficiaryId, e.Kind, e.From, e.To))
            .ToListAsync(ct);

        // Convalescence anywhere counts for the person, not only at facilities of the unit.
        var yearStart = new DateOnly(asOf.Year, 1, 1);
        var convalescence = await OfResidents(db.Stays.AsNoTracking(), s => s.BeneficiaryId)
            .Where(s => s.Kind == StayKind.Convalescence && s.AdmittedOn >= yearStart && s.AdmittedOn <= asOf)
            .Select(s => new ConvalescenceFact(s.BeneficiaryId, s.AdmittedOn))
            .ToListAsync(ct);
        convalescence.AddRange(await OfResidents(db.Encounters.AsNoTracking(), e => e.BeneficiaryId)
            .Where(e => e.Kind == EncounterKind.Convalescence && e.Date >= yearStart && e.Date <= asOf)
            .Select(e => new ConvalescenceFact(e.BeneficiaryId, e.Date))
            .ToListAsync(ct));
        return (categories, entitlements, convalescence);
    }

    private static Task<List<ScreeningFact>> ScreeningsAsync(AnSinhDbContext db, PersonScope scope, DateOnly asOf, CancellationToken ct)
    {
        // MH-SCREEN looks back this many months; older screenings count for nothing.
        var screeningsAfter = asOf.AddMonths(-new IndicatorOptions().MentalHealthWindowMonths);
        return scope.Of(db, db.ScreeningResults.AsNoTracking(), s => s.BeneficiaryId)
            // A form left incomplete is not a screening done.
            .Where(s => s.Date <= asOf && s.Date > screeningsAfter && s.Complete)
            .Select(s => new ScreeningFact(s.BeneficiaryId, s.Instrument, s.Date))
            .ToListAsync(ct);
    }

    private static async Task<(List<StayFact>, List<ReferralFact>, List<AssessmentFact>, List<TechniqueCatalogFact>, List<TechniqueConfirmationFact>, List<TrainingFact>, List<StaffFact>)>
        FacilityRecordsAsync(AnSinhDbContext db, List<int> facilityIds, DateOnly asOf, CancellationToken ct)
    {
        var yearStart = new DateOnly(asOf.Year, 1, 1);
        var stays = await db.Stays.AsNoTracking()
            .Where(s => facilityIds.Contains(s.FacilityId) && s.AdmittedOn <= asOf)
            .Select(s => new StayFact(s.Id, s.BeneficiaryId, s.FacilityId, s.Kind, s.AdmittedOn, s.DischargedOn))
            .ToListAsync(ct);
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => facilityIds.Contains(r.FacilityId) && r.Date >= yearStart && r.Date <= asOf)
            .Select(r => new ReferralFact(r.Id, r.BeneficiaryId, r.FacilityId, r.Date, r.OutcomeDate))
            .ToListAsync(ct);
        var assessmentsFrom = asOf.AddMonths(-24);
        var assessments = await db.ReadinessAssessments.AsNoTracking()
            .Where(a => facilityIds.Contains(a.FacilityId) && a.Date <= asOf && a.Date > assessmentsFrom)
            .Select(a => new AssessmentFact(a.FacilityId, a.Date, a.MeetsAllMandatory))
            .ToListAsync(ct);
        var catalogs = (await db.TechniqueCatalogs.AsNoTracking()
                .Select(c => new { c.Version, c.ValidFrom, Codes = c.Techniques.Select(t => t.Code).ToList() })
                .ToListAsync(ct))
            .Select(c => new TechniqueCatalogFact(c.Version, c.ValidFrom, c.Codes.ToHashSet())).ToList();
        var confirmations = await db.FacilityTechniques.AsNoTracking()
            .Where(t => facilityIds.Contains(t.FacilityId) && t.ConfirmedOn <= asOf)
            .Select(t => new TechniqueConfirmationFact(t.FacilityId, t.TechniqueCode, t.ConfirmedOn))
            .ToListAsync(ct);
        var trainings = await db.TrainingRecords.AsNoTracking()
            .Where(t => facilityIds.Contains(t.FacilityId) && t.StartDate >= yearStart && t.StartDate <= asOf)
            .Select(t => new TrainingFact(t.FacilityId, t.StartDate, t.Participants))
            .ToListAsync(ct);
        var staff = await db.StaffMembers.AsNoTracking()
            .Where(s => facilityIds.Contains(s.FacilityId))
            .Select(s => new StaffFact(s.FacilityId, s.Profession, s.StartDate, s.EndDate))
            .ToListAsync(ct);
        return (stays, referrals, assessments, catalogs, confirmations, trainings, staff);
    }

    /// <summary>
    /// Encounters reduced by the database to what the rules ask of them, per person: first intake screening,
    /// last periodic check, last encounter with vital signs and last encounter of any kind up to D, plus this
    /// year's intake screenings (BEN-INTAKE compares them with admissions). One to five rows a person instead
    /// of every encounter; the engine's rules give the same answers on them.
    /// </summary>
    private static async Task<List<EncounterFact>> EncounterSummariesAsync(IQueryable<Encounter> encounters, DateOnly asOf, CancellationToken ct)
    {
        var summaries = await encounters
            .Where(e => e.Date <= asOf)
            .GroupBy(e => e.BeneficiaryId)
            .Select(g => new
            {
                PersonId = g.Key,
                FirstIntake = g.Where(e => e.Kind == EncounterKind.IntakeScreening).Min(e => (DateOnly?)e.Date),
                LastPeriodic = g.Where(e => e.Kind == EncounterKind.PeriodicCheck).Max(e => (DateOnly?)e.Date),
                LastVitals = g.Where(e => e.HasVitalSigns).Max(e => (DateOnly?)e.Date),
                LastAny = g.Max(e => e.Date),
            })
            .ToListAsync(ct);

        var yearStart = new DateOnly(asOf.Year, 1, 1);
        var facts = await encounters
            .Where(e => e.Kind == EncounterKind.IntakeScreening && e.Date >= yearStart && e.Date <= asOf)
            .Select(e => new EncounterFact(e.BeneficiaryId, e.Kind, e.Date, e.HasVitalSigns))
            .ToListAsync(ct);
        foreach (var s in summaries)
        {
            if (s.FirstIntake is { } intake)
            {
                facts.Add(new EncounterFact(s.PersonId, EncounterKind.IntakeScreening, intake, false));
            }

            if (s.LastPeriodic is { } periodic)
            {
                facts.Add(new EncounterFact(s.PersonId, EncounterKind.PeriodicCheck, periodic, false));
            }

            if (s.LastVitals is { } vitals)
            {
                facts.Add(new EncounterFact(s.PersonId, EncounterKind.SickVisit, vitals, true));
            }

            facts.Add(new EncounterFact(s.PersonId, EncounterKind.SickVisit, s.LastAny, false));
        }

        return facts;
    }
}
