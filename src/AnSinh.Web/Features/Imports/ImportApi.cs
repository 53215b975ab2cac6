using AnSinh.Domain.Beneficiaries;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;

namespace AnSinh.Web.Features.Imports;

public static class ImportApi
{
    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/imports").WithTags("Imports");

        group.MapGet("/{kind}/template", async (string kind, string? format, CodeCatalog codes, CancellationToken ct) =>
            {
                if (ImportKinds.Find(kind) is not { } info)
                {
                    return NotFound();
                }

                if (!info.Spreadsheet)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound,
                        title: "Loại dữ liệu này là một Bundle HL7 FHIR (JSON), không có tệp mẫu bảng tính: xem docs/api.md, mục HL7 FHIR R4.");
                }

                if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
                {
                    return Results.File(ImportTemplates.Csv(info), "text/csv; charset=utf-8", info.TemplateFile + ".csv");
                }

                // The coded lists a beneficiary row uses; the other kinds' guides name their few choices in each column's rule.
                var lists = info.Name == BeneficiaryImport.Kind ? await GuideListsAsync(codes, ct) : [];
                return Results.File(ImportTemplates.Xlsx(info, lists), XlsxList.ContentType, info.TemplateFile + ".xlsx");
            })
            .WithName("GetImportTemplate")
            .WithSummary("The template to fill: .xlsx (a sheet to fill and a guide with every column's rule and the coded lists) or format=csv.");

        group.MapPost("/{kind}", async (string kind, IFormFile? file, bool? checkOnly, HttpRequest request, ImportService imports, CancellationToken ct) =>
            {
                var onlyCheck = checkOnly ?? (request.HasFormContentType && request.Form["checkOnly"] is var field
                    && (field == "true" || field == "on"));
                return (await imports.StartAsync(kind, file, onlyCheck, ct))
                    .ToHttpResult(id => Results.Accepted($"/api/imports/{id}", new { id, status = nameof(AnSinh.Domain.Interop.ImportStatus.Queued), location = $"/api/imports/{id}" }));
            })
            .DisableAntiforgery()
            // Read up to 100 MB so that a file past the 25 MB limit gets its own 400, not the server's bare 413.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(100L * 1024 * 1024))
            .WithName("StartImport")
            .WithSummary("Upload an .xlsx or CSV file (multipart/form-data, field \"file\"; checkOnly=true to check without saving): 202 {id, status, location} and the address to follow in Location. Every row is checked first; nothing is saved unless every row is right.");

        group.MapGet("/{id:guid}", async (Guid id, ImportService imports, CancellationToken ct) =>
                await imports.GetAsync(id, ct) is { } job ? Results.Ok(job) : NotFound())
            .WithName("GetImport")
            .WithSummary("An import's progress and outcome: rows checked and saved, and every error by row and column. Only its uploader sees it.");

        group.MapGet("/", async (ImportService imports, CancellationToken ct) => Results.Ok(await imports.MineAsync(20, ct)))
            .WithName("ListImports")
            .WithSummary("The caller's 20 latest imports.");
        return api;
    }

    public static async Task<IReadOnlyList<(string Title, IReadOnlyList<(string Code, string Name)> Items)>> GuideListsAsync(CodeCatalog codes, CancellationToken ct)
    {
        var lists = await codes.ListsAsync(ct);
        IReadOnlyList<(string, string)> Items(string list) => (lists.GetValueOrDefault(list) ?? []).Select(i => (i.Code, i.Name)).ToList();
        return
        [
            ("Dân tộc", Items(CodeLists.EthnicGroup)),
            ("Loại người có công", Items(CodeLists.MeritoriousType)),
            ("Dạng khuyết tật", Items(CodeLists.DisabilityType)),
            ("Diện trợ cấp xã hội", Items(CodeLists.SocialAssistance)),
        ];
    }

    private static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy hoặc không thuộc phạm vi của bạn.");
}
