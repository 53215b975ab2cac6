using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Plans;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

/// <summary>Every indicator of INDICATORS.md for a unit or a facility on a date, against the plan's targets.</summary>
public sealed class IndicatorService(AnSinhDbContext db, UnitResolver units, IndicatorFactLoader loader, ClosedYearFigures closedYears,
    AccessScope scope, Clock clock, ILogger<IndicatorService> logger, IndicatorOptions defaults, IndicatorCache cache, Audit.AuditLog audit)
{
    /// <param name="Plan">
    /// A plan's code: its figures over the territory it was issued for. A plan of a unit that ceased (Ninh Thuận,
    /// 58, merged into Khánh Hòa on 01/07/2025) continues over that former territory, through the official
    /// succession of its communes; <c>unit</c> may then name the successor (56) or be left out.
    /// </param>
    public sealed record Request(string? Unit, int? FacilityId, DateOnly? AsOf, string? Plan = null);

    /// <summary>The figures, checked against the caller's scope, then kept until a record they count is saved (<see cref="IndicatorCache"/>).</summary>
    public async Task<ServiceResult<IndicatorReport>> ComputeAsync(Request request, CancellationToken ct = default)
    {
        var context = await PrepareAsync(request, ct);
        if (!context.Succeeded)
        {
            return context.NotFound ? ServiceResult<IndicatorReport>.Missing() : ServiceResult<IndicatorReport>.Invalid(context.Errors!);
        }

        var (territory, plan, asOf) = context.Value!;
        var facilityId = request.FacilityId;
        var report = await cache.GetOrComputeAsync(db, CacheKey("report", territory, plan, facilityId, asOf),
            async (services, token) => (await services.GetRequiredService<IndicatorService>().ComputePreparedAsync(territory, plan, asOf, facilityId, token)).Report,
            ct);
        return ServiceResult<IndicatorReport>.Ok(report);
    }

    /// <summary>What identifies a computation once the caller's access is checked: the territory, plan, facility and date.</summary>
    internal static string CacheKey(string kind, UnitTerritory territory, Plan? plan, int? facilityId, DateOnly asOf) =>
        FormattableString.Invariant($"{kind}|{territory.Unit.Id}|{plan?.Id}|{facilityId}|{asOf:yyyy-MM-dd}");

    /// <summary>The figures with what they were computed from, so a dashboard can split the same facts without loading them again.</summary>
    internal sealed record Computation(IndicatorReport Report, MonitoringFacts Facts, UnitTerritory Territory, Plan? Plan);

    internal async Task<ServiceResult<Computation>> ComputeWithFactsAsync(Request request, CancellationToken ct = default)
    {
        var context = await PrepareAsync(request, ct);
        if (!context.Succeeded)
        {
            return context.NotFound ? ServiceResult<Computation>.Missing() : ServiceResult<Computation>.Invalid(context.Errors!);
        }

        var (territory, plan, asOf) = context.Value!;
        return ServiceResult<Computation>.Ok(await ComputePreparedAsync(territory, plan, asOf, request.FacilityId, ct));
    }

    /// <summary>The computation itself, for a territory the caller's access to was already checked.</summary>
    internal async Task<Computation> ComputePreparedAsync(UnitTerritory territory, Plan? plan, DateOnly asOf, int? facilityId, CancellationToken ct)
    {
        var facts = await loader.LoadAsync(territory, facilityId, asOf, ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var results = Compute(facts, asOf, plan, defaults);
        logger.LogDebug("indicators computed for {Unit} on {AsOf}: {Elapsed} ms", territory.Unit.Code, asOf, watch.ElapsedMilliseconds);

        // The baseline of a target is the first figure measured: the end of the phase's first year.
        var baselines = new Dictionary<string, decimal?>();
        var phaseStart = plan?.Phases.Where(p => p.StartYear <= asOf.Year).OrderByDescending(p => p.StartYear).FirstOrDefault()?.StartYear;
        if (plan is not null && phaseStart is { } start && new DateOnly(start, 12, 31) < asOf)
        {
            var baselineDate = new DateOnly(start, 12, 31);
            foreach (var (code, figure) in await closedYears.GetAsync(territory, facilityId, baselineDate, plan, ct))
            {
                baselines[code] = figure;
            }
        }

        var rows = results.Select(r =>
        {
            var spec = r.Target?.ToSpec();
            var baselineValue = baselines.GetValueOrDefault(r.Result.Code);
            var baseline = baselineValue is { } b && phaseStart is { } s ? new Measurement(new DateOnly(s, 12, 31), b) : null;
            var status = TargetRules.Evaluate(r.Result.Figure, spec, asOf, baseline);
            return new IndicatorRow(
                r.Result.Code,
                r.Result.Definition.NameVi,
                r.Result.Numerator,
                r.Result.Denominator,
                r.Result.Percent,
                r.Result.Value,
                spec?.Value,
                spec is null ? null : spec.Comparator == Comparator.Equal ? "=" : ">=",
                spec?.ThresholdX,
                spec?.PhaseEndYear,
                StatusText.Of(status),
                spec is null ? null : TargetRules.Explain(spec),
                baselineValue,
                r.Result.Secondary);
        }).ToList();

        var facilityName = facilityId is { } fid ? await db.Facilities.Where(f => f.Id == fid).Select(f => f.Name).FirstAsync(ct) : null;
        var report = new IndicatorReport(territory.Unit.Code, facilityName ?? territory.Unit.Name, asOf, facilityId,
            plan?.Code ?? plan?.Number, plan?.Title, rows);
        return new Computation(report, facts, territory, plan);
    }

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Data-quality checks list this many records each (the count is always whole); a province has thousands.</summary>
    public const int QualityItemsShown = 200;

    /// <param name="all">Every member on one page (a spreadsheet), not a page of at most <see cref="MaxPageSize"/>.</param>
    public async Task<ServiceResult<MemberList>> MembersAsync(string code, Request request, string? set, int? page = null, int? pageSize = null,
        bool all = false, CancellationToken ct = default)
    {
        if (!IndicatorCodes.Exists(code))
        {
            return ServiceResult<MemberList>.Invalid("code", $"Không có chỉ tiêu mã {code}.");
        }

        var which = (set ?? "missing").ToLowerInvariant();
        if (which is not ("numerator" or "denominator" or "missing"))
        {
            return ServiceResult<MemberList>.Invalid("set", "Chọn danh sách: numerator (được tính), denominator (tất cả) hoặc missing (còn thiếu).");
        }

        var size = pageSize ?? DefaultPageSize;
        if (page is < 1 || size is < 1 or > MaxPageSize)
        {
            return ServiceResult<MemberList>.Invalid("page", $"Trang bắt đầu từ 1; mỗi trang từ 1 đến {MaxPageSize} dòng.");
        }

        var context = await PrepareAsync(request, ct);
        if (!context.Succeeded)
        {
            return context.NotFound ? ServiceResult<MemberList>.Missing() : ServiceResult<MemberList>.Invalid(context.Errors!);
        }

        var (territory, plan, asOf) = context.Value!;
        var facts = await loader.LoadAsync(territory, request.FacilityId, asOf, ct);
        var result = Compute(facts, asOf, plan, defaults).First(r => r.Result.Code == IndicatorCodes.Get(code).Code).Result;
        var definition = result.Definition;
        var (ids, kind) = which switch
        {
            "numerator" => (result.NumeratorMembers, definition.NumeratorMembers),
            "denominator" => (result.DenominatorMembers, definition.DenominatorMembers),
            _ => (result.MissingMembers, definition.DenominatorMembers),
        };
        var number = all ? 1 : page ?? 1;
        size = all ? Math.Max(1, ids.Count) : size;
        var items = await DescribeAsync(kind, ids, asOf, (number - 1) * size, size, ct);
        await audit.RecordListViewAsync($"{definition.Code}:{which}@{Where(request)}", items.Count, ct);
        return ServiceResult<MemberList>.Ok(new MemberList(definition.Code, which, kind.ToString(), ids.Count, number, size, items));
    }

    public sealed record QualityFinding(string Check, string Title, string Kind, int Count, IReadOnlyList<MemberRow> Items);

    /// <summary>The data-quality checks of a unit or facility, each with the records to fix.</summary>
    /// <param name="all">Every record of each check (a spreadsheet), not the first <see cref="QualityItemsShown"/>.</param>
    public async Task<ServiceResult<IReadOnlyList<QualityFinding>>> DataQualityAsync(Request request, bool all = false, CancellationToken ct = default)
    {
        var context = await PrepareAsync(request, ct);
        if (!context.Succeeded)
        {
            return context.NotFound ? ServiceResult<IReadOnlyList<QualityFinding>>.Missing() : ServiceResult<IReadOnlyList<QualityFinding>>.Invalid(context.Errors!);
        }

        var (territory, plan, asOf) = context.Value!;
        var facts = await loader.LoadAsync(territory, request.FacilityId, asOf, ct);
        var list = new List<QualityFinding>();
        foreach (var finding in DataQuality.Compute(facts, asOf, OptionsFor(plan, defaults)))
        {
            var items = await DescribeAsync(finding.Kind, finding.Ids, asOf, 0, all ? Math.Max(1, finding.Ids.Count) : QualityItemsShown, ct);
            list.Add(new QualityFinding(finding.Check.ToString(), QualityTitle(finding.Check), finding.Kind.ToString(), finding.Ids.Count, items));
        }

        await audit.RecordListViewAsync($"data-quality@{Where(request)}", list.Sum(f => f.Items.Count), ct);
        return ServiceResult<IReadOnlyList<QualityFinding>>.Ok(list);
    }

    /// <summary>
    /// Served people without a health-insurance card valid on the date (BEN-BHYT's "missing" list), with what the
    /// social-insurance agency needs to issue one: name, birth date, CCCD, address, facility.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<UninsuredRow>>> UninsuredAsync(Request request, CancellationToken ct = default)
    {
        var context = await PrepareAsync(request, ct);
        if (!context.Succeeded)
        {
            return context.NotFound ? ServiceResult<IReadOnlyList<UninsuredRow>>.Missing() : ServiceResult<IReadOnlyList<UninsuredRow>>.Invalid(context.Errors!);
        }

        var (territory, plan, asOf) = context.Value!;
        var facts = await loader.LoadAsync(territory, request.FacilityId, asOf, ct);
        var ids = Compute(facts, asOf, plan, defaults).First(r => r.Result.Code == IndicatorCodes.BenBhyt).Result.MissingMembers.ToList();
        var rows = await db.Beneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id)).OrderBy(b => b.SearchName).ThenBy(b => b.Id)
            .Select(b => new
            {
                b.Id, b.FullName, b.BirthDate, b.NationalId, b.HealthInsuranceNumber, b.HealthInsuranceValidTo, b.AddressLine,
                Unit = b.AddressUnit == null ? null : b.AddressUnit.Name,
                Facility = b.Stays.AsQueryable().Where(StayPeriods.ServedOn(asOf)).Select(s => s.Facility!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        await audit.RecordListViewAsync($"uninsured@{Where(request)}", rows.Count, ct);
        return ServiceResult<IReadOnlyList<UninsuredRow>>.Ok(rows.Select(r => new UninsuredRow(r.Id, r.FullName, r.BirthDate, r.NationalId,
            r.HealthInsuranceNumber, r.HealthInsuranceValidTo,
            string.Join(", ", new[] { r.AddressLine, r.Unit }.Where(x => !string.IsNullOrEmpty(x))), r.Facility)).ToList());
    }

    /// <summary>Which unit or facility a list was of, for its audit row.</summary>
    private static string Where(Request request) =>
        request.FacilityId is { } facility ? $"facility:{facility}" : request.Unit ?? "scope";

    public static string QualityTitle(DataQualityCheck check) => check switch
    {
        DataQualityCheck.NoIntakeScreening => "Đối tượng chưa có khám sàng lọc khi tiếp nhận",
        DataQualityCheck.PeriodicCheckOverdue => "Đối tượng quá hạn khám sức khỏe định kỳ",
        DataQualityCheck.NoRecentReadinessAssessment => "Cơ sở chưa được đánh giá điều kiện trong 12 tháng",
        DataQualityCheck.ExpiredHealthInsurance => "Đối tượng có thẻ BHYT hết hạn hoặc chưa đến ngày có hiệu lực",
        DataQualityCheck.NoHealthInsurance => "Đối tượng chưa có thẻ BHYT",
        _ => "Lượt tiếp nhận chưa có lần khám nào",
    };

    /// <summary>Checks that a unit exists on the date and is in the caller's scope, without computing anything.</summary>
    public async Task<ServiceResult<AnSinh.Domain.Geography.AdminUnit>> ComputeAccessAsync(string? unit, DateOnly asOf, CancellationToken ct = default)
    {
        var context = await PrepareAsync(new Request(unit, null, asOf), ct);
        return context.Succeeded
            ? ServiceResult<AnSinh.Domain.Geography.AdminUnit>.Ok(context.Value.Territory.Unit)
            : context.NotFound ? ServiceResult<AnSinh.Domain.Geography.AdminUnit>.Missing() : ServiceResult<AnSinh.Domain.Geography.AdminUnit>.Invalid(context.Errors!);
    }

    internal sealed record Computed(IndicatorResult Result, PlanTarget? Target);

    internal static List<Computed> Compute(MonitoringFacts facts, DateOnly asOf, Plan? plan, IndicatorOptions defaults)
    {
        var options = OptionsFor(plan, defaults);
        var engine = new IndicatorEngine(facts, asOf, options).Prepare();
        var definitions = IndicatorCodes.All.ToList();
        var computed = new Computed[definitions.Count];
        // The codes are independent once the engine is prepared: on two cores this halves the arithmetic of a province.
        Parallel.For(0, definitions.Count, i =>
        {
            var code = definitions[i].Code;
            var target = TargetFor(plan, code, asOf.Year);
            var result = target is not null && (target.ThresholdX is not null || target.FacilityTypes is not null)
                // A target may set FAC-TECH's X, or cover other facility types than the plan.
                ? new IndicatorEngine(facts, asOf, options with
                {
                    TechniqueThresholdPercent = target.ThresholdX ?? options.TechniqueThresholdPercent,
                    FacilityTypes = target.FacilityTypes is null ? options.FacilityTypes : Plan.ParseTypes(target.FacilityTypes),
                }).Compute(code)
                : engine.Compute(code);
            computed[i] = new Computed(result, target);
        });
        return [.. computed];
    }

    private static IndicatorOptions OptionsFor(Plan? plan, IndicatorOptions defaults)
    {
        if (plan is null)
        {
            return defaults;
        }

        var types = plan.FacilityTypeSet;
        return defaults with
        {
            FacilityTypes = types.Count == 0 ? IndicatorOptions.DefaultFacilityTypes : types,
            PublicOnly = plan.PublicOnly,
            IncludeCommunity = plan.IncludeCommunity,
        };
    }

    /// <summary>The target of the phase that contains the year; after the last phase, the last target.</summary>
    private static PlanTarget? TargetFor(Plan? plan, string code, int year) =>
        plan?.Targets.Where(t => t.IndicatorCode == code && t.PhaseEndYear >= year).OrderBy(t => t.PhaseEndYear).FirstOrDefault()
        ?? plan?.Targets.Where(t => t.IndicatorCode == code).OrderByDescending(t => t.PhaseEndYear).FirstOrDefault();

    internal async Task<ServiceResult<(UnitTerritory Territory, Plan? Plan, DateOnly AsOf)>> PrepareAsync(Request request, CancellationToken ct)
    {
        var asOf = request.AsOf ?? clock.Today;
        if (request.FacilityId is { } facilityId)
        {
            if (!await scope.CanAccessFacilityAsync(facilityId, ct))
            {
                return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Missing();
            }

            var unitId = await db.Facilities.Where(f => f.Id == facilityId).Select(f => (int?)f.AdminUnitId).FirstOrDefaultAsync(ct);
            if (unitId is null)
            {
                return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Missing();
            }

            var facilityUnit = await db.AdminUnits.AsNoTracking().FirstAsync(u => u.Id == unitId, ct);
            return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Ok((new UnitTerritory(facilityUnit, asOf, [facilityUnit.Id]), null, asOf));
        }

        if (!string.IsNullOrWhiteSpace(request.Plan))
        {
            return await PreparePlanAsync(request, asOf, ct);
        }

        var (territory, error) = await units.ResolveAsync(request.Unit, asOf, ct);
        if (territory is null)
        {
            return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Invalid("unit", error!);
        }

        var resolved = await scope.ResolveAsync(ct);
        if (!resolved.IsNational && !resolved.UnitIds.Contains(territory.Unit.Id))
        {
            return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Missing();
        }

        var plan = await PlanForAsync(db, territory.Unit, ct);
        return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Ok((territory, plan, asOf));
    }

    /// <summary>A plan's own territory: its issuer's communes and, once the issuer ceased, their successors.</summary>
    private async Task<ServiceResult<(UnitTerritory, Plan?, DateOnly)>> PreparePlanAsync(Request request, DateOnly asOf, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().Include(p => p.Targets).Include(p => p.Phases).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Code == request.Plan!.Trim(), ct);
        if (plan is null)
        {
            return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Invalid("plan", $"Không có kế hoạch mã \"{request.Plan}\".");
        }

        var issuer = await db.AdminUnits.AsNoTracking().FirstAsync(u => u.Id == plan.IssuerUnitId, ct);
        var resolved = await scope.ResolveAsync(ct);
        if (!resolved.IsNational && !resolved.UnitIds.Contains(issuer.Id))
        {
            return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Missing();
        }

        var territory = new UnitTerritory(issuer, asOf, await units.TerritoryAsync(issuer, ct));
        if (!string.IsNullOrWhiteSpace(request.Unit))
        {
            // The unit named must hold the plan's territory on the date (the issuer itself, or its successor).
            var (unit, error) = await units.ResolveAsync(request.Unit, asOf, ct);
            if (unit is null)
            {
                return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Invalid("unit", error!);
            }

            if (!unit.IsNation && !territory.CommuneIds!.Any(unit.CommuneIds!.Contains))
            {
                return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Invalid("plan",
                    $"Kế hoạch {plan.Code} ({plan.Issuer}) không thuộc địa bàn {unit.Unit.Name}.");
            }
        }

        return ServiceResult<(UnitTerritory, Plan?, DateOnly)>.Ok((territory, plan, asOf));
    }

    /// <summary>
    /// The plans that cover part of a unit's territory besides its own: those of the units it succeeded
    /// (Ninh Thuận's inside Khánh Hòa from 01/07/2025) and of units inside it (a district's inside its province).
    /// </summary>
    internal async Task<IReadOnlyList<(string Code, string Title, string Issuer, string IssuerUnitName, DateOnly? IssuerUnitValidTo)>> OtherPlansAsync(
        AnSinh.Domain.Geography.AdminUnit unit, CancellationToken ct)
    {
        var covered = await scope.CoveredUnitIdsAsync(unit.Id, ct);
        var own = await PlanForAsync(db, unit, ct);
        var plans = await db.Plans.AsNoTracking().Where(p => covered.Contains(p.IssuerUnitId)).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Code, p.Title, p.Issuer, Unit = db.AdminUnits.First(u => u.Id == p.IssuerUnitId) }).ToListAsync(ct);
        return plans.Where(p => p.Id != own?.Id && p.Code is not null).Select(p => (p.Code!, p.Title, p.Issuer, p.Unit.Name, p.Unit.ValidTo)).ToList();
    }

    /// <summary>The plan a unit monitors: the first one issued by the unit (by its code and level, in either era).</summary>
    internal static Task<Plan?> PlanForAsync(AnSinhDbContext db, AnSinh.Domain.Geography.AdminUnit unit, CancellationToken ct) =>
        db.Plans.AsNoTracking().Include(p => p.Targets).Include(p => p.Phases).AsSplitQuery()
            .Where(p => db.AdminUnits.Any(u => u.Id == p.IssuerUnitId && u.Code == unit.Code && u.Level == unit.Level))
            .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);

    /// <summary>One page of the records behind a list of ids, by name (people, facilities) or date (stays, referrals).</summary>
    private async Task<IReadOnlyList<MemberRow>> DescribeAsync(MemberKind kind, IReadOnlyList<int> ids, DateOnly asOf, int skip, int take, CancellationToken ct)
    {
        var list = ids.ToList();
        switch (kind)
        {
            case MemberKind.Person:
                return await db.Beneficiaries.AsNoTracking().Where(b => list.Contains(b.Id)).OrderBy(b => b.SearchName).ThenBy(b => b.Id).Skip(skip).Take(take)
                    .Select(b => new MemberRow(b.Id, b.FullName, b.Id,
                        b.Stays.AsQueryable().Where(StayPeriods.ServedOn(asOf)).Select(s => s.Facility!.Name).FirstOrDefault(),
                        b.BirthDate, null,
                        db.Encounters.Where(e => e.BeneficiaryId == b.Id && e.Date <= asOf
                                && (e.Kind == EncounterKind.PeriodicCheck || e.Kind == EncounterKind.IntakeScreening))
                            .Max(e => (DateOnly?)e.Date)))
                    .ToListAsync(ct);
            case MemberKind.Facility:
                var facilities = await db.Facilities.AsNoTracking().Where(f => list.Contains(f.Id)).OrderBy(f => f.Name).ThenBy(f => f.Id).Skip(skip).Take(take)
                    .Select(f => new { f.Id, f.Name, f.Type, f.Ownership }).ToListAsync(ct);
                return facilities.Select(f => new MemberRow(f.Id, f.Name, null, f.Name, null,
                    $"{Components.Shared.Labels.Of(f.Type)} · {Components.Shared.Labels.Of(f.Ownership)}")).ToList();
            case MemberKind.Stay:
                return await db.Stays.AsNoTracking().Where(s => list.Contains(s.Id)).OrderBy(s => s.AdmittedOn).ThenBy(s => s.Id).Skip(skip).Take(take)
                    .Select(s => new MemberRow(s.Id, s.Beneficiary!.FullName, s.BeneficiaryId, s.Facility!.Name, s.AdmittedOn, null))
                    .ToListAsync(ct);
            case MemberKind.Referral:
                return await db.Referrals.AsNoTracking().Where(r => list.Contains(r.Id)).OrderBy(r => r.Date).ThenBy(r => r.Id).Skip(skip).Take(take)
                    .Join(db.Beneficiaries, r => r.BeneficiaryId, b => b.Id, (r, b) => new MemberRow(r.Id, b.FullName, b.Id, r.Destination, r.Date,
                        r.OutcomeDate == null ? null : "Có kết quả phản hồi"))
                    .ToListAsync(ct);
            default:
                return [];
        }
    }
}
