using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Indicators;

// The records an indicator counts, reduced to what the arithmetic needs. The data layer fills them
// for one unit (facilities located in it, their stays and people, people living in it).

public sealed record FacilityFact(int Id, FacilityType Type, Ownership Ownership, DateOnly? OpenedOn, DateOnly? ClosedOn, int Capacity);

public sealed record StayFact(int Id, int PersonId, int FacilityId, StayKind Kind, DateOnly AdmittedOn, DateOnly? DischargedOn);

public sealed record CategoryFact(CategoryKind Kind, DateOnly From, DateOnly? To);

/// <param name="LivesInUnit">The person's address on D lies in the unit.</param>
/// <param name="AddressUnitId">The commune of the address, for splitting a unit's facts by area.</param>
public sealed record PersonFact(int Id, DateOnly BirthDate, bool LivesInUnit, DateOnly? CardValidFrom, DateOnly? CardValidTo, IReadOnlyList<CategoryFact> Categories,
    int? AddressUnitId = null);

public sealed record EncounterFact(int PersonId, EncounterKind Kind, DateOnly Date, bool HasVitalSigns);

public sealed record ObservationFact(int PersonId, string Code, decimal Value, DateOnly Date);

public sealed record ConditionFact(int PersonId, string IcdCode, DateOnly Onset, DateOnly? Resolved);

public sealed record ScreeningFact(int PersonId, string Instrument, DateOnly Date);

public sealed record ReferralFact(int Id, int PersonId, int FacilityId, DateOnly Date, DateOnly? OutcomeDate);

public sealed record AssessmentFact(int FacilityId, DateOnly Date, bool MeetsAllMandatory);

public sealed record TechniqueCatalogFact(string Version, DateOnly ValidFrom, IReadOnlySet<string> Codes);

public sealed record TechniqueConfirmationFact(int FacilityId, string TechniqueCode, DateOnly ConfirmedOn);

public sealed record TrainingFact(int FacilityId, DateOnly Date, int Participants);

public sealed record StaffFact(int FacilityId, Profession Profession, DateOnly? Start, DateOnly? End);

public enum EntitlementKind
{
    /// <summary>Trợ cấp, trợ giúp hằng tháng.</summary>
    MonthlyAllowance = 1,
    /// <summary>Bảo hiểm y tế.</summary>
    HealthInsurance = 2,
    /// <summary>Hỗ trợ tiền điện.</summary>
    ElectricitySupport = 3,
}

public sealed record EntitlementFact(int PersonId, EntitlementKind Kind, DateOnly From, DateOnly? To);

/// <summary>A convalescence stay or encounter of a person with meritorious service or a relative.</summary>
public sealed record ConvalescenceFact(int PersonId, DateOnly Date);

public sealed class MonitoringFacts
{
    public IReadOnlyList<FacilityFact> Facilities { get; init; } = [];
    public IReadOnlyList<StayFact> Stays { get; init; } = [];
    public IReadOnlyList<PersonFact> People { get; init; } = [];
    public IReadOnlyList<EncounterFact> Encounters { get; init; } = [];
    public IReadOnlyList<ObservationFact> Observations { get; init; } = [];
    public IReadOnlyList<ConditionFact> Conditions { get; init; } = [];
    public IReadOnlyList<ScreeningFact> Screenings { get; init; } = [];
    public IReadOnlyList<ReferralFact> Referrals { get; init; } = [];
    public IReadOnlyList<AssessmentFact> Assessments { get; init; } = [];
    public IReadOnlyList<TechniqueCatalogFact> TechniqueCatalogs { get; init; } = [];
    public IReadOnlyList<TechniqueConfirmationFact> TechniqueConfirmations { get; init; } = [];
    public IReadOnlyList<TrainingFact> Trainings { get; init; } = [];
    public IReadOnlyList<StaffFact> Staff { get; init; } = [];
    public IReadOnlyList<EntitlementFact> Entitlements { get; init; } = [];
    public IReadOnlyList<ConvalescenceFact> Convalescence { get; init; } = [];

    /// <summary>
    /// The facts of some facilities only (a facility row of a dashboard, or a province of the nation),
    /// with the people those facilities have cared for; residence counts only where <paramref name="livesHere"/> says so.
    /// </summary>
    public MonitoringFacts Restrict(IReadOnlySet<int> facilityIds, Func<PersonFact, bool> livesHere) => Index().Restrict(facilityIds, livesHere);

    /// <summary>Lookups by facility and person, so that splitting the facts many ways costs the size of each part.</summary>
    public FactIndex Index() => new(this);
}

public sealed class FactIndex
{
    private readonly MonitoringFacts _facts;
    private readonly ILookup<int, StayFact> _staysByFacility;
    private readonly Dictionary<int, PersonFact> _people;
    private readonly ILookup<int, EncounterFact> _encounters;
    private readonly ILookup<int, ObservationFact> _observations;
    private readonly ILookup<int, ConditionFact> _conditions;
    private readonly ILookup<int, ScreeningFact> _screenings;
    private readonly ILookup<int, EntitlementFact> _entitlements;
    private readonly ILookup<int, ConvalescenceFact> _convalescence;

    public FactIndex(MonitoringFacts facts)
    {
        _facts = facts;
        _staysByFacility = facts.Stays.ToLookup(s => s.FacilityId);
        _people = facts.People.ToDictionary(p => p.Id);
        _encounters = facts.Encounters.ToLookup(e => e.PersonId);
        _observations = facts.Observations.ToLookup(o => o.PersonId);
        _conditions = facts.Conditions.ToLookup(c => c.PersonId);
        _screenings = facts.Screenings.ToLookup(s => s.PersonId);
        _entitlements = facts.Entitlements.ToLookup(e => e.PersonId);
        _convalescence = facts.Convalescence.ToLookup(c => c.PersonId);
    }

    public MonitoringFacts Restrict(IReadOnlySet<int> facilityIds, Func<PersonFact, bool> livesHere)
    {
        var stays = facilityIds.SelectMany(f => _staysByFacility[f]).ToList();
        var residents = _facts.People.Where(livesHere).Select(p => p.Id);
        var people = residents.Concat(stays.Select(s => s.PersonId)).ToHashSet();
        return new MonitoringFacts
        {
            Facilities = _facts.Facilities.Where(f => facilityIds.Contains(f.Id)).ToList(),
            Stays = stays,
            People = people.Where(_people.ContainsKey).Select(id => _people[id] with { LivesInUnit = livesHere(_people[id]) }).ToList(),
            Encounters = people.SelectMany(p => _encounters[p]).ToList(),
            Observations = people.SelectMany(p => _observations[p]).ToList(),
            Conditions = people.SelectMany(p => _conditions[p]).ToList(),
            Screenings = people.SelectMany(p => _screenings[p]).ToList(),
            Referrals = _facts.Referrals.Where(r => facilityIds.Contains(r.FacilityId)).ToList(),
            Assessments = _facts.Assessments.Where(a => facilityIds.Contains(a.FacilityId)).ToList(),
            TechniqueCatalogs = _facts.TechniqueCatalogs,
            TechniqueConfirmations = _facts.TechniqueConfirmations.Where(t => facilityIds.Contains(t.FacilityId)).ToList(),
            Trainings = _facts.Trainings.Where(t => facilityIds.Contains(t.FacilityId)).ToList(),
            Staff = _facts.Staff.Where(s => facilityIds.Contains(s.FacilityId)).ToList(),
            Entitlements = people.SelectMany(p => _entitlements[p]).ToList(),
            Convalescence = people.SelectMany(p => _convalescence[p]).ToList(),
        };
    }
}
