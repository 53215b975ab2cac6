using AnSinh.Domain.Indicators;

namespace AnSinh.Domain.Monitoring;

/// <summary>A benefit a person receives over a period: monthly allowance, health insurance, electricity support.</summary>
public class Entitlement
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public EntitlementKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public string? DecisionNumber { get; set; }
}
