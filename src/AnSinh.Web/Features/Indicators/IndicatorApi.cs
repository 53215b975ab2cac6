using AnSinh.Data;
using AnSinh.Domain.Indicators;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

public static class IndicatorApi
{
    public static RouteGroupBuilder MapIndicatorApi(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", async (string? unit, int? facility, DateOnly? asOf, string? plan, IndicatorService service, CancellationToken ct) =>
                (await service.ComputeAsync(new IndicatorService.Request(unit, facility, asOf, plan), ct)).ToHttpResult(r => Results.Ok(r.Indicators)))
            .WithTags("Indicators")
            .WithName("Indicators")
            .WithSummary("Every INDICATORS.md code for a unit (official code, Quảng Ninh = 22, VN = nation) or a facility on a date: numerator, denominator, percent, target, status. plan=<code> computes a plan over its own territory: a plan of a unit that ceased in 2025 (NT-2021-2030, Ninh Thuận) over that former territory, with unit = its successor (56) or none.");

        api.MapGet("/indicators/report", async (string? unit, int? facility, DateOnly? asOf, string? plan, IndicatorService service, CancellationToken ct) =>
                (await service.ComputeAsync(new IndicatorService.Request(unit, facility, asOf, plan), ct)).ToHttpResult())
            .WithTags("Indicators")
            .WithName("IndicatorReport")
            .WithSummary("The same figures with the unit, date and plan they were computed for.");

        api.MapGet("/dashboard", async (string? unit, int? facility, int? year, string? plan, DashboardService service, Infrastructure.Clock clock,
                CancellationToken ct) => (await service.BuildAsync(unit, facility, year ?? clock.Today.Year, plan, ct)).ToHttpResult())
            .WithTags("Indicators")
            .WithName("Dashboard")
            .WithSummary("A unit's dashboard for a year: the figures against targets, each indicator's trend over the last five years (closed years kept once computed), and its provinces or facilities side by side.");

        api.MapGet("/indicators/{code}/members", async (string code, string? unit, int? facility, DateOnly? asOf, string? plan, string? set, int? page, int? pageSize,
                string? format, IndicatorService service, Features.Audit.AuditLog audit, CancellationToken ct) =>
            {
                var xlsx = XlsxList.Wanted(format);
                var members = await service.MembersAsync(code, new IndicatorService.Request(unit, facility, asOf, plan), set, page, pageSize, all: xlsx, ct: ct);
                if (!xlsx || !members.Succeeded)
                {
                    return members.ToHttpResult();
                }

                await audit.RecordExportAsync($"{members.Value!.Code}:{members.Value.Set}", members.Value.Count, ct);
                return IndicatorSpreadsheets.Members(members.Value);
            })
            .WithTags("Indicators")
            .WithName("IndicatorMembers")
            .WithSummary("Who or which facility is behind a figure: set = numerator | denominator | missing; page (from 1) and pageSize (1–1000, default 100); count is the whole list.");

        api.MapGet("/indicators/{code}/measure-report", async (string code, string? unit, int? facility, DateOnly? asOf, string? plan, IndicatorService service,
                TimeProvider time, CancellationToken ct) =>
            {
                var computed = await service.ComputeAsync(new IndicatorService.Request(unit, facility, asOf, plan), ct);
                return computed.ToHttpResult(report =>
                {
                    var row = report.Indicators.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));
                    if (row is null)
                    {
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"Không có chỉ tiêu mã {code}."] }, title: "Dữ liệu không hợp lệ.");
                    }

                    var fhir = MeasureReportMapper.ToMeasureReport(row, report.UnitCode, report.UnitName, report.AsOf, time.GetUtcNow());
                    return Results.Text(MeasureReportMapper.ToJson(fhir), "application/fhir+json", System.Text.Encoding.UTF8);
                });
            })
            .WithTags("Indicators")
            .WithName("IndicatorMeasureReport")
            .WithSummary("One indicator as an HL7 FHIR R4 MeasureReport (summary: numerator and denominator populations, measure score).");

        api.MapGet("/data-quality", async (string? unit, int? facility, DateOnly? asOf, string? plan, string? format, IndicatorService service, Features.Audit.AuditLog audit,
                CancellationToken ct) =>
            {
                var xlsx = XlsxList.Wanted(format);
                var findings = await service.DataQualityAsync(new IndicatorService.Request(unit, facility, asOf, plan), all: xlsx, ct: ct);
                if (!xlsx || !findings.Succeeded)
                {
                    return findings.ToHttpResult();
                }

                await audit.RecordExportAsync("data-quality", findings.Value!.Sum(f => f.Items.Count), ct);
                return IndicatorSpreadsheets.DataQuality(findings.Value!);
            })
            .WithTags("Indicators")
            .WithName("DataQuality")
            .WithSummary("People without intake screening, overdue periodic checks, facilities without a recent readiness assessment, expired or missing BHYT cards, stays with no encounter.");

        api.MapGet("/lists/uninsured", async (string? unit, int? facility, DateOnly? asOf, string? plan, string? format, IndicatorService service,
                Features.Audit.AuditLog audit, CancellationToken ct) =>
            {
                var rows = await service.UninsuredAsync(new IndicatorService.Request(unit, facility, asOf, plan), ct);
                if (!XlsxList.Wanted(format) || !rows.Succeeded)
                {
                    return rows.ToHttpResult();
                }

                await audit.RecordExportAsync("uninsured", rows.Value!.Count, ct);
                return IndicatorSpreadsheets.Uninsured(rows.Value!);
            })
            .WithTags("Indicators")
            .WithName("UninsuredList")
            .WithSummary("Served people without a health-insurance card valid on the date (name, birth date, CCCD, address, facility), for the social-insurance agency; format=xlsx for a spreadsheet.");

        api.MapGet("/plans", async (AnSinhDbContext db, Auth.AccessScope scope, CancellationToken ct) =>
            {
                // The plans of the caller's area, as the plans page shows them.
                var resolved = await scope.ResolveAsync(ct);
                var units = resolved.UnitIds;
                return Results.Ok(await db.Plans.AsNoTracking().Where(p => resolved.IsNational || units.Contains(p.IssuerUnitId)).OrderBy(p => p.Id).Select(p => new
                {
                    p.Id,
                    p.Code,
                    p.Issuer,
                    IssuerUnitCode = db.AdminUnits.Where(u => u.Id == p.IssuerUnitId).Select(u => u.Code).FirstOrDefault(),
                    p.Number,
                    p.IssuedOn,
                    p.Title,
                    p.ReportDue,
                    Phases = p.Phases.OrderBy(x => x.StartYear).Select(x => new { x.StartYear, x.EndYear }).ToList(),
                    Targets = p.Targets.OrderBy(t => t.PhaseEndYear).ThenBy(t => t.IndicatorCode).Select(t => new
                    {
                        t.IndicatorCode,
                        t.PhaseEndYear,
                        Comparator = t.Comparator == Comparator.Equal ? "=" : ">=",
                        t.Value,
                        t.ThresholdX,
                        t.Source,
                    }).ToList(),
                    Tasks = p.Tasks.Count,
                }).AsSplitQuery().ToListAsync(ct));
            })
            .WithTags("Plans")
            .WithName("Plans")
            .WithSummary("Plans with their phases and targets.");
        return api;
    }
}
