using System.Text.Json;
using AnSinh.Data;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Plans;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

/// <summary>
/// Every indicator's figure for a unit on a date, for trends and baselines. A closed year's figures are computed once
/// and kept (<see cref="IndicatorSnapshot"/>); a back-dated record deletes the ones it changes (AnSinhDbContext.SaveChanges).
/// </summary>
public sealed class ClosedYearFigures(AnSinhDbContext db, IndicatorFactLoader loader, IServiceScopeFactory scopes, Clock clock, TimeProvider time,
    ILogger<ClosedYearFigures> logger)
{
    public async Task<IReadOnlyDictionary<string, decimal?>> GetAsync(UnitTerritory territory, int? facilityId, DateOnly asOf, Plan? plan, CancellationToken ct = default)
    {
        if (!IndicatorSnapshot.CanKeep(asOf, clock.Today))
        {
            return await ComputeAsync(territory, facilityId, asOf, plan, ct);
        }

        var key = IndicatorSnapshot.KeyOf(territory.Unit.Id, facilityId, plan?.Id);
        var kept = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.Key == key && s.AsOf == asOf).Select(s => s.Figures).FirstOrDefaultAsync(ct);
        if (kept is not null)
        {
            return JsonSerializer.Deserialize<Dictionary<string, decimal?>>(kept)!;
        }

        var figures = await ComputeAsync(territory, facilityId, asOf, plan, ct);
        await KeepAsync(key, asOf, figures, ct);
        return figures;
    }

    private async Task<Dictionary<string, decimal?>> ComputeAsync(UnitTerritory territory, int? facilityId, DateOnly asOf, Plan? plan, CancellationToken ct)
    {
        var facts = await loader.LoadAsync(territory, facilityId, asOf, ct);
        return IndicatorService.Compute(facts, asOf, plan).ToDictionary(r => r.Result.Code, r => r.Result.Figure);
    }

    // Written on a context of its own so that a page's context never saves anything by surprise.
    private async Task KeepAsync(string key, DateOnly asOf, Dictionary<string, decimal?> figures, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
        own.IndicatorSnapshots.Add(new IndicatorSnapshot { Key = key, AsOf = asOf, Figures = JsonSerializer.Serialize(figures), ComputedAt = time.GetUtcNow() });
        try
        {
            await own.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another request kept the same figures first; theirs are as good as these.
            logger.LogDebug(e, "snapshot {Key} {AsOf} already kept", key, asOf);
        }
    }
}
