using AnSinh.Data;
using AnSinh.Domain.Alerts;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Alerts;

public sealed class AlertOptions
{
    public AlertThresholds Thresholds { get; set; } = new();

    /// <summary>Minutes between scheduled runs of the time-based rules; 0 turns the background run off (the API can still run it).</summary>
    public int RunEveryMinutes { get; set; } = 60;

    /// <summary>Minutes after start-up before the first scheduled run, so a starting site serves pages first.</summary>
    public int FirstRunAfterMinutes { get; set; } = 2;
}

/// <summary>
/// Applies what the rules found about one person to their open alerts, inside the transaction of the record that was
/// saved: raises, updates or closes (<see cref="AlertReconciler"/>). Two saves at once cannot raise one rule twice: the
/// unique index refuses the second insert and that finding updates the alert the other save raised.
/// </summary>
public sealed class AlertRaiser(AnSinhDbContext db, IOptions<AlertOptions> options, Clock clock)
{
    public AlertThresholds Thresholds => options.Value.Thresholds;

    public async Task ApplyAsync(int beneficiaryId, int facilityId, IReadOnlyCollection<string> evaluated, IReadOnlyList<AlertFinding> findings, string? source,
        CancellationToken ct)
    {
        if (evaluated.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var open = await db.Alerts.Where(a => a.BeneficiaryId == beneficiaryId && a.Status < AlertStatus.Resolved && evaluated.Contains(a.Rule)).ToListAsync(ct);
            var plan = AlertReconciler.Reconcile(open, evaluated, findings);
            var (added, _) = Apply(plan, beneficiaryId, facilityId, source);
            try
            {
                // Inside the caller's transaction EF saves to a savepoint, so a refused insert leaves the record's own rows in place.
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt == 1 && UniqueViolation.Is(e, UniqueViolation.OneOpenAlert))
            {
                foreach (var alert in added)
                {
                    db.Entry(alert).State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>
    /// Stages the plan's changes on the context (the caller saves); returns the alerts added and how many open ones
    /// changed. <paramref name="seenAgain"/>: a record saved again, not the scheduled run re-finding the same thing.
    /// </summary>
    public (List<Alert> Added, int Updated) Apply(AlertReconciler.Plan plan, int beneficiaryId, int facilityId, string? source, bool seenAgain = true)
    {
        var now = clock.Now;
        var added = plan.ToRaise.Select(f => new Alert
        {
            BeneficiaryId = beneficiaryId, FacilityId = facilityId, Rule = f.Rule, Severity = f.Severity, Message = Fit(f.MessageVi), RaisedAt = now, LastFoundAt = now,
            Source = source, ConditionKey = f.Key,
        }).ToList();
        db.Alerts.AddRange(added);
        var updated = plan.ToUpdate.Count(u => AlertReconciler.Refresh(u.Alert, u.Finding with { MessageVi = Fit(u.Finding.MessageVi) }, now, seenAgain));

        foreach (var alert in plan.ToClose)
        {
            alert.Status = AlertStatus.Closed;
            alert.ClosedAt = now;
            alert.ClosedBy = null;
            alert.ResolutionNote = "Tự đóng: điều kiện cảnh báo không còn.";
        }

        return (added, updated);
    }

    private static string Fit(string message) => message.Length <= 1000 ? message : message[..999] + "…";
}
