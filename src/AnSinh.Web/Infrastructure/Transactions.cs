using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// A service's transaction, or its part in one the caller already began (a FHIR transaction Bundle saves several
/// records all or nothing): only whoever began the transaction commits it.
/// </summary>
public static class Transactions
{
    public static async Task<OwnOrJoined> BeginOrJoinAsync(this DatabaseFacade database, CancellationToken ct) =>
        new(database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null);
}

public sealed class OwnOrJoined(IDbContextTransaction? own) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => own?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
