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

    /// <summary>
    /// BEN-ENTITLE's rule, per category: the entitlements a person of that category must have active
    /// ("Monitoring:EntitlementRules:PoorHousehold" = "HealthInsurance,ElectricitySupport"). A category set to ""
    /// requires nothing; categories not named keep the default of INDICATORS.md.
    /// </summary>
    public Dictionary<string, string> EntitlementRules { get; set; } = [];

    /// <summary>The indicator options every computation starts from: the spec's defaults with this deployment's entitlement rules.</summary>
    public AnSinh.Domain.Indicators.IndicatorOptions Defaults()
    {
        var rules = AnSinh.Domain.Indicators.IndicatorOptions.DefaultEntitlementRules.ToDictionary(r => r.Key, r => r.Value);
        foreach (var (category, kinds) in EntitlementRules)
        {
            if (!Enum.TryParse<AnSinh.Domain.Beneficiaries.CategoryKind>(category, out var kind))
            {
                throw new InvalidOperationException($"Monitoring:EntitlementRules: unknown category \"{category}\" (one of {string.Join(", ", Enum.GetNames<AnSinh.Domain.Beneficiaries.CategoryKind>())}).");
            }

            rules[kind] = kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(k => Enum.TryParse<AnSinh.Domain.Indicators.EntitlementKind>(k, out var e) ? e
                    : throw new InvalidOperationException($"Monitoring:EntitlementRules:{category}: unknown entitlement \"{k}\" (one of {string.Join(", ", Enum.GetNames<AnSinh.Domain.Indicators.EntitlementKind>())})."))
                .ToArray();
        }

        return new AnSinh.Domain.Indicators.IndicatorOptions { EntitlementRules = rules };
    }
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
            .Where(u => u.Level == AdminLevel.Province).Where(AdminUnit.ValidOn(today))
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
