using AnSinh.Data;

namespace AnSinh.Web.Features.Indicators;

/// <summary>
/// Computed figures kept in memory until a record they count is saved (issue #9). Officers asking for the same unit
/// and date at once share one computation (single flight); at most <c>Monitoring:ConcurrentComputations</c>
/// computations run at a time (default: one per core), the rest wait their turn instead of each reading tens of
/// thousands of rows at once. A computation runs in its own service scope, so one caller leaving does not cancel it
/// for the others; it stops when every caller has left. Only results are kept (a report, a dashboard), never the
/// facts behind them.
/// </summary>
public sealed class IndicatorCache : IDisposable
{
    private sealed class Entry(long version, DateTimeOffset startedAt)
    {
        public long Version { get; } = version;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public CancellationTokenSource Abandoned { get; } = new();
        public Task<object> Value { get; set; } = null!;
        public int Waiters;
    }

    private readonly Dictionary<string, Entry> _entries = [];
    private readonly SemaphoreSlim _computing;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _keptFor;
    private readonly int _maxEntries;
    private long _computations;

    public IndicatorCache(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config)
    {
        _scopes = scopes;
        _time = time;
        _computing = new SemaphoreSlim(Math.Max(1, config.GetValue("Monitoring:ConcurrentComputations", Environment.ProcessorCount)));
        // Saves made by another process (the CLI) are not seen by ChangeVersions; kept figures expire for them.
        _keptFor = TimeSpan.FromMinutes(config.GetValue("Monitoring:KeepFiguresMinutes", 10));
        _maxEntries = config.GetValue("Monitoring:KeptFigures", 500);
    }

    /// <summary>How many computations have started: a test's way to tell a kept result from a new one.</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>The kept result for the key, or the one being computed, or a new computation.</summary>
    public async Task<T> GetOrComputeAsync<T>(AnSinhDbContext db, string key, Func<IServiceProvider, CancellationToken, Task<T>> compute,
        CancellationToken ct) where T : class
    {
        var versions = ChangeVersions.Of(db);
        Entry entry;
        lock (_entries)
        {
            // The version is read before the computation starts: a save that commits while it runs makes it stale.
            var version = versions.Records;
            var now = _time.GetUtcNow();
            if (!_entries.TryGetValue(key, out entry!) || entry.Version != version || Expired(entry, now)
                || entry.Value.IsFaulted || entry.Value.IsCanceled || entry.Abandoned.IsCancellationRequested)
            {
                if (_entries.Count >= _maxEntries)
                {
                    Evict(version, now);
                }

                entry = new Entry(version, now);
                var token = entry.Abandoned.Token;
                // Started outside the caller's context (a Blazor circuit's renderer, its HttpContext): the result is
                // everyone's, and nothing of the first caller may flow into it.
                using (ExecutionContext.SuppressFlow())
                {
                    entry.Value = Task.Run(() => RunAsync(compute, token), CancellationToken.None);
                }

                _entries[key] = entry;
            }

            entry.Waiters++;
        }

        try
        {
            return (T)await entry.Value.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Abandoned by everyone just before this caller joined: start it again.
            return await GetOrComputeAsync(db, key, compute, ct);
        }
        finally
        {
            lock (_entries)
            {
                // Nobody waits any more (every caller left): a computation nobody will read stops.
                if (--entry.Waiters == 0 && !entry.Value.IsCompleted)
                {
                    entry.Abandoned.Cancel();
                }
            }
        }
    }

    private async Task<object> RunAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken abandoned) where T : class
    {
        await _computing.WaitAsync(abandoned);
        try
        {
            Interlocked.Increment(ref _computations);
            await using var scope = _scopes.CreateAsyncScope();
            return await compute(scope.ServiceProvider, abandoned);
        }
        finally
        {
            _computing.Release();
        }
    }

    // Keeping for zero minutes still shares a computation in progress.
    private bool Expired(Entry entry, DateTimeOffset now) => entry.Value.IsCompleted && now - entry.StartedAt >= _keptFor;

    private void Evict(long version, DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.ToList())
        {
            if (entry.Version != version || Expired(entry, now) || entry.Value.IsCompleted && entry.Value.Status != TaskStatus.RanToCompletion)
            {
                _entries.Remove(key);
            }
        }

        foreach (var (key, _) in _entries.Where(e => e.Value.Value.IsCompleted).OrderBy(e => e.Value.StartedAt).Take(Math.Max(0, _entries.Count - _maxEntries + 1)).ToList())
        {
            _entries.Remove(key);
        }
    }

    public void Dispose() => _computing.Dispose();
}
