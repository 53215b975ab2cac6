using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Indicators;

/// <summary>
/// The arithmetic of every indicator in INDICATORS.md, over facts already narrowed to one unit.
/// No I/O: the data layer loads the facts, this class counts them.
/// </summary>
public sealed class IndicatorEngine(MonitoringFacts facts, DateOnly asOf, IndicatorOptions? options = null)
{
    private readonly IndicatorOptions _o = options ?? new IndicatorOptions();
    private IReadOnlyList<FacilityFact>? _inScope;
    private HashSet<int>? _served;
    private Dictionary<int, PersonFact>? _people;

    public DateOnly AsOf => asOf;

    public IReadOnlyList<IndicatorResult> ComputeAll() => IndicatorCodes.All.Select(d => Compute(d.Code)).ToList();

    /// <summary>Builds the parts every code shares (facilities in scope, served population, people by id); after
    /// this, <see cref="Compute"/> only reads and may run for several codes at the same time.</summary>
    public IndicatorEngine Prepare()
    {
        _ = InScopeFacilities;
        _ = Served;
        _ = Person(0);
        return this;
    }

    public IndicatorResult Compute(string code) => code.ToUpperInvariant() switch
    {
        IndicatorCodes.FacReady => FacilityReadiness(),
        IndicatorCodes.FacTech => TechniqueCoverage(),
        IndicatorCodes.BenEhm => ElectronicHealthMonitoring(),
        IndicatorCodes.BenIntake => IntakeScreening(),
        IndicatorCodes.BenPeriodic => PeriodicCheck(),
        IndicatorCodes.BenBhyt => HealthInsurance(),
        IndicatorCodes.BenEntitle => Entitlements(),
        IndicatorCodes.NccConv => Convalescence(),
        IndicatorCodes.ChrHtn => Hypertension(),
        IndicatorCodes.ChrDm => Diabetes(),
        IndicatorCodes.MhScreen => MentalHealthScreening(),
        IndicatorCodes.RefDone => Referrals(),
        IndicatorCodes.FacOcc => Occupancy(),
        IndicatorCodes.StaffTrain => Training(),
        IndicatorCodes.StaffMix => StaffMix(),
        _ => throw new ArgumentException($"Unknown indicator code {code}", nameof(code)),
    };

    /// <summary>In-scope facilities: of the plan's types (and ownership), active on D.</summary>
    public IReadOnlyList<FacilityFact> InScopeFacilities => _inScope ??= facts.Facilities
        .Where(f => _o.FacilityTypes.Contains(f.Type) && (!_o.PublicOnly || f.Ownership == Ownership.Public)
            && Windows.ActiveOn(f.OpenedOn, f.ClosedOn, asOf))
        .ToList();

    /// <summary>Served population on D: residents of in-scope facilities plus community enrolments; each person once.</summary>
    public IReadOnlySet<int> Served => _served ??= ComputeServed();

    private HashSet<int> ComputeServed()
    {
        var inScope = InScopeFacilities.Select(f => f.Id).ToHashSet();
        var stations = facts.Facilities.Where(f => f.Type == FacilityType.CommuneHealthStation && Windows.ActiveOn(f.OpenedOn, f.ClosedOn, asOf))
            .Select(f => f.Id).ToHashSet();
        return facts.Stays
            .Where(s => IsServedOn(s)
                && ((s.Kind == StayKind.Residential && inScope.Contains(s.FacilityId))
                    || (_o.IncludeCommunity && s.Kind == StayKind.CommunityEnrolment && stations.Contains(s.FacilityId))))
            .Select(s => s.PersonId)
            .ToHashSet();
    }

    private bool IsServedOn(StayFact s) => Stays.StayPeriods.IsServedOn(s.AdmittedOn, s.DischargedOn, asOf);

    private PersonFact? Person(int id) => (_people ??= facts.People.ToDictionary(p => p.Id)).GetValueOrDefault(id);

    private int? Age(int personId) => Person(personId) is { } p ? Windows.AgeOn(p.BirthDate, asOf) : null;

    private IndicatorResult FacilityReadiness()
    {
        var facilities = InScopeFacilities.Select(f => f.Id).ToList();
        var ready = facilities.Where(id => facts.Assessments
                .Where(a => a.FacilityId == id && Windows.InMonthsBefore(a.Date, asOf, _o.ReadinessWindowMonths))
                .OrderByDescending(a => a.Date)
                .FirstOrDefault() is { MeetsAllMandatory: true })
            .ToList();
        return IndicatorResult.Ratio(IndicatorCodes.FacReady, ready, facilities);
    }

    private IndicatorResult TechniqueCoverage()
    {
        var facilities = InScopeFacilities.Select(f => f.Id).ToList();
        var catalog = facts.TechniqueCatalogs.Where(c => c.ValidFrom <= asOf).OrderByDescending(c => c.ValidFrom).FirstOrDefault();
        if (catalog is null || catalog.Codes.Count == 0)
        {
            // No catalog in force: coverage cannot be measured.
            return new IndicatorResult(IndicatorCodes.FacTech, 0, 0, null, null, [], facilities, new Dictionary<string, decimal> { ["threshold"] = _o.TechniqueThresholdPercent });
        }

        var coverage = facilities.ToDictionary(id => id, id =>
        {
            var confirmed = facts.TechniqueConfirmations
                .Where(t => t.FacilityId == id && Windows.InMonthsBefore(t.ConfirmedOn, asOf, _o.TechniqueWindowMonths) && catalog.Codes.Contains(t.TechniqueCode))
                .Select(t => t.TechniqueCode).Distinct().Count();
            return 100m * confirmed / catalog.Codes.Count;
        });
        var meeting = coverage.Where(c => c.Value >= _o.TechniqueThresholdPercent).Select(c => c.Key).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.FacTech, meeting, facilities,
            new Dictionary<string, decimal> { ["threshold"] = _o.TechniqueThresholdPercent, ["catalogSize"] = catalog.Codes.Count });
    }

    private IndicatorResult ElectronicHealthMonitoring()
    {
        var withRecord = facts.Encounters
            .Where(e => e.Kind is EncounterKind.IntakeScreening or EncounterKind.PeriodicCheck && e.Date <= asOf)
            .Select(e => e.PersonId).ToHashSet();
        var withVitals = facts.Encounters
            .Where(e => e.HasVitalSigns && Windows.InMonthsBefore(e.Date, asOf, _o.EhmWindowMonths))
            .Select(e => e.PersonId).ToHashSet();
        var numerator = Served.Where(p => withRecord.Contains(p) && withVitals.Contains(p)).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.BenEhm, numerator, Served.ToList());
    }

    private IndicatorResult IntakeScreening()
    {
        var inScope = InScopeFacilities.Select(f => f.Id).ToHashSet();
        var admissions = facts.Stays
            .Where(s => s.Kind == StayKind.Residential && inScope.Contains(s.FacilityId) && Windows.InPeriod(s.AdmittedOn, asOf))
            .ToList();
        var intakes = facts.Encounters.Where(e => e.Kind == EncounterKind.IntakeScreening && e.Date <= asOf)
            .ToLookup(e => e.PersonId, e => e.Date);
        var screened = admissions
            .Where(s => intakes[s.PersonId].Any(d => d >= s.AdmittedOn && d <= s.AdmittedOn.AddDays(_o.IntakeDays)))
            .Select(s => s.Id).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.BenIntake, screened, admissions.Select(s => s.Id).ToList());
    }

    private IndicatorResult PeriodicCheck()
    {
        var checks = facts.Encounters.Where(e => e.Kind == EncounterKind.PeriodicCheck).ToLookup(e => e.PersonId, e => e.Date);
        var numerator = Served.Where(p =>
        {
            var age = Age(p);
            var months = age is >= 80 or < 6 ? _o.PeriodicMonthsOldOrYoung : _o.PeriodicMonths;
            return checks[p].Any(d => Windows.InMonthsBefore(d, asOf, months));
        }).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.BenPeriodic, numerator, Served.ToList());
    }

    private IndicatorResult HealthInsurance()
    {
        var numerator = Served.Where(p => Person(p) is { CardValidTo: not null } person
            && Windows.ActiveOn(person.CardValidFrom, person.CardValidTo, asOf)).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.BenBhyt, numerator, Served.ToList());
    }

    private IndicatorResult Entitlements()
    {
        var population = facts.People.Where(p => p.LivesInUnit && p.Categories.Any(c => Windows.ActiveOn(c.From, c.To, asOf))).ToList();
        var active = facts.Entitlements.Where(e => Windows.ActiveOn(e.From, e.To, asOf)).ToLookup(e => e.PersonId, e => e.Kind);
        // Every entitlement required by any active category must be active (no per-person sets: 50,000 people).
        bool HasAllRequired(PersonFact p)
        {
            var has = active[p.Id];
            foreach (var category in p.Categories)
            {
                if (!Windows.ActiveOn(category.From, category.To, asOf) || _o.EntitlementRules.GetValueOrDefault(category.Kind) is not { } required)
                {
                    continue;
                }

                foreach (var kind in required)
                {
                    if (!has.Contains(kind))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        var numerator = population.Where(HasAllRequired).Select(p => p.Id).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.BenEntitle, numerator, population.Select(p => p.Id).ToList());
    }

    private IndicatorResult Convalescence()
    {
        var eligible = facts.People.Where(p => p.LivesInUnit && p.Categories.Any(c =>
                c.Kind is CategoryKind.MeritoriousService or CategoryKind.MeritoriousRelative && Windows.ActiveOn(c.From, c.To, asOf)))
            .Select(p => p.Id).ToList();
        var convalesced = facts.Convalescence.Where(c => Windows.InPeriod(c.Date, asOf)).Select(c => c.PersonId).ToHashSet();
        return IndicatorResult.Ratio(IndicatorCodes.NccConv, eligible.Where(convalesced.Contains).ToList(), eligible);
    }

    /// <summary>ICD-10 categories from..to inclusive ("I10".."I15"), any subcategory.</summary>
    public static bool InIcdRange(string code, string from, string to)
    {
        var category = code.Length >= 3 ? code[..3].ToUpperInvariant() : code.ToUpperInvariant();
        return string.CompareOrdinal(category, from) >= 0 && string.CompareOrdinal(category, to) <= 0;
    }

    /// <summary>CHR-HTN's diagnosis: hypertensive diseases, ICD-10 I10–I15.</summary>
    public static bool IsHypertension(string icdCode) => InIcdRange(icdCode, "I10", "I15");

    /// <summary>CHR-DM's diagnosis: diabetes mellitus, ICD-10 E10–E14.</summary>
    public static bool IsDiabetes(string icdCode) => InIcdRange(icdCode, "E10", "E14");

    private List<int> DiagnosedServed(Func<string, bool> isDiagnosis)
    {
        var diagnosed = facts.Conditions.Where(c => isDiagnosis(c.IcdCode) && c.Onset <= asOf && (c.Resolved is null || c.Resolved >= asOf))
            .Select(c => c.PersonId).ToHashSet();
        return Served.Where(diagnosed.Contains).ToList();
    }

    private IndicatorResult Hypertension()
    {
        var diagnosed = DiagnosedServed(IsHypertension);
        // One pass over the readings: each person's last systolic on or before D, and the diastolic of each day.
        var lastSystolic = new Dictionary<int, ObservationFact>();
        var diastolic = new Dictionary<(int Person, DateOnly Date), decimal>();
        foreach (var o in facts.Observations)
        {
            if (o.Date > asOf)
            {
                continue;
            }

            if (o.Code == Loinc.Systolic)
            {
                if (!lastSystolic.TryGetValue(o.PersonId, out var last) || o.Date > last.Date)
                {
                    lastSystolic[o.PersonId] = o;
                }
            }
            else if (o.Code == Loinc.Diastolic)
            {
                diastolic.TryAdd((o.PersonId, o.Date), o.Value);
            }
        }

        // The last reading is in the window exactly when some reading is.
        var monitored = diagnosed.Where(p => lastSystolic.TryGetValue(p, out var last) && Windows.InMonthsBefore(last.Date, asOf, _o.ChronicWindowMonths)).ToList();
        var controlled = diagnosed.Count(p => lastSystolic.TryGetValue(p, out var last)
            && last.Value < _o.SystolicBelow
            && diastolic.TryGetValue((p, last.Date), out var d) && d < _o.DiastolicBelow);
        return IndicatorResult.Ratio(IndicatorCodes.ChrHtn, monitored, diagnosed, Controlled(controlled, diagnosed.Count));
    }

    private IndicatorResult Diabetes()
    {
        var diagnosed = DiagnosedServed(IsDiabetes);
        var results = facts.Observations.Where(o => o.Code is Loinc.Glucose or Loinc.HbA1c && o.Date <= asOf).ToLookup(o => o.PersonId);
        var monitored = diagnosed.Where(p => results[p].Any(o => Windows.InMonthsBefore(o.Date, asOf, _o.ChronicWindowMonths))).ToList();
        var controlled = diagnosed.Count(p => results[p].OrderByDescending(o => o.Date).FirstOrDefault() is { } last
            && (last.Code == Loinc.Glucose ? last.Value < _o.GlucoseBelow : last.Value < _o.HbA1cBelow));
        return IndicatorResult.Ratio(IndicatorCodes.ChrDm, monitored, diagnosed, Controlled(controlled, diagnosed.Count));
    }

    private static Dictionary<string, decimal> Controlled(int controlled, int diagnosed)
    {
        var secondary = new Dictionary<string, decimal> { ["controlled"] = controlled };
        if (Windows.Percent(controlled, diagnosed) is { } pct)
        {
            secondary["controlledPercent"] = pct;
        }

        return secondary;
    }

    private IndicatorResult MentalHealthScreening()
    {
        var adults = Served.Where(p => Age(p) >= 18).ToList();
        var screened = facts.Screenings.Where(s => Windows.InMonthsBefore(s.Date, asOf, _o.MentalHealthWindowMonths))
            .ToLookup(s => s.PersonId, s => s.Instrument);
        var numerator = adults.Where(p =>
        {
            var instrument = Age(p) >= 60 ? _o.Gds15 : _o.Phq9;
            return screened[p].Any(i => string.Equals(i, instrument, StringComparison.OrdinalIgnoreCase));
        }).ToList();
        return IndicatorResult.Ratio(IndicatorCodes.MhScreen, numerator, adults);
    }

    private IndicatorResult Referrals()
    {
        var facilities = InScopeFacilities.Select(f => f.Id).ToHashSet();
        var stations = facts.Facilities.Where(f => f.Type == FacilityType.CommuneHealthStation).Select(f => f.Id);
        if (_o.IncludeCommunity)
        {
            facilities.UnionWith(stations);
        }

        var referrals = facts.Referrals.Where(r => facilities.Contains(r.FacilityId) && Windows.InPeriod(r.Date, asOf)).ToList();
        var done = referrals.Where(r => r.OutcomeDate is { } d && d <= asOf).Select(r => r.Id).ToList();
        var secondary = new Dictionary<string, decimal>();
        if (Served.Count > 0)
        {
            secondary["per100Residents"] = Math.Round(100m * referrals.Count / Served.Count, 1, MidpointRounding.AwayFromZero);
        }

        return IndicatorResult.Ratio(IndicatorCodes.RefDone, done, referrals.Select(r => r.Id).ToList(), secondary);
    }

    private IndicatorResult Occupancy()
    {
        var facilities = InScopeFacilities;
        var ids = facilities.Select(f => f.Id).ToHashSet();
        var residents = facts.Stays.Where(s => s.Kind == StayKind.Residential && ids.Contains(s.FacilityId) && IsServedOn(s))
            .Select(s => s.PersonId).Distinct().Order().ToList();
        var capacity = facilities.Sum(f => f.Capacity);
        return new IndicatorResult(IndicatorCodes.FacOcc, residents.Count, capacity, Windows.Percent(residents.Count, capacity), null,
            residents, facilities.Select(f => f.Id).Order().ToList(), new Dictionary<string, decimal>());
    }

    private IndicatorResult Training()
    {
        var facilities = InScopeFacilities.Select(f => f.Id).ToHashSet();
        var trainings = facts.Trainings.Where(t => facilities.Contains(t.FacilityId) && Windows.InPeriod(t.Date, asOf)).ToList();
        var total = trainings.Sum(t => t.Participants);
        var secondary = new Dictionary<string, decimal>();
        if (facilities.Count > 0)
        {
            secondary["perFacility"] = Math.Round((decimal)total / facilities.Count, 1, MidpointRounding.AwayFromZero);
        }

        // With no facility in scope there is nothing to measure: "no data", not a count of zero behind its target.
        return new IndicatorResult(IndicatorCodes.StaffTrain, facilities.Count == 0 ? null : total, null, null, facilities.Count == 0 ? null : total,
            trainings.Select(t => t.FacilityId).Distinct().Order().ToList(), [], secondary);
    }

    private IndicatorResult StaffMix()
    {
        var facilities = InScopeFacilities.Select(f => f.Id).ToHashSet();
        var staff = facts.Staff.Where(s => facilities.Contains(s.FacilityId) && Windows.ActiveOn(s.Start, s.End, asOf)).ToList();
        int Count(Profession p) => staff.Count(s => s.Profession == p);
        var residents = facts.Stays.Where(s => s.Kind == StayKind.Residential && facilities.Contains(s.FacilityId) && IsServedOn(s))
            .Select(s => s.PersonId).Distinct().Count();
        var nurses = Count(Profession.Nurse);
        var secondary = new Dictionary<string, decimal>
        {
            ["doctors"] = Count(Profession.Doctor),
            ["physicianAssistants"] = Count(Profession.PhysicianAssistant),
            ["nurses"] = nurses,
            ["rehabTechnicians"] = Count(Profession.RehabTechnician),
            ["residents"] = residents,
        };
        decimal? perNurse = nurses == 0 ? null : Math.Round((decimal)residents / nurses, 1, MidpointRounding.AwayFromZero);
        return new IndicatorResult(IndicatorCodes.StaffMix, null, null, null, perNurse, facilities.Order().ToList(), [], secondary);
    }
}
