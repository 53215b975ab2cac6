namespace AnSinh.Domain.Interop;

public enum ImportStatus
{
    Queued = 0,
    Checking = 1,
    Saving = 2,
    /// <summary>Every row was saved.</summary>
    Imported = 3,
    /// <summary>The file had errors: nothing was saved; <see cref="ImportJob.Errors"/> lists them.</summary>
    Rejected = 4,
    /// <summary>A check-only run found no error; nothing was saved.</summary>
    Checked = 5,
    /// <summary>Something outside the file went wrong; nothing was saved.</summary>
    Failed = 6,
}

/// <summary>
/// A spreadsheet or CSV uploaded for import: checked row by row, then saved in one transaction or not at all, in the
/// background as the user who uploaded it (their claims replayed, so their scope and audit apply).
/// </summary>
public class ImportJob
{
    public Guid Id { get; set; }
    /// <summary>What the file holds: "beneficiaries".</summary>
    public required string Kind { get; set; }
    public required string RequestedById { get; set; }
    public required string RequestedByName { get; set; }
    /// <summary>The uploader's claims as JSON (see the bulk export's).</summary>
    public required string Claims { get; set; }
    public required string FileName { get; set; }
    /// <summary>Check only: report the errors (or that there are none) and save nothing.</summary>
    public bool CheckOnly { get; set; }
    public ImportStatus Status { get; set; }
    public int TotalRows { get; set; }
    public int RowsChecked { get; set; }
    public int RowsSaved { get; set; }
    public int ErrorCount { get; set; }
    /// <summary>The first errors as JSON: [{line, column, message}], at most <c>ImportLimits.ErrorsKept</c>.</summary>
    public string? Errors { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
