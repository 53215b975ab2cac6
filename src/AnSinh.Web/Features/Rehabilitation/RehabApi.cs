using AnSinh.Domain.Rehabilitation;
using AnSinh.Web.Features.Beneficiaries;

namespace AnSinh.Web.Features.Rehabilitation;

/// <summary>Rehabilitation plans, sessions and assistive devices (issue #11, item 5).</summary>
public static class RehabApi
{
    public static RouteGroupBuilder MapRehabApi(this RouteGroupBuilder api)
    {
        api.MapGet("/beneficiaries/{id:int}/rehabilitation", async (int id, RehabService service, CancellationToken ct) =>
                await service.RecordAsync(id, ct) is { } record
                    ? Results.Ok(new { record.Plans, record.Sessions, record.Devices, record.Barthel })
                    : BeneficiaryApi.NotFound())
            .WithTags("Rehabilitation")
            .WithName("Rehabilitation")
            .WithSummary("Plans with goals, sessions, devices and the Barthel Index over time.");
        api.MapPost("/beneficiaries/{id:int}/rehab-plans", async (int id, RehabPlanInput input, RehabService service, CancellationToken ct) =>
                (await service.CreatePlanAsync(id, input, ct)).ToHttpResult(pid => Results.Created($"/api/beneficiaries/{id}/rehabilitation", new { id = pid })))
            .WithTags("Rehabilitation")
            .WithName("CreateRehabPlan")
            .WithSummary("A plan {startDate, reviewDate, baselineBarthel (default: the last recorded), assessment, goals: [..], interventions}; one open plan at a time.");
        api.MapPost("/rehab-plans/{id:int}/sessions", async (int id, RehabSessionInput input, RehabService service, CancellationToken ct) =>
                (await service.AddSessionAsync(id, input, ct)).ToHttpResult(sid => Results.Created($"/api/rehab-plans/{id}/sessions", new { id = sid })))
            .WithTags("Rehabilitation")
            .WithName("AddRehabSession")
            .WithSummary("A session under an open plan; a plan that has ended takes none.");
        api.MapPost("/rehab-plans/{id:int}/close", async (int id, PlanCloseInput input, RehabService service, CancellationToken ct) =>
                (await service.ClosePlanAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Rehabilitation")
            .WithName("CloseRehabPlan");
        api.MapPost("/rehab-goals/{id:int}/achieved", async (int id, GoalAchievedInput input, RehabService service, CancellationToken ct) =>
                (await service.AchieveGoalAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Rehabilitation")
            .WithName("RehabGoalAchieved");
        api.MapPost("/beneficiaries/{id:int}/devices", async (int id, DeviceInput input, RehabService service, CancellationToken ct) =>
                (await service.IssueDeviceAsync(id, input, ct)).ToHttpResult(did => Results.Created($"/api/beneficiaries/{id}/rehabilitation", new { id = did })))
            .WithTags("Rehabilitation")
            .WithName("IssueDevice")
            .WithSummary("An assistive device issued: kind (Wheelchair, Walker, Crutches, Prosthesis, Orthosis, HearingAid, Glasses, Other), description, issuedOn.");
        api.MapPost("/devices/{id:int}/return", async (int id, DeviceReturnInput input, RehabService service, CancellationToken ct) =>
                (await service.ReturnDeviceAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Rehabilitation")
            .WithName("ReturnDevice");
        return api;
    }
}
