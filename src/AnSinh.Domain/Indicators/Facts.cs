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
    public MonitoringFacts Restrict(IReadOnlySet<int> facilityIds, Func<PersonFact, bool> livesHere)
    {
        var stays = Stays.Where(s => facilityIds.Contains(s.FacilityId)).ToList();
        var people = People.Where(p => livesHere(p)).Select(p => p.Id).Concat(stays.Select(s => s.PersonId)).ToHashSet();
        return new MonitoringFacts
        {
            Facilities = Facilities.Where(f => facilityIds.Contains(f.Id)).ToList(),
            Stays = stays,
            People = People.Where(p => people.Contains(p.Id)).Select(p => p with { LivesInUnit = livesHere(p) }).ToList(),
            Encounters = Encounters.Where(e => people.Contains(e.PersonId)).ToList(),
            Observations = Observations.Where(o => people.Contains(o.PersonId)).ToList(),
            Conditions = Conditions.Where(c => people.Contains(c.PersonId)).ToList(),
            Screenings = Screenings.Where(s => people.Contains(s.PersonId)).ToList(),
            Referrals = Referrals.Where(r => facilityIds.Contains(r.FacilityId)).ToList(),
            Assessments = Assessments.Where(a => facilityIds.Contains(a.FacilityId)).ToList(),
            TechniqueCatalogs = TechniqueCatalogs,
            TechniqueConfirmations = TechniqueConfirmations.Where(t => facilityIds.Contains(t.FacilityId)).ToList(),
            Trainings = Trainings.Where(t => facilityIds.Contains(t.FacilityId)).ToList(),
            Staff = Staff.Where(s => facilityIds.Contains(s.FacilityId)).ToList(),
            Entitlements = Entitlements.Where(e => people.Contains(e.PersonId)).ToList(),
            Convalescence = Convalescence.Where(c => people.Contains(c.PersonId)).ToList(),
        };
    }
}
