using System.Globalization;
using System.Text.Json;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Rehabilitation;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Rehabilitation plans as CarePlans (their goals contained), the screening instruments AnSinh scores as Questionnaires
/// (items in the published order, with their point values) and each screening given as a QuestionnaireResponse with its
/// score and band. Read-only; plans and screenings are scoped like the person and each read is audited.
/// </summary>
public static class PlanAndScreeningResources
{
    public const string QuestionnaireBase = "https://ansinh.vn/fhir/Questionnaire/";
    // FHIR R4's own code system (specification package, valuesets.xml).
    private const string GoalAchievementSystem = "http://terminology.hl7.org/CodeSystem/goal-achievement";

    public static void MapPlanAndScreeningResources(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/CarePlan/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                RecordResources.ReadAsync(http, "CarePlan", id,
                    async people => await Plans(db, people).Where(p => p.Id == RecordResources.Key(id)).ToListAsync(ct), ToFhir, p => p.BeneficiaryId, scope, clinical, ct))
            .WithName("FhirCarePlanRead").WithSummary("A rehabilitation plan: assessment, interventions, dates, goals (contained) and whether each was achieved.");
        fhir.MapGet("/CarePlan", (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                RecordResources.SearchAsync(http, "CarePlan", (people, who) => Plans(db, people).Where(p => who.Contains(p.BeneficiaryId)).OrderBy(p => p.StartDate).ThenBy(p => p.Id),
                    ToFhir, p => p.BeneficiaryId, scope, clinical, audit, ct))
            .WithName("FhirCarePlanSearch").WithSummary("Search: patient, _count, _offset.");

        fhir.MapGet("/Questionnaire/{id}", (string id, HttpContext http) =>
                InstrumentCatalog.Find(id) is { } instrument && instrument.Code == id
                    ? FhirApi.Send(http, ToQuestionnaire(instrument))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có bộ câu hỏi Questionnaire/{id}."))
            .WithName("FhirQuestionnaireRead").WithSummary("A screening instrument AnSinh scores (PHQ-9, GDS-15, Barthel, …): items in the published order with their points.");
        fhir.MapGet("/Questionnaire", (HttpContext http) =>
            {
                var unknown = http.Request.Query.Keys.FirstOrDefault(k => k != "_id" && !FhirSearch.Ignored.Contains(k));
                if (unknown is not null)
                {
                    return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                        $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho Questionnaire; dùng: _id.");
                }

                var ids = http.Request.Query["_id"].SelectMany(v => (v ?? "").Split(',')).ToHashSet(StringComparer.Ordinal);
                var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Searchset, Id = Guid.NewGuid().ToString("N") };
                foreach (var instrument in InstrumentCatalog.All.Values.Where(i => ids.Count == 0 || ids.Contains(i.Code)).OrderBy(i => i.Code, StringComparer.Ordinal))
                {
                    bundle.Entry.Add(new R4.Bundle.EntryComponent
                    {
                        FullUrl = $"{FhirApi.Base(http)}/Questionnaire/{instrument.Code}", Resource = ToQuestionnaire(instrument),
                        Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
                    });
                }

                bundle.Total = bundle.Entry.Count;
                return FhirApi.Send(http, bundle);
            })
            .WithName("FhirQuestionnaireSearch").WithSummary("The screening instruments: _id.");
        fhir.MapGet("/QuestionnaireResponse/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                RecordResources.ReadAsync(http, "QuestionnaireResponse", id, people => ScreeningOrStruckOutAsync(db, people, RecordResources.Key(id), ct),
                    s => ToFhir(s.Result, s.Struck), s => s.Result.BeneficiaryId, scope, clinical, ct))
            .WithName("FhirQuestionnaireResponseRead").WithSummary("A screening given: the answers' points, the score and band.");
        fhir.MapGet("/QuestionnaireResponse", (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                RecordResources.SearchAsync(http, "QuestionnaireResponse", (people, who) => Screenings(db, people).Where(s => who.Contains(s.BeneficiaryId)).OrderBy(s => s.Date).ThenBy(s => s.Id),
                    ToFhir, s => s.BeneficiaryId, scope, clinical, audit, ct))
            .WithName("FhirQuestionnaireResponseSearch").WithSummary("Search: patient, _count, _offset.");
    }

    private static IQueryable<RehabPlan> Plans(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        db.RehabPlans.AsNoTracking().Include(p => p.Goals).Where(p => people.Select(b => b.Id).Contains(p.BeneficiaryId));

    private static IQueryable<ScreeningResult> Screenings(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        db.ScreeningResults.AsNoTracking().Where(s => people.Select(b => b.Id).Contains(s.BeneficiaryId));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static R4.CarePlan ToFhir(RehabPlan p)
    {
        var plan = new R4.CarePlan
        {
            Id = p.Id.ToString(CultureInfo.InvariantCulture),
            Status = p.ClosedOn is null ? R4.RequestStatus.Active : R4.RequestStatus.Completed,
            Intent = R4.CarePlan.CarePlanIntent.Plan,
            Title = "Kế hoạch phục hồi chức năng",
            Category = [new R4.CodeableConcept { Text = "Phục hồi chức năng" }],
            Subject = new R4.ResourceReference($"Patient/{p.BeneficiaryId}"),
            Period = new R4.Period { Start = Day(p.StartDate), End = p.ClosedOn is { } closed ? Day(closed) : null },
            // FHIR strings may not be empty: no description when the plan has none of these.
            Description = string.Join(" ", new[]
            {
                p.Assessment is { } a ? $"Lượng giá: {a}" : null,
                p.Interventions is { } i ? $"Can thiệp: {i}" : null,
                p.BaselineBarthel is { } b ? $"Barthel ban đầu: {b}/100." : null,
            }.OfType<string>()) is { Length: > 0 } description ? description : null,
            Contained = [CareResources.Named("author", p.CreatedBy)],
            Author = new R4.ResourceReference("#author", p.CreatedBy),
        };
        if (p.ClosingNote is { } note)
        {
            plan.Note.Add(new R4.Annotation { Text = note });
        }

        foreach (var g in p.Goals.OrderBy(g => g.Id))
        {
            var goal = new R4.Goal
            {
                Id = $"goal-{g.Id}",
                LifecycleStatus = g.AchievedOn is null ? R4.Goal.GoalLifecycleStatus.Active : R4.Goal.GoalLifecycleStatus.Completed,
                AchievementStatus = g.AchievedOn is null
                    ? VnCore.Coded(GoalAchievementSystem, "in-progress", "In Progress")
                    : VnCore.Coded(GoalAchievementSystem, "achieved", "Achieved"),
                Description = new R4.CodeableConcept { Text = g.Description },
                Subject = new R4.ResourceReference($"Patient/{p.BeneficiaryId}"),
                Target = g.TargetDate is { } due ? [new R4.Goal.TargetComponent { Due = new R4.Date(Day(due)) }] : [],
                StatusDate = g.AchievedOn is { } on ? Day(on) : null,
            };
            plan.Contained.Add(goal);
            plan.Goal.Add(new R4.ResourceReference($"#{goal.Id}", g.Description));
        }

        return plan;
    }

    public static R4.Questionnaire ToQuestionnaire(Instrument instrument) => new()
    {
        Id = instrument.Code,
        Url = QuestionnaireBase + instrument.Code,
        Version = instrument.Version,
        Name = instrument.Code.Replace("-", "", StringComparison.Ordinal),
        Title = instrument.NameVi,
        Status = R4.PublicationStatus.Active,
        Description = $"Nguồn: {instrument.Source}",
        SubjectType = [R4.ResourceType.Patient],
        Item = instrument.Items.Select((item, i) => new R4.Questionnaire.ItemComponent
        {
            LinkId = (i + 1).ToString(CultureInfo.InvariantCulture),
            Text = item.LabelVi,
            Type = R4.Questionnaire.QuestionnaireItemType.Integer,
            AnswerOption = item.Values.Select(v => new R4.Questionnaire.AnswerOptionComponent { Value = new R4.Integer(v) }).ToList(),
        }).Concat(
        [
            new R4.Questionnaire.ItemComponent { LinkId = "total", Text = "Tổng điểm", Type = R4.Questionnaire.QuestionnaireItemType.Integer, ReadOnly = true },
            new R4.Questionnaire.ItemComponent { LinkId = "band", Text = "Phân loại", Type = R4.Questionnaire.QuestionnaireItemType.String, ReadOnly = true },
        ]).ToList(),
    };

    /// <summary>A screening as recorded, or as it stood when struck out as entered in error (its address still answers).</summary>
    internal sealed record ScreeningRow(ScreeningResult Result, StruckOutRecord? Struck);

    internal static async Task<List<ScreeningRow>> ScreeningOrStruckOutAsync(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people, int key,
        CancellationToken ct)
    {
        if (await Screenings(db, people).FirstOrDefaultAsync(s => s.Id == key, ct) is { } kept)
        {
            return [new ScreeningRow(kept, null)];
        }

        var struck = await HealthRecords.StruckOutStore.FindAsync(db, people, StruckOutKind.Screening, key, ct);
        return struck is null ? [] : [new ScreeningRow(JsonSerializer.Deserialize<ScreeningResult>(struck.Content)!, struck)];
    }

    public static R4.QuestionnaireResponse ToFhir(ScreeningResult s, StruckOutRecord? struck)
    {
        var response = ToFhir(s);
        if (struck is not null)
        {
            response.Status = R4.QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError;
            StruckOut.Mark(response, struck);
        }

        return response;
    }

    public static R4.QuestionnaireResponse ToFhir(ScreeningResult s)
    {
        var response = new R4.QuestionnaireResponse
        {
            Id = s.Id.ToString(CultureInfo.InvariantCulture),
            // The scoring version ("Kroenke 2001") has spaces, which a canonical's "|version" may not: the Questionnaire carries it.
            Questionnaire = QuestionnaireBase + s.Instrument,
            Status = s.Complete ? R4.QuestionnaireResponse.QuestionnaireResponseStatus.Completed : R4.QuestionnaireResponse.QuestionnaireResponseStatus.InProgress,
            Subject = new R4.ResourceReference($"Patient/{s.BeneficiaryId}"),
            Authored = Day(s.Date),
        };
        if (s.EncounterId is { } encounter)
        {
            response.Encounter = new R4.ResourceReference($"Encounter/{encounter}");
        }

        if (s.RecordedBy is { } by)
        {
            response.Contained.Add(CareResources.Named("author", by));
            response.Author = new R4.ResourceReference("#author", by);
        }

        var answers = s.Answers is null ? [] : JsonSerializer.Deserialize<List<int?>>(s.Answers) ?? [];
        var items = InstrumentCatalog.Find(s.Instrument)?.Items;
        for (var i = 0; i < answers.Count; i++)
        {
            var item = new R4.QuestionnaireResponse.ItemComponent { LinkId = (i + 1).ToString(CultureInfo.InvariantCulture), Text = items?.ElementAtOrDefault(i)?.LabelVi };
            if (answers[i] is { } points)
            {
                item.Answer.Add(new R4.QuestionnaireResponse.AnswerComponent { Value = new R4.Integer(points) });
            }

            response.Item.Add(item);
        }

        // The score and band as the instrument's version gives them (none for an incomplete form): the Questionnaire's
        // read-only "total" and "band" items.
        if (s.TotalScore is { } total)
        {
            response.Item.Add(new R4.QuestionnaireResponse.ItemComponent
            {
                LinkId = "total", Text = "Tổng điểm", Answer = [new R4.QuestionnaireResponse.AnswerComponent { Value = new R4.Integer(total) }],
            });
        }

        if (s.Band is { } band)
        {
            response.Item.Add(new R4.QuestionnaireResponse.ItemComponent
            {
                LinkId = "band", Text = "Phân loại", Answer = [new R4.QuestionnaireResponse.AnswerComponent { Value = new R4.FhirString(band) }],
            });
        }

        return response;
    }
}
