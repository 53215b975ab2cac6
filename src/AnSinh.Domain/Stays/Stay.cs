using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;

namespace AnSinh.Domain.Stays;

public enum StayKind
{
    /// <summary>Residence at a care facility.</summary>
    Residential = 1,
    /// <summary>Follow-up at home, enrolled at a commune health station.</summary>
    CommunityEnrolment = 2,
    /// <summary>A short convalescence stay (điều dưỡng) of a person with meritorious service or a relative.</summary>
    Convalescence = 3,
}

public enum DischargeReason
{
    ReturnedHome = 1,
    Transferred = 2,
    Died = 3,
    Other = 4,
}

public class Stay
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }
    public int FacilityId { get; set; }
    public Facility? Facility { get; set; }
    public StayKind Kind { get; set; }
    public DateOnly AdmittedOn { get; set; }
    public DateOnly? DischargedOn { get; set; }
    public DischargeReason? DischargeReason { get; set; }
    public string? Note { get; set; }

    /// <summary>INDICATORS.md: served on D when admitted on or before D and not discharged before D.</summary>
    public bool IsServedOn(DateOnly date) => StayPeriods.IsServedOn(AdmittedOn, DischargedOn, date);
}
