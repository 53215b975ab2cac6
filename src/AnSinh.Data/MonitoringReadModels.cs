using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace AnSinh.Data;

/// <summary>
/// Keeps the monitoring read models in step with every save, in the save's transaction: deletes the kept indicator
/// figures the changes make stale (<see cref="SnapshotInvalidation"/>) and recomputes the latest records of the
/// people whose encounters or readings changed (<see cref="LatestRecordsRefresh"/>). A figure computed from the old
/// records and kept after this commits stays stale until the next back-dated save or `ansinh monitoring rebuild`.
/// Monitored records are saved asynchronously; a synchronous save of one is refused rather than blocked on.
/// </summary>
public sealed class MonitoringReadModels : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly MonitoringReadModels Instance = new();

    private sealed class Pending
    {
        public DateOnly? StaleFrom { get; init; }
        public ChangeKinds Kinds { get; init; }
        public required List<(object Entity, int? OriginalPersonId)> Touched { get; init; }
        public IDbContextTransaction? OwnTransaction { get; set; }
        public bool UpdatesReadModels => StaleFrom is not null || Touched.Count > 0;
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    // Saves inside a caller's transaction: what they changed, told to ChangeVersions when that transaction commits.
    private sealed class AwaitingCommit
    {
        public ChangeVersions? Versions { get; set; }
        public ChangeKinds Kinds { get; set; }
    }

    private readonly ConditionalWeakTable<System.Data.Common.DbTransaction, AwaitingCommit> _awaitingCommit = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AnSinhDbContext db && Work(db) is { } pending)
        {
            // The read models are written after the save, in one transaction with it.
            pending.OwnTransaction = pending.UpdatesReadModels && db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            _pending.AddOrUpdate(db, pending);
            if (pending.Kinds != ChangeKinds.None)
            {
                // Delivered by PostgreSQL when (and only if) the transaction commits, to every process listening
                // (ChangeListener): other web instances learn that their kept figures are stale.
                await ChangeVersions.NotifyAsync(db, pending.Kinds, cancellationToken);
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Taken out first: the refresh saves again, and that save has nothing of its own to keep in step.
        if (eventData.Context is not AnSinhDbContext db || !_pending.TryGetValue(db, out var pending))
        {
            return result;
        }

        _pending.Remove(db);
        try
        {
            if (pending.StaleFrom is { } from)
            {
                await db.IndicatorSnapshots.Where(s => s.AsOf >= from).ExecuteDeleteAsync(cancellationToken);
            }

            if (pending.Touched.Count > 0)
            {
                await LatestRecordsRefresh.RefreshAsync(db, LatestRecordsRefresh.People(pending.Touched), cancellationToken);
            }

            if (pending.OwnTransaction is { } own)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (pending.OwnTransaction is { } own)
            {
                await own.DisposeAsync();
            }
        }

        if (pending.Kinds != ChangeKinds.None)
        {
            if (db.Database.CurrentTransaction?.GetDbTransaction() is { } outer)
            {
                var awaiting = _awaitingCommit.GetOrCreateValue(outer);
                awaiting.Versions = ChangeVersions.Of(db);
                awaiting.Kinds |= pending.Kinds;
            }
            else
            {
                ChangeVersions.Of(db).Advance(pending.Kinds);
            }
        }

        return result;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _awaitingCommit.Remove(transaction); // Npgsql reuses the transaction object of a pooled connection
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => _awaitingCommit.Remove(transaction);

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_awaitingCommit.TryGetValue(transaction, out var awaiting))
        {
            _awaitingCommit.Remove(transaction);
            awaiting.Versions?.Advance(awaiting.Kinds);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context);

    // EF reports a lost optimistic-concurrency race here instead of SaveChangesFailed; the transaction must end now
    // all the same, or it holds its locks (SQLite: the whole database) until the request's context is disposed.
    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await AbandonAsync(eventData.Context);
        return result;
    }

    private async Task AbandonAsync(DbContext? context)
    {
        if (context is AnSinhDbContext db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            if (pending.OwnTransaction is { } own)
            {
                await own.DisposeAsync(); // rolls back
            }
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // The framework's own synchronous saves (data-protection keys) touch no monitored record and go straight through.
        if (eventData.Context is AnSinhDbContext db && Work(db) is { UpdatesReadModels: true })
        {
            throw new InvalidOperationException("Records that monitoring counts are saved with SaveChangesAsync, which keeps the read models in step.");
        }

        return result;
    }

    private static Pending? Work(AnSinhDbContext db)
    {
        var staleFrom = SnapshotInvalidation.EarliestAffected(db.ChangeTracker);
        var touched = LatestRecordsRefresh.Touched(db.ChangeTracker);
        var kinds = ChangeVersions.KindsOf(db.ChangeTracker, staleFrom) | (touched.Count > 0 ? ChangeKinds.Records : ChangeKinds.None);
        return kinds == ChangeKinds.None ? null : new Pending { StaleFrom = staleFrom, Touched = touched, Kinds = kinds };
    }
}
