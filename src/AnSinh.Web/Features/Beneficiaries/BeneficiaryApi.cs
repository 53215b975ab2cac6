using AnSinh.Web.Infrastructure;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using AnSinh.Web.Features.Admissions;
using AnSinh.Web.Features.HealthRecords;

namespace AnSinh.Web.Features.Beneficiaries;

public static class BeneficiaryApi
{
    public static RouteGroupBuilder MapBeneficiaryApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/beneficiaries").WithTags("Beneficiaries");

        group.MapGet("/", async (string? q, int? page, int? pageSize, string? format, BeneficiaryService service, CancellationToken ct) =>
                XlsxList.Wanted(format)
                    ? BeneficiarySpreadsheets.Search(await service.ExportAsync(q, ct))
                    : Results.Ok(await service.SearchAsync(q, page ?? 1, pageSize ?? 20, ct)))
            .WithName("SearchBeneficiaries")
            .WithSummary("Search people in the caller's scope by name (diacritics optional), CCCD or BHYT number.");

        group.MapGet("/{id:int}", async (int id, BeneficiaryService service, HttpContext http, CancellationToken ct) =>
            {
                if (await service.GetAsync(id, ct: ct) is not { } detail)
                {
                    return NotFound();
                }

                http.Response.Headers.ETag = EditVersions.ETag(detail.Version);
                return Results.Ok(detail);
            })
            .WithName("GetBeneficiary")
            .WithSummary("A person's record; 404 when outside the caller's scope. Audited.");

        group.MapPost("/", async (BeneficiaryInput input, BeneficiaryService service, CancellationToken ct) =>
                (await service.CreateAsync(input, ct)).ToHttpResult(id => Results.Created($"/api/beneficiaries/{id}", new { id })))
            .WithName("CreateBeneficiary")
            .WithSummary("Register a person. A duplicate CCCD is refused with the existing person named.");

        group.MapPut("/{id:int}", (int id, BeneficiaryInput input, BeneficiaryService service, HttpContext http, CancellationToken ct) =>
                EditVersions.UpdateAsync(input, http, () => service.UpdateAsync(id, input, ct)))
            .WithName("UpdateBeneficiary")
            .WithSummary("Edit a person's identity, card, address, categories and contacts. Needs the version read (If-Match: the GET's ETag, or \"version\" in the body); 409 when someone saved since.");

        group.MapGet("/{id:int}/chart", async (int id, HealthRecordService service, CancellationToken ct) =>
                await service.GetChartAsync(id, ct) is { } chart ? Results.Ok(chart) : NotFound())
            .WithName("GetChart")
            .WithSummary("Timeline, latest vitals, active problems and stays. Audited.");

        group.MapPost("/{id:int}/encounters", async (int id, EncounterInput input, HealthRecordService service, CancellationToken ct) =>
                (await service.RecordEncounterAsync(id, input, ct)).ToHttpResult(eid => Results.Created($"/api/beneficiaries/{id}/chart", new { id = eid })))
            .WithName("RecordEncounter")
            .WithSummary("Record an intake screening, periodic check or sick visit with observations (LOINC) and ICD-10 diagnoses.");

        api.MapPost("/observations/{id:long}/strike-out", async (long id, Medicines.RetractInput input, HealthRecordService service, CancellationToken ct) =>
                (await service.StrikeOutReadingAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Health records").WithName("StrikeOutReading")
            .WithSummary("Strikes out a reading entered in error, with the reason (a blood pressure's two halves together; a BMI with its weight or height): out of the chart, alerts and indicators, kept as struck out.");

        api.MapPost("/encounters/{id:int}/strike-out", async (int id, Medicines.RetractInput input, HealthRecordService service, CancellationToken ct) =>
                (await service.StrikeOutEncounterAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Health records").WithName("StrikeOutEncounter")
            .WithSummary("Strikes out a whole visit entered in error (the wrong person, recorded twice), with its readings and the reason; a visit with diagnoses or screenings is refused (400).");

        group.MapPost("/{id:int}/stays", async (int id, AdmissionInput input, StayService service, CancellationToken ct) =>
                (await service.AdmitAsync(id, input, ct)).ToHttpResult(sid => Results.Created($"/api/beneficiaries/{id}", new { id = sid })))
            .WithName("Admit")
            .WithSummary("Admit to a facility or enrol at a commune health station. Over capacity needs confirmOverCapacity.");

        return api;
    }

    public static RouteGroupBuilder MapStayApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stays").WithTags("Stays");
        group.MapPost("/{id:int}/discharge", async (int id, DischargeInput input, StayService service, CancellationToken ct) =>
                (await service.DischargeAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("Discharge")
            .WithSummary("End a stay: returned home, transferred, died or other.");
        group.MapPost("/{id:int}/transfer", async (int id, TransferInput input, StayService service, CancellationToken ct) =>
                (await service.TransferAsync(id, input, ct)).ToHttpResult(sid => Results.Ok(new { id = sid })))
            .WithName("Transfer")
            .WithSummary("Move a resident to another facility on a date.");
        return api;
    }

    internal static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy hoặc không thuộc phạm vi của bạn.");
}
