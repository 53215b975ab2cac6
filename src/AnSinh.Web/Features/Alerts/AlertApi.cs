using AnSinh.Domain.Alerts;
using AnSinh.Web.Auth;

namespace AnSinh.Web.Features.Alerts;

/// <summary>Health alerts (issue #12), scoped like the records: <c>GET /api/alerts</c>, acknowledge, resolve, the officers' summary, and a run now.</summary>
public static class AlertApi
{
    /// <summary>The item shape scripts rely on (the issue's), plus the rule's name, the facility and who acted.</summary>
    public sealed record AlertItem(int Id, string Rule, string RuleName, AlertSeverity Severity, int BeneficiaryId, int FacilityId, DateTimeOffset RaisedAt,
        DateTimeOffset LastFoundAt, string Message, AlertStatus Status, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ClosedAt,
        string? ClosedBy, string? ResolutionNote);

    public static RouteGroupBuilder MapAlertApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("/", async (string? status, int? beneficiaryId, int? facility, string? severity, string? rule, int? skip, int? take, AlertService service,
                CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var listStatus = status?.ToLowerInvariant() switch
                {
                    null or "" or "open" => AlertListStatus.Open,
                    "closed" => AlertListStatus.Closed,
                    "all" => AlertListStatus.All,
                    _ => (AlertListStatus?)null,
                };
                if (listStatus is null)
                {
                    errors["status"] = ["Trạng thái phải là open, closed hoặc all."];
                }

                if (!AlertCatalog.TryParseSeverity(severity, out var level))
                {
                    errors["severity"] = ["Mức độ phải là Urgent, Attention hoặc Reminder."];
                }

                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: "Dữ liệu không hợp lệ.");
                }

                var result = await service.ListAsync(new AlertFilter(listStatus!.Value, beneficiaryId, facility, level, string.IsNullOrEmpty(rule) ? null : rule,
                    skip ?? 0, take ?? 100), ct);
                return result.ToHttpResult(list => Results.Ok(new
                {
                    items = list.Items.Select(a => new AlertItem(a.Id, a.Rule, AlertCatalog.Find(a.Rule)?.NameVi ?? a.Rule, a.Severity, a.BeneficiaryId,
                        a.FacilityId, a.RaisedAt, a.LastFoundAt, a.Message, a.Status, a.AcknowledgedAt, a.AcknowledgedBy, a.ClosedAt, a.ClosedBy, a.ResolutionNote)),
                    total = list.Total,
                    counts = Enum.GetValues<AlertSeverity>().ToDictionary(s => s.ToString(), s => list.Counts.GetValueOrDefault(s)),
                }));
            })
            .WithName("Alerts")
            .WithSummary("Alerts most urgent first: status=open (default; open or acknowledged) | closed | all, beneficiaryId, facility, severity, rule, skip, take (≤ 500). Clinicians, managers and administrators only.");
        alerts.MapPost("/{id:int}/acknowledge", async (int id, AlertService service, CancellationToken ct) =>
                (await service.AcknowledgeAsync(id, ct)).ToHttpResult(aid => Results.Ok(new { id = aid, status = AlertStatus.Acknowledged })))
            .WithName("AcknowledgeAlert")
            .WithSummary("Marks an open alert seen (who and when are kept); it stays on the worklist until resolved.");
        alerts.MapPost("/{id:int}/resolve", async (int id, AlertResolveInput input, AlertService service, CancellationToken ct) =>
                (await service.ResolveAsync(id, input, ct)).ToHttpResult(aid => Results.Ok(new { id = aid, status = AlertStatus.Resolved })))
            .WithName("ResolveAlert")
            .WithSummary("Closes an alert {note}; an urgent alert needs the note.");
        alerts.MapGet("/summary", async (AlertService service, CancellationToken ct) => Results.Ok(await service.SummaryAsync(ct: ct)))
            .WithName("AlertSummary")
            .WithSummary("Open alerts per facility in scope and rule: counts by severity and the oldest raisedAt, no names.");
        alerts.MapPost("/run", async (AlertRun run, CurrentUser user, Audit.AuditLog audit, AnSinh.Data.AnSinhDbContext db, CancellationToken ct) =>
            {
                if (!user.IsAdmin)
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chỉ quản trị hệ thống được chạy quy tắc cảnh báo.");
                }

                var result = await run.RunAsync(ct: ct);
                audit.Add(Audit.AuditActions.RunAlerts, null, "AlertRun", null,
                    $"people={result.People}; raised={result.Raised}; updated={result.Updated}; closed={result.Closed}; rows={result.RowsRead}");
                await db.SaveChangesAsync(ct);
                return Results.Ok(result);
            })
            .WithName("RunAlerts")
            .WithSummary("Runs the time-based rules now over everyone in care (system administrators); answers what it raised, updated and closed.");
        return api;
    }
}
