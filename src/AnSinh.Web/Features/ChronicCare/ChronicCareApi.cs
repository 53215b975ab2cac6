using AnSinh.Domain.ChronicCare;
using AnSinh.Web.Features.Beneficiaries;

namespace AnSinh.Web.Features.ChronicCare;

/// <summary>The chronic-disease register (issue #11, item 3).</summary>
public static class ChronicCareApi
{
    public static RouteGroupBuilder MapChronicCareApi(this RouteGroupBuilder api)
    {
        api.MapGet("/beneficiaries/{id:int}/chronic", async (int id, ChronicCareService service, CancellationToken ct) =>
                await service.PersonAsync(id, ct) is { } care ? Results.Ok(care) : BeneficiaryApi.NotFound())
            .WithTags("Chronic care")
            .WithName("PersonChronicCare")
            .WithSummary("A person's enrolments (last visit, next due, control status) and the active diagnoses that belong in the register.");
        api.MapPost("/beneficiaries/{id:int}/chronic", async (int id, ChronicEnrolInput input, ChronicCareService service, CancellationToken ct) =>
                (await service.EnrolAsync(id, input, ct)).ToHttpResult(eid => Results.Created($"/api/beneficiaries/{id}/chronic", new { id = eid })))
            .WithTags("Chronic care")
            .WithName("EnrolChronic")
            .WithSummary("Enrols a person from one of their diagnoses {conditionId, enrolledOn, followUpDays (default: the disease's)}; one open enrolment per disease.");
        api.MapPost("/chronic/{id:int}/end", async (int id, ChronicEndInput input, ChronicCareService service, CancellationToken ct) =>
                (await service.EndAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Chronic care")
            .WithName("EndChronic");
        api.MapGet("/facilities/{facility:int}/chronic-register", async (int facility, ChronicDisease? disease, ChronicCareService service, CancellationToken ct) =>
                disease is { } d && !Enum.IsDefined(d)
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["disease"] = ["Bệnh không có trong sổ quản lý."] }, title: "Dữ liệu không hợp lệ.")
                    : await service.RegisterAsync(facility, disease, ct) is { } register
                        ? Results.Ok(register)
                        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy cơ sở hoặc cơ sở không thuộc phạm vi của bạn."))
            .WithTags("Chronic care")
            .WithName("ChronicRegister")
            .WithSummary("The facility's register: people followed up, overdue first, with next due date and control status.");
        return api;
    }
}
