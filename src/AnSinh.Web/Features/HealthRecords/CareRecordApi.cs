using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Referrals;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Features.Entitlements;

namespace AnSinh.Web.Features.HealthRecords;

public sealed record EndEntitlementInput(DateOnly? To);

public sealed record ResolveConditionInput(DateOnly? ResolvedOn);

/// <summary>Entitlements, screening totals, referrals and the end of a diagnosis: what the indicators count besides checks.</summary>
public static class CareRecordApi
{
    public static RouteGroupBuilder MapCareRecordApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/beneficiaries/{id:int}").WithTags("Care records");
        people.MapGet("/entitlements", async (int id, CareRecordService service, CancellationToken ct) =>
                await service.EntitlementsAsync(id, ct) is { } list ? Results.Ok(list) : BeneficiaryApi.NotFound())
            .WithName("ListEntitlements")
            .WithSummary("A person's entitlements (monthly allowance, health insurance, electricity support) with dates and decision numbers.");
        people.MapPost("/entitlements", async (int id, EntitlementInput input, CareRecordService service, CancellationToken ct) =>
                (await service.AddEntitlementAsync(id, input, ct)).ToHttpResult(eid => Results.Created($"/api/beneficiaries/{id}/entitlements", new { id = eid })))
            .WithName("AddEntitlement")
            .WithSummary("Records an entitlement; one of the same kind may not overlap it.");
        people.MapPost("/entitlements/{entitlementId:int}/end", async (int id, int entitlementId, EndEntitlementInput input, CareRecordService service,
                CancellationToken ct) => (await service.EndEntitlementAsync(id, entitlementId, input.To, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("EndEntitlement");
        people.MapGet("/screenings", async (int id, CareRecordService service, CancellationToken ct) =>
                await service.ScreeningsAsync(id, ct) is { } list ? Results.Ok(list) : BeneficiaryApi.NotFound())
            .WithName("ListScreenings");
        people.MapPost("/screenings", async (int id, ScreeningInput input, CareRecordService service, CancellationToken ct) =>
                (await service.AddScreeningAsync(id, input, ct)).ToHttpResult(outcome => Results.Created($"/api/beneficiaries/{id}/screenings", outcome)))
            .WithName("AddScreening")
            .WithSummary("A screening instrument's answers in the published order (PHQ-9, GDS-15, BARTHEL, ASSIST, BRADEN, MORSE, MNA-SF), "
                + "or a PHQ-9/GDS-15 total: {id, score, band, complete, flags, substances}.");
        people.MapGet("/growth", async (int id, DateOnly? date, GrowthService growth, CancellationToken ct) =>
                (await growth.AtAsync(id, date, ct)).ToHttpResult(view => Results.Ok(view)))
            .WithName("Growth")
            .WithSummary("A child's WHO 2006 z-scores from the last weight and length/height measured on or before date (default today).");
        people.MapGet("/referrals", async (int id, CareRecordService service, CancellationToken ct) =>
                await service.ReferralsAsync(id, ct) is { } list ? Results.Ok(list) : BeneficiaryApi.NotFound())
            .WithName("ListReferrals");
        people.MapPost("/referrals", async (int id, ReferralInput input, CareRecordService service, CancellationToken ct) =>
                (await service.AddReferralAsync(id, input, ct)).ToHttpResult(rid => Results.Created($"/api/beneficiaries/{id}/referrals", new { id = rid })))
            .WithName("AddReferral");

        api.MapPost("/screenings/{id:int}/strike-out", async (int id, Medicines.RetractInput input, CareRecordService service, CancellationToken ct) =>
                (await service.StrikeOutScreeningAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Care records")
            .WithName("StrikeOutScreening")
            .WithSummary("Strikes out a screening entered in error (the wrong person, recorded twice), with the reason: it leaves the record and the indicators, kept whole with who, when and why.");
        api.MapPost("/referrals/{id:int}/outcome", async (int id, ReferralOutcomeInput input, CareRecordService service, CancellationToken ct) =>
                (await service.RecordReferralOutcomeAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Care records")
            .WithName("RecordReferralOutcome")
            .WithSummary("The hospital's answer to a referral (REF-DONE counts referrals with one).");
        api.MapGet("/referrals/{id:int}/letter", async (int id, CareRecordService service, CancellationToken ct) =>
                await service.LetterAsync(id, ct) is { } letter
                    ? Results.File(Referrals.ReferralLetterPdf.Write(letter), "application/pdf", $"giay-chuyen-tuyen-{id}.pdf")
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy hoặc không thuộc phạm vi của bạn."))
            .WithTags("Care records")
            .WithName("ReferralLetter")
            .WithSummary("The referral letter (giấy chuyển tuyến, Mẫu số 6 of Decree 75/2023/NĐ-CP) as an A4 PDF.");
        api.MapGet("/referrals", async (string? status, int? facility, CareRecordService service, CancellationToken ct) =>
                status is not (null or "open")
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Chỉ hỗ trợ status=open (chuyển tuyến chưa có phản hồi)."] }, title: "Dữ liệu không hợp lệ.")
                    : Results.Ok(await service.OpenReferralsAsync(facility, ct)))
            .WithTags("Care records")
            .WithName("OpenReferrals")
            .WithSummary("Referrals still waiting for the hospital's answer in the caller's facilities (or one facility), longest waiting first.");
        api.MapPost("/conditions/{id:int}/resolve", async (int id, ResolveConditionInput input, CareRecordService service, CancellationToken ct) =>
                (await service.ResolveConditionAsync(id, input.ResolvedOn, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Care records")
            .WithName("ResolveCondition")
            .WithSummary("The date a diagnosis ended: it is no longer active after it (CHR-HTN, CHR-DM).");
        api.MapPost("/conditions/{id:int}/strike-out", async (int id, Medicines.RetractInput input, CareRecordService service, CancellationToken ct) =>
                (await service.StrikeOutConditionAsync(id, input.Reason, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithTags("Care records")
            .WithName("StrikeOutCondition")
            .WithSummary("Strikes out a diagnosis entered in error (the wrong code, the wrong person), with the reason: it leaves the problem list and the indicators, kept whole with who, when and why. One in the chronic register is refused.");
        api.MapPost("/entitlements/import", async (IFormFile? file, EntitlementImport import, Auth.CurrentUser user, CancellationToken ct) =>
            {
                if (!EntitlementImport.MayImport(user))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Bạn không có quyền ghi chế độ của đối tượng.");
                }

                if (file is null || file.Length == 0)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Gửi tệp CSV (multipart/form-data, trường \"file\")."] },
                        title: "Dữ liệu không hợp lệ.");
                }

                await using var stream = file.OpenReadStream();
                var (imported, errors) = await import.ImportAsync(stream, ct);
                return errors.Count == 0
                    ? Results.Ok(new { imported })
                    : Results.ValidationProblem(new Dictionary<string, string[]> { ["rows"] = [.. errors] }, title: "Chưa nhập: tệp có dòng lỗi, không dòng nào được ghi.");
            })
            .WithTags("Care records")
            .WithName("ImportEntitlements")
            .WithSummary("All-or-nothing CSV import (cccd,kind,from,to,decision_number); every bad row is named.")
            .DisableAntiforgery();
        return api;
    }
}
