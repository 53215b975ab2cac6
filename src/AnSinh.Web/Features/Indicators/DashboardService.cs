using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Indicators;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

public sealed record TrendPoint(int Year, decimal? Figure);

/// <summary>A row of the side-by-side table: a province of the nation, or a facility of a unit.</summary>
public sealed record BreakdownRow(string Name, string? UnitCode, int? FacilityId, IReadOnlyDictionary<string, decimal?> Figures);

/// <param name="OtherPlans">Plans that cover part of the unit's territory besides its own (a merged province's, a former district's).</param>
public sealed record Dashboard(IndicatorReport Report, int Year, IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Trends,
    string BreakdownKind, IReadOnlyList<BreakdownRow> Breakdown, IReadOnlyList<PlanChoice> OtherPlans);

public sealed record PlanChoice(string Code, string Title, string Issuer);

/// <summary>The unit dashboard: figures against targets, their trend over the years, and the unit's parts side by side.</summary>
public sealed class DashboardService(AnSinhDbContext db, IndicatorService indicators, ClosedYearFigures closedYears, Clock clock,
    AnSinh.Domain.Indicators.IndicatorOptions defaults, IndicatorCache cache)
{
    public const int TrendYears = 5;

    /// <summary>The earlier years a dashboard of this year shows, as of their 31 December (the programme starts in 2021).</summary>
    public static IReadOnlyList<DateOnly> TrendYearEnds(int year)
    {
        var first = Math.Max(2021, year - TrendYears + 1);
        return Enumerable.Range(first, Math.Max(0, year - first)).Select(y => new DateOnly(y, 12, 31)).ToList();
    }

    public async Task<ServiceResult<Dashboard>> BuildAsync(string? unit, int? facilityId, int year, string? planCode = null, CancellationToken ct = default)
    {
        var asOf = clock.AsOfYear(year);
        var prepared = await indicators.PrepareAsync(new IndicatorService.Request(unit, facilityId, asOf, planCode), ct);
        if (!prepared.Succeeded)
        {
            return prepared.NotFound ? ServiceResult<Dashboard>.Missing() : ServiceResult<Dashboard>.Invalid(prepared.Errors!);
        }

        // The caller's access is checked; the dashboard itself is the same for everyone and kept (IndicatorCache).
        var (territory, plan, _) = prepared.Value!;
        // The year and whether a plan was named change the dashboard beyond its date (its trend, the other plans offered).
        var key = FormattableString.Invariant($"{IndicatorService.CacheKey("dashboard", territory, plan, facilityId, asOf)}|{year}|{planCode is null}");
        var dashboard = await cache.GetOrComputeAsync(db, key,
            (services, token) => services.GetRequiredService<DashboardService>().BuildPreparedAsync(territory, plan, asOf, facilityId, year, planCode, token), ct);
        return ServiceResult<Dashboard>.Ok(dashboard);
    }

    private async Task<Dashboard> BuildPreparedAsync(UnitTerritory territory, Domain.Plans.Plan? plan, DateOnly asOf, int? facilityId, int year, string? planCode,
        CancellationToken ct)
    {
        var (report, current, _, _) = await indicators.ComputePreparedAsync(territory, plan, asOf, facilityId, ct);

        // Trend: the same figures at the end of each earlier year (the programme starts in 2021); closed years are kept.
        var trends = IndicatorCodes.All.ToDictionary(d => d.Code, _ => new List<TrendPoint>());
        var yearEnds = TrendYearEnds(year);
        var earlier = await closedYears.GetManyAsync(territory, facilityId, yearEnds, plan, ct);
        foreach (var date in yearEnds)
        {
            foreach (var (code, figure) in earlier[date])
            {
                trends[code].Add(new TrendPoint(date.Year, figure));
            }
        }

        foreach (var row in report.Indicators)
        {
            trends[row.Code].Add(new TrendPoint(year, row.Percent ?? row.Value));
        }

        var (kind, breakdown) = facilityId is not null
            ? ("Facility", (IReadOnlyList<BreakdownRow>)[])
            : territory.IsNation
                ? ("Province", await ByProvinceAsync(current, asOf, plan, ct))
                : ("Facility", await ByFacilityAsync(current, asOf, plan, ct));
        var others = facilityId is null && !territory.IsNation && planCode is null
            ? (await indicators.OtherPlansAsync(territory.Unit, ct)).Select(p => new PlanChoice(p.Code, p.Title, p.Issuer)).ToList()
            : [];
        return new Dashboard(report, year, trends.ToDictionary(t => t.Key, t => (IReadOnlyList<TrendPoint>)t.Value), kind, breakdown, others);
    }

    private async Task<IReadOnlyList<BreakdownRow>> ByFacilityAsync(MonitoringFacts facts, DateOnly asOf, Domain.Plans.Plan? plan, CancellationToken ct)
    {
        var ids = facts.Facilities.Select(f => f.Id).ToList();
        var names = await db.Facilities.Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var index = facts.Index();
        return facts.Facilities
            .Select(f => new BreakdownRow(names[f.Id], null, f.Id, Figures(index.Restrict(new HashSet<int> { f.Id }, _ => false), asOf, plan)))
            .ToList();
    }

    private async Task<IReadOnlyList<BreakdownRow>> ByProvinceAsync(MonitoringFacts facts, DateOnly asOf, Domain.Plans.Plan? plan, CancellationToken ct)
    {
        var facilityIds = facts.Facilities.Select(f => f.Id).ToList();
        var facilityProvince = await db.Facilities.Where(f => facilityIds.Contains(f.Id))
            .Select(f => new { f.Id, f.AdminUnit!.ProvinceCode })
            .ToDictionaryAsync(f => f.Id, f => f.ProvinceCode ?? "", ct);
        // Only the communes people live in (a few hundred), not all 13,368 of both eras.
        var addressIds = facts.People.Where(p => p.AddressUnitId is not null).Select(p => p.AddressUnitId!.Value).Distinct().ToList();
        var communeProvince = await db.AdminUnits.Where(u => addressIds.Contains(u.Id))
            .Select(u => new { u.Id, u.ProvinceCode })
            .ToDictionaryAsync(u => u.Id, u => u.ProvinceCode ?? "", ct);
        var provinces = await db.AdminUnits.Where(u => u.Level == AdminLevel.Province).Where(AnSinh.Domain.Geography.AdminUnit.ValidOn(asOf))
            .OrderBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var index = facts.Index();
        var residentProvinces = facts.People.Where(x => x.AddressUnitId is not null)
            .Select(x => communeProvince.GetValueOrDefault(x.AddressUnitId!.Value)).ToHashSet();
        return provinces
            .Where(p => facilityProvince.ContainsValue(p.Code) || residentProvinces.Contains(p.Code))
            .Select(p =>
            {
                var own = facilityProvince.Where(kv => kv.Value == p.Code).Select(kv => kv.Key).ToHashSet();
                var part = index.Restrict(own, x => x.AddressUnitId is { } a && communeProvince.GetValueOrDefault(a) == p.Code);
                return new BreakdownRow(p.Name, p.Code, null, Figures(part, asOf, plan));
            })
            .ToList();
    }

    private Dictionary<string, decimal?> Figures(MonitoringFacts facts, DateOnly asOf, Domain.Plans.Plan? plan) =>
        IndicatorService.Compute(facts, asOf, plan, defaults).ToDictionary(r => r.Result.Code, r => r.Result.Figure);
}
