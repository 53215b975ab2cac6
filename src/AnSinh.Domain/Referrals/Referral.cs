namespace AnSinh.Domain.Referrals;

/// <summary>Chuyển tuyến: a person sent to a hospital, and the answer that came back.</summary>
public class Referral
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int FacilityId { get; set; }
    public DateOnly Date { get; set; }
    public required string Destination { get; set; }
    public string? Reason { get; set; }
    public DateOnly? OutcomeDate { get; set; }
    public string? Outcome { get; set; }
}
