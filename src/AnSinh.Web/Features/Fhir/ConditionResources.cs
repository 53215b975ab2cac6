using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Diagnoses and problems as Viet Nam Core Conditions coded in ICD-10 (the Ministry of Health's list): read, search,
/// create (a diagnosis of a visit on its day) and update to record that a problem resolved.
/// </summary>
public static class ConditionResources
{
    /// <summary>ICD-10 as VN Core's condition value set names it; the terminology.hl7.org address is read too.</summary>
    public const string IcdSystem = "http://hl7.org/fhir/sid/icd-10";
    internal const string OtherIcdSystem = "http://terminology.hl7.org/CodeSystem/icd10";
    private const string ClinicalSystem = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string VerificationSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ProblemListProfile = VnCore.Canonical + "/StructureDefinition/vn-core-condition-problemlist";
    public const string DiagnosisProfile = VnCore.Canonical + "/StructureDefinition/vn-core-condition-encounter-diagnosis";

    private static readonly HashSet<string> Parameters = ["patient", "subject", "code", "clinical-status", "onset-date", "_lastUpdated", "_count", "_offset", "_format"];

    public static void MapConditions(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Condition/{id}", ReadAsync).WithName("FhirConditionRead").WithSummary("A diagnosis or problem, ICD-10 coded.");
        fhir.MapGet("/Condition", SearchAsync).WithName("FhirConditionSearch")
            .WithSummary("Search: patient/subject, code=[system|]ICD-10 code, clinical-status=active|resolved, onset-date=[prefix]date, _count, _offset.");
        fhir.MapPost("/Condition", CreateAsync).WithName("FhirConditionCreate").WithSummary("Record a diagnosis as a visit on its onset (or recorded) day.");
        fhir.MapPut("/Condition/{id}", UpdateAsync).WithName("FhirConditionUpdate")
            .WithSummary("Record that a problem resolved (clinicalStatus resolved with abatementDateTime); nothing else changes.");
        fhir.MapDelete("/Condition/{id}", async (string id, HttpContext http, ClinicalScope clinical, CancellationToken ct) =>
                await FindAsync(id, clinical, ct) is null
                    ? NotFound(http, id)
                    : FhirApi.NotAllowed(http, "GET, PUT",
                        $"Không xóa Condition/{id}: chẩn đoán đã ghi được giữ; một vấn đề đã khỏi được ghi ngày khỏi."))
            .WithName("FhirConditionDelete").WithSummary("Refused: diagnoses are kept.");
    }

    private sealed record Row(int Id, int PersonId, int? EncounterId, string Code, string? Name, DateOnly Onset, DateOnly? Resolved, string? Note,
        DateTimeOffset? LastChanged);

    private static IQueryable<Row> Rows(IQueryable<Condition> conditions) =>
        conditions.Select(c => new Row(c.Id, c.BeneficiaryId, c.EncounterId, c.IcdCode, c.Icd != null ? c.Icd.NameVi : null, c.OnsetDate, c.ResolvedDate, c.Note,
            c.LastChangedAt));

    /// <summary>The diagnoses a query selects as Conditions, for bulk export.</summary>
    internal static async Task<List<R4.Condition>> ToFhirAsync(IQueryable<Condition> conditions, CancellationToken ct) =>
        (await Rows(conditions.OrderBy(c => c.Id)).ToListAsync(ct)).Select(ToFhir).ToList();

    private static async Task<Row?> FindAsync(string id, ClinicalScope clinical, CancellationToken ct) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            ? await Rows((await clinical.ConditionsAsync(ct)).Where(c => c.Id == key)).FirstOrDefaultAsync(ct)
            : null;

    private static async Task<IResult> ReadAsync(string id, HttpContext http, ClinicalScope clinical, AnSinhDbContext db, AnSinh.Web.Auth.AccessScope scope,
        CancellationToken ct)
    {
        if (await FindAsync(id, clinical, ct) is not { } row)
        {
            if (await StruckOutAsync(id, db, scope, ct) is { } struck)
            {
                await clinical.AuditReadAsync([struck.BeneficiaryId], $"fhir:Condition/{id}", ct);
                return FhirApi.Send(http, ToFhir(struck));
            }

            return NotFound(http, id);
        }

        await clinical.AuditReadAsync([row.PersonId], $"fhir:Condition/{id}", ct);
        return FhirApi.Send(http, ToFhir(row));
    }

    private static async Task<IResult> SearchAsync(HttpContext http, ClinicalScope clinical, AnSinh.Web.Features.Audit.AuditLog audit, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (q.Keys.FirstOrDefault(k => !Parameters.Contains(k) && !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho Condition; dùng: {string.Join(", ", Parameters.Where(p => p != "_format"))}.");
        }

        if (FhirSearch.Paging(http) is not { } paging)
        {
            return FhirSearch.BadPaging(http);
        }

        var (count, offset) = paging;

        var conditions = await clinical.ConditionsAsync(ct);
        // patient and subject name the same element: each value given must match.
        foreach (var subject in q["patient"].Concat(q["subject"]))
        {
            if (!FhirSearch.TryPatientIds(subject ?? "", FhirApi.Base(http), out var listed))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, $"\"{subject}\" không phải Patient/<id> của AnSinh.");
            }

            conditions = conditions.Where(c => listed.Contains(c.BeneficiaryId));
        }

        foreach (var token in q["code"].Select(c => c ?? ""))
        {
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            if (bar >= 0 && token[..bar] is not (IcdSystem or OtherIcdSystem or ""))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.CodeInvalid,
                    $"Hệ mã \"{token[..bar]}\" không được hỗ trợ: AnSinh mã hóa chẩn đoán bằng ICD-10 ({IcdSystem}).");
            }

            var wanted = token[(bar + 1)..].Split(',').Select(c => c.Trim().ToUpperInvariant()).ToList();
            conditions = conditions.Where(c => wanted.Contains(c.IcdCode));
        }

        foreach (var status in q["clinical-status"])
        {
            var wanted = (status ?? "").Split(',').Select(t => t[(t.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToHashSet();
            if (wanted.FirstOrDefault(w => w is not ("active" or "resolved" or "inactive")) is { } unknownStatus)
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.CodeInvalid,
                    $"clinical-status \"{unknownStatus}\" không được hỗ trợ; dùng active, resolved (inactive như resolved).");
            }

            var active = wanted.Contains("active");
            var resolved = wanted.Contains("resolved") || wanted.Contains("inactive");
            conditions = (active, resolved) switch
            {
                (true, false) => conditions.Where(c => c.ResolvedDate == null),
                (false, true) => conditions.Where(c => c.ResolvedDate != null),
                _ => conditions,
            };
        }

        // When recorded, or last resolved (a diagnosis struck out leaves the searches: a client learns by reading it again).
        foreach (var value in q["_lastUpdated"])
        {
            if (EncounterResources.InRange(conditions, c => c.LastChangedAt, value) is not { } changed)
            {
                return EncounterResources.BadLastUpdated(http, value);
            }

            conditions = changed;
        }

        foreach (var date in q["onset-date"])
        {
            if (!FhirSearch.TryDateRange(date, out var from, out var to, out var prefix))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
                    $"onset-date \"{date}\" phải là [eq|lt|le|gt|ge]yyyy, yyyy-MM hoặc yyyy-MM-dd.");
            }

            conditions = prefix switch
            {
                "lt" => conditions.Where(c => c.OnsetDate < from),
                "le" => conditions.Where(c => c.OnsetDate <= to),
                "gt" => conditions.Where(c => c.OnsetDate > to),
                "ge" => conditions.Where(c => c.OnsetDate >= from),
                _ => conditions.Where(c => c.OnsetDate >= from && c.OnsetDate <= to),
            };
        }

        var total = await conditions.CountAsync(ct);
        var page = await Rows(conditions.OrderBy(c => c.Id).Skip(offset).Take(count)).ToListAsync(ct);
        var bundle = FhirSearch.Searchset(http, total, offset, count);
        foreach (var row in page)
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/Condition/{row.Id}", Resource = ToFhir(row),
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        await clinical.AuditSearchAsync(http, "Condition", offset, count, page.Count, total, page.Select(r => r.PersonId), ct);
        return FhirApi.Send(http, bundle);
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AnSinhDbContext db, ClinicalScope clinical, HealthRecordService records,
        AnSinh.Web.Auth.AccessScope scope, CodeCatalog codes, CancellationToken ct)
    {
        var (condition, refusal) = await FhirBody.ReadAsync<R4.Condition>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (http.Request.Headers.ContainsKey("If-None-Exist"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                "If-None-Exist chưa được hỗ trợ cho Condition: tìm trước theo patient và code nếu cần tránh ghi hai lần.");
        }

        var problems = new List<(string Expression, string Message)>();
        if (condition!.VerificationStatus?.Coding.Any(c => c.Code is "refuted" or "entered-in-error") == true)
        {
            problems.Add(("Condition.verificationStatus", "AnSinh ghi chẩn đoán đã xác định; chẩn đoán đã loại trừ hoặc nhập nhầm không được ghi."));
        }

        int? person = FhirSearch.TryLocalPatient(condition.Subject?.Reference, FhirApi.Base(http), out var id) ? id : null;
        if (person is null)
        {
            problems.Add(("Condition.subject", "subject phải là Patient/<id> của một người trên AnSinh."));
        }
        else if (!await (await scope.BeneficiariesAsync(ct)).AnyAsync(b => b.Id == person, ct))
        {
            problems.Add(("Condition.subject", $"Không có Patient/{person} trong phạm vi của bạn."));
        }

        var icd = condition.Code?.Coding.FirstOrDefault(c => c.System is IcdSystem or OtherIcdSystem)?.Code?.Trim().ToUpperInvariant();
        if (icd is null)
        {
            var systems = string.Join(", ", condition.Code?.Coding.Select(c => c.System).Distinct() ?? []);
            problems.Add(("Condition.code", $"Cần một mã ICD-10 ({IcdSystem}); hệ mã {(systems.Length == 0 ? "trống" : systems)} chưa được AnSinh ghi."));
        }

        DateOnly? onset = condition.Onset switch
        {
            R4.FhirDateTime dt => FhirSearch.LocalDate(dt),
            R4.Period period when period.StartElement is { } start => FhirSearch.LocalDate(start),
            null => null,
            _ => null,
        };
        var recorded = condition.RecordedDateElement is { } r ? FhirSearch.LocalDate(r) : null;
        if (onset is null && recorded is null && condition.Encounter?.Reference is null)
        {
            problems.Add(("Condition.onset", "Cần ngày phát hiện (onsetDateTime) hoặc ngày ghi nhận (recordedDate), có đủ ngày, hoặc lượt khám (encounter)."));
        }

        DateOnly? abated = condition.Abatement is R4.FhirDateTime ab ? FhirSearch.LocalDate(ab) : null;
        var resolved = condition.ClinicalStatus?.Coding.Any(c => c.Code is "resolved" or "inactive" or "remission") == true;
        if (resolved && abated is null)
        {
            problems.Add(("Condition.abatement", "Vấn đề đã khỏi cần ngày khỏi (abatementDateTime)."));
        }

        // A diagnosis made in a visit already on AnSinh joins it; without one it is recorded as a visit of its own.
        int? visit = null;
        if (condition.Encounter is { Reference: null })
        {
            problems.Add(("Condition.encounter", "encounter cần reference Encounter/<id> (một định danh hay tên lượt khám không đủ để tìm lượt khám)."));
        }
        else if (condition.Encounter?.Reference is { } named)
        {
            if (FhirSearch.TryLocal(named, "Encounter", FhirApi.Base(http), out var key))
            {
                visit = key;
            }
            else
            {
                problems.Add(("Condition.encounter", "encounter phải là Encounter/<id> của một lượt khám trên AnSinh (hoặc bỏ trống để ghi thành lượt khám mới)."));
            }
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (visit is { } encounterId)
        {
            return await AddToEncounterAsync(http, db, records, await scope.BeneficiariesAsync(ct), encounterId, person!.Value, recorded, new DiagnosisInput
            {
                IcdCode = icd, OnsetDate = onset, ResolvedDate = abated, Note = condition.Note.FirstOrDefault()?.Text,
            }, ct);
        }

        var input = new EncounterInput
        {
            Kind = EncounterKind.SickVisit,
            Date = recorded ?? onset,
            Findings = "Chẩn đoán nhận qua HL7 FHIR.",
            Diagnoses = [new DiagnosisInput { IcdCode = icd, OnsetDate = onset ?? recorded, ResolvedDate = abated, Note = condition.Note.FirstOrDefault()?.Text }],
        };
        var result = await records.RecordEncounterAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field == "date" ? "Condition.onset" : DiagnosisElement(field));
        }

        return await CreatedAsync(http, db.Conditions.Where(c => c.EncounterId == result.Value), ct);
    }

    /// <summary>The Condition element a diagnosis's field of the visit form stands for.</summary>
    private static string DiagnosisElement(string field) => field switch
    {
        var f when f.EndsWith("icdCode", StringComparison.Ordinal) => "Condition.code",
        var f when f.EndsWith("resolvedDate", StringComparison.Ordinal) => "Condition.abatement",
        var f when f.EndsWith("note", StringComparison.Ordinal) => "Condition.note",
        var f when f.StartsWith("diagnoses", StringComparison.Ordinal) => "Condition.onset",
        _ => "Condition",
    };

    private static async Task<IResult> CreatedAsync(HttpContext http, IQueryable<Condition> created, CancellationToken ct)
    {
        var row = await Rows(created).FirstAsync(ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Condition/{row.Id}";
        return FhirApi.Send(http, ToFhir(row), StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddToEncounterAsync(HttpContext http, AnSinhDbContext db, HealthRecordService records,
        IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> visible, int encounterId, int person, DateOnly? recorded, DiagnosisInput diagnosis, CancellationToken ct)
    {
        var (visit, problems, missing) = await EncounterResources.VisitOfAsync(http, db, visible, encounterId, person, "Condition.subject", ct);
        if (missing is not null)
        {
            return missing;
        }

        if (recorded is { } day && day != visit.Date)
        {
            problems.Add(("Condition.recordedDate", $"Ngày ghi nhận {day:dd/MM/yyyy} khác ngày của lượt khám ({visit.Date:dd/MM/yyyy})."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var result = await records.AddDiagnosisAsync(encounterId, diagnosis, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, DiagnosisElement);
        }

        return await CreatedAsync(http, db.Conditions.Where(c => c.Id == result.Value), ct);
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, ClinicalScope clinical, CareRecordService care, AnSinhDbContext db,
        AnSinh.Web.Auth.AccessScope scope, CancellationToken ct)
    {
        var row = await FindAsync(id, clinical, ct);
        var struck = row is null ? await StruckOutAsync(id, db, scope, ct) : null;
        if (row is null && struck is null)
        {
            return NotFound(http, id);
        }

        var (condition, refusal) = await FhirBody.ReadAsync<R4.Condition>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        // Entered in error (the wrong code, the wrong person): struck out with the reason the client adds as a note.
        var enteredInError = condition!.VerificationStatus?.Coding.Any(c => c.System is null or VerificationSystem && c.Code == "entered-in-error") == true;
        if (struck is not null)
        {
            return enteredInError
                ? FhirApi.Send(http, ToFhir(struck)) // already struck out: nothing to change
                : FhirSearch.Unprocessable(http, [("Condition.verificationStatus",
                    $"Chẩn đoán này đã được hủy ngày {Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy} và không mở lại: ghi một chẩn đoán mới.")]);
        }

        if (enteredInError)
        {
            if (!FhirSearch.TryLocalPatient(condition.Subject?.Reference, FhirApi.Base(http), out var who) || who != row!.PersonId)
            {
                return FhirSearch.Unprocessable(http, [("Condition.subject", $"Condition/{id} là chẩn đoán của Patient/{row!.PersonId}.")]);
            }

            var served = ToFhir(row).Note.Select(n => n.Text?.ToString()).ToHashSet(StringComparer.Ordinal);
            var reason = string.Join(" ", condition.Note.Select(n => n.Text?.ToString()?.Trim() ?? "").Where(t => t.Length > 0 && !served.Contains(t)));
            var strikeOut = await care.StrikeOutConditionAsync(row.Id, reason, ct);
            // Struck out at the same moment by another request: the same answer as a retry.
            var now = await StruckOutAsync(id, db, scope, ct);
            return strikeOut.Succeeded || (now is not null && strikeOut.Errors is not null)
                ? FhirApi.Send(http, ToFhir(now!))
                : FhirSearch.Refused(http, strikeOut, field => field == "reason" ? "Condition.note" : "Condition");
        }

        ArgumentNullException.ThrowIfNull(row); // a struck-out one was answered above
        var icd = condition.Code?.Coding.FirstOrDefault(c => c.System is IcdSystem or OtherIcdSystem)?.Code?.Trim().ToUpperInvariant();
        if (condition.Id != id || icd != row.Code || !FhirSearch.TryLocalPatient(condition.Subject?.Reference, FhirApi.Base(http), out var person) || person != row.PersonId)
        {
            return FhirSearch.Unprocessable(http, [("Condition", "Chỉ ghi được ngày khỏi (clinicalStatus resolved, abatementDateTime); id, mã ICD-10 và người bệnh giữ nguyên.")]);
        }

        var abated = condition.Abatement is R4.FhirDateTime ab ? FhirSearch.LocalDate(ab) : null;
        var resolvedStatus = condition.ClinicalStatus?.Coding.Any(c => c.Code is "resolved" or "inactive" or "remission") == true;
        if (abated is not null && !resolvedStatus)
        {
            return FhirSearch.Unprocessable(http, [("Condition.clinicalStatus", "Có ngày khỏi (abatementDateTime) thì clinicalStatus phải là resolved.")]);
        }

        if (abated is null || abated == row.Resolved)
        {
            return abated is null && row.Resolved is not null
                ? FhirSearch.Unprocessable(http, [("Condition.abatement", "Một vấn đề đã khỏi không mở lại qua FHIR: ghi một chẩn đoán mới.")])
                : FhirApi.Send(http, ToFhir(row));
        }

        var result = await care.ResolveConditionAsync(row.Id, abated, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, _ => "Condition.abatement");
        }

        return FhirApi.Send(http, ToFhir((await FindAsync(id, clinical, ct))!));
    }

    private static R4.Condition ToFhir(Row row)
    {
        var diagnosis = row.EncounterId is not null;
        var condition = new R4.Condition
        {
            Id = row.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [diagnosis ? DiagnosisProfile : ProblemListProfile], LastUpdated = row.LastChanged },
            ClinicalStatus = VnCore.Coded(ClinicalSystem, row.Resolved is null ? "active" : "resolved", row.Resolved is null ? "Active" : "Resolved"),
            VerificationStatus = VnCore.Coded(VerificationSystem, "confirmed", "Confirmed"),
            // Without text: VN Core fixes the category to exactly this coding.
            Category = [new R4.CodeableConcept { Coding = [new R4.Coding(CategorySystem, diagnosis ? "encounter-diagnosis" : "problem-list-item", diagnosis ? "Encounter Diagnosis" : "Problem List Item")] }],
            Code = VnCore.Coded(IcdSystem, row.Code, row.Name),
            Subject = new R4.ResourceReference($"Patient/{row.PersonId}"),
            Onset = new R4.FhirDateTime(row.Onset.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        if (row.EncounterId is { } encounter)
        {
            condition.Encounter = new R4.ResourceReference($"Encounter/{encounter}");
        }

        if (row.Resolved is { } resolved)
        {
            condition.Abatement = new R4.FhirDateTime(resolved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (row.Note is { } note)
        {
            condition.Note = [new R4.Annotation { Text = note }];
        }

        return condition;
    }

    /// <summary>A diagnosis struck out as entered in error, for a caller who may see the person; null otherwise.</summary>
    private static async Task<StruckOutRecord?> StruckOutAsync(string id, AnSinhDbContext db, AnSinh.Web.Auth.AccessScope scope, CancellationToken ct)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return null;
        }

        return await StruckOutStore.FindAsync(db, await scope.BeneficiariesAsync(ct), StruckOutKind.Condition, key, ct);
    }

    /// <summary>A struck-out diagnosis as it stood: verificationStatus entered-in-error, no clinicalStatus (con-5), the reason as a note.</summary>
    private static R4.Condition ToFhir(StruckOutRecord struck)
    {
        var c = System.Text.Json.JsonSerializer.Deserialize<Condition>(struck.Content)!;
        var condition = ToFhir(new Row(c.Id, c.BeneficiaryId, c.EncounterId, c.IcdCode, null, c.OnsetDate, c.ResolvedDate, c.Note, struck.StruckOutAt));
        condition.ClinicalStatus = null;
        condition.Abatement = null;
        condition.VerificationStatus = VnCore.Coded(VerificationSystem, "entered-in-error", "Entered in Error");
        condition.Note.Add(new R4.Annotation
        {
            Author = new R4.FhirString(struck.StruckOutBy), Time = new R4.FhirDateTime(Clock.ToLocal(struck.StruckOutAt)).Value,
            Text = $"Hủy (ghi nhầm) ngày {Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy}: {struck.Reason}",
        });
        return condition;
    }

    private static IResult NotFound(HttpContext http, string id) =>
        FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
            $"Không có Condition/{id}, hoặc hồ sơ không thuộc phạm vi của bạn.");
}
