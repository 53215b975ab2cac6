namespace AnSinh.Domain.HealthRecords;

/// <summary>A scored screening instrument (PHQ-9, GDS-15, Barthel, …) given on a date.</summary>
public class ScreeningResult
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int? EncounterId { get; set; }
    public required string Instrument { get; set; }
    public DateOnly Date { get; set; }
    public int TotalScore { get; set; }
}
