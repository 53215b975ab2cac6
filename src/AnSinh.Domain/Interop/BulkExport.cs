namespace AnSinh.Domain.Interop;

public enum BulkExportStatus
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
    Expired = 5,
}

/// <summary>
/// A FHIR bulk-data export (FHIR Bulk Data Access $export) asked for by a user or system: run later in the background
/// with the scope the caller had when asking, its NDJSON files kept until <see cref="ExpiresAt"/>.
/// </summary>
public class BulkExport
{
    public Guid Id { get; set; }
    public required string RequestedById { get; set; }
    public required string RequestedByName { get; set; }
    /// <summary>The caller's claims (role, scope) as JSON: the export reads what they could read when they asked.</summary>
    public required string Claims { get; set; }
    /// <summary>The kick-off request's address, echoed in the manifest.</summary>
    public required string Request { get; set; }
    /// <summary>"system", "patient" or "group".</summary>
    public required string Level { get; set; }
    public string? GroupId { get; set; }
    /// <summary>Resource types, comma-separated.</summary>
    public required string Types { get; set; }
    public DateTimeOffset? Since { get; set; }
    public BulkExportStatus Status { get; set; }
    public string? Progress { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Error { get; set; }
    /// <summary>The manifest's output entries as JSON: type, file name, count.</summary>
    public string? Output { get; set; }
}
