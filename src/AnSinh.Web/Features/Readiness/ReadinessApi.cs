namespace AnSinh.Web.Features.Readiness;

public static class ReadinessApi
{
    public static RouteGroupBuilder MapReadinessApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/facilities/{id:int}/readiness").WithTags("Readiness");
        group.MapGet("/", async (int id, DateOnly? date, ReadinessService service, CancellationToken ct) =>
                await service.FormAsync(id, date, ct) is { } form
                    ? Results.Ok(new
                    {
                        form.FacilityId,
                        form.FacilityName,
                        form.ChecklistVersion,
                        form.Date,
                        form.Criteria,
                        History = form.History.Select(h => new
                        {
                            h.Id, h.Date, h.Assessor, h.ChecklistVersion, h.MeetsAllMandatory,
                            Answers = h.Answers.Select(a => new { a.Code, a.Met, a.Computed, a.Note }),
                        }),
                    })
                    : Beneficiaries.BeneficiaryApi.NotFound())
            .WithName("ReadinessChecklist")
            .WithSummary("The checklist in force on a date, with the criteria the records answer, and past assessments.");
        group.MapPost("/", async (int id, ReadinessInput input, ReadinessService service, CancellationToken ct) =>
                (await service.AssessAsync(id, input, ct)).ToHttpResult(aid => Results.Created($"/api/facilities/{id}/readiness", new { id = aid })))
            .WithName("AssessReadiness")
            .WithSummary("Record a dated readiness assessment; every assessor-answered criterion needs an answer.");
        return api;
    }
}
