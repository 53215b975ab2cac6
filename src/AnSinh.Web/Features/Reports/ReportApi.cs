namespace AnSinh.Web.Features.Reports;

public static class ReportApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports");
        group.MapGet("/annual", async (string? unit, int? year, string? format, AnnualReportService reports, HttpContext http, CancellationToken ct) =>
            {
                var kind = (format ?? "xlsx").ToLowerInvariant();
                if (kind is not ("xlsx" or "pdf"))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Chọn định dạng xlsx hoặc pdf."] }, title: "Dữ liệu không hợp lệ.");
                }

                var built = await reports.BuildAsync(unit, year, ct);
                if (built.Value is { } texts)
                {
                    // The texts' version: a PUT of the texts names it in If-Match (or "version").
                    http.Response.Headers.ETag = Infrastructure.EditVersions.ETag(texts.TextsVersion);
                }

                return built.ToHttpResult(report => kind == "pdf"
                    ? Results.File(PdfAnnualReport.Write(report), "application/pdf", FileName(report, "pdf"))
                    : Results.File(XlsxAnnualReport.Write(report), XlsxType, FileName(report, "xlsx")));
            })
            .WithName("AnnualReport")
            .WithSummary("The yearly report of a unit as .xlsx or PDF, in the Vietnamese administrative layout.");

        group.MapPut("/annual/texts", (AnnualReportTextsInput input, AnnualReportService reports, HttpContext http, CancellationToken ct) =>
                Infrastructure.EditVersions.UpdateAsync(input, http, () => reports.SaveTextsAsync(input, ct)))
            .WithName("SaveAnnualReportTexts")
            .WithSummary("Save the report number, difficulties and proposals of a unit's yearly report; If-Match (or \"version\") names the ETag of the report's GET, 409 when someone saved since.");
        return api;
    }

    public static string FileName(AnnualReport report, string extension) => $"bao-cao-nam-{report.Year}-{report.UnitCode}.{extension}";
}
