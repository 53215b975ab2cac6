using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Medicines;
using AnSinh.Web.Features.ReferenceData;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Creating allergies (AllergyIntolerance) and vaccine doses (Immunization) from FHIR: each is read into the input the
/// record page's form fills and saved by the same service, so the same rules, scope, write refusals and audit apply.
/// </summary>
public static class RecordWrites
{
    private const string CvxSystem = "http://hl7.org/fhir/sid/cvx";
    private const string ActSiteSystem = "http://terminology.hl7.org/CodeSystem/v3-ActSite";

    public static void MapRecordWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/AllergyIntolerance", CreateAllergyAsync).WithName("FhirAllergyCreate")
            .WithSummary("Record an allergy or intolerance: patient, code (text), category, type, reaction severity or criticality, manifestation.");
        fhir.MapPost("/Immunization", CreateImmunizationAsync).WithName("FhirImmunizationCreate")
            .WithSummary("Record a vaccine dose: patient, vaccineCode (CVX and/or text), occurrenceDateTime, lot, site, dose number.");
        fhir.MapPut("/AllergyIntolerance/{id}", UpdateAllergyAsync).WithName("FhirAllergyUpdate")
            .WithSummary("Withdraw an allergy: clinicalStatus resolved, verificationStatus refuted or entered-in-error, and a note saying why. Other changes are a new allergy.");
        fhir.MapPut("/Immunization/{id}", UpdateImmunizationAsync).WithName("FhirImmunizationUpdate")
            .WithSummary("Strike out a dose recorded in error: status entered-in-error and a note with the reason. Other changes are a new dose.");
    }

    /// <summary>
    /// An allergy is withdrawn, not edited (as on the medicines page): the PUT says why it no longer stands and the note
    /// says on what grounds. A change of substance or person is a different allergy; a withdrawn one is not reopened.
    /// </summary>
    internal static async Task<IResult> UpdateAllergyAsync(string id, HttpContext http, AnSinhDbContext db, MedicineService medicines, AccessScope scope,
        CurrentUser user, CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = RecordResources.Key(id);
        if (await db.Allergies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == key && people.Any(b => b.Id == a.BeneficiaryId), ct) is not { } current)
        {
            return CareWrites.NotFound(http, "AllergyIntolerance", id);
        }

        if (NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.AllergyIntolerance>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var allergy = read!;
        var problems = new List<(string, string)>();
        if (allergy.Patient is not null && (!FhirSearch.TryLocalPatient(allergy.Patient.Reference, FhirApi.Base(http), out var person) || person != current.BeneficiaryId))
        {
            problems.Add(("AllergyIntolerance.patient", "Dị ứng ghi cho người khác: gỡ dị ứng này (verificationStatus entered-in-error) rồi ghi dị ứng cho đúng người."));
        }

        var substance = allergy.Code?.Text ?? allergy.Code?.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        if (substance is not null && VietnameseText.Fold(substance) != VietnameseText.Fold(current.Substance))
        {
            problems.Add(("AllergyIntolerance.code", $"Đổi chất là một dị ứng khác: gỡ dị ứng với {current.Substance} (entered-in-error) rồi ghi dị ứng mới."));
        }

        var verification = StatusCode(allergy.VerificationStatus, RecordResources.AllergyVerificationSystem, "AllergyIntolerance.verificationStatus",
            ["confirmed", "refuted", "entered-in-error"], problems);
        var clinical = StatusCode(allergy.ClinicalStatus, RecordResources.AllergyClinicalSystem, "AllergyIntolerance.clinicalStatus",
            ["active", "inactive", "resolved"], problems);
        AllergyEnd? end = (verification, clinical) switch
        {
            ("entered-in-error", _) => AllergyEnd.EnteredInError,
            ("refuted", _) => AllergyEnd.Refuted,
            (_, "resolved" or "inactive") => AllergyEnd.Resolved,
            _ => null,
        };
        if (current.EndReason is { } was && end != was)
        {
            problems.Add(("AllergyIntolerance.verificationStatus",
                $"Dị ứng này đã được gỡ ngày {current.EndedOn:dd/MM/yyyy} và không mở lại: nếu vẫn dị ứng, ghi dị ứng mới."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (end is null || current.EndReason is not null)
        {
            return FhirApi.Send(http, RecordResources.ToFhir(current)); // nothing to change
        }

        var note = string.Join(" ", allergy.Note.Select(n => n.Text?.ToString()?.Trim() ?? "").Where(t => t.Length > 0));
        var result = await medicines.EndAllergyAsync(current.Id, new AllergyEndInput { Reason = end, Note = note }, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field == "note" ? "AllergyIntolerance.note" : "AllergyIntolerance.verificationStatus");
        }

        return FhirApi.Send(http, RecordResources.ToFhir(await db.Allergies.AsNoTracking().FirstAsync(a => a.Id == current.Id, ct)));
    }

    /// <summary>One of the status codes AnSinh takes, read with or without its system; anything else is named as a problem.</summary>
    private static string? StatusCode(R4.CodeableConcept? status, string system, string expression, string[] allowed, List<(string, string)> problems)
    {
        if (status is null)
        {
            return null;
        }

        var code = status.Coding.FirstOrDefault(c => c.System is null || c.System == system)?.Code;
        if (code is null || !allowed.Contains(code))
        {
            problems.Add((expression, $"Cần một mã của {system}: {string.Join(", ", allowed)}."));
            return null;
        }

        return code;
    }

    /// <summary>403 for a caller without a clinical role, whatever the body (a change or not).</summary>
    internal static IResult? NoClinicalWrites(HttpContext http, CurrentUser user) =>
        user.CanWriteRecords ? null
            : FhirApi.Outcome(http, StatusCodes.Status403Forbidden, R4.OperationOutcome.IssueType.Forbidden, "Bạn không có quyền ghi hồ sơ sức khỏe.");

    /// <summary>A dose is struck out when it was recorded in error (status entered-in-error, the reason as a note); nothing else changes.</summary>
    internal static async Task<IResult> UpdateImmunizationAsync(string id, HttpContext http, AnSinhDbContext db, MedicineService medicines, AccessScope scope,
        CurrentUser user, CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = RecordResources.Key(id);
        if (await db.Immunizations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == key && people.Any(b => b.Id == i.BeneficiaryId), ct) is not { } current)
        {
            return CareWrites.NotFound(http, "Immunization", id);
        }

        if (NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.Immunization>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var immunization = read!;
        var problems = new List<(string, string)>();
        if (immunization.Patient is not null && (!FhirSearch.TryLocalPatient(immunization.Patient.Reference, FhirApi.Base(http), out var person) || person != current.BeneficiaryId))
        {
            problems.Add(("Immunization.patient", "Mũi tiêm ghi cho người khác: hủy mũi này (status entered-in-error) rồi ghi cho đúng người."));
        }

        var name = immunization.VaccineCode?.Text;
        var cvx = immunization.VaccineCode?.Coding.FirstOrDefault(c => c.System == CvxSystem)?.Code?.Trim();
        if ((name is not null && VietnameseText.Fold(name) != VietnameseText.Fold(current.Vaccine)) || (cvx is not null && cvx != current.VaccineCode))
        {
            problems.Add(("Immunization.vaccineCode", "Đổi vắc xin là một mũi khác: hủy mũi này (status entered-in-error) rồi ghi mũi đúng."));
        }

        if (immunization.Occurrence is R4.FhirDateTime when && FhirSearch.LocalDate(when) is { } date && date != current.Date)
        {
            problems.Add(("Immunization.occurrence", $"Đổi ngày tiêm là một mũi khác: hủy mũi ngày {current.Date:dd/MM/yyyy} (status entered-in-error) rồi ghi mũi đúng ngày."));
        }

        var retract = immunization.Status == R4.Immunization.ImmunizationStatusCodes.EnteredInError;
        if (immunization.Status is not (R4.Immunization.ImmunizationStatusCodes.Completed or R4.Immunization.ImmunizationStatusCodes.EnteredInError)
            || (!retract && current.RetractedOn is not null))
        {
            problems.Add(("Immunization.status", current.RetractedOn is { } on
                ? $"Mũi này đã được hủy ngày {on:dd/MM/yyyy} và không mở lại: nếu đã tiêm thật, ghi mũi mới."
                : "Mũi đã ghi chỉ được hủy khi ghi nhầm (status entered-in-error); mũi không tiêm thì không ghi."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (!retract || current.RetractedOn is not null)
        {
            return FhirApi.Send(http, RecordResources.ToFhir(current)); // nothing to change
        }

        var reason = string.Join(" ", immunization.Note.Select(n => n.Text?.ToString()?.Trim() ?? "").Where(t => t.Length > 0));
        var result = await medicines.RetractImmunizationAsync(current.Id, reason, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, _ => "Immunization.note");
        }

        return FhirApi.Send(http, RecordResources.ToFhir(await db.Immunizations.AsNoTracking().FirstAsync(i => i.Id == current.Id, ct)));
    }

    internal static async Task<IResult> CreateAllergyAsync(HttpContext http, AnSinhDbContext db, MedicineService medicines, CancellationToken ct)
    {
        var (allergy, refusal) = await FhirBody.ReadAsync<R4.AllergyIntolerance>(http, ct: ct);
        if ((refusal ?? NoConditionalCreate(http, "AllergyIntolerance")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = Patient(http, allergy!.Patient, "AllergyIntolerance.patient", problems);
        if (allergy.VerificationStatus?.Coding.Any(c => c.Code is "refuted" or "entered-in-error") == true)
        {
            problems.Add(("AllergyIntolerance.verificationStatus", "AnSinh ghi dị ứng đã ghi nhận; dị ứng đã loại trừ hoặc nhập nhầm không được ghi."));
        }

        if (allergy.ClinicalStatus?.Coding.Any(c => c.Code is "inactive" or "resolved") == true)
        {
            problems.Add(("AllergyIntolerance.clinicalStatus", "AnSinh ghi dị ứng còn hiệu lực (active); dị ứng đã hết không được ghi."));
        }

        var substance = allergy.Code?.Text ?? allergy.Code?.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        if (string.IsNullOrWhiteSpace(substance))
        {
            problems.Add(("AllergyIntolerance.code", "Cần tên chất gây dị ứng (code.text hoặc code.coding.display)."));
        }

        var reaction = allergy.Reaction.FirstOrDefault();
        AllergySeverity? severity = reaction?.Severity switch
        {
            R4.AllergyIntolerance.AllergyIntoleranceSeverity.Mild => AllergySeverity.Mild,
            R4.AllergyIntolerance.AllergyIntoleranceSeverity.Moderate => AllergySeverity.Moderate,
            R4.AllergyIntolerance.AllergyIntoleranceSeverity.Severe => AllergySeverity.Severe,
            _ => allergy.Criticality switch
            {
                R4.AllergyIntolerance.AllergyIntoleranceCriticality.High => AllergySeverity.Severe,
                R4.AllergyIntolerance.AllergyIntoleranceCriticality.Low => AllergySeverity.Mild,
                _ => null,
            },
        };
        if (severity is null)
        {
            problems.Add(("AllergyIntolerance.reaction.severity", "Cần mức độ: reaction.severity (mild, moderate, severe) hoặc criticality (low, high)."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var input = new AllergyInput
        {
            Substance = substance,
            Category = allergy.Category.FirstOrDefault() switch
            {
                R4.AllergyIntolerance.AllergyIntoleranceCategory.Medication => AllergyCategory.Medication,
                R4.AllergyIntolerance.AllergyIntoleranceCategory.Food => AllergyCategory.Food,
                R4.AllergyIntolerance.AllergyIntoleranceCategory.Environment => AllergyCategory.Environment,
                _ => AllergyCategory.Other,
            },
            // FHIR leaves the type optional; an unstated one is recorded as an allergy, the cautious reading.
            Kind = allergy.Type == R4.AllergyIntolerance.AllergyIntoleranceType.Intolerance ? AllergyKind.Intolerance : AllergyKind.Allergy,
            Severity = severity,
            Reaction = reaction?.Manifestation.Select(m => m.Text ?? m.Coding.FirstOrDefault()?.Display).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)),
        };
        var result = await medicines.AddAllergyAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "substance" => "AllergyIntolerance.code",
                "reaction" => "AllergyIntolerance.reaction.manifestation",
                "severity" => "AllergyIntolerance.reaction.severity",
                "category" => "AllergyIntolerance.category",
                _ => "AllergyIntolerance",
            });
        }

        var saved = await db.Allergies.AsNoTracking().FirstAsync(a => a.Id == result.Value, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/AllergyIntolerance/{saved.Id}";
        return FhirApi.Send(http, RecordResources.ToFhir(saved), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> CreateImmunizationAsync(HttpContext http, AnSinhDbContext db, MedicineService medicines, CancellationToken ct)
    {
        var (immunization, refusal) = await FhirBody.ReadAsync<R4.Immunization>(http, ct: ct);
        if ((refusal ?? NoConditionalCreate(http, "Immunization")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = Patient(http, immunization!.Patient, "Immunization.patient", problems);
        if (immunization.Status is not R4.Immunization.ImmunizationStatusCodes.Completed)
        {
            problems.Add(("Immunization.status", "AnSinh ghi mũi tiêm đã tiêm (status completed); mũi không tiêm hoặc nhập nhầm không được ghi."));
        }

        var codings = immunization.VaccineCode?.Coding ?? [];
        if (codings.FirstOrDefault(c => c.System != CvxSystem) is { } other)
        {
            problems.Add(("Immunization.vaccineCode", $"Hệ mã \"{other.System}\" chưa được AnSinh ghi: dùng CVX ({CvxSystem}) và/hoặc tên vắc xin (text)."));
        }

        var cvx = codings.FirstOrDefault(c => c.System == CvxSystem)?.Code?.Trim();
        var name = immunization.VaccineCode?.Text ?? codings.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        if (string.IsNullOrWhiteSpace(name) && cvx is not null)
        {
            // Only a code: the name is the one the Ministry's CVX list gives it.
            name = await db.CodeListItems.AsNoTracking().Where(c => c.List == CodeLists.VaccineCvx && c.Code == cvx).Select(c => c.Name).FirstOrDefaultAsync(ct);
        }

        DateOnly? date = immunization.Occurrence is R4.FhirDateTime when ? FhirSearch.LocalDate(when) : null;
        if (date is null)
        {
            problems.Add(("Immunization.occurrence", "Cần ngày tiêm đủ ngày (occurrenceDateTime, yyyy-MM-dd)."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var input = new ImmunizationInput
        {
            Vaccine = name,
            VaccineCode = cvx,
            Date = date,
            Lot = immunization.LotNumber,
            DoseNumber = immunization.ProtocolApplied.Select(p => p.DoseNumber).OfType<R4.PositiveInt>().Select(p => p.Value).FirstOrDefault(),
            Site = (immunization.Site?.Coding.FirstOrDefault(c => c.System == ActSiteSystem)?.Code, immunization.Route?.Coding.FirstOrDefault()?.Code) switch
            {
                ("LA", _) => InjectionSite.LeftArm,
                ("RA", _) => InjectionSite.RightArm,
                ("LT", _) => InjectionSite.LeftThigh,
                ("RT", _) => InjectionSite.RightThigh,
                (_, "PO") => InjectionSite.Oral,
                _ => immunization.Site is null ? null : InjectionSite.Other,
            },
        };
        var result = await medicines.AddImmunizationAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "vaccine" or "vaccineCode" => "Immunization.vaccineCode",
                "date" => "Immunization.occurrence",
                "doseNumber" => "Immunization.protocolApplied.doseNumber",
                "lot" => "Immunization.lotNumber",
                _ => "Immunization",
            });
        }

        var saved = await db.Immunizations.AsNoTracking().FirstAsync(i => i.Id == result.Value, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Immunization/{saved.Id}";
        return FhirApi.Send(http, RecordResources.ToFhir(saved), StatusCodes.Status201Created);
    }

    /// <summary>The person a reference names (scope is the service's to check: outside it is 404).</summary>
    internal static int? Patient(HttpContext http, R4.ResourceReference? reference, string expression, List<(string, string)> problems)
    {
        if (FhirSearch.TryLocalPatient(reference?.Reference, FhirApi.Base(http), out var id))
        {
            return id;
        }

        problems.Add((expression, "patient phải là Patient/<id> của một người trên AnSinh."));
        return null;
    }

    internal static IResult? NoConditionalCreate(HttpContext http, string type) =>
        http.Request.Headers.ContainsKey("If-None-Exist")
            ? FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"If-None-Exist chưa được hỗ trợ cho {type}: tìm trước theo patient nếu cần tránh ghi hai lần.")
            : null;
}
