using System.Text.Json;
using System.Threading.Channels;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Runs bulk exports one at a time in the background, each as the user who asked (their claims replayed, so the same
/// scope rules and the same audit apply), and deletes the files of exports past their time.
/// </summary>
public sealed class BulkExportWorker(IServiceScopeFactory scopes, IOptions<BulkExportOptions> options, IWebHostEnvironment environment,
    ILogger<BulkExportWorker> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public string Folder => string.IsNullOrWhiteSpace(options.Value.Folder)
        ? Path.Combine(environment.ContentRootPath, "data", "bulk-export")
        : options.Value.Folder;

    public void Enqueue(Guid id) => _queue.Writer.TryWrite(id);

    /// <summary>The path of a file of an export, or null for a name that is not a plain file name.</summary>
    public string? PathOf(Guid id, string file) =>
        file.Length > 0 && Path.GetFileName(file) == file && !file.StartsWith('.') ? Path.Combine(Folder, id.ToString("N"), file) : null;

    public void DeleteFiles(Guid id)
    {
        var folder = Path.Combine(Folder, id.ToString("N"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Exports asked for before a restart run now.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            foreach (var id in await db.BulkExports.Where(e => e.Status == BulkExportStatus.Queued || e.Status == BulkExportStatus.Running)
                         .OrderBy(e => e.CreatedAt).Select(e => e.Id).ToListAsync(stoppingToken))
            {
                Enqueue(id);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(TimeSpan.FromMinutes(10));
            try
            {
                var id = await _queue.Reader.ReadAsync(wait.Token);
                await RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Ten quiet minutes: time to sweep.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var clock = scope.ServiceProvider.GetRequiredService<Clock>();
                await SweepAsync(scope.ServiceProvider.GetRequiredService<AnSinhDbContext>(), clock.Now, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Deleting expired bulk-export files failed; trying again later.");
            }
        }
    }

    /// <summary>Deletes the files of exports past their time and marks them expired.</summary>
    public async Task<int> SweepAsync(AnSinhDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var expired = await db.BulkExports.Where(e => e.Status == BulkExportStatus.Completed || e.Status == BulkExportStatus.Failed).ToListAsync(ct);
        expired = expired.Where(e => e.ExpiresAt is { } at && at <= now).ToList();
        foreach (var job in expired)
        {
            DeleteFiles(job.Id);
            job.Status = BulkExportStatus.Expired;
        }

        await db.SaveChangesAsync(ct);
        return expired.Count;
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AnSinhDbContext>();
        var clock = services.GetRequiredService<Clock>();
        var job = await db.BulkExports.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (job is not { Status: BulkExportStatus.Queued or BulkExportStatus.Running })
        {
            return;
        }

        job.Status = BulkExportStatus.Running;
        await db.SaveChangesAsync(ct);
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        // The export reads as the asker: the scope services read the user from the (replayed) principal.
        ReplayedUser.Replay(job.Claims, "bulk-export", services);
        var folder = Path.Combine(Folder, job.Id.ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            var files = await BulkExportWriter.WriteAsync(services, job, folder, async progress =>
            {
                job.Progress = progress;
                await db.SaveChangesAsync(ct);
            }, ct);
            await db.Entry(job).ReloadAsync(ct);
            if (job.Status == BulkExportStatus.Cancelled)
            {
                DeleteFiles(job.Id);
                return;
            }

            job.Status = BulkExportStatus.Completed;
            job.Output = JsonSerializer.Serialize(files);
            job.Progress = "done";
            job.CompletedAt = clock.Now;
            job.ExpiresAt = clock.Now.AddMinutes(options.Value.KeepMinutes);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await db.Entry(job).ReloadAsync(CancellationToken.None);
            if (job.Status == BulkExportStatus.Cancelled)
            {
                // Cancelled while writing (its folder deleted under the writer): cancelled it stays.
                DeleteFiles(job.Id);
                accessor.HttpContext = null;
                return;
            }

            logger.LogError(e, "Bulk export {Id} failed", job.Id);
            DeleteFiles(job.Id);
            job.Status = BulkExportStatus.Failed;
            job.Error = "lỗi không mong muốn khi ghi tệp; hãy yêu cầu lại.";
            job.CompletedAt = clock.Now;
            job.ExpiresAt = clock.Now.AddMinutes(options.Value.KeepMinutes);
        }
        finally
        {
            accessor.HttpContext = null;
        }

        db.ChangeTracker.Clear();
        db.BulkExports.Attach(job);
        db.Entry(job).State = EntityState.Modified;
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
