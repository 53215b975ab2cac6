using AnSinh.Data;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Audit;

public sealed record AuditEventView(long Id, DateTimeOffset At, string? UserName, string Action, int? BeneficiaryId, string? EntityType,
    string? EntityId, string? IpAddress, string? Detail);

/// <summary>What an auditor asks: whose actions, which kind, about whom, between which days (Viet Nam time).</summary>
public sealed record AuditFilter(string? User = null, string? Action = null, int? BeneficiaryId = null, DateOnly? From = null, DateOnly? To = null,
    long? Before = null);

public static class AuditApi
{
    public const int PageSize = 200;
    public const int MaxExportRows = 50_000;

    public static bool MayRead(CurrentUser user) => user.IsAdmin || user.IsInRole(Roles.FacilityManager);

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (int? beneficiaryId, string? user, string? action, DateOnly? from, DateOnly? to, long? before, int? take, string? format,
                AnSinhDbContext db, AccessScope scope, CurrentUser caller, AuditLog audit, CancellationToken ct) =>
            {
                if (!MayRead(caller))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chỉ quản trị và lãnh đạo cơ sở được xem nhật ký truy cập.");
                }

                if (DateProblems(from, to) is { } problems)
                {
                    return Results.ValidationProblem(problems, title: "Dữ liệu không hợp lệ.");
                }

                var filter = new AuditFilter(user, action, beneficiaryId, from, to, before);
                if (!XlsxList.Wanted(format))
                {
                    return Results.Ok(await QueryAsync(db, scope, filter, Math.Min(take ?? 100, 1000), ct));
                }

                var rows = await QueryAsync(db, scope, filter, MaxExportRows, ct);
                await audit.RecordExportAsync("audit", rows.Count, ct);
                return XlsxList.File("nhat-ky-truy-cap.xlsx", "Nhật ký truy cập",
                    [new("Thời điểm", 18), new("Người dùng", 20), new("Thao tác", 28), new("Mã thao tác", 20), new("Hồ sơ", 10), new("Địa chỉ IP", 16), new("Chi tiết", 60)],
                    rows.Select(e => (IReadOnlyList<object?>)[Clock.ToLocal(e.At).DateTime, e.UserName, AuditLabels.Action(e.Action), e.Action, e.BeneficiaryId, e.IpAddress, e.Detail]));
            })
            .WithTags("Audit")
            .WithName("AuditEvents")
            .WithSummary("Who read or changed what, newest first, within the caller's scope; filters user (part of the name), action, beneficiaryId, from/to (dates), before (an id, for the next page); format=xlsx for a spreadsheet (at most 50,000 rows).");
        return api;
    }

    /// <summary>The trail starts with the system: days before 2000 or after 2100 are typing mistakes.</summary>
    public static Dictionary<string, string[]>? DateProblems(DateOnly? from, DateOnly? to)
    {
        var problems = new Dictionary<string, string[]>();
        foreach (var (field, day) in new[] { ("from", from), ("to", to) })
        {
            if (day is { Year: < 2000 or > 2100 })
            {
                problems[field] = ["Ngày phải trong khoảng năm 2000 đến 2100."];
            }
        }

        if (problems.Count == 0 && from is { } f && to is { } t && t < f)
        {
            problems["to"] = ["Đến ngày không được trước từ ngày."];
        }

        return problems.Count == 0 ? null : problems;
    }

    public static async Task<IReadOnlyList<AuditEventView>> QueryAsync(AnSinhDbContext db, AccessScope scope, AuditFilter filter, int take, CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var events = db.AuditEvents.AsNoTracking();
        var resolved = await scope.ResolveAsync(ct);
        if (!resolved.IsNational)
        {
            events = events.Where(e => e.BeneficiaryId != null && people.Any(p => p.Id == e.BeneficiaryId));
        }

        if (filter.BeneficiaryId is { } person)
        {
            events = events.Where(e => e.BeneficiaryId == person);
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var pattern = AnSinh.Domain.Text.VietnameseText.ContainsPattern(filter.User.Trim().ToLowerInvariant());
            events = events.Where(e => e.UserName != null && EF.Functions.Like(e.UserName.ToLower(), pattern, AnSinh.Domain.Text.VietnameseText.LikeEscape));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            events = events.Where(e => e.Action == filter.Action);
        }

        // Days are Viet Nam days: from 00:00 of the first to 24:00 of the last, as UTC instants.
        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            events = events.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            events = events.Where(e => e.At < end);
        }

        if (filter.Before is { } before)
        {
            events = events.Where(e => e.Id < before);
        }

        return await events.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, MaxExportRows))
            .Select(e => new AuditEventView(e.Id, e.At, e.UserName, e.Action, e.BeneficiaryId, e.EntityType, e.EntityId, e.IpAddress, e.Detail))
            .ToListAsync(ct);
    }

    private static DateTimeOffset StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Clock.VietNam.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
}
