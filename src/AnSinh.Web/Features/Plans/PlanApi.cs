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
        return api;
    }
}
