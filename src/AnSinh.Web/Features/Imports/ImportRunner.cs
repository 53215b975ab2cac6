using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <summary>One kind of import: its template's columns, how a row becomes a record, and the checks that need the database.</summary>
public interface IRowImporter<TCandidate> where TCandidate : class
{
    IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>Loads what every row is checked against (codes, units, facilities in scope).</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>
    /// The row as a record to save, or null with its problems added to <see cref="ImportRow.Errors"/>. Called once per
    /// row while checking and again while saving, so that the file need not be held in memory.
    /// </summary>
    TCandidate? Parse(ImportRow row);

    /// <summary>The checks against what is already saved, for a batch of rows that passed <see cref="Parse"/>.</summary>
    Task CheckAsync(IReadOnlyList<(int Line, TCandidate Candidate)> batch, List<ImportError> errors, CancellationToken ct);

    /// <summary>Adds a batch inside the import's transaction, with an audit event for each record.</summary>
    Task SaveAsync(IReadOnlyList<TCandidate> batch, CancellationToken ct);
}

public sealed record ImportProgress(ImportStatus Status, int Done, int Total);

public sealed record ImportOutcome(ImportStatus Status, int TotalRows, int RowsSaved, int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Every import goes the same way: the header checked against the template, every row checked (nothing saved while any
/// row is wrong, and every wrong row listed), then all rows saved in one transaction, or none.
/// </summary>
public static class ImportRunner
{
    public const int MaxRows = 200_000;
    public const int ErrorsKept = 1_000;
    public const int BatchSize = 1_000;
    private const int ReportEvery = 250;

    public static async Task<ImportOutcome> RunAsync<T>(IRowImporter<T> importer, AnSinhDbContext db, string path, bool checkOnly,
        Action<ImportProgress> progress, CancellationToken ct) where T : class
    {
        var errors = new List<ImportError>();
        int total;
        try
        {
            total = ImportSheet.Read(path).Count() - 1;
        }
        catch (ImportFileException e)
        {
            return Rejected(0, [new ImportError(0, null, e.Message)]);
        }

        if (total < 0)
        {
            return Rejected(0, [new ImportError(0, null, "Tệp trống: dòng 1 phải là dòng tiêu đề của tệp mẫu.")]);
        }

        if (total == 0)
        {
            return Rejected(0, [new ImportError(0, null, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")]);
        }

        if (total > MaxRows)
        {
            return Rejected(total, [new ImportError(0, null, $"Tệp có {total.ToString("N0", Vi)} dòng; mỗi lần nhập tối đa {MaxRows.ToString("N0", Vi)} dòng: hãy chia tệp.")]);
        }

        await importer.PrepareAsync(ct);
        var columns = importer.Columns.ToDictionary(c => c.Key);
        progress(new ImportProgress(ImportStatus.Checking, 0, total));

        // First pass: check every row. Only the errors and the importer's duplicate keys are kept, not the rows.
        var errorCount = 0;
        void Keep(IEnumerable<ImportError> found)
        {
            foreach (var error in found)
            {
                errorCount++;
                if (errors.Count < ErrorsKept)
                {
                    errors.Add(error);
                }
            }
        }

        var header = (ImportHeader?)null;
        var unheaded = new HashSet<int>();
        var batch = new List<(int, T)>(BatchSize);
        var done = 0;
        try
        {
            foreach (var row in ImportSheet.Read(path))
            {
                ct.ThrowIfCancellationRequested();
                if (header is null)
                {
                    var headerErrors = new List<ImportError>();
                    header = ImportHeader.Read(row, importer.Columns, headerErrors);
                    if (headerErrors.Count > 0)
                    {
                        return Rejected(total, headerErrors);
                    }

                    continue;
                }

                var rowErrors = new List<ImportError>();
                // Data under a column without a template header would be lost: said once per column, where it first appears.
                for (var at = 0; at < row.Cells.Count; at++)
                {
                    if (row.Cells[at].Kind != CellKind.Empty && !header.IsKnown(at) && unheaded.Add(at))
                    {
                        rowErrors.Add(new ImportError(row.Line, $"cột {ColumnLetter(at)}",
                            "có dữ liệu nhưng cột không có tiêu đề của tệp mẫu (có thể tiêu đề đã bị xóa); ghi lại tiêu đề hoặc xóa dữ liệu của cột."));
                    }
                }

                var candidate = importer.Parse(new ImportRow(row, header, columns, rowErrors));
                if (rowErrors.Count > 0 || candidate is null)
                {
                    Keep(rowErrors);
                }
                else
                {
                    batch.Add((row.Line, candidate));
                }

                if (batch.Count == BatchSize)
                {
                    Keep(await CheckAsync(importer, batch, ct));
                }

                if (++done % ReportEvery == 0)
                {
                    progress(new ImportProgress(ImportStatus.Checking, done, total));
                }
            }

            Keep(await CheckAsync(importer, batch, ct));
        }
        catch (ImportFileException e)
        {
            return Rejected(total, [new ImportError(0, null, e.Message)]);
        }

        progress(new ImportProgress(ImportStatus.Checking, total, total));
        if (errorCount > 0)
        {
            return new ImportOutcome(ImportStatus.Rejected, total, 0, errorCount, errors.OrderBy(e => e.Line).ToList());
        }

        if (checkOnly)
        {
            return new ImportOutcome(ImportStatus.Checked, total, 0, 0, []);
        }

        // Second pass: save everything in one transaction. The rows are read again rather than kept from the first pass.
        var saved = 0;
        var records = new List<T>(BatchSize);
        db.ChangeTracker.Clear();
        progress(new ImportProgress(ImportStatus.Saving, 0, total));
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var first = true;
            foreach (var row in ImportSheet.Read(path))
            {
                ct.ThrowIfCancellationRequested();
                if (first)
                {
                    first = false;
                    continue;
                }

                var rowErrors = new List<ImportError>();
                records.Add(importer.Parse(new ImportRow(row, header!, columns, rowErrors))
                            ?? throw new InvalidOperationException($"Row {row.Line} passed the check but not the second reading: the file changed."));
                if (records.Count == BatchSize)
                {
                    saved += await SaveAsync(importer, db, records, ct);
                    progress(new ImportProgress(ImportStatus.Saving, saved, total));
                }
            }

            saved += await SaveAsync(importer, db, records, ct);
            await transaction.CommitAsync(ct);
        }

        progress(new ImportProgress(ImportStatus.Saving, saved, total));
        return new ImportOutcome(ImportStatus.Imported, total, saved, 0, []);
    }

    private static ImportOutcome Rejected(int total, List<ImportError> errors) =>
        new(ImportStatus.Rejected, Math.Max(total, 0), 0, errors.Count, errors.Take(ErrorsKept).ToList());

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>"A", "B", … "AA": the column as Excel labels it.</summary>
    public static string ColumnLetter(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }

        return name;
    }

    private static async Task<List<ImportError>> CheckAsync<T>(IRowImporter<T> importer, List<(int, T)> batch, CancellationToken ct) where T : class
    {
        var found = new List<ImportError>();
        if (batch.Count > 0)
        {
            await importer.CheckAsync(batch, found, ct);
            batch.Clear();
        }

        return found;
    }

    private static async Task<int> SaveAsync<T>(IRowImporter<T> importer, AnSinhDbContext db, List<T> records, CancellationToken ct) where T : class
    {
        if (records.Count == 0)
        {
            return 0;
        }

        await importer.SaveAsync(records, ct);
        var count = records.Count;
        records.Clear();
        // What is saved need not be tracked: the tracker would otherwise grow with every batch.
        db.ChangeTracker.Clear();
        return count;
    }
}
