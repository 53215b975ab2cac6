using System.Globalization;
using System.Text.RegularExpressions;
using AnSinh.Data;
using AnSinh.Domain.Rehabilitation;
using AnSinh.Web.Features.Rehabilitation;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// A rehabilitation plan made elsewhere (at the district hospital's rehabilitation ward) created as a CarePlan: saved
/// by the rehabilitation page's service, so one open plan per person, the facility the plan is made in, scope and audit
/// are the page's. Sessions, goals achieved and closing are recorded on AnSinh.
/// </summary>
public static partial class RehabWrites
{
    public static void MapRehabWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/CarePlan", CreateAsync).WithName("FhirCarePlanCreate")
            .WithSummary("Open a rehabilitation plan: subject, status active, period.start, description (assessment), activity.detail.description (interventions), contained Goals.");
        fhir.MapPut("/CarePlan/{id}", CloseAsync).WithName("FhirCarePlanUpdate")
            .WithSummary("Close a rehabilitation plan: status completed, period.end the day, a note the closing remarks.");
    }

    // AnSinh's own description: "Lượng giá: … Can thiệp: … Barthel ban đầu: n/100." (what it serves is read back the same).
    [GeneratedRegex(@"^(?:Lượng giá: (?<assessment>.*?))?\s*(?:Can thiệp: (?<interventions>.*?))?\s*(?:Barthel ban đầu: (?<barthel>\d{1,3})/100\.)?$",
        RegexOptions.Singleline)]
    private static partial Regex OwnDescription();

    internal static async Task<IResult> CloseAsync(string id, HttpContext http, AnSinhDbContext db, RehabService rehab, Auth.AccessScope scope, Clock clock,
        CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = RecordResources.Key(id);
        var current = await db.RehabPlans.AsNoTracking().Include(p => p.Goals).FirstOrDefaultAsync(p => p.Id == key && people.Any(b => b.Id == p.BeneficiaryId), ct);
        if (current is null)
        {
            return CareWrites.NotFound(http, "CarePlan", id);
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.CarePlan>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var plan = read!;

        // Only the plan's end is written here: sessions and goals achieved are recorded on the rehabilitation page.
        var problems = new List<(string, string)>();
        switch (plan.Status)
        {
            case R4.RequestStatus.Active when current.ClosedOn is null:
                return FhirApi.Send(http, PlanAndScreeningResources.ToFhir(current)); // nothing to change
            case R4.RequestStatus.Completed when current.ClosedOn is null:
                break;
            case R4.RequestStatus.Completed:
                problems.Add(("CarePlan.status", $"Kế hoạch đã kết thúc ngày {current.ClosedOn:dd/MM/yyyy}."));
                break;
            default:
                problems.Add(("CarePlan.status", "Kết thúc kế hoạch bằng status completed (kèm period.end); kế hoạch đã kết thúc không mở lại: lập kế hoạch mới."));
                break;
        }

        var closedOn = FhirSearch.FullDay(plan.Period?.EndElement, "CarePlan.period.end", problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var note = string.Join(" ", plan.Note.Select(n => n.Text?.ToString()).Where(t => !string.IsNullOrWhiteSpace(t)));
        var result = await rehab.ClosePlanAsync(current.Id, new PlanCloseInput { ClosedOn = closedOn ?? clock.Today, Note = note.Length > 0 ? note : null }, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "closedOn" => "CarePlan.period.end",
                "note" => "CarePlan.note",
                _ => "CarePlan",
            });
        }

        return FhirApi.Send(http, PlanAndScreeningResources.ToFhir(await db.RehabPlans.AsNoTracking().Include(p => p.Goals).FirstAsync(p => p.Id == current.Id, ct)));
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AnSinhDbContext db, RehabService rehab, Clock clock, CancellationToken ct)
    {
        var (plan, refusal) = await FhirBody.ReadAsync<R4.CarePlan>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "CarePlan")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = RecordWrites.Patient(http, plan!.Subject, "CarePlan.subject", problems);
        if (plan.Status is not R4.RequestStatus.Active)
        {
            problems.Add(("CarePlan.status", "AnSinh mở kế hoạch đang thực hiện (status active); kết thúc kế hoạch được ghi trên trang phục hồi chức năng."));
        }

        if (plan.Intent is not (R4.CarePlan.CarePlanIntent.Plan or R4.CarePlan.CarePlanIntent.Order))
        {
            problems.Add(("CarePlan.intent", "AnSinh ghi kế hoạch đã lập (intent plan hoặc order)."));
        }

        var start = FhirSearch.FullDay(plan.Period?.StartElement, "CarePlan.period.start", problems);
        // Goals: the contained Goals the plan points to (their description), or what a reference's display says.
        var goals = new List<string>();
        foreach (var reference in plan.Goal)
        {
            var contained = reference.Reference is { } r && r.StartsWith('#') ? plan.Contained.OfType<R4.Goal>().FirstOrDefault(g => g.Id == r[1..]) : null;
            var text = contained?.Description?.Text ?? contained?.Description?.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))
                ?? reference.Display;
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add(("CarePlan.goal", "Mỗi mục tiêu cần lời mô tả: Goal chứa trong kế hoạch (description.text) hoặc display của tham chiếu."));
            }
            else
            {
                goals.Add(text.Trim());
            }
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var own = OwnDescription().Match(plan.Description ?? "");
        var described = own.Success && (own.Groups["assessment"].Success || own.Groups["interventions"].Success || own.Groups["barthel"].Success);
        var activities = plan.Activity.Select(a => a.Detail?.Description).Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        var interventions = string.Join(" ", new[] { described && own.Groups["interventions"].Success ? own.Groups["interventions"].Value.Trim() : null }
            .Concat(activities).Where(t => !string.IsNullOrWhiteSpace(t)));
        var input = new RehabPlanInput
        {
            StartDate = start ?? clock.Today,
            Assessment = described ? (own.Groups["assessment"].Success ? own.Groups["assessment"].Value.Trim() : null) : plan.Description,
            Interventions = interventions.Length > 0 ? interventions : null,
            BaselineBarthel = described && own.Groups["barthel"].Success ? int.Parse(own.Groups["barthel"].Value, CultureInfo.InvariantCulture) : null,
            Goals = goals,
        };
        var result = await rehab.CreatePlanAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "startDate" => "CarePlan.period.start",
                "assessment" or "baselineBarthel" => "CarePlan.description",
                "interventions" => "CarePlan.activity.detail.description",
                _ when field.StartsWith("goals", StringComparison.Ordinal) => "CarePlan.goal",
                _ => "CarePlan",
            });
        }

        var saved = await db.RehabPlans.AsNoTracking().Include(p => p.Goals).FirstAsync(p => p.Id == result.Value, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/CarePlan/{saved.Id}";
        return FhirApi.Send(http, PlanAndScreeningResources.ToFhir(saved), StatusCodes.Status201Created);
    }
}
