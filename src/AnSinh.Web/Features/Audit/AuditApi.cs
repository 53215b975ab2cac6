using AnSinh.Data;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Audit;

public sealed record AuditEventView(long Id, DateTimeOffset At, string? UserName, string Action, int? BeneficiaryId, string? EntityType,
    string? EntityId, string? IpAddress, string? Detail);

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (int? beneficiaryId, int? take, AnSinhDbContext db, AccessScope scope, CurrentUser user, CancellationToken ct) =>
            {
                if (!user.IsAdmin && !user.IsInRole(Roles.FacilityManager))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chỉ quản trị và lãnh đạo cơ sở được xem nhật ký truy cập.");
                }

                return Results.Ok(await QueryAsync(db, scope, beneficiaryId, take ?? 100, ct));
            })
            .WithTags("Audit")
            .WithName("AuditEvents")
            .WithSummary("Who read or changed which person's record, newest first, within the caller's scope.");
        return api;
    }

    public static async Task<IReadOnlyList<AuditEventView>> QueryAsync(AnSinhDbContext db, AccessScope scope, int? beneficiaryId, int take, CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var events = db.AuditEvents.AsNoTracking();
        var resolved = await scope.ResolveAsync(ct);
        if (!resolved.IsNational)
        {
            events = events.Where(e => e.BeneficiaryId != null && people.Any(p => p.Id == e.BeneficiaryId));
        }

        if (beneficiaryId is not null)
        {
            events = events.Where(e => e.BeneficiaryId == beneficiaryId);
        }

        return await events.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(e => new AuditEventView(e.Id, e.At, e.UserName, e.Action, e.BeneficiaryId, e.EntityType, e.EntityId, e.IpAddress, e.Detail))
            .ToListAsync(ct);
    }
}
