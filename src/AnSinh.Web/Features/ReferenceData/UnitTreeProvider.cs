using AnSinh.Data;
using AnSinh.Domain.Geography;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.ReferenceData;

/// <summary>
/// The one in-memory tree of administrative units (both eras, successions), read from the database once per
/// process: about 14,000 units and 10,000 successions. Reference data changes only with a release, which restarts
/// the process.
/// </summary>
public sealed class UnitTreeProvider : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UnitTree? _tree;

    public async Task<UnitTree> GetAsync(AnSinhDbContext db, CancellationToken ct = default)
    {
        if (_tree is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_tree is null)
            {
                var units = await db.AdminUnits.AsNoTracking()
                    .Select(u => new UnitNode(u.Id, u.ParentId, u.Level, u.ValidFrom, u.ValidTo)).ToListAsync(ct);
                var links = await db.AdminUnitSuccessions.AsNoTracking().Select(s => new { s.PredecessorId, s.SuccessorId }).ToListAsync(ct);
                _tree = new UnitTree(units, links.Select(l => (l.PredecessorId, l.SuccessorId)));
            }

            return _tree;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
