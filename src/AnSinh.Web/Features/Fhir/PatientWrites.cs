using System.Globalization;
using AnSinh.Data;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Patient create (also conditional, on identifier), update with the version in If-Match, vread and history of the
/// version kept, and delete refused: each goes through <see cref="BeneficiaryService"/>, so a FHIR client is checked,
/// scoped and audited exactly as a form is.
/// </summary>
public static class PatientWrites
{
    public static void MapPatientWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Patient", CreateAsync).WithName("FhirPatientCreate")
            .WithSummary("Create a beneficiary from a Patient; If-None-Exist: identifier=system|value makes it conditional.");
        fhir.MapPut("/Patient/{id}", UpdateAsync).WithName("FhirPatientUpdate")
            .WithSummary("Update a beneficiary's identity from a Patient; the version read goes in If-Match (or meta.versionId).");
        fhir.MapDelete("/Patient/{id}", async (string id, HttpContext http, BeneficiaryService people, CancellationToken ct) =>
                await FindAsync(id, people, ct) is null
                    ? NotFound(http, id)
                    : FhirApi.NotAllowed(http, "GET, PUT",
                        "Hồ sơ sức khỏe không bị xóa qua FHIR: hồ sơ được lưu giữ theo quy định; cơ sở ghi nhận ra viện hoặc tử vong trên AnSinh."))
            .WithName("FhirPatientDelete").WithSummary("Refused with an OperationOutcome: records are kept.");
        fhir.MapGet("/Patient/{id}/_history/{versionId}", async (string id, string versionId, HttpContext http, BeneficiaryService people, AnSinhDbContext db,
                CancellationToken ct) =>
            {
                if (await FindAsync(id, people, ct) is not { } person)
                {
                    return NotFound(http, id);
                }

                return versionId == person.Version.ToString(CultureInfo.InvariantCulture)
                    ? FhirApi.Send(http, await ToFhirAsync(db, person, ct))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound,
                        $"AnSinh giữ phiên bản hiện tại ({person.Version}) của Patient/{id}; các thay đổi trước đó có trong nhật ký truy cập.");
            })
            .WithName("FhirPatientVersionRead").WithSummary("vread: the version kept (the current one).");
        fhir.MapGet("/Patient/{id}/_history", async (string id, HttpContext http, BeneficiaryService people, AnSinhDbContext db, CancellationToken ct) =>
            {
                if (await FindAsync(id, people, ct) is not { } person)
                {
                    return NotFound(http, id);
                }

                var bundle = new Bundle { Type = Bundle.BundleType.History, Total = 1, Id = Guid.NewGuid().ToString("N") };
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = $"{FhirApi.Base(http)}/Patient/{person.Id}",
                    Resource = await ToFhirAsync(db, person, ct),
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient/{person.Id}" },
                    Response = new Bundle.ResponseComponent { Status = "200" },
                });
                return FhirApi.Send(http, bundle);
            })
            .WithName("FhirPatientHistory").WithSummary("The versions kept of a Patient (the current one; earlier changes are in the audit trail).");
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, BeneficiaryService people, AccessScope scope, AnSinhDbContext db, Clock clock,
        AnSinh.Web.Features.Audit.AuditLog audit, CurrentUser user, CancellationToken ct)
    {
        var (patient, refusal) = await FhirBody.ReadAsync<Patient>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        string? condition = null;
        if (http.Request.Headers.TryGetValue("If-None-Exist", out var header))
        {
            var parsed = QueryHelpers.ParseQuery(header.ToString().TrimStart('?'));
            if (parsed.Count != 1 || !parsed.TryGetValue("identifier", out var token) || string.IsNullOrWhiteSpace(token))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                    "If-None-Exist chỉ nhận một điều kiện identifier=<hệ mã>|<giá trị> (CCCD hoặc số thẻ BHYT).");
            }

            condition = token.ToString();
        }

        // Conditional creates of one identifier wait for each other here, so two at once find one record, not make two
        // (a BHYT card, unlike a CCCD, has no unique index behind it). One web instance; several need the index.
        using var gate = condition is null ? null : await ConditionGates.EnterAsync(condition, ct);
        return await CreateOnceAsync(http, patient!, condition, people, scope, db, clock, audit, user, ct);
    }

    private static readonly KeyedGates ConditionGates = new();

    private static async Task<IResult> CreateOnceAsync(HttpContext http, Patient patient, string? condition, BeneficiaryService people, AccessScope scope,
        AnSinhDbContext db, Clock clock, AnSinh.Web.Features.Audit.AuditLog audit, CurrentUser user, CancellationToken ct)
    {
        if (condition is not null)
        {
            if (await ExistingAsync(http, condition, scope, people, db, ct) is { } existing)
            {
                return existing;
            }

            // Registered outside the caller's scope: not a second record, and not the other facility's details either.
            var elsewhere = await FhirApi.ByIdentifier(db.Beneficiaries.AsNoTracking(), condition).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
            if (elsewhere is { } other)
            {
                await audit.RecordAsync(AnSinh.Web.Features.Audit.AuditActions.DuplicateNationalId, other, $"by={user.UserName}; fhir If-None-Exist", ct);
                return FhirSearch.Unprocessable(http, [("Patient.identifier",
                    $"Người có {condition} đã được đăng ký ở một cơ sở ngoài phạm vi của bạn: liên hệ cơ sở đó để chuyển hồ sơ, không tạo hồ sơ thứ hai.")]);
            }
        }

        var incoming = PatientMapping.FromFhir(patient);
        var (input, problems) = await ResolveAsync(incoming, db, clock, ct);
        if (user.ScopeKind == ScopeKind.Facility && incoming.FacilityId is { } named && named != user.ScopeFacilityId)
        {
            problems.Add(("Patient.managingOrganization", $"Bạn đăng ký người cho cơ sở của mình (Organization/{user.ScopeFacilityId}), không cho Organization/{named}."));
        }

        if (problems.Count > 0)
        {
            return Unprocessable(http, problems);
        }

        var result = await people.CreateAsync(input, ct);
        if (!result.Succeeded)
        {
            // Two conditional creates of one person at once: the second finds the first's record, as it would have a moment later.
            if (condition is not null && result.Errors?["nationalId"] is not null
                && await ExistingAsync(http, condition, scope, people, db, ct) is { } existing)
            {
                return existing;
            }

            return Refused(http, result);
        }

        var created = (await people.GetAsync(result.Value, audited: false, ct: ct))!;
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Patient/{created.Id}/_history/{created.Version}";
        return FhirApi.Send(http, await ToFhirAsync(db, created, ct), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, BeneficiaryService people, AnSinhDbContext db, Clock clock, CancellationToken ct)
    {
        // Out of scope is "not found" whatever the body holds.
        if (await FindAsync(id, people, ct) is not { } current)
        {
            return NotFound(http, id);
        }

        var (patient, refusal) = await FhirBody.ReadAsync<Patient>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FhirBody.SameId(http, patient, id) is { } otherId)
        {
            return otherId;
        }

        if (FhirBody.VersionRead(http, patient) is not { } version)
        {
            return FhirBody.VersionRequired(http);
        }

        var incoming = PatientMapping.FromFhir(patient);
        var (input, problems) = await ResolveAsync(incoming, db, clock, ct);
        if (incoming.FacilityId is { } named && named != current.RegisteredFacilityId)
        {
            problems.Add(("Patient.managingOrganization",
                "Cơ sở quản lý không đổi qua FHIR: người chuyển cơ sở được ghi bằng tiếp nhận hoặc chuyển cơ sở trên AnSinh."));
        }

        if (problems.Count > 0)
        {
            return Unprocessable(http, problems);
        }

        // A Patient holds neither categories nor contacts: they stay as they are.
        input.Version = version;
        var kept = current.ToInput();
        input.Categories = kept.Categories;
        input.Contacts = kept.Contacts;
        var result = await people.UpdateAsync(current.Id, input, ct);
        if (!result.Succeeded)
        {
            return Refused(http, result);
        }

        var updated = (await people.GetAsync(current.Id, audited: false, ct: ct))!;
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Patient/{updated.Id}/_history/{updated.Version}";
        return FhirApi.Send(http, await ToFhirAsync(db, updated, ct));
    }

    /// <summary>The one person in scope the condition names (200), a refusal when it names several (412), or null to create.</summary>
    private static async Task<IResult?> ExistingAsync(HttpContext http, string condition, AccessScope scope, BeneficiaryService people, AnSinhDbContext db,
        CancellationToken ct)
    {
        var matches = await FhirApi.ByIdentifier((await scope.BeneficiariesAsync(ct)).AsNoTracking(), condition)
            .OrderBy(b => b.Id).Select(b => b.Id).Take(2).ToListAsync(ct);
        return matches switch
        {
            [] => null,
            [var only] => FhirApi.Send(http, await ToFhirAsync(db, (await people.GetAsync(only, view: "fhir", ct: ct))!, ct)),
            _ => FhirApi.Outcome(http, StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.MultipleMatches,
                $"Điều kiện \"{condition}\" khớp nhiều hơn một người: không tạo."),
        };
    }

    /// <summary>Looks up the commune/ward code (a unit in force today) and turns the Patient's problems into issues.</summary>
    private static async Task<(AnSinh.Domain.Beneficiaries.BeneficiaryInput Input, List<(string Expression, string Message)> Problems)> ResolveAsync(
        IncomingPatient incoming, AnSinhDbContext db, Clock clock, CancellationToken ct)
    {
        var problems = incoming.Problems.ToList();
        var input = incoming.Input;
        input.RegisteredFacilityId = incoming.FacilityId;
        if (incoming.UnitCode is { } code)
        {
            if (await VnCore.UnitInForceAsync(db, code, clock.Today, ct) is { } unit)
            {
                input.AddressUnitId = unit;
            }
            else
            {
                problems.Add(("Patient.address.extension('ward')", $"Không có xã/phường hiện hành mã \"{code}\"."));
            }
        }

        return (input, problems);
    }

    private static IResult Refused(HttpContext http, ServiceResult<int> result) => FhirSearch.Refused(http, result, PatientMapping.Expression);

    private static IResult Unprocessable(HttpContext http, IEnumerable<(string Expression, string Message)> problems) => FhirSearch.Unprocessable(http, problems);

    private static async Task<BeneficiaryDetail?> FindAsync(string id, BeneficiaryService people, CancellationToken ct) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? await people.GetAsync(key, view: "fhir", ct: ct) : null;

    private static async Task<Patient> ToFhirAsync(AnSinhDbContext db, BeneficiaryDetail person, CancellationToken ct) =>
        PatientMapping.ToFhir(person, await FhirApi.UnitAsync(db, person.AddressUnitId, ct));

    private static IResult NotFound(HttpContext http, string id) =>
        FhirApi.Outcome(http, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound,
            $"Không có Patient/{id}, hoặc người này không thuộc phạm vi của bạn.");
}
