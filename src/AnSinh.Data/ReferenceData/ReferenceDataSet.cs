namespace AnSinh.Data.ReferenceData;

/// <summary>Which version of a reference list the database holds, so a newer file reloads it.</summary>
public class ReferenceDataSet
{
    public required string Name { get; set; }
    public required string Version { get; set; }
    public string? Source { get; set; }
    public int RowCount { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
