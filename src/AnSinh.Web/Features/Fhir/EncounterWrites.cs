using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.HealthRecords;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// A visit that took place elsewhere or was recorded in another system created as an Encounter: saved by the check
/// form's own service, so the day, the facility in scope, the form's rules (an intake or periodic check needs readings
/// and a health grade), write refusals and audit are the form's. Readings and diagnoses come as Observations and
/// Conditions.
/// </summary>
public static class EncounterWrites
{
    public static void MapEncounterWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Encounter", CreateAsync).WithName("FhirEncounterCreate")
            .WithSummary("Record a visit: status finished, type (the kind, as text), subject, period.start, serviceProvider, reasonCode text (the findings).");
        fhir.MapPut("/Encounter/{id}", UpdateAsync).WithName("FhirEncounterUpdate")
            .WithSummary("Strike out a visit entered in error, with its readings: status entered-in-error, the reason in the Note extension. A visit is otherwise kept as recorded.");
    }

    /// <summary>
    /// A visit is kept as recorded (readings are added to it as Observations naming it); one entered in error (the wrong
    /// person, recorded twice) is struck out with its readings, the reason given in the core Note extension (an
    /// Encounter has no note element). Not reopened.
    /// </summary>
    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, AnSinhDbContext db, ClinicalScope clinical, HealthRecordService records,
        AnSinh.Web.Auth.AccessScope scope, AnSinh.Web.Auth.CurrentUser user, CancellationToken ct)
    {
        var key = int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        var kept = await (await clinical.EncountersAsync(ct)).Where(e => e.Id == key).Select(e => new { e.BeneficiaryId, e.Date }).FirstOrDefaultAsync(ct);
        var struck = kept is null ? await EncounterResources.StruckOutAsync(db, scope, key, ct) : null;
        if (kept is null && struck is null)
        {
            return CareWrites.NotFound(http, "Encounter", id);
        }

        if (RecordWrites.NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.Encounter>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var (person, day) = kept is not null ? (kept.BeneficiaryId, kept.Date) : (struck!.BeneficiaryId, struck.Date);
        var problems = new List<(string, string)>();
        if (read!.Subject?.Reference is not null && (!FhirSearch.TryLocalPatient(read.Subject.Reference, FhirApi.Base(http), out var subject) || subject != person))
        {
            problems.Add(("Encounter.subject", $"Encounter/{id} là lượt khám của Patient/{person}: ghi nhầm người thì hủy lượt khám (status entered-in-error) rồi ghi cho đúng người."));
        }

        // The body names the visit it means: another day or kind of visit is another visit, not this one's change.
        if (read.Period?.StartElement is { } start && FhirSearch.LocalDate(start) is var sentDay && sentDay != day)
        {
            problems.Add(("Encounter.period", $"Encounter/{id} là lượt khám ngày {day:dd/MM/yyyy}: lượt khám ngày khác là một lượt khám khác."));
        }

        if (read.Class?.Code is { } visitClass && visitClass != "AMB")
        {
            problems.Add(("Encounter.class", $"Encounter/{id} là lượt khám ngoại trú (AMB), không phải \"{visitClass}\"."));
        }

        var strike = read.Status == R4.Encounter.EncounterStatus.EnteredInError;
        if (!strike && (struck is not null || read.Status != R4.Encounter.EncounterStatus.Finished))
        {
            problems.Add(("Encounter.status", struck is not null
                ? $"Lượt khám này đã được hủy ngày {AnSinh.Web.Infrastructure.Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy} và không mở lại: ghi một lượt khám mới."
                : "Lượt khám được giữ như đã ghi: chỉ số đo thêm là Observation ghi encounter này; ghi nhầm thì gửi status entered-in-error với lý do trong extension "
                  + StruckOut.NoteExtension + "."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (struck is not null)
        {
            return FhirApi.Send(http, EncounterResources.ToFhir(struck)); // already struck out: nothing to change
        }

        if (!strike)
        {
            return await EncounterResources.ReadAsync(id, http, clinical, db, scope, ct); // as recorded: nothing to change
        }

        var result = await records.StrikeOutEncounterAsync(key, StruckOut.Reason(read, new R4.Encounter()), ct);
        // Struck out at the same moment by another request: the same answer as a retry.
        var now = await EncounterResources.StruckOutAsync(db, scope, key, ct);
        return result.Succeeded || (now is not null && result.Errors is not null)
            ? FhirApi.Send(http, EncounterResources.ToFhir(now!))
            : FhirSearch.Refused(http, result, _ => "Encounter.extension");
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AnSinhDbContext db, HealthRecordService records, CancellationToken ct)
    {
        var (encounter, refusal) = await FhirBody.ReadAsync<R4.Encounter>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "Encounter")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = RecordWrites.Patient(http, encounter!.Subject, "Encounter.subject", problems);
        if (encounter.Status is not R4.Encounter.EncounterStatus.Finished)
        {
            problems.Add(("Encounter.status", "AnSinh ghi lần khám đã diễn ra (status finished)."));
        }

        // AnSinh's visits are outpatient or at home; a stay in hospital is recorded as a referral's outcome.
        if (encounter.Class?.Code is { } visitClass && visitClass is not ("AMB" or "HH"))
        {
            problems.Add(("Encounter.class", $"AnSinh ghi lần khám ngoại trú (AMB) hoặc tại nhà (HH), không ghi \"{visitClass}\": đợt nằm viện được ghi là kết quả chuyển tuyến."));
        }

        var kinds = Enum.GetValues<EncounterKind>();
        var named = encounter.Type.SelectMany(t => t.Coding.Select(c => c.Display).Prepend(t.Text)).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var kind = kinds.Cast<EncounterKind?>().FirstOrDefault(k => named.Any(t => VietnameseText.Fold(t) == VietnameseText.Fold(Labels.Of(k!.Value))
                                                                                  || string.Equals(t!.Trim(), k.ToString(), StringComparison.OrdinalIgnoreCase)));
        if (kind is null)
        {
            problems.Add(("Encounter.type", "Cần loại khám (type.text) là một trong: " + string.Join(", ", kinds.Select(k => Labels.Of(k))) + "."));
        }

        var date = FhirSearch.FullDay(encounter.Period?.StartElement, "Encounter.period.start", problems);
        if (date is null && encounter.Period?.Start is null)
        {
            problems.Add(("Encounter.period.start", "Cần ngày khám (period.start, yyyy-MM-dd)."));
        }

        int? facility = null;
        if (encounter.ServiceProvider?.Reference is { } provider)
        {
            if (FhirSearch.TryLocal(provider, "Organization", FhirApi.Base(http), out var id))
            {
                facility = id;
            }
            else
            {
                problems.Add(("Encounter.serviceProvider", "serviceProvider phải là Organization/<id> của một cơ sở trên AnSinh."));
            }
        }

        if (encounter.Diagnosis.Count > 0)
        {
            problems.Add(("Encounter.diagnosis", "Chẩn đoán được ghi bằng Condition (code ICD-10, subject, onsetDateTime): bỏ diagnosis khỏi Encounter."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var findings = string.Join("; ", encounter.ReasonCode.Select(r => r.Text ?? r.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)))
            .Where(t => !string.IsNullOrWhiteSpace(t)));
        var input = new EncounterInput { Kind = kind, Date = date, FacilityId = facility, Findings = findings.Length > 0 ? findings : null };
        var result = await records.RecordEncounterAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "date" => "Encounter.period.start",
                "facilityId" => "Encounter.serviceProvider",
                "kind" or "observations" or "classification" => "Encounter.type",
                "findings" => "Encounter.reasonCode",
                _ => "Encounter",
            });
        }

        var saved = (await EncounterResources.ToFhirAsync(db.Encounters.Where(e => e.Id == result.Value), ct)).Single();
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Encounter/{saved.Id}";
        return FhirApi.Send(http, saved, StatusCodes.Status201Created);
    }
}
