using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Tests;

/// <summary>
/// Hand-built fixtures with the expected numbers written out. D = 31/12/2025 unless a test says otherwise.
/// Facilities: 1 social assistance (public, capacity 10), 2 meritorious-care (public, 5), 3 private social
/// assistance (capacity 4), 4 drug rehabilitation closed on 30/06/2025, 5 commune health station.
/// </summary>
public class IndicatorEngineTests
{
    private static readonly DateOnly D = new(2025, 12, 31);

    private static readonly FacilityFact[] Facilities =
    [
        new(1, FacilityType.SocialAssistance, Ownership.Public, new(2010, 1, 1), null, 10),
        new(2, FacilityType.MeritoriousCareCentre, Ownership.Public, new(2010, 1, 1), null, 5),
        new(3, FacilityType.SocialAssistance, Ownership.Private, new(2018, 1, 1), null, 4),
        new(4, FacilityType.DrugRehabilitation, Ownership.Public, new(2010, 1, 1), new(2025, 6, 30), 50),
        new(5, FacilityType.CommuneHealthStation, Ownership.Public, new(2000, 1, 1), null, 0),
    ];

    private static PersonFact P(int id, int bornYear, bool livesInUnit = true, DateOnly? cardTo = null, params CategoryFact[] categories) =>
        new(id, new DateOnly(bornYear, 6, 15), livesInUnit, cardTo is null ? null : new DateOnly(2025, 1, 1), cardTo, categories);

    private static CategoryFact C(CategoryKind kind, DateOnly from, DateOnly? to) => new(kind, from, to);

    private static StayFact S(int id, int person, int facility, DateOnly admitted, DateOnly? discharged = null, StayKind kind = StayKind.Residential) =>
        new(id, person, facility, kind, admitted, discharged);

    private static readonly DateOnly Long = new(2020, 1, 1);

    /// <summary>People 1–8 and their stays cover the served-on-D edge cases.</summary>
    private static MonitoringFacts Base(
        IReadOnlyList<EncounterFact>? encounters = null,
        IReadOnlyList<ObservationFact>? observations = null,
        IReadOnlyList<ConditionFact>? conditions = null,
        IReadOnlyList<ScreeningFact>? screenings = null,
        IReadOnlyList<PersonFact>? people = null,
        IReadOnlyList<StayFact>? extraStays = null) => new()
    {
        Facilities = Facilities,
        People = people ??
        [
            P(1, 1940, cardTo: new(2025, 12, 31)),      // 85 on D
            P(2, 1950, cardTo: new(2025, 12, 30)),      // card ran out the day before D
            P(3, 1960),
            P(4, 1970, cardTo: new(2026, 12, 31)),
            P(5, 2000),
            P(6, 2021),                                  // 4 on D: a child under 6
            P(7, 1945),
            P(8, 1955),
        ],
        Stays =
        [
            S(1, 1, 1, Long),                              // served
            S(2, 2, 1, D),                                 // admitted on D: served
            S(3, 3, 1, Long, D),                           // discharged on D: still served
            S(4, 4, 2, Long, D.AddDays(-1)),               // discharged the day before D: not served
            S(5, 5, 3, Long),                              // private facility: served unless the plan is public-only
            S(6, 6, 4, Long),                              // facility closed mid-year: not in scope on D
            S(7, 7, 5, Long, null, StayKind.CommunityEnrolment), // community enrolment: served when the community counts
            S(8, 8, 2, Long),                              // served
            S(9, 1, 2, new(2025, 3, 1), new(2025, 3, 10)), // an earlier stay elsewhere; person 1 still counts once
            .. extraStays ?? [],
        ],
        Encounters = encounters ?? [],
        Observations = observations ?? [],
        Conditions = conditions ?? [],
        Screenings = screenings ?? [],
    };

    [Fact]
    public void Served_on_D_follows_the_stay_rules()
    {
        var engine = new IndicatorEngine(Base(), D);
        Assert.Equal([1, 2, 3, 5, 7, 8], engine.Served.Order());
    }

    [Fact]
    public void A_public_only_plan_without_the_community_narrows_the_served_population()
    {
        var engine = new IndicatorEngine(Base(), D, new IndicatorOptions { PublicOnly = true, IncludeCommunity = false });
        Assert.Equal([1, 2, 3, 8], engine.Served.Order());
        Assert.Equal([1, 2], engine.InScopeFacilities.Select(f => f.Id));
    }

    [Fact]
    public void Bhyt_counts_cards_valid_on_D()
    {
        var r = new IndicatorEngine(Base(), D).Compute(IndicatorCodes.BenBhyt);
        Assert.Equal(1, r.Numerator);          // person 1 (valid to D); person 2's card ended the day before
        Assert.Equal(6, r.Denominator);
        Assert.Equal(16.7m, r.Percent);        // 100 × 1 ÷ 6 = 16.67 → 16.7
        Assert.Equal([2, 3, 5, 7, 8], r.MissingMembers);
    }

    [Fact]
    public void Periodic_check_uses_six_months_for_80_plus_and_under_6_and_excludes_a_check_366_days_before()
    {
        EncounterFact Check(int person, DateOnly date) => new(person, EncounterKind.PeriodicCheck, date, true);
        var facts = Base(encounters:
        [
            Check(1, D.AddMonths(-7)),            // 85 years old: needs 6 months → missing
            Check(2, D.AddDays(-366)),            // 366 days before D: outside 12 months
            Check(3, D.AddMonths(-12)),           // exactly 12 months before: outside
            Check(5, D.AddMonths(-12).AddDays(1)),// a day inside the window
            Check(7, D.AddMonths(-5)),            // 80: six months, inside
            Check(8, D),                          // on D: inside
            new(4, EncounterKind.PeriodicCheck, D, true), // not served
            new(5, EncounterKind.SickVisit, D, true),
        ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.BenPeriodic);
        Assert.Equal([5, 7, 8], r.NumeratorMembers);
        Assert.Equal(6, r.Denominator);
        Assert.Equal(50.0m, r.Percent);
    }

    [Fact]
    public void Ehm_needs_a_first_examination_and_vital_signs_in_the_last_12_months()
    {
        var facts = Base(encounters:
        [
            new(1, EncounterKind.IntakeScreening, new(2021, 1, 5), true),
            new(1, EncounterKind.SickVisit, D.AddMonths(-2), true),          // vitals in window + intake before: counted
            new(2, EncounterKind.IntakeScreening, D, true),                  // intake on D with vitals: counted
            new(3, EncounterKind.PeriodicCheck, D.AddMonths(-13), true),     // vitals too old
            new(5, EncounterKind.SickVisit, D.AddMonths(-1), true),          // vitals but no intake or periodic check
            new(8, EncounterKind.PeriodicCheck, D.AddMonths(-3), false),     // no vital signs
        ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.BenEhm);
        Assert.Equal([1, 2], r.NumeratorMembers);
        Assert.Equal(33.3m, r.Percent);
    }

    [Fact]
    public void Intake_counts_admissions_in_the_period_once_per_stay_screened_within_7_days()
    {
        var facts = Base(
            extraStays:
            [
                S(20, 20, 1, new(2025, 2, 1), new(2025, 2, 20)),
                S(21, 20, 1, new(2025, 5, 1)),                   // same person admitted twice: two admissions
                S(22, 21, 1, new(2024, 12, 31)),                 // before the period
                S(23, 22, 4, new(2025, 3, 1)),                   // closed facility: out of scope on D
            ],
            encounters:
            [
                new(20, EncounterKind.IntakeScreening, new(2025, 2, 8), true),  // 7 days after: inside
                new(20, EncounterKind.IntakeScreening, new(2025, 5, 9), true),  // 8 days after the second: late
                new(2, EncounterKind.IntakeScreening, D, true),                 // admitted and screened on D
                new(22, EncounterKind.IntakeScreening, new(2025, 3, 1), true),
            ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.BenIntake);
        Assert.Equal([2, 9, 20, 21], r.DenominatorMembers);  // stay ids: D, 01/03 (person 1's short stay), 01/02, 01/05
        Assert.Equal([2, 20], r.NumeratorMembers);
        Assert.Equal(50.0m, r.Percent);
        Assert.Equal([9, 21], r.MissingMembers);
    }

    [Fact]
    public void Readiness_uses_the_latest_assessment_in_the_12_months_before_D()
    {
        var facts = new MonitoringFacts
        {
            Facilities = Facilities,
            Assessments =
            [
                new(1, new(2025, 3, 1), false),
                new(1, new(2025, 9, 1), true),       // latest in window meets all: ready
                new(2, new(2025, 2, 1), true),
                new(2, new(2025, 10, 1), false),     // latest fails: not ready
                new(3, D.AddMonths(-12), true),      // exactly 12 months before: outside
                new(4, new(2025, 5, 1), true),       // closed facility: not in scope
            ],
        };
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.FacReady);
        Assert.Equal([1, 2, 3], r.DenominatorMembers);
        Assert.Equal([1], r.NumeratorMembers);
        Assert.Equal(33.3m, r.Percent);
        Assert.Equal([2, 3], r.MissingMembers);
    }

    [Fact]
    public void Technique_coverage_against_threshold_70_and_80()
    {
        var catalog = new TechniqueCatalogFact("2024", new(2024, 1, 1), new HashSet<string> { "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10" });
        TechniqueConfirmationFact T(int f, int n) => new(f, $"T{n}", new(2025, 6, 1));
        var facts = new MonitoringFacts
        {
            Facilities = Facilities,
            TechniqueCatalogs = [catalog, new("2026", new(2026, 1, 1), new HashSet<string> { "X" })], // 2026 catalog not yet in force on D
            TechniqueConfirmations =
            [
                .. Enumerable.Range(1, 7).Select(n => T(1, n)),   // 70%
                .. Enumerable.Range(1, 8).Select(n => T(2, n)),   // 80%
                T(3, 1), T(3, 1), new(3, "NOT-IN-CATALOG", new(2025, 6, 1)), // 10%, duplicates and unknown codes ignored
                new(3, "T2", new(2024, 6, 1)),                    // older than 12 months
            ],
        };
        var at70 = new IndicatorEngine(facts, D, new IndicatorOptions { TechniqueThresholdPercent = 70 }).Compute(IndicatorCodes.FacTech);
        Assert.Equal([1, 2], at70.NumeratorMembers);
        Assert.Equal(66.7m, at70.Percent);
        Assert.Equal(70m, at70.Secondary["threshold"]);
        var at80 = new IndicatorEngine(facts, D).Compute(IndicatorCodes.FacTech);
        Assert.Equal([2], at80.NumeratorMembers);
        Assert.Equal(33.3m, at80.Percent);
    }

    [Fact]
    public void No_catalog_means_no_data_for_technique_coverage()
    {
        var r = new IndicatorEngine(new MonitoringFacts { Facilities = Facilities }, D).Compute(IndicatorCodes.FacTech);
        Assert.Null(r.Percent);
        Assert.Equal(TargetStatus.NoData, TargetRules.Evaluate(r.Figure, new TargetSpec(IndicatorCodes.FacTech, 2025, Comparator.AtLeast, 10, 80), D, null));
    }

    [Fact]
    public void Entitlements_follow_every_active_category_of_a_person_in_two_categories()
    {
        var meritElderly = P(1, 1940, true, null, C(CategoryKind.MeritoriousService, new(1990, 1, 1), null), C(CategoryKind.Elderly, new(2000, 1, 1), null));
        var poor = P(2, 1980, true, null, C(CategoryKind.PoorHousehold, new(2020, 1, 1), null));
        var ended = P(3, 1980, true, null, C(CategoryKind.PoorHousehold, new(2020, 1, 1), new(2025, 12, 30))); // category ended before D
        var elsewhere = P(4, 1950, false, null, C(CategoryKind.Elderly, new(2010, 1, 1), null));              // lives outside the unit
        var facts = new MonitoringFacts
        {
            Facilities = Facilities,
            People = [meritElderly, poor, ended, elsewhere],
            Entitlements =
            [
                new(1, EntitlementKind.MonthlyAllowance, new(2020, 1, 1), null),
                new(1, EntitlementKind.HealthInsurance, new(2025, 1, 1), D),
                new(2, EntitlementKind.HealthInsurance, new(2025, 1, 1), null),
                new(2, EntitlementKind.ElectricitySupport, new(2025, 1, 1), D.AddDays(-1)), // ended the day before D
            ],
        };
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.BenEntitle);
        Assert.Equal([1, 2], r.DenominatorMembers);
        Assert.Equal([1], r.NumeratorMembers);
        Assert.Equal(50.0m, r.Percent);
    }

    [Fact]
    public void Convalescence_counts_eligible_people_with_a_stay_or_encounter_in_the_year()
    {
        var facts = new MonitoringFacts
        {
            People =
            [
                P(1, 1945, true, null, C(CategoryKind.MeritoriousService, new(1990, 1, 1), null)),
                P(2, 1960, true, null, C(CategoryKind.MeritoriousRelative, new(2000, 1, 1), null)),
                P(3, 1950, true, null, C(CategoryKind.MeritoriousService, new(1990, 1, 1), null)),
                P(4, 1950, true, null, C(CategoryKind.Elderly, new(2010, 1, 1), null)),           // not eligible
                P(5, 1950, false, null, C(CategoryKind.MeritoriousService, new(1990, 1, 1), null)), // lives elsewhere
            ],
            Convalescence = [new(1, new(2025, 4, 10)), new(2, new(2025, 1, 1)), new(3, new(2024, 12, 31)), new(5, new(2025, 5, 5))],
        };
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.NccConv);
        Assert.Equal([1, 2, 3], r.DenominatorMembers);
        Assert.Equal([1, 2], r.NumeratorMembers);
        Assert.Equal(66.7m, r.Percent);
    }

    [Fact]
    public void Hypertension_management_and_control()
    {
        ObservationFact Bp(int p, DateOnly d, decimal sys, decimal dia) => new(p, Loinc.Systolic, sys, d);
        ObservationFact Dia(int p, DateOnly d, decimal dia) => new(p, Loinc.Diastolic, dia, d);
        var facts = Base(
            conditions:
            [
                new(1, "I10", new(2020, 1, 1), null),
                new(2, "I11.9", new(2025, 12, 31), null),  // onset on D: active
                new(3, "I15", new(2020, 1, 1), new(2025, 12, 30)), // resolved before D
                new(8, "I12", new(2020, 1, 1), null),
                new(5, "I20", new(2020, 1, 1), null),      // not hypertension
            ],
            observations:
            [
                Bp(1, D.AddMonths(-1), 130, 0), Dia(1, D.AddMonths(-1), 85),   // monitored and controlled
                Bp(2, D.AddMonths(-3), 150, 0), Dia(2, D.AddMonths(-3), 95),   // exactly 3 months before: not in window; uncontrolled
                Bp(8, D.AddMonths(-2), 138, 0), Dia(8, D.AddMonths(-2), 92),   // monitored; diastolic 92: uncontrolled
            ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.ChrHtn);
        Assert.Equal([1, 2, 8], r.DenominatorMembers);
        Assert.Equal([1, 8], r.NumeratorMembers);
        Assert.Equal(66.7m, r.Percent);
        Assert.Equal(1m, r.Secondary["controlled"]);
        Assert.Equal(33.3m, r.Secondary["controlledPercent"]);
    }

    [Fact]
    public void Diabetes_management_with_glucose_or_hba1c()
    {
        var facts = Base(
            conditions: [new(1, "E11", new(2020, 1, 1), null), new(3, "E14.9", new(2020, 1, 1), null), new(8, "E78", new(2020, 1, 1), null)],
            observations:
            [
                new(1, Loinc.Glucose, 6.5m, D.AddMonths(-1)),
                new(3, Loinc.Glucose, 9.1m, D.AddMonths(-6)),
                new(3, Loinc.HbA1c, 6.8m, D.AddMonths(-2)),   // last result HbA1c 6.8 %: controlled
            ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.ChrDm);
        Assert.Equal([1, 3], r.DenominatorMembers);
        Assert.Equal([1, 3], r.NumeratorMembers);
        Assert.Equal(2m, r.Secondary["controlled"]);
    }

    [Fact]
    public void Mental_health_screening_by_age_and_instrument()
    {
        var facts = Base(screenings:
        [
            new(1, "GDS-15", D.AddMonths(-2)),  // 85: GDS-15 counts
            new(2, "PHQ-9", D.AddMonths(-2)),   // 75: needs GDS-15
            new(3, "GDS-15", D.AddMonths(-1)),  // 65: counts
            new(5, "PHQ-9", D.AddMonths(-13)),  // 25: too old
            new(8, "GDS-15", D),                // 70: on D counts
        ]);
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.MhScreen);
        Assert.Equal([1, 2, 3, 5, 7, 8], r.DenominatorMembers); // person 6 is 4 years old
        Assert.Equal([1, 3, 8], r.NumeratorMembers);
        Assert.Equal(50.0m, r.Percent);
    }

    [Fact]
    public void Referrals_done_in_the_period_and_per_100_residents()
    {
        var facts = Base() is var b ? new MonitoringFacts
        {
            Facilities = b.Facilities,
            People = b.People,
            Stays = b.Stays,
            Referrals =
            [
                new(1, 1, 1, new(2025, 3, 1), new(2025, 3, 20)),
                new(2, 2, 1, new(2025, 11, 1), null),
                new(3, 3, 1, new(2025, 12, 1), new(2026, 1, 5)),   // outcome after D: not done yet
                new(4, 8, 2, new(2024, 12, 1), new(2025, 1, 5)),   // referred before the period
                new(5, 7, 5, new(2025, 6, 1), new(2025, 6, 2)),    // from the commune health station
            ],
        } : null!;
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.RefDone);
        Assert.Equal([1, 2, 3, 5], r.DenominatorMembers);
        Assert.Equal([1, 5], r.NumeratorMembers);
        Assert.Equal(50.0m, r.Percent);
        Assert.Equal(66.7m, r.Secondary["per100Residents"]); // 4 referrals ÷ 6 served × 100
    }

    [Fact]
    public void Occupancy_is_residents_over_capacity_of_in_scope_facilities()
    {
        var r = new IndicatorEngine(Base(), D).Compute(IndicatorCodes.FacOcc);
        Assert.Equal(5, r.Numerator);       // 1, 2, 3, 5, 8 (the community enrolment is not a resident)
        Assert.Equal(19, r.Denominator);    // 10 + 5 + 4; the closed facility does not count
        Assert.Equal(26.3m, r.Percent);
    }

    [Fact]
    public void Training_sums_participants_in_the_year_and_averages_per_facility()
    {
        var facts = new MonitoringFacts
        {
            Facilities = Facilities,
            Trainings = [new(1, new(2025, 3, 1), 12), new(2, new(2025, 9, 1), 8), new(2, new(2024, 9, 1), 30), new(4, new(2025, 2, 1), 5)],
        };
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.StaffTrain);
        Assert.Equal(20m, r.Value);
        Assert.Equal(6.7m, r.Secondary["perFacility"]); // 20 ÷ 3 in-scope facilities
        Assert.Null(r.Denominator);
    }

    [Fact]
    public void Training_without_any_facility_in_scope_is_no_data_not_zero()
    {
        var r = new IndicatorEngine(new MonitoringFacts { Facilities = [] }, D).Compute(IndicatorCodes.StaffTrain);
        Assert.Null(r.Value);
        Assert.Null(r.Figure);
    }

    [Fact]
    public void Staff_mix_counts_professions_on_D_and_residents_per_nurse()
    {
        var facts = Base() is var b ? new MonitoringFacts
        {
            Facilities = b.Facilities,
            Stays = b.Stays,
            People = b.People,
            Staff =
            [
                new(1, Profession.Doctor, new(2015, 1, 1), null),
                new(1, Profession.Nurse, new(2015, 1, 1), null),
                new(2, Profession.Nurse, new(2015, 1, 1), D),              // ends on D: still there
                new(2, Profession.Nurse, new(2015, 1, 1), D.AddDays(-1)),  // left the day before
                new(3, Profession.PhysicianAssistant, new(2026, 1, 1), null), // starts after D
                new(2, Profession.RehabTechnician, null, null),
            ],
        } : null!;
        var r = new IndicatorEngine(facts, D).Compute(IndicatorCodes.StaffMix);
        Assert.Equal(2.5m, r.Value); // 5 residents ÷ 2 nurses
        Assert.Equal(1m, r.Secondary["doctors"]);
        Assert.Equal(0m, r.Secondary["physicianAssistants"]);
        Assert.Equal(2m, r.Secondary["nurses"]);
        Assert.Equal(1m, r.Secondary["rehabTechnicians"]);
    }

    [Fact]
    public void Every_code_of_the_spec_is_computed()
    {
        var results = new IndicatorEngine(Base(), D).ComputeAll();
        Assert.Equal(
            ["FAC-READY", "FAC-TECH", "BEN-EHM", "BEN-INTAKE", "BEN-PERIODIC", "BEN-BHYT", "BEN-ENTITLE", "NCC-CONV", "CHR-HTN", "CHR-DM", "MH-SCREEN", "REF-DONE", "FAC-OCC", "STAFF-TRAIN", "STAFF-MIX"],
            results.Select(r => r.Code));
    }

    [Theory]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 16, 6.3)]   // 6.25 rounds half away from zero
    [InlineData(3, 3, 100.0)]
    public void Percent_rounds_half_away_from_zero_to_one_decimal(int n, int d, decimal expected) => Assert.Equal(expected, Windows.Percent(n, d));

    [Fact]
    public void No_denominator_no_percent() => Assert.Null(Windows.Percent(0, 0));

    [Fact]
    public void A_prepared_engine_gives_the_same_figures_when_codes_are_computed_at_the_same_time()
    {
        var facts = Base(
            encounters: [new(1, EncounterKind.IntakeScreening, Long, true), new(1, EncounterKind.PeriodicCheck, D.AddMonths(-2), true),
                new(3, EncounterKind.PeriodicCheck, D.AddDays(-366), true), new(8, EncounterKind.PeriodicCheck, D.AddDays(-30), false)],
            observations: [new(1, Loinc.Systolic, 150, D.AddMonths(-2)), new(1, Loinc.Diastolic, 95, D.AddMonths(-2)),
                new(8, Loinc.Systolic, 128, D.AddMonths(-1)), new(8, Loinc.Diastolic, 80, D.AddMonths(-1))],
            conditions: [new(1, "I10", Long, null), new(8, "I11.9", Long, null), new(3, "E11", Long, null)]);
        var expected = new IndicatorEngine(facts, D).ComputeAll();

        var engine = new IndicatorEngine(facts, D).Prepare();
        for (var round = 0; round < 20; round++)
        {
            var actual = new IndicatorResult[IndicatorCodes.All.Count];
            Parallel.For(0, actual.Length, i => actual[i] = engine.Compute(IndicatorCodes.All[i].Code));
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(expected[i].Numerator, actual[i].Numerator);
                Assert.Equal(expected[i].Denominator, actual[i].Denominator);
                Assert.Equal(expected[i].NumeratorMembers, actual[i].NumeratorMembers);
            }
        }

        Assert.Equal(1, expected.Single(r => r.Code == IndicatorCodes.ChrHtn).Secondary["controlled"]); // person 8: 128/80
    }

    [Fact]
    public void Latest_records_give_the_same_figures_as_every_encounter_and_reading()
    {
        EncounterFact E(int p, EncounterKind kind, DateOnly date, bool vitals = true) => new(p, kind, date, vitals);
        ObservationFact R(int p, string code, decimal value, DateOnly date) => new(p, code, value, date);
        List<EncounterFact> encounters =
        [
            E(1, EncounterKind.IntakeScreening, Long), E(1, EncounterKind.PeriodicCheck, D.AddMonths(-14)), E(1, EncounterKind.PeriodicCheck, D.AddMonths(-5)),
            E(2, EncounterKind.IntakeScreening, D), E(3, EncounterKind.SickVisit, D.AddMonths(-2)), E(3, EncounterKind.PeriodicCheck, D.AddDays(-366), false),
            E(8, EncounterKind.PeriodicCheck, D.AddMonths(-13)), E(8, EncounterKind.IntakeScreening, new(D.Year, 1, 2), false),
        ];
        List<ObservationFact> readings =
        [
            R(1, Loinc.Systolic, 150, D.AddMonths(-5)), R(1, Loinc.Diastolic, 95, D.AddMonths(-5)), R(1, Loinc.Systolic, 130, D.AddMonths(-14)), R(1, Loinc.Diastolic, 80, D.AddMonths(-14)),
            R(8, Loinc.Systolic, 128, D.AddMonths(-1)), R(8, Loinc.Diastolic, 92, D.AddMonths(-1)), R(8, Loinc.Diastolic, 70, D.AddMonths(-1).AddDays(1)),
            R(3, Loinc.Glucose, 6.2m, D.AddMonths(-8)), R(3, Loinc.HbA1c, 7.4m, D.AddMonths(-2)),
        ];
        List<ConditionFact> conditions = [new(1, "I10", Long, null), new(8, "I11.9", Long, null), new(3, "E11", Long, null)];
        var everything = Base(encounters: encounters, observations: readings, conditions: conditions);

        var latest = encounters.Select(e => e.PersonId).Concat(readings.Select(r => r.PersonId)).Distinct().Select(p =>
        {
            var l = new LatestRecords { BeneficiaryId = p };
            l.Recompute(encounters.Where(e => e.PersonId == p).Select(e => (e.Kind, e.Date, e.HasVitalSigns)),
                readings.Where(r => r.PersonId == p).Select(r => (r.Code, r.Value, r.Date)));
            return l;
        }).ToList();
        var thisYearsIntakes = encounters.Where(e => e.Kind == EncounterKind.IntakeScreening && e.Date.Year == D.Year);
        var summarized = Base(encounters: [.. thisYearsIntakes, .. latest.SelectMany(l => l.EncounterFacts())],
            observations: [.. latest.SelectMany(l => l.ReadingFacts())], conditions: conditions);

        var expected = new IndicatorEngine(everything, D).ComputeAll();
        var actual = new IndicatorEngine(summarized, D).ComputeAll();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].NumeratorMembers, actual[i].NumeratorMembers);
            Assert.Equal(expected[i].DenominatorMembers, actual[i].DenominatorMembers);
            Assert.Equal(expected[i].Secondary, actual[i].Secondary);
        }

        Assert.Equal(0, expected.Single(r => r.Code == IndicatorCodes.ChrHtn).Secondary["controlled"]); // person 8: 128/92 on the last day
    }
}

public class TargetRulesTests
{
    private static readonly TargetSpec Ready2025 = new(IndicatorCodes.FacReady, 2025, Comparator.AtLeast, 70);

    [Fact]
    public void Met_when_the_figure_reaches_the_target() =>
        Assert.Equal(TargetStatus.Met, TargetRules.Evaluate(70m, Ready2025, new(2024, 12, 31), null));

    [Fact]
    public void On_track_when_the_line_from_the_baseline_reaches_the_target_by_the_phase_end()
    {
        // Baseline 30 % on 31/12/2022; 55 % on 31/12/2024: +25 in two years → 67.5 projected... not enough.
        Assert.Equal(TargetStatus.Behind, TargetRules.Evaluate(55m, Ready2025, new(2024, 12, 31), new(new(2022, 12, 31), 30m)));
        // 60 % on 31/12/2024: +30 in two years → 75 by the end of 2025: on track.
        Assert.Equal(TargetStatus.OnTrack, TargetRules.Evaluate(60m, Ready2025, new(2024, 12, 31), new(new(2022, 12, 31), 30m)));
    }

    [Fact]
    public void Behind_at_the_phase_end_if_not_met() =>
        Assert.Equal(TargetStatus.Behind, TargetRules.Evaluate(69.9m, Ready2025, new(2025, 12, 31), new(new(2022, 12, 31), 10m)));

    [Fact]
    public void Equal_comparator_needs_the_exact_value()
    {
        var all = new TargetSpec(IndicatorCodes.BenBhyt, 2030, Comparator.Equal, 100);
        Assert.Equal(TargetStatus.Met, TargetRules.Evaluate(100m, all, new(2026, 12, 31), null));
        Assert.Equal(TargetStatus.Behind, TargetRules.Evaluate(99.5m, all, new(2026, 12, 31), null));
    }

    [Fact]
    public void No_data_and_no_target()
    {
        Assert.Equal(TargetStatus.NoData, TargetRules.Evaluate(null, Ready2025, new(2025, 12, 31), null));
        Assert.Equal(TargetStatus.NoTarget, TargetRules.Evaluate(50m, null, new(2025, 12, 31), null));
    }

    [Fact]
    public void The_rule_is_explained_in_vietnamese_with_the_threshold()
    {
        var text = TargetRules.Explain(new TargetSpec(IndicatorCodes.FacTech, 2025, Comparator.AtLeast, 10, 70));
        Assert.StartsWith("Đạt khi ≥ 10% (X = 70%) trong năm 2025", text);
        Assert.StartsWith("Đạt khi ≥ 10 trong năm", TargetRules.Explain(new TargetSpec(IndicatorCodes.StaffTrain, 2025, Comparator.AtLeast, 10)));
    }
}

public class RestrictTests
{
    [Fact]
    public void Restricting_to_one_facility_keeps_its_stays_people_and_records_only()
    {
        var d = new DateOnly(2025, 12, 31);
        var facts = new MonitoringFacts
        {
            Facilities =
            [
                new(1, Domain.Facilities.FacilityType.SocialAssistance, Domain.Facilities.Ownership.Public, null, null, 10),
                new(2, Domain.Facilities.FacilityType.SocialAssistance, Domain.Facilities.Ownership.Public, null, null, 10),
            ],
            People = [new(1, new(1950, 1, 1), true, null, null, []), new(2, new(1950, 1, 1), true, null, null, [])],
            Stays = [new(1, 1, 1, Domain.Stays.StayKind.Residential, new(2020, 1, 1), null), new(2, 2, 2, Domain.Stays.StayKind.Residential, new(2020, 1, 1), null)],
            Encounters = [new(1, Domain.HealthRecords.EncounterKind.PeriodicCheck, d, true), new(2, Domain.HealthRecords.EncounterKind.PeriodicCheck, d, true)],
            Assessments = [new(1, d, true), new(2, d, false)],
        };
        var one = facts.Restrict(new HashSet<int> { 1 }, _ => false);
        Assert.Equal([1], one.People.Select(p => p.Id));
        Assert.All(one.People, p => Assert.False(p.LivesInUnit));
        Assert.Single(one.Encounters);
        var engine = new IndicatorEngine(one, d);
        Assert.Equal(100m, engine.Compute(IndicatorCodes.FacReady).Percent);
        Assert.Equal(1, engine.Compute(IndicatorCodes.BenPeriodic).Denominator);
    }
}

public class DataQualityTests
{
    [Fact]
    public void Each_check_lists_exactly_the_records_to_fix()
    {
        var d = new DateOnly(2025, 12, 31);
        var facts = new MonitoringFacts
        {
            Facilities =
            [
                new(1, Domain.Facilities.FacilityType.SocialAssistance, Domain.Facilities.Ownership.Public, null, null, 10),
                new(2, Domain.Facilities.FacilityType.MeritoriousCareCentre, Domain.Facilities.Ownership.Public, null, null, 10),
            ],
            People =
            [
                new(1, new(1950, 1, 1), true, new(2025, 1, 1), new(2026, 12, 31), []),
                new(2, new(1950, 1, 1), true, new(2024, 1, 1), new(2025, 6, 30), []),   // card expired
                new(3, new(1950, 1, 1), true, null, null, []),                             // no card
                new(4, new(1950, 1, 1), true, new(2026, 1, 1), new(2026, 12, 31), []),   // a card valid only from next year
            ],
            Stays =
            [
                new(1, 1, 1, Domain.Stays.StayKind.Residential, new(2020, 1, 1), null),
                new(2, 2, 1, Domain.Stays.StayKind.Residential, new(2025, 11, 1), null),
                new(3, 3, 2, Domain.Stays.StayKind.Residential, new(2025, 12, 1), null),
                new(4, 4, 1, Domain.Stays.StayKind.Residential, new(2020, 1, 1), null),
            ],
            Encounters =
            [
                new(1, Domain.HealthRecords.EncounterKind.IntakeScreening, new(2020, 1, 2), true),
                new(1, Domain.HealthRecords.EncounterKind.PeriodicCheck, new(2025, 10, 1), true),
                new(2, Domain.HealthRecords.EncounterKind.SickVisit, new(2025, 11, 5), true),
            ],
            Assessments = [new(1, new(2025, 3, 1), true), new(2, new(2024, 12, 31), true)], // facility 2: exactly 12 months before
        };
        var findings = DataQuality.Compute(facts, d).ToDictionary(f => f.Check, f => f.Ids);
        Assert.Equal([2, 3, 4], findings[DataQualityCheck.NoIntakeScreening]);
        Assert.Equal([2, 3, 4], findings[DataQualityCheck.PeriodicCheckOverdue]);
        Assert.Equal([2], findings[DataQualityCheck.NoRecentReadinessAssessment]);
        // Every served person BEN-BHYT counts as without a valid card is on one of the two lists.
        Assert.Equal([2, 4], findings[DataQualityCheck.ExpiredHealthInsurance]);
        Assert.Equal([3], findings[DataQualityCheck.NoHealthInsurance]);
        Assert.Equal([3, 4], findings[DataQualityCheck.StayWithoutEncounter]);
    }
}
