namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Requests that must not interleave for one key (one person's open plan, one facility's staff, one conditional
/// create) wait for each other: a check-then-insert done inside the gate cannot be raced by a double submit. Striped,
/// so that unrelated keys rarely wait; one web instance (several would need a database constraint).
/// </summary>
public sealed class KeyedGates(int stripes = 64)
{
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> EnterAsync(string key, CancellationToken ct)
    {
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % _gates.Length)];
        await gate.WaitAsync(ct);
        return new Exit(gate);
    }

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
