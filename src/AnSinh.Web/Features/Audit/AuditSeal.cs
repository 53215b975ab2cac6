using AnSinh.Data;
using AnSinh.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Audit;

public sealed class AuditOptions
{
    /// <summary>How often committed audit rows are chained (<see cref="AuditChain"/>); 0 leaves it to `ansinh audit seal`.</summary>
    public int SealEverySeconds { get; set; } = 5;
}

/// <summary>
/// Chains the audit rows committed since the last run, in one transaction per batch. Done after the fact rather than
/// on every insert, so that recording a read never waits for a lock that every other request also needs; a row is
/// unchained for a few seconds at most. Several instances may run it: they take turns (an advisory lock on PostgreSQL).
/// </summary>
public static class AuditSeal
{
    private const int Batch = 5_000;

    // pg_advisory_xact_lock key: "AUDT" as an integer.
    private const long LockKey = 0x41554454;

    /// <summary>Seals every committed unsealed row; returns how many.</summary>
    public static async Task<int> SealAsync(AnSinhDbContext db, CancellationToken ct = default)
    {
        var sealedRows = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey], ct);
            }

            var head = await db.AuditEvents.AsNoTracking().Where(e => e.ChainIndex != null).OrderByDescending(e => e.ChainIndex)
                .Select(e => new { e.ChainIndex, e.Hash }).FirstOrDefaultAsync(ct);
            var rows = await db.AuditEvents.Where(e => e.ChainIndex == null).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return sealedRows;
            }

            var index = head?.ChainIndex ?? 0;
            var previous = head?.Hash ?? AuditChain.Genesis;
            foreach (var row in rows)
            {
                row.ChainIndex = ++index;
                row.Hash = AuditChain.HashOf(previous, row);
                previous = row.Hash;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            sealedRows += rows.Count;
        }
    }

    /// <summary>Checks the whole chain, streaming it in chain order.</summary>
    public static async Task<(AuditChain.Finding Finding, int Unsealed)> VerifyAsync(AnSinhDbContext db, CancellationToken ct = default)
    {
        var walker = new AuditChain.Walker();
        AuditChain.Finding? broken = null;
        var chain = db.AuditEvents.AsNoTracking().Where(e => e.ChainIndex != null).OrderBy(e => e.ChainIndex).AsAsyncEnumerable();
        await foreach (var row in chain.WithCancellation(ct))
        {
            if (walker.Add(row) is { } found)
            {
                broken = found;
                break;
            }
        }

        var unsealed = await db.AuditEvents.CountAsync(e => e.ChainIndex == null, ct);
        return (broken ?? walker.Result, unsealed);
    }
}

/// <summary>Seals the audit rows every few seconds (<see cref="AuditOptions.SealEverySeconds"/>).</summary>
public sealed class AuditSealingService(IServiceScopeFactory scopes, IOptions<AuditOptions> options, ILogger<AuditSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.SealEverySeconds;
        if (every <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(every));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await AuditSeal.SealAsync(scope.ServiceProvider.GetRequiredService<AnSinhDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The rows stay unsealed and are sealed at the next tick; nothing is lost.
                logger.LogWarning(e, "Sealing the audit trail failed; retrying in {Seconds} s", every);
            }
        }
    }
}
