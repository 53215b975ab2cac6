using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using AnSinh.Web.Features.Fhir;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

public sealed class ImportOptions
{
    /// <summary>Where uploaded files wait for their import; data/imports under the site when empty.</summary>
    public string? Folder { get; set; }
}

/// <summary>
/// Runs uploaded imports one at a time in the background, each as the user who uploaded it. One at a time also means two
/// uploads of one file cannot both pass the duplicate check: the second is checked after the first is saved.
/// Progress lives in memory while a file is read (a row count written to the database from inside SQLite's write
/// transaction would wait for that transaction), and the outcome is written to the job when it ends.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<ImportOptions> options,
    IWebHostEnvironment environment, ILogger<ImportWorker> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();
    private readonly ConcurrentDictionary<Guid, ImportProgress> _progress = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Folder => string.IsNullOrWhiteSpace(options.Value.Folder)
        ? Path.Combine(environment.ContentRootPath, "data", "imports")
        : options.Value.Folder;

    public string PathOf(Guid id) => Path.Combine(Folder, id.ToString("N") + ".upload");

    public void Enqueue(Guid id) => _queue.Writer.TryWrite(id);

    /// <summary>The progress of an import being read now, or null.</summary>
    public ImportProgress? ProgressOf(Guid id) => _progress.TryGetValue(id, out var p) ? p : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Imports cut short by a restart: their transaction was rolled back, so they start again from the file.
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            foreach (var id in await db.ImportJobs.Where(j => j.Status == ImportStatus.Queued || j.Status == ImportStatus.Checking || j.Status == ImportStatus.Saving)
                         .OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(stoppingToken))
            {
                Enqueue(id);
            }
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import {Id} could not be recorded", id);
            }
            finally
            {
                _progress.TryRemove(id, out _);
            }
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AnSinhDbContext>();
        var clock = services.GetRequiredService<Clock>();
        var job = await db.ImportJobs.FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null || job.Status is not (ImportStatus.Queued or ImportStatus.Checking or ImportStatus.Saving))
        {
            return;
        }

        var path = PathOf(id);
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        ReplayedUser.Replay(job.Claims, "import", services);
        ImportOutcome outcome;
        try
        {
            _progress[id] = new ImportProgress(ImportStatus.Checking, 0, 0);
            outcome = File.Exists(path)
                ? await ImportKinds.RunAsync(services, job.Kind, path, job.CheckOnly, p => _progress[id] = p, ct)
                : new ImportOutcome(ImportStatus.Failed, 0, 0, 1, [new ImportError(0, null, "Tệp tải lên không còn trên máy chủ; hãy tải lên lại.")]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Import {Id} failed", id);
            var message = e is DbUpdateException update && UniqueViolation.Is(update, UniqueViolation.NationalId)
                ? "Trong lúc nhập, một số CCCD trong tệp vừa được đăng ký ở nơi khác; không dòng nào được lưu. Hãy tải lên lại để xem dòng nào."
                : "Lỗi không mong muốn khi lưu; không dòng nào được lưu. Hãy thử lại hoặc báo quản trị hệ thống.";
            outcome = new ImportOutcome(ImportStatus.Failed, 0, 0, 1, [new ImportError(0, null, message)]);
        }
        finally
        {
            accessor.HttpContext = null;
        }

        db.ChangeTracker.Clear();
        job = await db.ImportJobs.FirstAsync(j => j.Id == id, CancellationToken.None);
        job.Status = outcome.Status;
        job.TotalRows = outcome.TotalRows;
        job.RowsChecked = outcome.Status is ImportStatus.Failed ? 0 : outcome.TotalRows;
        job.RowsSaved = outcome.RowsSaved;
        job.ErrorCount = outcome.ErrorCount;
        job.Errors = outcome.Errors.Count == 0 ? null : JsonSerializer.Serialize(outcome.Errors, Json);
        job.CompletedAt = clock.Now;
        await db.SaveChangesAsync(CancellationToken.None);
        TryDelete(path);
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the uploaded file {Path}", path);
        }
    }
}
