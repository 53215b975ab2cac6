namespace AnSinh.Domain.Plans;

/// <summary>The parts of a yearly report that people write: difficulties and proposals, kept per unit and year.</summary>
public class AnnualReportText
{
    public int Id { get; set; }
    public required string UnitCode { get; set; }
    public int Year { get; set; }
    public string? Difficulties { get; set; }
    public string? Proposals { get; set; }
    public string? ReportNumber { get; set; }
    /// <summary>"Nơi nhận", one recipient per line, as Nghị định 30/2020/NĐ-CP lays out an administrative document.</summary>
    public string? Recipients { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    /// <summary>Moves on with each save; a save from an older version is refused (optimistic concurrency).</summary>
    public int Version { get; set; }
}
