using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Instruments;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// A screening given elsewhere (a PHQ-9 at the hospital, a Barthel at the commune station) sent as a
/// QuestionnaireResponse to one of AnSinh's Questionnaires: the answers' points are scored by the same instrument and
/// service as the screening form, so the band, the flags and the alerts that follow are the form's.
/// </summary>
public static class ScreeningWrites
{
    public static void MapScreeningWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/QuestionnaireResponse", CreateAsync).WithName("FhirQuestionnaireResponseCreate")
            .WithSummary("Record a screening: questionnaire (AnSinh's canonical), subject, authored, items 1…n with valueInteger points (or a total for PHQ-9/GDS-15).");
        fhir.MapPut("/QuestionnaireResponse/{id}", UpdateAsync).WithName("FhirQuestionnaireResponseUpdate")
            .WithSummary("Strike out a screening entered in error: status entered-in-error, the reason in the Note extension. A screening is otherwise kept as given.");
    }

    /// <summary>
    /// A screening is kept as given (another screening is a new QuestionnaireResponse); one entered in error (the wrong
    /// person, recorded twice) is struck out with its reason, given in the core Note extension (a QuestionnaireResponse
    /// has no note element). Not reopened.
    /// </summary>
    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, AnSinhDbContext db, CareRecordService care, AccessScope scope, CurrentUser user,
        CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        if (await PlanAndScreeningResources.ScreeningOrStruckOutAsync(db, people, RecordResources.Key(id), ct) is not [var current])
        {
            return CareWrites.NotFound(http, "QuestionnaireResponse", id);
        }

        if (RecordWrites.NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.QuestionnaireResponse>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var screening = current.Result;
        var problems = new List<(string, string)>();
        if (read!.Subject?.Reference is not null && (!FhirSearch.TryLocalPatient(read.Subject.Reference, FhirApi.Base(http), out var subject) || subject != screening.BeneficiaryId))
        {
            problems.Add(("QuestionnaireResponse.subject", $"QuestionnaireResponse/{id} là lần sàng lọc của Patient/{screening.BeneficiaryId}: ghi nhầm người thì hủy (status entered-in-error) rồi ghi cho đúng người."));
        }

        if (read.Questionnaire is { Length: > 0 } canonical && canonical.Split('|')[0] != PlanAndScreeningResources.QuestionnaireBase + screening.Instrument)
        {
            problems.Add(("QuestionnaireResponse.questionnaire", $"QuestionnaireResponse/{id} là lần sàng lọc {screening.Instrument}: bộ công cụ khác là một lần sàng lọc khác."));
        }

        var strike = read.Status == R4.QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError;
        var standing = screening.Complete ? R4.QuestionnaireResponse.QuestionnaireResponseStatus.Completed : R4.QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        if (!strike && (current.Struck is not null || read.Status != standing))
        {
            problems.Add(("QuestionnaireResponse.status", current.Struck is { } was
                ? $"Lần sàng lọc này đã được hủy ngày {Clock.ToLocal(was.StruckOutAt):dd/MM/yyyy} và không mở lại: ghi một lần sàng lọc mới."
                : "Lần sàng lọc được giữ như đã làm: làm lại là một QuestionnaireResponse mới; ghi nhầm thì gửi status entered-in-error với lý do trong extension "
                  + StruckOut.NoteExtension + "."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (current.Struck is not null || !strike)
        {
            return FhirApi.Send(http, PlanAndScreeningResources.ToFhir(screening, current.Struck)); // nothing to change
        }

        var result = await care.StrikeOutScreeningAsync(screening.Id, StruckOut.Reason(read, PlanAndScreeningResources.ToFhir(screening)), ct);
        // Struck out at the same moment by another request: the same answer as a retry.
        var served = await PlanAndScreeningResources.ScreeningOrStruckOutAsync(db, people, screening.Id, ct);
        return result.Succeeded || (served is [{ Struck: not null }] && result.Errors is not null)
            ? FhirApi.Send(http, PlanAndScreeningResources.ToFhir(served[0].Result, served[0].Struck))
            : FhirSearch.Refused(http, result, _ => "QuestionnaireResponse.extension");
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AnSinhDbContext db, CareRecordService care, Clock clock, CancellationToken ct)
    {
        var (response, refusal) = await FhirBody.ReadAsync<R4.QuestionnaireResponse>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "QuestionnaireResponse")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = RecordWrites.Patient(http, response!.Subject, "QuestionnaireResponse.subject", problems);
        // The canonical may carry a version ("|Kroenke 2001"); the instrument's own version is the one scored.
        var canonical = response.Questionnaire?.Split('|')[0] ?? "";
        var instrument = canonical.StartsWith(PlanAndScreeningResources.QuestionnaireBase, StringComparison.Ordinal)
            ? InstrumentCatalog.Find(canonical[PlanAndScreeningResources.QuestionnaireBase.Length..])
            : null;
        if (instrument is null)
        {
            problems.Add(("QuestionnaireResponse.questionnaire", $"Cần một bộ công cụ AnSinh chấm điểm: {PlanAndScreeningResources.QuestionnaireBase}<mã> với mã "
                                                                 + string.Join(", ", InstrumentCatalog.All.Values.Select(i => i.Code)) + " (xem /fhir/Questionnaire)."));
        }

        if (response.Status is not (R4.QuestionnaireResponse.QuestionnaireResponseStatus.Completed or R4.QuestionnaireResponse.QuestionnaireResponseStatus.InProgress))
        {
            problems.Add(("QuestionnaireResponse.status", "AnSinh ghi lần sàng lọc đã làm (completed) hoặc làm dở (in-progress)."));
        }

        var date = FhirSearch.FullDay(response.AuthoredElement, "QuestionnaireResponse.authored", problems);
        // Numbered items are the answers in the published order; "total" a score counted on paper (with the answers,
        // AnSinh's own sum is kept); "band" is AnSinh's to work out.
        var answers = new SortedDictionary<int, int?>();
        int? total = null;
        foreach (var item in response.Item)
        {
            if (item.LinkId == "band")
            {
                continue; // worked out from the points; what a client sends is not kept
            }

            var expression = $"QuestionnaireResponse.item.where(linkId='{item.LinkId}')";
            int? points = null;
            switch (item.Answer.Count)
            {
                case 0:
                    break;
                case 1 when item.Answer[0].Value is R4.Integer { Value: { } value }:
                    points = value;
                    break;
                default:
                    problems.Add((expression, "Mỗi câu nhận một câu trả lời là số điểm (valueInteger)."));
                    break;
            }

            if (item.LinkId == "total")
            {
                total = points;
            }
            else if (int.TryParse(item.LinkId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
                     && (instrument is null || number <= instrument.Items.Count) && !answers.ContainsKey(number))
            {
                answers[number] = points;
            }
            else
            {
                problems.Add((expression, instrument is null
                    ? $"linkId \"{item.LinkId}\" không có trong bộ câu hỏi."
                    : $"linkId phải là số thứ tự câu từ 1 đến {instrument.Items.Count} (mỗi câu một lần), hoặc \"total\"."));
            }
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var input = new ScreeningInput
        {
            Instrument = instrument!.Code,
            Date = date ?? clock.Today,
            // An answer left out is an unanswered question: the form is incomplete, as on paper.
            Answers = answers.Count == 0 ? null : Enumerable.Range(1, instrument.Items.Count).Select(n => answers.GetValueOrDefault(n)).ToList(),
            TotalScore = answers.Count == 0 ? total : null,
        };
        var result = await care.AddScreeningAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "instrument" => "QuestionnaireResponse.questionnaire",
                "date" => "QuestionnaireResponse.authored",
                "totalScore" => "QuestionnaireResponse.item.where(linkId='total')",
                _ when field.StartsWith("answers[", StringComparison.Ordinal) && int.TryParse(field[8..^1], CultureInfo.InvariantCulture, out var i)
                    => $"QuestionnaireResponse.item.where(linkId='{i + 1}')",
                _ => "QuestionnaireResponse.item",
            });
        }

        var saved = await db.ScreeningResults.AsNoTracking().FirstAsync(s => s.Id == result.Value!.Id, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/QuestionnaireResponse/{saved.Id}";
        return FhirApi.Send(http, PlanAndScreeningResources.ToFhir(saved), StatusCodes.Status201Created);
    }
}
