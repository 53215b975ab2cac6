namespace AnSinh.Web.Features.Plans;

public static class PlanApi
{
    public static RouteGroupBuilder MapPlanApi(this RouteGroupBuilder api)
    {
        api.MapPost("/plans", async (PlanInput input, PlanService service, CancellationToken ct) =>
                (await service.CreateAsync(input, ct)).ToHttpResult(id => Results.Created("/api/plans", new { id })))
            .WithTags("Plans")
            .WithName("CreatePlan")
            .WithSummary("Enter a plan for a unit in the caller's area: phases, targets (0–100 for percentages), tasks.");
        api.MapPost("/plans/{planId:int}/tasks/{taskId:int}/progress", async (int planId, int taskId, TaskProgressInput input, PlanService service, CancellationToken ct) =>
                (await service.ProgressAsync(planId, taskId, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Plans")
            .WithName("TaskProgress")
            .WithSummary("Add a dated progress note to a plan task and/or change its status.");
        return api;
    }
}
