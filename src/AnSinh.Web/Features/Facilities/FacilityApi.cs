using AnSinh.Web.Infrastructure;

namespace AnSinh.Web.Features.Facilities;

public static class FacilityApi
{
    public static RouteGroupBuilder MapFacilityApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/facilities").WithTags("Facilities");
        group.MapGet("/", async (FacilityService service, CancellationToken ct) => Results.Ok(await service.ListAsync(ct)))
            .WithName("ListFacilities")
            .WithSummary("Facilities in the caller's scope with today's census.");
        group.MapGet("/directory", async (string? q, int? take, FacilityService service, Clock clock, CancellationToken ct) =>
                Results.Ok(await service.DirectoryAsync(q, clock.Today, Math.Clamp(take ?? 30, 1, 100), ct)))
            .WithName("FacilityDirectory")
            .WithSummary("Every active facility in the country by name or area (names and places only): where a person can be transferred.");
        group.MapGet("/{id:int}", async (int id, FacilityService service, HttpContext http, CancellationToken ct) =>
            {
                if (await service.GetAsync(id, ct) is not { } f)
                {
                    return Beneficiaries.BeneficiaryApi.NotFound();
                }

                http.Response.Headers.ETag = EditVersions.ETag(f.Version);
                return Results.Ok(f);
            })
            .WithName("GetFacility");
        group.MapGet("/{id:int}/census", async (int id, DateOnly? date, string? format, FacilityService service, AnSinh.Web.Features.Audit.AuditLog audit,
                CancellationToken ct) =>
            {
                if (await service.CensusAsync(id, date, ct) is not { } rows)
                {
                    return Beneficiaries.BeneficiaryApi.NotFound();
                }

                if (!XlsxList.Wanted(format))
                {
                    return Results.Ok(rows);
                }

                await audit.RecordExportAsync($"census:{id}", rows.Count, ct);
                return XlsxList.File($"danh-sach-o-co-so-{id}.xlsx", "Đang ở cơ sở",
                    [new("Họ và tên", 28), new("Ngày sinh", 12, IsDate: true), new("Hình thức", 24), new("Ngày tiếp nhận", 14, IsDate: true)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.FullName, r.BirthDate, Components.Shared.Labels.Of(r.Kind), r.AdmittedOn]));
            })
            .WithName("FacilityCensus")
            .WithSummary("Who is in the facility at the end of a date (default today; discharged that day have left); format=xlsx for a spreadsheet.");
        group.MapPost("/", async (FacilityInput input, FacilityService service, CancellationToken ct) =>
                (await service.CreateAsync(input, ct)).ToHttpResult(id => Results.Created($"/api/facilities/{id}", new { id })))
            .WithName("CreateFacility");
        group.MapPut("/{id:int}", (int id, FacilityInput input, FacilityService service, HttpContext http, CancellationToken ct) =>
                EditVersions.UpdateAsync(input, http, () => service.UpdateAsync(id, input, ct)))
            .WithName("UpdateFacility")
            .WithSummary("Edit a facility. Needs the version read (If-Match: the GET's ETag, or \"version\" in the body); 409 when someone saved since.");
        group.MapPost("/{id:int}/staff", async (int id, StaffInput input, FacilityService service, CancellationToken ct) =>
                (await service.AddStaffAsync(id, input, ct)).ToHttpResult(sid => Results.Created($"/api/facilities/{id}", new { id = sid })))
            .WithName("AddStaff");
        group.MapPost("/{id:int}/staff/{staffId:int}/end", async (int id, int staffId, StaffEndInput input, FacilityService service, CancellationToken ct) =>
                (await service.EndStaffAsync(id, staffId, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("EndStaff")
            .WithSummary("Records a staff member's last working day (endDate): kept on the staff list, no longer counted from the next day.");
        group.MapGet("/{id:int}/resources", async (int id, ResourcesService service, CancellationToken ct) =>
                await service.ListAsync(id, ct) is { } r ? Results.Ok(new { trainings = r.Trainings, equipment = r.Equipment }) : Beneficiaries.BeneficiaryApi.NotFound())
            .WithName("FacilityResources")
            .WithSummary("Training records and the equipment register of a facility.");
        group.MapPost("/{id:int}/trainings", async (int id, TrainingInput input, ResourcesService service, CancellationToken ct) =>
                (await service.AddTrainingAsync(id, input, ct)).ToHttpResult(tid => Results.Created($"/api/facilities/{id}/resources", new { id = tid })))
            .WithName("AddTraining");
        group.MapPost("/{id:int}/equipment", async (int id, EquipmentInput input, ResourcesService service, CancellationToken ct) =>
                (await service.AddEquipmentAsync(id, input, ct)).ToHttpResult(eid => Results.Created($"/api/facilities/{id}/resources", new { id = eid })))
            .WithName("AddEquipment");
        group.MapPost("/{id:int}/techniques", async (int id, TechniqueConfirmationInput input, ResourcesService service, CancellationToken ct) =>
                (await service.ConfirmTechniquesAsync(id, input, ct)).ToHttpResult(n => Results.Ok(new { confirmed = n })))
            .WithName("ConfirmTechniques")
            .WithSummary("Confirm on a date the commune-level techniques the facility performs (codes of the catalog in force then).");
        return api;
    }
}
