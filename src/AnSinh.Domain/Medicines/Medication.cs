namespace AnSinh.Domain.Medicines;

/// <summary>The four medicine rounds of a nursing centre's day; an order names the rounds its doses are given in.</summary>
[Flags]
public enum DoseTimes
{
    None = 0,
    Morning = 1,
    Noon = 2,
    Afternoon = 4,
    Night = 8,
}

/// <summary>One medicine round (ca phát thuốc): what the administration record is kept by.</summary>
public enum Shift
{
    Morning = 1,
    Noon = 2,
    Afternoon = 4,
    Night = 8,
}

public enum DoseForm
{
    Tablet = 1,
    Capsule = 2,
    Powder = 3,
    OralLiquid = 4,
    Injection = 5,
    Drops = 6,
    Topical = 7,
    Inhaler = 8,
    Suppository = 9,
    Patch = 10,
    Other = 99,
}

public enum MedicationRoute
{
    Oral = 1,
    Sublingual = 2,
    Intramuscular = 3,
    Intravenous = 4,
    Subcutaneous = 5,
    Topical = 6,
    Eye = 7,
    Ear = 8,
    Nasal = 9,
    Inhalation = 10,
    Rectal = 11,
    Other = 99,
}

public enum AdministrationStatus
{
    /// <summary>Đã cho dùng.</summary>
    Given = 1,
    /// <summary>Người bệnh từ chối.</summary>
    Refused = 2,
    /// <summary>Hoãn / không cho dùng (nhịn ăn, huyết áp thấp, đang nằm viện…).</summary>
    Held = 3,
}

/// <summary>
/// Y lệnh thuốc: one medicine for one person, from a start date until it is stopped (or its planned end). A change of
/// dose or rounds stops the order and starts a new one that names it, so the record shows what was ordered when.
/// </summary>
public class MedicationOrder
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int FacilityId { get; set; }
    public required string DrugName { get; set; }
    /// <summary>An optional code from a drug list, once an official one is loaded; free text names are the rule until then.</summary>
    public string? DrugCode { get; set; }
    public string? Strength { get; set; }
    public DoseForm Form { get; set; }
    /// <summary>How much at each round, as the doctor writes it ("1 viên", "5 ml").</summary>
    public required string Dose { get; set; }
    public MedicationRoute Route { get; set; }
    public DoseTimes Times { get; set; }
    /// <summary>Khi cần (PRN): given when needed, at most once a round, never counted as missed.</summary>
    public bool AsNeeded { get; set; }
    public string? Instructions { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>The last day of a course the doctor set at ordering (a 7-day antibiotic); null for a standing order.</summary>
    public DateOnly? EndDate { get; set; }
    /// <summary>From this day the order gives no more doses.</summary>
    public DateOnly? StoppedOn { get; set; }
    public string? StopReason { get; set; }
    public string? StoppedBy { get; set; }
    public required string PrescribedBy { get; set; }
    public string? PrescriberName { get; set; }
    public DateTimeOffset OrderedAt { get; set; }
    /// <summary>Why the order stands although it matches a recorded allergy (required to save it).</summary>
    public string? AllergyOverrideReason { get; set; }
    /// <summary>The order this one changed (its dose, rounds or route).</summary>
    public int? ReplacesOrderId { get; set; }

    /// <summary>Whether doses are due on the day: started, not past its end, not stopped.</summary>
    public bool ActiveOn(DateOnly date) => StartDate <= date && (EndDate is null || EndDate >= date) && (StoppedOn is null || StoppedOn > date);

    public bool DueAt(DateOnly date, Shift shift) => ActiveOn(date) && (AsNeeded || Times.HasFlag((DoseTimes)shift));
}

/// <summary>One round's dose of one order: given, refused or held, with the reason, the time and who.</summary>
public class MedicationAdministration
{
    public long Id { get; set; }
    public int OrderId { get; set; }
    public int BeneficiaryId { get; set; }
    public int FacilityId { get; set; }
    public DateOnly Date { get; set; }
    public Shift Shift { get; set; }
    public AdministrationStatus Status { get; set; }
    public string? Reason { get; set; }
    /// <summary>When the dose was given (or refused, or held).</summary>
    public DateTimeOffset At { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>
    /// When the record was struck out as entered in error (the wrong resident, round or drug); null while it stands. Kept
    /// with who and why; the round then counts the dose as not recorded, so the right record can be written.
    /// </summary>
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractReason { get; set; }
    public string? RetractedBy { get; set; }
}

public enum AllergyCategory
{
    Medication = 1,
    Food = 2,
    Environment = 3,
    Other = 9,
}

public enum AllergyKind
{
    /// <summary>Dị ứng (immune reaction).</summary>
    Allergy = 1,
    /// <summary>Không dung nạp (side effect, not immune).</summary>
    Intolerance = 2,
}

public enum AllergySeverity
{
    Mild = 1,
    Moderate = 2,
    Severe = 3,
}

/// <summary>Dị ứng / không dung nạp: a substance that harmed the person, shown on every page of their record.</summary>
public class Allergy
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public required string Substance { get; set; }
    public AllergyCategory Category { get; set; }
    public AllergyKind Kind { get; set; }
    public string? Reaction { get; set; }
    public AllergySeverity Severity { get; set; }
    public DateOnly RecordedOn { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>
    /// The day the allergy stopped standing; null while it stands. An allergy is withdrawn, never deleted: who withdrew
    /// it, when and why stay on the record, and it leaves the banner and the prescribing check.
    /// </summary>
    public DateOnly? EndedOn { get; set; }
    public AllergyEnd? EndReason { get; set; }
    public string? EndNote { get; set; }
    public string? EndedBy { get; set; }
}

/// <summary>Why an allergy no longer stands (FHIR: clinicalStatus resolved; verificationStatus refuted or entered-in-error).</summary>
public enum AllergyEnd
{
    /// <summary>Đã hết: the person tolerates the substance now.</summary>
    Resolved = 1,
    /// <summary>Đã loại trừ: shown not to be an allergy (tested, or taken since without harm).</summary>
    Refuted = 2,
    /// <summary>Ghi nhầm: written for the wrong person or substance.</summary>
    EnteredInError = 3,
}

public enum InjectionSite
{
    LeftArm = 1,
    RightArm = 2,
    LeftThigh = 3,
    RightThigh = 4,
    Oral = 5,
    Other = 9,
}

/// <summary>Tiêm chủng: one dose of one vaccine.</summary>
public class Immunization
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int? FacilityId { get; set; }
    public required string Vaccine { get; set; }
    public string? VaccineCode { get; set; }
    public int? DoseNumber { get; set; }
    public DateOnly Date { get; set; }
    public string? Lot { get; set; }
    public InjectionSite? Site { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>
    /// Set when the dose was recorded in error (the wrong person, vaccine or day): kept with who struck it out and why,
    /// no longer counted as given (FHIR: status entered-in-error).
    /// </summary>
    public DateOnly? RetractedOn { get; set; }
    public string? RetractReason { get; set; }
    public string? RetractedBy { get; set; }
}
