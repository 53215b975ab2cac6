using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Checks and visits as FHIR Encounters, so the encounter an Observation or Condition names can be read: the kind of
/// visit, the day, the facility, the person and the diagnoses. Read and search; visits are written as checks on AnSinh
/// or come with the readings and diagnoses a client sends.
/// </summary>
public static class EncounterResources
{
    public const string Profile = VnCore.Canonical + "/StructureDefinition/vn-core-encounter";
    public const string VisitNumberSystem = VnCore.Canonical + "/sid/VisitNumber";
    private const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string DiagnosisRoleSystem = "http://terminology.hl7.org/CodeSystem/diagnosis-role";
    private static readonly HashSet<string> Parameters = ["patient", "subject", "date", "_lastUpdated", "_count", "_offset"];

    public static void MapEncounters(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Encounter/{id}", ReadAsync).WithName("FhirEncounterRead").WithSummary("A check or visit: kind, day, facility, person, diagnoses.");
        fhir.MapGet("/Encounter", SearchAsync).WithName("FhirEncounterSearch").WithSummary("Search: patient/subject, date=[prefix]date, _count, _offset.");
    }

    private sealed record Row(int Id, int PersonId, int FacilityId, EncounterKind Kind, DateOnly Date, DateTimeOffset LastUpdated, string? Findings, List<int> Conditions);

    private static IQueryable<Row> Rows(IQueryable<Encounter> encounters) =>
        encounters.Select(e => new Row(e.Id, e.BeneficiaryId, e.FacilityId, e.Kind, e.Date, e.UpdatedAt ?? e.RecordedAt, e.Findings, e.Conditions.OrderBy(c => c.Id).Select(c => c.Id).ToList()));

    /// <summary>The visits a query selects as Encounters (for Patient/$everything).</summary>
    internal static async Task<List<R4.Encounter>> ToFhirAsync(IQueryable<Encounter> encounters, CancellationToken ct) =>
        (await Rows(encounters.OrderBy(e => e.Date).ThenBy(e => e.Id)).ToListAsync(ct)).Select(ToFhir).ToList();

    internal static async Task<IResult> ReadAsync(string id, HttpContext http, ClinicalScope clinical, AnSinhDbContext db, AnSinh.Web.Auth.AccessScope scope,
        CancellationToken ct)
    {
        var row = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            ? await Rows((await clinical.EncountersAsync(ct)).Where(e => e.Id == key)).FirstOrDefaultAsync(ct)
            : null;
        if (row is null && await StruckOutAsync(db, scope, key, ct) is { } struck)
        {
            await clinical.AuditReadAsync([struck.BeneficiaryId], $"fhir:Encounter/{id}", ct);
            return FhirApi.Send(http, ToFhir(struck));
        }

        if (row is null)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có Encounter/{id}, hoặc hồ sơ không thuộc phạm vi của bạn.");
        }

        await clinical.AuditReadAsync([row.PersonId], $"fhir:Encounter/{id}", ct);
        return FhirApi.Send(http, ToFhir(row));
    }

    /// <summary>A visit struck out as entered in error, for a caller who may see the person; null otherwise.</summary>
    internal static async Task<StruckOutRecord?> StruckOutAsync(AnSinhDbContext db, AnSinh.Web.Auth.AccessScope scope, int key, CancellationToken ct)
    {
        return await HealthRecords.StruckOutStore.FindAsync(db, await scope.BeneficiariesAsync(ct), StruckOutKind.Encounter, key, ct);
    }

    /// <summary>A struck-out visit as it stood (no diagnoses: a visit with any is not struck out), entered-in-error.</summary>
    internal static R4.Encounter ToFhir(StruckOutRecord struck)
    {
        var e = System.Text.Json.JsonSerializer.Deserialize<Encounter>(struck.Content)!;
        var encounter = ToFhir(new Row(e.Id, e.BeneficiaryId, e.FacilityId, e.Kind, e.Date, e.UpdatedAt ?? e.RecordedAt, e.Findings, []));
        encounter.Status = R4.Encounter.EncounterStatus.EnteredInError;
        StruckOut.Mark(encounter, struck);
        return encounter;
    }

    private static async Task<IResult> SearchAsync(HttpContext http, ClinicalScope clinical, AnSinh.Web.Features.Audit.AuditLog audit, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (q.Keys.FirstOrDefault(k => !Parameters.Contains(k) && !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho Encounter; dùng: {string.Join(", ", Parameters)}.");
        }

        if (FhirSearch.Paging(http) is not { } paging)
        {
            return FhirSearch.BadPaging(http);
        }

        var (count, offset) = paging;
        var encounters = await clinical.EncountersAsync(ct);
        foreach (var subject in q["patient"].Concat(q["subject"]))
        {
            if (!FhirSearch.TryPatientIds(subject ?? "", FhirApi.Base(http), out var listed))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, $"\"{subject}\" không phải Patient/<id> của AnSinh.");
            }

            encounters = encounters.Where(e => listed.Contains(e.BeneficiaryId));
        }

        foreach (var date in q["date"])
        {
            if (!FhirSearch.TryDateRange(date, out var from, out var to, out var prefix))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
                    $"date \"{date}\" phải là [eq|lt|le|gt|ge]yyyy, yyyy-MM hoặc yyyy-MM-dd.");
            }

            encounters = prefix switch
            {
                "lt" => encounters.Where(e => e.Date < from),
                "le" => encounters.Where(e => e.Date <= to),
                "gt" => encounters.Where(e => e.Date > to),
                "ge" => encounters.Where(e => e.Date >= from),
                _ => encounters.Where(e => e.Date >= from && e.Date <= to),
            };
        }

        foreach (var value in q["_lastUpdated"])
        {
            if (LastChangedIn(encounters, value) is not { } recorded)
            {
                return BadLastUpdated(http, value);
            }

            encounters = recorded;
        }

        var total = await encounters.CountAsync(ct);
        var page = await Rows(encounters.OrderBy(e => e.Id).Skip(offset).Take(count)).ToListAsync(ct);
        var bundle = FhirSearch.Searchset(http, total, offset, count);
        foreach (var row in page.OrderBy(r => r.Id))
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/Encounter/{row.Id}", Resource = ToFhir(row),
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        await clinical.AuditSearchAsync(http, "Encounter", offset, count, page.Count, total, page.Select(r => r.PersonId), ct);
        return FhirApi.Send(http, bundle);
    }

    /// <summary>
    /// The visits last changed in the range a _lastUpdated value names (null when it names none): recorded, or a
    /// diagnosis added or struck out since (readings are Observations with their own times).
    /// </summary>
    internal static IQueryable<Encounter>? LastChangedIn(IQueryable<Encounter> encounters, string? value) =>
        InRange(encounters, e => e.UpdatedAt ?? e.RecordedAt, value);

    /// <summary>The visits recorded in the range a _lastUpdated value names: a reading recorded with its visit last changed then.</summary>
    internal static IQueryable<Encounter>? RecordedIn(IQueryable<Encounter> encounters, string? value) =>
        InRange(encounters, e => e.RecordedAt, value);

    /// <summary>The rows whose instant falls in the range a _lastUpdated value names (null when it names none); a null instant is in none.</summary>
    internal static IQueryable<T>? InRange<T>(IQueryable<T> rows, System.Linq.Expressions.Expression<Func<T, DateTimeOffset?>> at, string? value) =>
        InRangeCondition(at, value) is { } condition ? rows.Where(condition) : null;

    /// <summary>The condition "the instant falls in the range a _lastUpdated value names", to combine with others; null when it names none.</summary>
    internal static System.Linq.Expressions.Expression<Func<T, bool>>? InRangeCondition<T>(System.Linq.Expressions.Expression<Func<T, DateTimeOffset?>> at, string? value)
    {
        if (!FhirSearch.TryInstantRange(value, out var from, out var until, out var prefix))
        {
            return null;
        }

        var x = at.Body;
        System.Linq.Expressions.Expression Bound(DateTimeOffset instant) =>
            System.Linq.Expressions.Expression.Constant((DateTimeOffset?)instant, typeof(DateTimeOffset?));
        var test = prefix switch
        {
            "lt" => System.Linq.Expressions.Expression.LessThan(x, Bound(from)),
            "le" => System.Linq.Expressions.Expression.LessThan(x, Bound(until)),
            "gt" => System.Linq.Expressions.Expression.GreaterThanOrEqual(x, Bound(until)),
            "ge" => System.Linq.Expressions.Expression.GreaterThanOrEqual(x, Bound(from)),
            _ => System.Linq.Expressions.Expression.AndAlso(System.Linq.Expressions.Expression.GreaterThanOrEqual(x, Bound(from)),
                System.Linq.Expressions.Expression.LessThan(x, Bound(until))),
        };
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(test, at.Parameters);
    }

    /// <summary>
    /// The visit a resource sent names (its person and day), with a problem at <paramref name="subjectElement"/> when the
    /// visit is another person's; a 404 outcome when it is not in the caller's scope.
    /// </summary>
    internal static async Task<(VisitFacts Visit, List<(string, string)> Problems, IResult? Missing)> VisitOfAsync(HttpContext http, AnSinhDbContext db,
        IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> visible, int encounterId, int person, string subjectElement, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        if (await db.Encounters.AsNoTracking().Where(e => e.Id == encounterId && visible.Any(b => b.Id == e.BeneficiaryId))
                .Select(e => new VisitFacts(e.BeneficiaryId, e.Date)).FirstOrDefaultAsync(ct) is not { } visit)
        {
            var missing = await Features.HealthRecords.StruckOutStore.FindAsync(db, visible, StruckOutKind.Encounter, encounterId, ct) is { } struck
                ? FhirSearch.Unprocessable(http, [(subjectElement[..subjectElement.IndexOf('.')] + ".encounter",
                    $"Encounter/{encounterId} đã được hủy (ghi nhầm) ngày {Infrastructure.Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy}: ghi vào lượt khám đúng, hoặc bỏ encounter để ghi thành lượt khám mới.")])
                : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                    $"Không có Encounter/{encounterId}, hoặc hồ sơ không thuộc phạm vi của bạn.");
            return (new VisitFacts(0, default), problems, missing);
        }

        if (visit.PersonId != person)
        {
            problems.Add((subjectElement, $"Encounter/{encounterId} là lượt khám của Patient/{visit.PersonId}, không phải của Patient/{person}."));
        }

        return (visit, problems, null);
    }

    internal sealed record VisitFacts(int PersonId, DateOnly Date);

    internal static IResult BadLastUpdated(HttpContext http, string? value) =>
        FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
            $"_lastUpdated \"{value}\" phải là [eq|lt|le|gt|ge] kèm yyyy, yyyy-MM, yyyy-MM-dd hoặc một thời điểm (yyyy-MM-ddTHH:mm:ss+07:00).");

    private static R4.Encounter ToFhir(Row row)
    {
        var day = row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var encounter = new R4.Encounter
        {
            Id = row.Id.ToString(CultureInfo.InvariantCulture),
            // VN Core's Encounter asks for a main diagnosis: a check without one declares no profile.
            Meta = new R4.Meta { LastUpdated = row.LastUpdated, Profile = row.Conditions.Count > 0 ? [Profile] : [] },
            Identifier = [new R4.Identifier(VisitNumberSystem, row.Id.ToString(CultureInfo.InvariantCulture)) { Use = R4.Identifier.IdentifierUse.Official }],
            Status = R4.Encounter.EncounterStatus.Finished,
            Class = new R4.Coding(ActCodeSystem, "AMB", "ambulatory"),
            Type = [new R4.CodeableConcept { Text = Labels.Of(row.Kind) }],
            Subject = new R4.ResourceReference($"Patient/{row.PersonId}"),
            ServiceProvider = new R4.ResourceReference($"Organization/{row.FacilityId}"),
            Period = new R4.Period { Start = day, End = day },
            // VN Core tells the main diagnosis (chẩn đoán bệnh chính) from the others (bệnh kèm theo) by its role, not a rank.
            Diagnosis = row.Conditions.Select((c, i) => new R4.Encounter.DiagnosisComponent
            {
                Condition = new R4.ResourceReference($"Condition/{c}"),
                Use = i == 0 ? VnCore.Coded(DiagnosisRoleSystem, "CC", "Chief complaint") : VnCore.Coded(DiagnosisRoleSystem, "CM", "Comorbidity diagnosis"),
            }).ToList(),
        };
        // The clinical findings as the visit's reason, in words: what a client sends there is kept there.
        if (row.Findings is { } findings)
        {
            encounter.ReasonCode = [new R4.CodeableConcept { Text = findings }];
        }

        return encounter;
    }
}
