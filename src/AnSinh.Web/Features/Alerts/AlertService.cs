using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Alerts;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Alerts;

public enum AlertListStatus
{
    /// <summary>Open or acknowledged: still on the worklist.</summary>
    Open = 1,
    /// <summary>Resolved by a clinician or closed by the system.</summary>
    Closed = 2,
    All = 3,
}

public sealed record AlertFilter(AlertListStatus Status = AlertListStatus.Open, int? BeneficiaryId = null, int? FacilityId = null, AlertSeverity? Severity = null,
    string? Rule = null, int Skip = 0, int Take = 100);

public sealed record AlertRow(int Id, string Rule, AlertSeverity Severity, int BeneficiaryId, string FullName, int FacilityId, string FacilityName,
    DateTimeOffset RaisedAt, DateTimeOffset LastFoundAt, string Message, AlertStatus Status, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? ResolutionNote);

/// <param name="Counts">Open alerts by severity under the same filter (severity aside).</param>
public sealed record AlertList(IReadOnlyList<AlertRow> Items, int Total, IReadOnlyDictionary<AlertSeverity, int> Counts);

/// <summary>Open alerts of one facility by rule, for an officer: counts and the oldest, no names.</summary>
public sealed record AlertSummaryLine(int FacilityId, string FacilityName, string Rule, int Urgent, int Attention, int Reminder, DateTimeOffset OldestRaisedAt);

public sealed class AlertResolveInput
{
    public AlertResolveInput()
    {
    }

    public AlertResolveInput(string? note) => Note = note;

    /// <summary>What was done; required for an urgent alert.</summary>
    public string? Note { get; set; }
}

/// <summary>
/// The worklist and what a clinician does with an alert. Clinicians and managers see their facility's alerts, with
/// names; an administrator sees every facility's; province and national officers see counts by facility and rule
/// (<see cref="SummaryAsync"/>), not the people.
/// </summary>
public sealed class AlertService(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock)
{
    public bool SeesPeople => user.IsInRole(Roles.Clinician) || user.IsInRole(Roles.FacilityManager) || user.IsAdmin;

    private async Task<IQueryable<Alert>> VisibleAsync(CancellationToken ct)
    {
        var resolved = await scope.ResolveAsync(ct);
        var ids = resolved.FacilityIds;
        return resolved.IsNational ? db.Alerts : db.Alerts.Where(a => ids.Contains(a.FacilityId));
    }

    public async Task<ServiceResult<AlertList>> ListAsync(AlertFilter filter, CancellationToken ct = default)
    {
        if (!SeesPeople)
        {
            return ServiceResult<AlertList>.Denied("Cán bộ quản lý xem số cảnh báo theo cơ sở và quy tắc (trang Giám sát), không xem danh sách từng người.");
        }

        var errors = new ValidationErrors();
        errors.AddIf(filter.Severity is { } s && !Enum.IsDefined(s), "severity", "Mức độ phải là Urgent, Attention hoặc Reminder.");
        errors.AddIf(!Enum.IsDefined(filter.Status), "status", "Trạng thái phải là open, closed hoặc all.");
        errors.AddIf(filter.Rule is not null && AlertCatalog.Find(filter.Rule) is null, "rule", "Quy tắc không có trong danh mục cảnh báo.");
        errors.AddIf(filter.Take is < 1 or > 500, "take", "Lấy từ 1 đến 500 cảnh báo mỗi lần.");
        errors.AddIf(filter.Skip < 0, "skip", "Bỏ qua từ 0 cảnh báo trở lên.");
        if (filter.FacilityId is { } f && !await scope.CanAccessFacilityAsync(f, ct))
        {
            return ServiceResult<AlertList>.Missing();
        }

        if (filter.BeneficiaryId is { } one && !await (await scope.BeneficiariesAsync(ct)).AnyAsync(b => b.Id == one, ct))
        {
            return ServiceResult<AlertList>.Missing();
        }

        if (!errors.IsValid)
        {
            return ServiceResult<AlertList>.Invalid(errors);
        }

        var query = (await VisibleAsync(ct)).AsNoTracking();
        query = filter.Status switch
        {
            AlertListStatus.Open => query.Where(a => a.Status < AlertStatus.Resolved),
            AlertListStatus.Closed => query.Where(a => a.Status >= AlertStatus.Resolved),
            _ => query,
        };
        if (filter.BeneficiaryId is { } person)
        {
            query = query.Where(a => a.BeneficiaryId == person);
        }

        if (filter.FacilityId is { } facility)
        {
            query = query.Where(a => a.FacilityId == facility);
        }

        if (AlertCatalog.Find(filter.Rule) is { } rule)
        {
            query = query.Where(a => a.Rule == rule.Code);
        }

        var counts = (await query.GroupBy(a => a.Severity).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        if (filter.Severity is { } severity)
        {
            query = query.Where(a => a.Severity == severity);
        }

        var total = filter.Severity is { } only ? counts.GetValueOrDefault(only) : counts.Values.Sum();
        var items = await query
            .OrderByDescending(a => a.Severity).ThenByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Skip(filter.Skip).Take(filter.Take)
            .Join(db.Beneficiaries, a => a.BeneficiaryId, b => b.Id, (a, b) => new { a, b.FullName })
            .Join(db.Facilities, x => x.a.FacilityId, f => f.Id, (x, f) => new AlertRow(x.a.Id, x.a.Rule, x.a.Severity, x.a.BeneficiaryId, x.FullName,
                x.a.FacilityId, f.Name, x.a.RaisedAt, x.a.LastFoundAt, x.a.Message, x.a.Status, x.a.AcknowledgedAt, x.a.AcknowledgedBy, x.a.ClosedAt,
                x.a.ClosedBy, x.a.ResolutionNote))
            .ToListAsync(ct);
        // The join loses the order on some providers; put it back.
        items = items.OrderByDescending(a => a.Severity).ThenByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).ToList();
        await audit.RecordListViewAsync(ListName(filter), items.Count, ct);
        return ServiceResult<AlertList>.Ok(new AlertList(items, total, counts));
    }

    public async Task<ServiceResult<int>> AcknowledgeAsync(int id, CancellationToken ct = default)
    {
        var (alert, refusal) = await WritableAsync(id, ct);
        if (alert is null)
        {
            return refusal!;
        }

        if (alert.Status == AlertStatus.Open)
        {
            alert.Status = AlertStatus.Acknowledged;
            alert.AcknowledgedAt = clock.Now;
            alert.AcknowledgedBy = user.UserName;
            audit.Add(AuditActions.AcknowledgeAlert, alert.BeneficiaryId, "Alert", Id(alert.Id), $"rule={alert.Rule}; severity={alert.Severity}");
            await db.SaveChangesAsync(ct);
        }

        return ServiceResult<int>.Ok(alert.Id);
    }

    public async Task<ServiceResult<int>> ResolveAsync(int id, AlertResolveInput input, CancellationToken ct = default)
    {
        var (alert, refusal) = await WritableAsync(id, ct);
        if (alert is null)
        {
            return refusal!;
        }

        var note = input.Note?.Trim();
        var errors = new ValidationErrors();
        // The form's text is checked here as the API's is while its JSON is read: no control or only-invisible characters.
        if (InputRules.Text(note) is { } problem)
        {
            errors.Add("note", "Ghi chú " + problem);
        }
        else
        {
            // A note says something: one letter or digit at least (zero-width spaces look like a note and are not).
            errors.AddIf(alert.Severity == AlertSeverity.Urgent && note?.Any(char.IsLetterOrDigit) != true, "note", "Cảnh báo khẩn: ghi đã xử trí thế nào trước khi đóng.");
            errors.AddIf(note?.Length > 1000, "note", "Ghi chú tối đa 1.000 ký tự.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var now = clock.Now;
        alert.Status = AlertStatus.Resolved;
        alert.AcknowledgedAt ??= now;
        alert.AcknowledgedBy ??= user.UserName;
        alert.ClosedAt = now;
        alert.ClosedBy = user.UserName;
        alert.ResolutionNote = string.IsNullOrEmpty(note) ? null : note;
        audit.Add(AuditActions.ResolveAlert, alert.BeneficiaryId, "Alert", Id(alert.Id), $"rule={alert.Rule}; severity={alert.Severity}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(alert.Id);
    }

    /// <summary>An open alert the user may act on; or why not (not found or out of scope: 404; closed: 409; no clinical role: 403).</summary>
    private async Task<(Alert? Alert, ServiceResult<int>? Refusal)> WritableAsync(int id, CancellationToken ct)
    {
        var alert = await (await VisibleAsync(ct)).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return (null, ServiceResult<int>.Missing());
        }

        if (!user.CanWriteRecords)
        {
            return (null, ServiceResult<int>.Denied("Chỉ nhân viên y tế và quản lý cơ sở xử lý cảnh báo."));
        }

        if (!alert.IsOpen)
        {
            return (null, ServiceResult<int>.Stale(Single("status", $"Cảnh báo đã được đóng lúc {Labels.DateTime(alert.ClosedAt ?? clock.Now)}{(alert.ClosedBy is { } by ? " bởi " + by : " (tự đóng)")}.")));
        }

        return (alert, null);
    }

    /// <summary>Open alerts per facility in scope (optionally within one unit's facilities) and rule: counts, no names.</summary>
    public async Task<IReadOnlyList<AlertSummaryLine>> SummaryAsync(IReadOnlyCollection<int>? facilityIds = null, CancellationToken ct = default)
    {
        var query = (await VisibleAsync(ct)).AsNoTracking().Where(a => a.Status < AlertStatus.Resolved);
        if (facilityIds is not null)
        {
            query = query.Where(a => facilityIds.Contains(a.FacilityId));
        }

        var rows = await query.GroupBy(a => new { a.FacilityId, a.Rule })
            .Select(g => new
            {
                g.Key.FacilityId, g.Key.Rule,
                Urgent = g.Count(a => a.Severity == AlertSeverity.Urgent),
                Attention = g.Count(a => a.Severity == AlertSeverity.Attention),
                Reminder = g.Count(a => a.Severity == AlertSeverity.Reminder),
                Oldest = g.Min(a => a.RaisedAt),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.FacilityId).Distinct().ToList();
        var names = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        return rows.Select(r => new AlertSummaryLine(r.FacilityId, names.GetValueOrDefault(r.FacilityId, ""), r.Rule, r.Urgent, r.Attention, r.Reminder, r.Oldest))
            .OrderBy(r => r.FacilityName, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false)).ThenBy(r => r.Rule).ToList();
    }

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    private static string ListName(AlertFilter f) =>
        "alerts" + (f.FacilityId is { } fac ? $":facility={fac}" : "") + (f.BeneficiaryId is { } b ? $":person={b}" : "");

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
