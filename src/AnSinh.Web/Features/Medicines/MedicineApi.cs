using AnSinh.Domain.Medicines;
using AnSinh.Web.Features.Beneficiaries;

namespace AnSinh.Web.Features.Medicines;

/// <summary>Why a record is struck out (a settable property, so the API's input rules apply to it as it is read).</summary>
public sealed class RetractInput
{
    public string? Reason { get; set; }
}

/// <summary>Medicine orders, the administration record, allergies and immunizations (issue #11, item 4).</summary>
public static class MedicineApi
{
    public static RouteGroupBuilder MapMedicineApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/beneficiaries/{id:int}").WithTags("Medicines");
        people.MapGet("/medication-orders", async (int id, MedicineService service, CancellationToken ct) =>
                await service.RecordAsync(id, ct) is { } record ? Results.Ok(record.Orders) : BeneficiaryApi.NotFound())
            .WithName("ListMedicationOrders")
            .WithSummary("A person's medicine orders, newest first, each with today's recorded doses.");
        people.MapPost("/medication-orders", async (int id, MedicationOrderInput input, MedicineService service, CancellationToken ct) =>
                (await service.OrderAsync(id, input, ct)).ToHttpResult(oid => Results.Created($"/api/beneficiaries/{id}/medication-orders", new { id = oid })))
            .WithName("OrderMedicine")
            .WithSummary("A medicine order. One that matches a recorded allergy is refused (400, field allergyOverrideReason) unless it gives allergyOverrideReason.");
        people.MapGet("/allergies", async (int id, MedicineService service, CancellationToken ct) =>
                await service.AllergiesAsync(id, ct) is { } list ? Results.Ok(list) : BeneficiaryApi.NotFound())
            .WithName("ListAllergies");
        people.MapPost("/allergies", async (int id, AllergyInput input, MedicineService service, CancellationToken ct) =>
                (await service.AddAllergyAsync(id, input, ct)).ToHttpResult(aid => Results.Created($"/api/beneficiaries/{id}/allergies", new { id = aid })))
            .WithName("AddAllergy")
            .WithSummary("An allergy or intolerance: substance, category, kind, reaction, severity.");
        people.MapGet("/immunizations", async (int id, MedicineService service, CancellationToken ct) =>
                await service.ImmunizationsAsync(id, ct) is { } list ? Results.Ok(list) : BeneficiaryApi.NotFound())
            .WithName("ListImmunizations");
        people.MapPost("/immunizations", async (int id, ImmunizationInput input, MedicineService service, CancellationToken ct) =>
                (await service.AddImmunizationAsync(id, input, ct)).ToHttpResult(iid => Results.Created($"/api/beneficiaries/{id}/immunizations", new { id = iid })))
            .WithName("AddImmunization");

        api.MapPost("/allergies/{id:int}/end", async (int id, AllergyEndInput input, MedicineService service, CancellationToken ct) =>
                (await service.EndAllergyAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Medicines").WithName("EndAllergy")
            .WithSummary("Withdraws an allergy that no longer stands: reason Resolved, Refuted or EnteredInError, and a note saying why. It stays on the record.");
        api.MapPost("/immunizations/{id:int}/retract", async (int id, RetractInput input, MedicineService service, CancellationToken ct) =>
                (await service.RetractImmunizationAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Medicines").WithName("RetractImmunization")
            .WithSummary("Strikes out a vaccine dose recorded in error, with the reason; it stays on the record, no longer counted as given.");
        api.MapPost("/administrations/{id:long}/retract", async (long id, RetractInput input, MedicineService service, CancellationToken ct) =>
                (await service.RetractDoseAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Medicines").WithName("RetractDose")
            .WithSummary("Strikes out a round's dose record written in error, with the reason; it stays on the record, and the round's dose may be recorded again.");

        var orders = api.MapGroup("/medication-orders/{id:int}").WithTags("Medicines");
        orders.MapPost("/stop", async (int id, StopOrderInput input, MedicineService service, CancellationToken ct) =>
                (await service.StopAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("StopMedicine")
            .WithSummary("Stops an order from a date, with the reason; no dose is due from that day.");
        orders.MapPost("/change", async (int id, MedicationOrderInput input, MedicineService service, CancellationToken ct) =>
                (await service.ChangeAsync(id, input, ct)).ToHttpResult(oid => Results.Created($"/api/medication-orders/{oid}", new { id = oid })))
            .WithName("ChangeMedicine")
            .WithSummary("Changes an order: it stops the day the new order starts, and the new one names it.");
        orders.MapPost("/administrations", async (int id, AdministrationInput input, MedicineService service, CancellationToken ct) =>
                (await service.RecordDoseAsync(id, input, ct)).ToHttpResult(did => Results.Created($"/api/medication-orders/{id}/administrations", new { id = did })))
            .WithName("RecordDose")
            .WithSummary("One round's dose: given, refused or held (a reason for the last two). A round already recorded answers 409.");

        api.MapGet("/facilities/{facility:int}/medication-rounds", async (int facility, DateOnly? date, Shift? shift, MedicineService service,
                Infrastructure.Clock clock, CancellationToken ct) =>
                shift is { } s && !Enum.IsDefined(s)
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["shift"] = ["Cữ thuốc là Morning, Noon, Afternoon hoặc Night."] }, title: "Dữ liệu không hợp lệ.")
                    : await service.RoundAsync(facility, date ?? clock.Today, shift ?? MedicineService.ShiftAt(clock.Now), ct) is { } round
                        ? Results.Ok(round)
                        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy cơ sở hoặc cơ sở không thuộc phạm vi của bạn."))
            .WithTags("Medicines")
            .WithName("MedicationRound")
            .WithSummary("The administration record of a facility's round (date, shift = Morning|Noon|Afternoon|Night; default now).");
        return api;
    }
}
