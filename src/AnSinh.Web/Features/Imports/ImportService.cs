using System.Text.Json;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Fhir;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

public sealed record ImportJobView(
    Guid Id, string Kind, string FileName, ImportStatus Status, bool CheckOnly, int TotalRows, int RowsDone, int RowsSaved,
    int ErrorCount, IReadOnlyList<ImportError> Errors, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    public bool IsFinished => Status is ImportStatus.Imported or ImportStatus.Rejected or ImportStatus.Checked or ImportStatus.Failed;
}

/// <summary>Uploads become import jobs for the worker; each job is seen only by whoever uploaded it.</summary>
public sealed class ImportService(AnSinhDbContext db, CurrentUser user, ImportWorker worker, Clock clock, IHttpContextAccessor accessor)
{
    public const long MaxFileBytes = 25 * 1024 * 1024;

    public static readonly string TooLarge = $"Tệp lớn hơn {MaxFileBytes / 1024 / 1024} MB: hãy chia tệp.";

    public async Task<ServiceResult<Guid>> StartAsync(string kind, IFormFile? file, bool checkOnly, CancellationToken ct)
    {
        if (ImportKinds.Find(kind) is not { } info)
        {
            return ServiceResult<Guid>.Missing();
        }

        if (!ImportKinds.MayImport(info.Name, user))
        {
            return ServiceResult<Guid>.Denied(ImportKinds.Refusal(info.Name));
        }

        if (file is null)
        {
            return ServiceResult<Guid>.Invalid("file", "Chọn tệp .xlsx hoặc CSV theo tệp mẫu.");
        }

        if (file.Length == 0)
        {
            return ServiceResult<Guid>.Invalid("file", $"Tệp “{Path.GetFileName(file.FileName)}” trống (0 byte).");
        }

        if (file.Length > MaxFileBytes)
        {
            return ServiceResult<Guid>.Invalid("file", TooLarge);
        }

        var job = new ImportJob
        {
            Id = Guid.NewGuid(),
            Kind = info.Name,
            RequestedById = user.Id ?? "",
            RequestedByName = user.UserName ?? "",
            Claims = ReplayedUser.Serialize(accessor.HttpContext!.User),
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : "tep-tai-len",
            CheckOnly = checkOnly,
            Status = ImportStatus.Queued,
            CreatedAt = clock.Now,
        };
        Directory.CreateDirectory(worker.Folder);
        await using (var target = File.Create(worker.PathOf(job.Id)))
        {
            await file.CopyToAsync(target, ct);
        }

        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        worker.Enqueue(job.Id);
        return ServiceResult<Guid>.Ok(job.Id);
    }

    public async Task<ImportJobView?> GetAsync(Guid id, CancellationToken ct)
    {
        var userId = user.Id ?? "";
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.RequestedById == userId, ct);
        return job is null ? null : View(job);
    }

    public async Task<IReadOnlyList<ImportJobView>> MineAsync(int take, CancellationToken ct)
    {
        var userId = user.Id ?? "";
        var jobs = await db.ImportJobs.AsNoTracking().Where(j => j.RequestedById == userId)
            .OrderByDescending(j => j.CreatedAt).Take(take).ToListAsync(ct);
        return jobs.Select(View).ToList();
    }

    private ImportJobView View(ImportJob job)
    {
        // While the worker reads the file its progress is in memory; the outcome counts only once written to the job.
        var live = job.Status is ImportStatus.Queued or ImportStatus.Checking or ImportStatus.Saving ? worker.ProgressOf(job.Id) : null;
        var status = live?.Status ?? job.Status;
        var errors = job.Errors is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(job.Errors, ImportWorker.Json) ?? [];
        return new ImportJobView(job.Id, job.Kind, job.FileName, status, job.CheckOnly, live?.Total ?? job.TotalRows,
            live?.Done ?? job.RowsChecked, job.RowsSaved, job.ErrorCount, errors, job.CreatedAt, job.CompletedAt);
    }
}
