using System.Globalization;
using System.Text.Json;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

public sealed class BulkExportOptions
{
    /// <summary>Where the NDJSON files are written; data/bulk-export under the content root when empty.</summary>
    public string? Folder { get; set; }

    /// <summary>How long a finished export's files are kept (minutes).</summary>
    public int KeepMinutes { get; set; } = 24 * 60;
}

/// <summary>
/// FHIR Bulk Data Access (v2) $export at system, Patient and Group level: an asynchronous kick-off (202 with the
/// status address), status polling (202 with X-Progress, then the manifest), NDJSON files for the asker only, a
/// DELETE to cancel. A Group is a facility (Group/{facility id}) or an administrative unit (Group/unit-{code}).
/// </summary>
public static class BulkExportApi
{
    public static readonly string[] Types = ["Patient", "Observation", "Condition", "Organization"];
    public const string NdjsonType = "application/fhir+ndjson";

    public static void MapBulkExport(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/$export", (HttpContext http, AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock, BulkExportWorker worker, AuditLog audit,
                CancellationToken ct) => KickOffAsync(http, "system", null, db, scope, user, clock, worker, audit, ct))
            .WithName("FhirExportSystem").WithSummary("Bulk export of everything in the caller's scope (Prefer: respond-async).");
        fhir.MapGet("/Patient/$export", (HttpContext http, AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock, BulkExportWorker worker,
                AuditLog audit, CancellationToken ct) => KickOffAsync(http, "patient", null, db, scope, user, clock, worker, audit, ct))
            .WithName("FhirExportPatients").WithSummary("Bulk export of the patients in scope and their records.");
        fhir.MapGet("/Group/{id}/$export", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock,
                BulkExportWorker worker, AuditLog audit, CancellationToken ct) => KickOffAsync(http, "group", id, db, scope, user, clock, worker, audit, ct))
            .WithName("FhirExportGroup").WithSummary("Bulk export of a facility (Group/{facility id}) or an administrative unit (Group/unit-{code}).");
        fhir.MapGet("/$export-status/{id:guid}", StatusAsync).WithName("FhirExportStatus").WithSummary("202 while running (X-Progress), then the manifest.");
        fhir.MapDelete("/$export-status/{id:guid}", CancelAsync).WithName("FhirExportCancel").WithSummary("Cancel an export and delete its files.");
        fhir.MapGet("/$export-file/{id:guid}/{file}", FileAsync).WithName("FhirExportFile").WithSummary("One NDJSON file of a finished export (its asker only).");
    }

    private static async Task<IResult> KickOffAsync(HttpContext http, string level, string? groupId, AnSinhDbContext db, AccessScope scope, CurrentUser user,
        Clock clock, BulkExportWorker worker, AuditLog audit, CancellationToken ct)
    {
        // A group outside the caller's scope is not found, whatever else the request says.
        if (groupId is not null && await BulkExportWriter.GroupAsync(groupId, scope, db, ct) is null)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có Group/{groupId} (Group/<mã cơ sở> hoặc Group/unit-<mã đơn vị hành chính>) trong phạm vi của bạn.");
        }

        var q = http.Request.Query;
        if (q.Keys.FirstOrDefault(k => k is not ("_type" or "_since" or "_outputFormat")) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số \"{unknown}\" không được hỗ trợ cho $export; dùng: _type, _since, _outputFormat.");
        }

        if (!http.Request.Headers["Prefer"].ToString().Contains("respond-async", StringComparison.OrdinalIgnoreCase))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Required,
                "$export chạy nền: hãy gửi tiêu đề Prefer: respond-async.");
        }

        if (q["_outputFormat"].ToString() is { Length: > 0 } format && format is not (NdjsonType or "application/ndjson" or "ndjson"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"_outputFormat \"{format}\" không được hỗ trợ; AnSinh xuất {NdjsonType}.");
        }

        var types = q["_type"].ToString() is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
            : level == "system" ? [.. Types] : Types.Where(t => t != "Organization").ToList();
        if (types.FirstOrDefault(t => !Types.Contains(t)) is { } badType)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"_type \"{badType}\" không được hỗ trợ; dùng: {string.Join(", ", Types)}.");
        }

        DateTimeOffset? since = null;
        if (q["_since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || sinceText.Length < 20)
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
                    $"_since \"{sinceText}\" phải là một thời điểm FHIR (yyyy-MM-ddTHH:mm:ss+07:00).");
            }

            since = parsed.ToUniversalTime(); // stored and compared in UTC (SQLite compares the stored form)
        }

        var job = new BulkExport
        {
            Id = Guid.NewGuid(),
            RequestedById = user.Id ?? "",
            RequestedByName = user.UserName ?? "",
            Claims = ReplayedUser.Serialize(http.User),
            Request = $"{FhirApi.Base(http)}{http.Request.Path.Value?["/fhir".Length..]}{http.Request.QueryString}",
            Level = level,
            GroupId = groupId,
            Types = string.Join(',', types),
            Since = since,
            Status = BulkExportStatus.Queued,
            CreatedAt = clock.Now,
        };
        db.BulkExports.Add(job);
        audit.Add(AuditActions.BulkExport, null, "BulkExport", job.Id.ToString(), $"level={level}; group={groupId}; types={job.Types}");
        await db.SaveChangesAsync(ct);
        worker.Enqueue(job.Id);
        http.Response.Headers["Content-Location"] = $"{FhirApi.Base(http)}/$export-status/{job.Id}";
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<BulkExport?> OwnAsync(Guid id, AnSinhDbContext db, CurrentUser user, CancellationToken ct) =>
        await db.BulkExports.FirstOrDefaultAsync(e => e.Id == id && e.RequestedById == user.Id, ct);

    private static async Task<IResult> StatusAsync(Guid id, HttpContext http, AnSinhDbContext db, CurrentUser user, CancellationToken ct)
    {
        var job = await OwnAsync(id, db, user, ct);
        switch (job?.Status)
        {
            case BulkExportStatus.Queued or BulkExportStatus.Running:
                // Header values are ASCII: the progress is written as "1500/20000 patients".
                http.Response.Headers["X-Progress"] = job.Progress ?? "queued";
                http.Response.Headers.RetryAfter = "2";
                return Results.StatusCode(StatusCodes.Status202Accepted);
            case BulkExportStatus.Completed:
                http.Response.Headers.Expires = job.ExpiresAt?.ToString("R", CultureInfo.InvariantCulture);
                var files = JsonSerializer.Deserialize<List<BulkExportWriter.OutputFile>>(job.Output ?? "[]") ?? [];
                return Results.Json(new
                {
                    transactionTime = job.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    request = job.Request,
                    requiresAccessToken = true,
                    output = files.Select(f => new { type = f.Type, url = $"{FhirApi.Base(http)}/$export-file/{job.Id}/{f.File}", count = f.Count }),
                    error = Array.Empty<object>(),
                });
            case BulkExportStatus.Failed:
                return FhirApi.Outcome(http, StatusCodes.Status500InternalServerError, R4.OperationOutcome.IssueType.Exception,
                    $"Xuất dữ liệu thất bại: {job.Error}");
            default:
                return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                    "Không có yêu cầu xuất này của bạn, hoặc tệp đã hết hạn, hoặc yêu cầu đã bị hủy.");
        }
    }

    private static async Task<IResult> CancelAsync(Guid id, HttpContext http, AnSinhDbContext db, CurrentUser user, BulkExportWorker worker, CancellationToken ct)
    {
        if (await OwnAsync(id, db, user, ct) is not { Status: BulkExportStatus.Queued or BulkExportStatus.Running or BulkExportStatus.Completed } job)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "Không có yêu cầu xuất này của bạn.");
        }

        job.Status = BulkExportStatus.Cancelled;
        await db.SaveChangesAsync(ct);
        worker.DeleteFiles(job.Id);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> FileAsync(Guid id, string file, HttpContext http, AnSinhDbContext db, CurrentUser user, BulkExportWorker worker,
        CancellationToken ct)
    {
        var job = await OwnAsync(id, db, user, ct);
        var files = job is { Status: BulkExportStatus.Completed } ? JsonSerializer.Deserialize<List<BulkExportWriter.OutputFile>>(job.Output ?? "[]") ?? [] : [];
        // Only a name the manifest lists: the address cannot reach another file.
        if (files.FirstOrDefault(f => f.File == file) is not { } listed || worker.PathOf(id, listed.File) is not { } path || !File.Exists(path))
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "Không có tệp này, hoặc tệp đã hết hạn.");
        }

        return Results.File(path, NdjsonType);
    }
}

/// <summary>The asker's identity as the export replays it: claims with the name and role claim types of their sign-in.</summary>
/// <summary>A user's claims kept with a background job, so that the job runs later with the scope and audit name they had.</summary>
public sealed record ReplayedUser(string NameType, string RoleType, List<string[]> Claims)
{
    public static string Serialize(System.Security.Claims.ClaimsPrincipal user)
    {
        var identity = user.Identity as System.Security.Claims.ClaimsIdentity;
        return JsonSerializer.Serialize(new ReplayedUser(identity?.NameClaimType ?? System.Security.Claims.ClaimTypes.Name,
            identity?.RoleClaimType ?? System.Security.Claims.ClaimTypes.Role, user.Claims.Select(c => new[] { c.Type, c.Value }).ToList()));
    }

    /// <summary>Makes the kept user the current one of a background scope (the scope services read it from the accessor).</summary>
    public static void Replay(string claims, string authenticationType, IServiceProvider services)
    {
        var kept = JsonSerializer.Deserialize<ReplayedUser>(claims)!;
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                kept.Claims.Select(c => new System.Security.Claims.Claim(c[0], c[1])), authenticationType, kept.NameType, kept.RoleType)),
        };
    }
}
