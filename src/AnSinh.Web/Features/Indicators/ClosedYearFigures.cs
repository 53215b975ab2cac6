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
public sealed class ClosedYearFigures(AnSinhDbContext db, IServiceScopeFactory scopes, Clock clock, TimeProvider time,
    ILogger<ClosedYearFigures> logger, AnSinh.Domain.Indicators.IndicatorOptions defaults)
{
    public async Task<IReadOnlyDictionary<string, decimal?>> GetAsync(UnitTerritory territory, int? facilityId, DateOnly asOf, Plan? plan, CancellationToken ct = default) =>
        (await GetManyAsync(territory, facilityId, [asOf], plan, ct))[asOf];

    /// <summary>The figures on several dates: kept ones in one query, the others computed at the same time, each on its own connections.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, decimal?>>> GetManyAsync(UnitTerritory territory, int? facilityId,
        IReadOnlyCollection<DateOnly> dates, Plan? plan, CancellationToken ct = default)
    {
        var key = IndicatorSnapshot.KeyOf(territory.Unit.Id, facilityId, plan?.Id);
        var keepable = dates.Where(d => IndicatorSnapshot.CanKeep(d, clock.Today)).ToList();
        var kept = keepable.Count == 0 ? [] : await db.IndicatorSnapshots.AsNoTracking()
            .Where(s => s.Key == key && keepable.Contains(s.AsOf))
            .ToDictionaryAsync(s => s.AsOf, s => s.Figures, ct);

        var figures = new Dictionary<DateOnly, IReadOnlyDictionary<string, decimal?>>();
        foreach (var (date, json) in kept)
        {
            figures[date] = JsonSerializer.Deserialize<Dictionary<string, decimal?>>(json)!;
        }

        var missing = dates.Where(d => !kept.ContainsKey(d)).Distinct().ToList();
        var computed = await Task.WhenAll(missing.Select(async date => (date, Figures: await ComputeAsync(territory, facilityId, date, plan, ct))));
        foreach (var (date, values) in computed)
        {
            figures[date] = values;
            if (IndicatorSnapshot.CanKeep(date, clock.Today))
            {
                await KeepAsync(key, date, values, ct);
            }
        }

        return figures;
    }

    private async Task<Dictionary<string, decimal?>> ComputeAsync(UnitTerritory territory, int? facilityId, DateOnly asOf, Plan? plan, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var facts = await scope.ServiceProvider.GetRequiredService<IndicatorFactLoader>().LoadAsync(territory, facilityId, asOf, ct);
        return IndicatorService.Compute(facts, asOf, plan, defaults).ToDictionary(r => r.Result.Code, r => r.Result.Figure);
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
