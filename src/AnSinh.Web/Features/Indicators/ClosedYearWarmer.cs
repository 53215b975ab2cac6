using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Indicators;

public sealed class MonitoringOptions
{
    /// <summary>How often the closed years' figures of the nation and every province are recomputed where missing; 0 turns it off.</summary>
    public int WarmClosedYearsEveryMinutes { get; set; } = 60;
}

/// <summary>
/// Keeps the closed years' figures of the nation and of every province (under its plan) computed, so that the first
/// dashboard view after a back-dated record does not pay for recomputing them (docs/benchmarks.md: 2.4 s against
/// 0.7 s for the national dashboard). Cheap when nothing is missing: one query per unit.
/// </summary>
public sealed class ClosedYearWarmer(IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, Clock clock, ILogger<ClosedYearWarmer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.WarmClosedYearsEveryMinutes;
        if (every <= 0)
        {
            return;
        }

        // Let start-up finish first, then keep the figures warm.
        await Task.Delay(TimeSpan.FromMinutes(Math.Min(2, every)), stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(every));
        do
        {
            try
            {
                var units = await WarmAsync(stoppingToken);
                logger.LogInformation("closed years' figures checked for {Units} units", units);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "warming the closed years' figures failed; the next view computes them");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Computes and keeps whatever closed-year figure the nation's and the provinces' dashboards of this year would need; returns how many units.</summary>
    public async Task<int> WarmAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
        var resolver = scope.ServiceProvider.GetRequiredService<UnitResolver>();
        var figures = scope.ServiceProvider.GetRequiredService<ClosedYearFigures>();
        var today = clock.Today;
        var provinces = await db.AdminUnits.AsNoTracking()
            .Where(u => u.Level == AdminLevel.Province && (u.ValidFrom == null || u.ValidFrom <= today) && (u.ValidTo == null || u.ValidTo >= today))
            .OrderBy(u => u.Code).Select(u => u.Code).ToListAsync(ct);
        var codes = new List<string> { AnSinh.Data.ReferenceData.AdminUnitLoader.NationCode };
        codes.AddRange(provinces);
        foreach (var code in codes)
        {
            var (territory, _) = await resolver.ResolveAsync(code, today, ct);
            if (territory is null)
            {
                continue;
            }

            var plan = await IndicatorService.PlanForAsync(db, territory.Unit, ct);
            await figures.GetManyAsync(territory, null, DashboardService.TrendYearEnds(today.Year), plan, ct);
        }

        return codes.Count;
    }
}
