using System.Text;
using AnSinh.Data;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// POST /fhir with a transaction or batch Bundle of creates and updates of the types AnSinh writes (Patient, the record's
/// resources, Organization). Each entry goes through the same handler as its own request (same checks, scope and
/// audit); a transaction runs them in one
/// database transaction and saves nothing when one entry fails, naming that entry; references to an entry's fullUrl
/// (urn:uuid:…) become the record it created.
/// </summary>
public static class BundleApi
{
    /// <summary>A Bundle carries many resources: a patient's history fits well under this.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxEntries = 1000;
    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(R4.ModelInfo.ModelInspector);

    public static void MapBundles(this RouteGroupBuilder fhir) =>
        fhir.MapPost("/", ProcessAsync).WithName("FhirBundle")
            .WithSummary("A transaction (all or nothing) or batch Bundle of the creates and updates AnSinh takes (Patient, the record's resources, Organization).");

    private sealed record Outcome(int Status, R4.Resource? Resource, string? Location, string? ETag);

    private static Task<IResult> ProcessAsync(HttpContext http, AnSinhDbContext db, CancellationToken ct) => ProcessBundleAsync(http, db, fromFile: false, dryRun: false, ct);

    /// <param name="fromFile">A file on /imports: a transaction only (a batch could save half of it).</param>
    /// <param name="dryRun">Check every entry as it would be saved, then save nothing (the import's "check only").</param>
    internal static async Task<IResult> ProcessBundleAsync(HttpContext http, AnSinhDbContext db, bool fromFile, bool dryRun, CancellationToken ct)
    {
        var (bundle, refusal) = await FhirBody.ReadAsync<R4.Bundle>(http, MaxBytes, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (bundle!.Type is not (R4.Bundle.BundleType.Transaction or R4.Bundle.BundleType.Batch) || (fromFile && bundle.Type != R4.Bundle.BundleType.Transaction))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, fromFile
                ? $"Tệp phải là một Bundle loại transaction (tất cả hoặc không gì cả), không phải {bundle.TypeElement?.JsonValue ?? "Bundle không có loại"}."
                : $"POST /fhir nhận Bundle loại transaction hoặc batch, không nhận {bundle.TypeElement?.JsonValue ?? "Bundle không có loại"}.");
        }

        if (bundle.Entry.Count > MaxEntries)
        {
            return FhirApi.Outcome(http, StatusCodes.Status413PayloadTooLarge, R4.OperationOutcome.IssueType.TooCostly,
                $"Bundle có {bundle.Entry.Count} mục; mỗi lần tối đa {MaxEntries}.");
        }

        if (bundle.Entry.Where(e => !string.IsNullOrEmpty(e.FullUrl)).GroupBy(e => e.FullUrl).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Duplicate,
                $"fullUrl \"{twice.Key}\" có ở {twice.Count()} mục: mỗi mục cần một fullUrl riêng để tham chiếu không nhầm người.");
        }

        var transaction = bundle.Type == R4.Bundle.BundleType.Transaction;
        // Creates before updates, facilities then patients first, so that what an entry refers to exists when it runs
        // (FHIR's order), and each after the entries it names; otherwise in the Bundle's order.
        var order = bundle.Entry.Select((entry, index) => (entry, index))
            // A card is part of its person's record: written after an update of that record (which names the version it read).
            .OrderBy(e => e.entry.Request?.Method == R4.Bundle.HTTPVerb.POST && e.entry.Resource is not R4.Coverage ? 0 : 1)
            .ThenBy(e => e.entry.Resource switch { R4.Organization => 0, R4.Patient => 1, _ => 2 })
            .ThenBy(e => e.index)
            .ToList();
        order = AfterWhatTheyName(order);
        var created = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcomes = new Outcome[bundle.Entry.Count];
        await using var tx = transaction ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var (entry, index) in order)
        {
            Outcome outcome;
            try
            {
                outcome = await RunAsync(http, entry, created, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                http.RequestServices.GetRequiredService<ILogger<R4.Bundle>>().LogError(e, "Bundle entry {Index} failed", index);
                outcome = Problem(StatusCodes.Status500InternalServerError, R4.OperationOutcome.IssueType.Exception, "lỗi không mong muốn khi ghi mục này");
            }

            // Each handler reads what it needs afresh: what earlier entries left tracked would only slow every save after it.
            db.ChangeTracker.Clear();
            outcomes[index] = outcome;
            if (outcome.Status >= 400 && transaction)
            {
                await tx!.RollbackAsync(ct);
                // The refusal is kept although the entries are not: an attempt (e.g. a CCCD registered elsewhere) stays audited.
                http.RequestServices.GetRequiredService<Audit.AuditLog>().Add(Audit.AuditActions.WriteRefused, null, "Bundle", null,
                    $"fhir transaction; entry={index}; status={outcome.Status}; {Describe(outcome)}");
                await db.SaveChangesAsync(CancellationToken.None);
                return Failed(http, index, entry, outcome);
            }

            if (outcome.Status < 400 && entry.FullUrl is { Length: > 0 } fullUrl && outcome.Resource is { Id: { } id } resource)
            {
                created[fullUrl] = $"{resource.TypeName}/{id}";
            }
        }

        if (tx is not null && dryRun)
        {
            await tx.RollbackAsync(ct);
        }
        else if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        var response = new R4.Bundle
        {
            Type = transaction ? R4.Bundle.BundleType.TransactionResponse : R4.Bundle.BundleType.BatchResponse,
            Id = Guid.NewGuid().ToString("N"),
        };
        foreach (var outcome in outcomes)
        {
            var ok = outcome.Status < 400;
            response.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = ok && outcome.Resource is { Id: { } id } r ? $"{FhirApi.Base(http)}/{r.TypeName}/{id}" : null,
                Resource = ok ? outcome.Resource : null,
                Response = new R4.Bundle.ResponseComponent
                {
                    Status = $"{outcome.Status} {ReasonPhrases(outcome.Status)}",
                    Location = outcome.Location,
                    Etag = outcome.ETag,
                    Outcome = ok ? null : outcome.Resource,
                },
            });
        }

        return FhirApi.Send(http, response);
    }

    private static IResult Failed(HttpContext http, int index, R4.Bundle.EntryComponent entry, Outcome outcome)
    {
        var what = entry.Request is { } request ? $" ({request.MethodElement?.JsonValue} {request.Url})" : "";
        var result = new R4.OperationOutcome();
        var inner = (outcome.Resource as R4.OperationOutcome)?.Issue ?? [];
        foreach (var issue in inner.DefaultIfEmpty(new R4.OperationOutcome.IssueComponent { Code = R4.OperationOutcome.IssueType.Processing }))
        {
            result.Issue.Add(new R4.OperationOutcome.IssueComponent
            {
                Severity = R4.OperationOutcome.IssueSeverity.Error,
                Code = issue.Code ?? R4.OperationOutcome.IssueType.Processing,
                Diagnostics = $"Bundle.entry[{index}]{what}: {(issue.Diagnostics ?? "không ghi được").TrimEnd('.')}. Không mục nào được lưu.",
                Expression = issue.Expression.Any()
                    ? issue.Expression.Select(e => $"Bundle.entry[{index}].resource{AfterType(e ?? "")}").ToList()
                    : [$"Bundle.entry[{index}]"],
            });
        }

        var status = outcome.Status is 403 or 404 or 409 or 412 or 422 or 428 or 500 ? outcome.Status : StatusCodes.Status400BadRequest;
        return FhirApi.Send(http, result, status);
    }

    /// <summary>One entry through the handler its request names, as a request of its own would go (same user, same database context).</summary>
    private static async Task<Outcome> RunAsync(HttpContext outer, R4.Bundle.EntryComponent entry, Dictionary<string, string> created, CancellationToken ct)
    {
        var method = entry.Request?.Method;
        var url = entry.Request?.Url?.TrimStart('/') ?? "";
        var parts = url.Split('?')[0].Split('/');
        var type = parts[0];
        var id = parts.Length > 1 ? parts[1] : null;
        if (entry.Resource is not { } resource || method is not (R4.Bundle.HTTPVerb.POST or R4.Bundle.HTTPVerb.PUT)
            || (method == R4.Bundle.HTTPVerb.POST && (id is not null || resource.TypeName != type))
            || (method == R4.Bundle.HTTPVerb.PUT && (id is null || resource.TypeName != type)))
        {
            return Problem(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                "mỗi mục cần request POST <Loại> (tạo) hoặc PUT <Loại>/<id> (sửa) và resource cùng loại");
        }

        // References to another entry of the Bundle become the record that entry made.
        foreach (var reference in References(resource))
        {
            if (reference.Reference is { } target && created.TryGetValue(target, out var local))
            {
                reference.Reference = local;
            }
        }

        var inner = new DefaultHttpContext { RequestServices = outer.RequestServices, User = outer.User };
        inner.Request.Scheme = outer.Request.Scheme;
        inner.Request.Host = outer.Request.Host;
        inner.Request.PathBase = outer.Request.PathBase;
        inner.Request.ContentType = FhirApi.JsonType;
        var body = Encoding.UTF8.GetBytes(Engine.SerializeToJson(resource));
        inner.Request.Body = new MemoryStream(body);
        inner.Request.ContentLength = body.Length;
        if (entry.Request!.IfNoneExist is { Length: > 0 } condition)
        {
            inner.Request.Headers["If-None-Exist"] = condition;
        }

        if (entry.Request.IfMatch is { Length: > 0 } ifMatch)
        {
            inner.Request.Headers.IfMatch = ifMatch;
        }

        var response = new MemoryStream();
        inner.Response.Body = response;
        var s = outer.RequestServices;
        var result = (method, type) switch
        {
            (R4.Bundle.HTTPVerb.POST, "Patient") => await PatientWrites.CreateAsync(inner, s.GetRequiredService<BeneficiaryService>(),
                s.GetRequiredService<AccessScope>(), s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(),
                s.GetRequiredService<Audit.AuditLog>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Patient") => await PatientWrites.UpdateAsync(id!, inner, s.GetRequiredService<BeneficiaryService>(),
                s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Observation") => await ObservationResources.CreateAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<ClinicalScope>(), s.GetRequiredService<CodeCatalog>(), s.GetRequiredService<HealthRecordService>(),
                s.GetRequiredService<AccessScope>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Observation") => await ObservationResources.UpdateAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<ClinicalScope>(), s.GetRequiredService<CodeCatalog>(), s.GetRequiredService<HealthRecordService>(),
                s.GetRequiredService<AccessScope>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Condition") => await ConditionResources.CreateAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<ClinicalScope>(), s.GetRequiredService<HealthRecordService>(), s.GetRequiredService<AccessScope>(),
                s.GetRequiredService<CodeCatalog>(), ct),
            (R4.Bundle.HTTPVerb.POST, "AllergyIntolerance") => await RecordWrites.CreateAllergyAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Immunization") => await RecordWrites.CreateImmunizationAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "AllergyIntolerance") => await RecordWrites.UpdateAllergyAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Immunization") => await RecordWrites.UpdateImmunizationAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Coverage") => await CoverageWrites.CreateAsync(inner, s.GetRequiredService<BeneficiaryService>(),
                s.GetRequiredService<AnSinhDbContext>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Coverage") => await CoverageWrites.UpdateAsync(id!, inner, s.GetRequiredService<BeneficiaryService>(),
                s.GetRequiredService<AnSinhDbContext>(), ct),
            (R4.Bundle.HTTPVerb.POST, "MedicationRequest") => await CareWrites.CreateOrderAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.POST, "MedicationAdministration") => await CareWrites.CreateDoseAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "MedicationAdministration") => await CareWrites.UpdateDoseAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "CarePlan") => await RehabWrites.CreateAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Rehabilitation.RehabService>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.POST, "PractitionerRole") => await PractitionerWrites.CreateAsync(inner, s.GetRequiredService<Facilities.FacilityService>(),
                s.GetRequiredService<AccessScope>(), s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "PractitionerRole") => await PractitionerWrites.UpdateAsync(id!, inner, s.GetRequiredService<Facilities.FacilityService>(),
                s.GetRequiredService<AccessScope>(), s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "ServiceRequest") => await CareWrites.CreateReferralAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<CareRecordService>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.POST, "QuestionnaireResponse") => await ScreeningWrites.CreateAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<CareRecordService>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "QuestionnaireResponse") => await ScreeningWrites.UpdateAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<CareRecordService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Encounter") => await EncounterWrites.CreateAsync(inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<HealthRecordService>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Encounter") => await EncounterWrites.UpdateAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<ClinicalScope>(), s.GetRequiredService<HealthRecordService>(), s.GetRequiredService<AccessScope>(),
                s.GetRequiredService<CurrentUser>(), ct),
            (R4.Bundle.HTTPVerb.POST, "Organization") => await OrganizationWrites.CreateAsync(inner, s.GetRequiredService<Facilities.FacilityService>(),
                s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Organization") => await OrganizationWrites.UpdateAsync(id!, inner, s.GetRequiredService<Facilities.FacilityService>(),
                s.GetRequiredService<AccessScope>(), s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "MedicationRequest") => await CareWrites.UpdateOrderAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Medicines.MedicineService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "ServiceRequest") => await CareWrites.UpdateReferralAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<CareRecordService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "CarePlan") => await RehabWrites.CloseAsync(id!, inner, s.GetRequiredService<AnSinhDbContext>(),
                s.GetRequiredService<Rehabilitation.RehabService>(), s.GetRequiredService<AccessScope>(), s.GetRequiredService<Clock>(), ct),
            (R4.Bundle.HTTPVerb.PUT, "Condition") => await ConditionResources.UpdateAsync(id!, inner, s.GetRequiredService<ClinicalScope>(),
                s.GetRequiredService<CareRecordService>(), s.GetRequiredService<AnSinhDbContext>(), s.GetRequiredService<AccessScope>(), ct),
            _ => null,
        };
        if (result is null)
        {
            return Problem(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"{method} {type} chưa được hỗ trợ trong Bundle (POST và PUT: Patient, Observation, Condition, AllergyIntolerance, Immunization, Coverage, Organization, MedicationRequest, MedicationAdministration, ServiceRequest, CarePlan, PractitionerRole, QuestionnaireResponse, Encounter)");
        }

        await result.ExecuteAsync(inner);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var answer = text.Length == 0 ? null : Engine.DeserializeFromJson(text);
        return new Outcome(inner.Response.StatusCode, answer, inner.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            inner.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null);
    }

    /// <summary>
    /// The entries so that each comes after the entries whose fullUrl it names (an administration after its order,
    /// whatever their order in the Bundle), otherwise as they were; a cycle is left to fail on the reference.
    /// </summary>
    private static List<(R4.Bundle.EntryComponent entry, int index)> AfterWhatTheyName(List<(R4.Bundle.EntryComponent entry, int index)> order)
    {
        var byUrl = order.Where(e => e.entry.FullUrl is { Length: > 0 }).ToDictionary(e => e.entry.FullUrl!, StringComparer.Ordinal);
        var result = new List<(R4.Bundle.EntryComponent entry, int index)>(order.Count);
        var placed = new HashSet<int>();
        var visiting = new HashSet<int>();
        void Place((R4.Bundle.EntryComponent entry, int index) e)
        {
            if (placed.Contains(e.index) || !visiting.Add(e.index))
            {
                return;
            }

            foreach (var reference in e.entry.Resource is { } resource ? References(resource) : [])
            {
                if (reference.Reference is { } url && byUrl.TryGetValue(url, out var named))
                {
                    Place(named);
                }
            }

            visiting.Remove(e.index);
            placed.Add(e.index);
            result.Add(e);
        }

        foreach (var e in order)
        {
            Place(e);
        }

        return result;
    }

    /// <summary>"Condition.code" → ".code": the path inside the entry's resource.</summary>
    private static string AfterType(string expression) =>
        expression.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? expression[dot..] : "";

    private static IEnumerable<R4.ResourceReference> References(R4.Resource resource) => resource switch
    {
        R4.Observation o => new[] { o.Subject, o.Encounter }.OfType<R4.ResourceReference>(),
        R4.Condition c => new[] { c.Subject, c.Encounter }.OfType<R4.ResourceReference>(),
        R4.Patient p => new[] { p.ManagingOrganization }.OfType<R4.ResourceReference>(),
        R4.AllergyIntolerance a => new[] { a.Patient }.OfType<R4.ResourceReference>(),
        R4.Immunization i => new[] { i.Patient }.OfType<R4.ResourceReference>(),
        R4.Coverage c => new[] { c.Beneficiary }.OfType<R4.ResourceReference>(),
        R4.MedicationRequest m => new[] { m.Subject }.OfType<R4.ResourceReference>(),
        R4.ServiceRequest r => new[] { r.Subject }.OfType<R4.ResourceReference>(),
        R4.CarePlan p => new[] { p.Subject }.OfType<R4.ResourceReference>(),
        R4.PractitionerRole r => new[] { r.Organization }.OfType<R4.ResourceReference>(),
        R4.MedicationAdministration a => new[] { a.Subject, a.Request }.OfType<R4.ResourceReference>(),
        R4.QuestionnaireResponse q => new[] { q.Subject }.OfType<R4.ResourceReference>(),
        R4.Encounter e => new[] { e.Subject }.OfType<R4.ResourceReference>(),
        _ => [],
    };

    private static string Describe(Outcome outcome)
    {
        var text = string.Join(" ", (outcome.Resource as R4.OperationOutcome)?.Issue.Select(i => i.Diagnostics) ?? []);
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private static Outcome Problem(int status, R4.OperationOutcome.IssueType code, string message) =>
        new(status, new R4.OperationOutcome { Issue = [new() { Severity = R4.OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = message }] }, null, null);

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
