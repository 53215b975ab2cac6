using AnSinh.Domain.HealthRecords;

namespace AnSinh.Web.Features.HealthRecords;

public sealed record ObservationView(string Code, string Name, decimal Value, string Unit, DateOnly Date, long Id);

public sealed record ConditionView(int Id, string IcdCode, string Name, DateOnly OnsetDate, DateOnly? ResolvedDate, string? Note);

public sealed record EncounterView(int Id, EncounterKind Kind, DateOnly Date, int FacilityId, string FacilityName, string? RecordedBy,
    string? Findings, string? Conclusion, HealthClassification? Classification, IReadOnlyList<ObservationView> Observations,
    IReadOnlyList<ConditionView> Diagnoses);

public sealed record Chart(
    Features.Beneficiaries.BeneficiaryDetail Person,
    IReadOnlyList<ObservationView> LatestVitals,
    IReadOnlyList<ConditionView> ActiveProblems,
    IReadOnlyList<EncounterView> Timeline);
