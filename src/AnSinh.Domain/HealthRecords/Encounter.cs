using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;

namespace AnSinh.Domain.HealthRecords;

public enum EncounterKind
{
    /// <summary>Khám sàng lọc khi tiếp nhận.</summary>
    IntakeScreening = 1,
    /// <summary>Khám sức khỏe định kỳ.</summary>
    PeriodicCheck = 2,
    /// <summary>Khám bệnh.</summary>
    SickVisit = 3,
    /// <summary>Điều dưỡng tại gia đình: convalescence care at home for a person with meritorious service or a relative.</summary>
    Convalescence = 4,
}

/// <summary>Phân loại sức khỏe: the five-grade health classification used in Vietnamese check-ups.</summary>
public enum HealthClassification
{
    I = 1,
    II = 2,
    III = 3,
    IV = 4,
    V = 5,
}

public class Encounter
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }
    public int FacilityId { get; set; }
    public Facility? Facility { get; set; }
    public EncounterKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>When its diagnoses last changed after it was recorded (one added, one struck out); null until then.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? RecordedBy { get; set; }
    public string? Findings { get; set; }
    public string? Conclusion { get; set; }
    public HealthClassification? Classification { get; set; }
    /// <summary>At least one vital-sign observation was recorded: kept on the encounter so monitoring need not scan observations.</summary>
    public bool HasVitalSigns { get; set; }
    public List<Observation> Observations { get; set; } = [];
    public List<Condition> Conditions { get; set; } = [];
}

public class Observation
{
    public long Id { get; set; }
    public int EncounterId { get; set; }
    public int BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }
    public required string Code { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>When a reading was added to a visit recorded earlier (a client's Observation naming its Encounter); null when recorded with its visit.</summary>
    public DateTimeOffset? RecordedAt { get; set; }
}

/// <summary>
/// A reading struck out as entered in error (a value typed wrong, the wrong person): taken out of the record, so charts,
/// alerts, latest values and indicators no longer count it, and kept here whole with who struck it out, when and why.
/// Its id is the reading's own, so the reading's address still answers (FHIR: status entered-in-error).
/// </summary>
public class StruckOutReading
{
    public long Id { get; set; }
    public int EncounterId { get; set; }
    public int BeneficiaryId { get; set; }
    public required string Code { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
    public DateOnly Date { get; set; }
    public required string Reason { get; set; }
    public required string StruckOutBy { get; set; }
    public DateTimeOffset StruckOutAt { get; set; }
}

public class Condition
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }
    public int? EncounterId { get; set; }
    public required string IcdCode { get; set; }
    public Icd10Code? Icd { get; set; }
    public DateOnly OnsetDate { get; set; }
    public DateOnly? ResolvedDate { get; set; }
    public string? Note { get; set; }
    /// <summary>When it was recorded or last changed (resolved): its FHIR meta.lastUpdated and _lastUpdated.</summary>
    public DateTimeOffset? LastChangedAt { get; set; }

    public bool IsActiveOn(DateOnly date) => OnsetDate <= date && (ResolvedDate is null || ResolvedDate >= date);
}

/// <summary>
/// A whole record struck out as entered in error (a screening or a visit of the wrong person, recorded twice): taken out
/// of the record, so lists, indicators and alerts no longer count it, and kept here as it stood (JSON) with who struck
/// it out, when and why. Its record id stays its address (FHIR: status entered-in-error).
/// </summary>
public class StruckOutRecord
{
    public long Id { get; set; }
    public StruckOutKind Kind { get; set; }
    /// <summary>The record's own id (a screening's, a visit's).</summary>
    public int RecordId { get; set; }
    public int BeneficiaryId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>The record as it stood, serialised: what its address serves once struck out.</summary>
    public required string Content { get; set; }
    public required string Reason { get; set; }
    public required string StruckOutBy { get; set; }
    public DateTimeOffset StruckOutAt { get; set; }
}

public enum StruckOutKind
{
    Screening = 1,
    Encounter = 2,
    Condition = 3,
}
