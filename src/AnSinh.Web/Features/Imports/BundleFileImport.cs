using System.Text;
using AnSinh.Data;
using AnSinh.Domain.Interop;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// A FHIR transaction Bundle from a file (a hospital's export, a record sent on a USB stick): run through the same
/// processor as <c>POST /fhir</c>, as the uploader, so every entry gets the same checks, scope and audit; all or nothing.
/// Check only runs every entry as it would be saved and rolls the whole transaction back.
/// </summary>
public static class BundleFileImport
{
    public const string Kind = "fhir-bundle";

    public static bool MayImport(Auth.CurrentUser user) => user.CanWriteRecords;

    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(R4.ModelInfo.ModelInspector);

    public static async Task<ImportOutcome> RunAsync(IServiceProvider services, string path, bool checkOnly, Action<ImportProgress> progress, CancellationToken ct)
    {
        if (await NotJsonAsync(path, ct) is { } notJson)
        {
            return new ImportOutcome(ImportStatus.Rejected, 0, 0, 1, [new ImportError(0, null, notJson)]);
        }

        // The uploader's request, replayed by the worker; the processor reads the file as a request body.
        var http = services.GetRequiredService<IHttpContextAccessor>().HttpContext ?? new DefaultHttpContext { RequestServices = services };
        http.Request.Method = HttpMethods.Post;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("ansinh.local");
        http.Request.Path = "/fhir";
        http.Request.ContentType = Fhir.FhirApi.JsonType;
        await using var file = File.OpenRead(path);
        http.Request.Body = file;
        http.Request.ContentLength = file.Length;
        using var answer = new MemoryStream();
        http.Response.Body = answer;
        progress(new ImportProgress(checkOnly ? ImportStatus.Checking : ImportStatus.Saving, 0, 0));

        var result = await Fhir.BundleApi.ProcessBundleAsync(http, services.GetRequiredService<AnSinhDbContext>(), fromFile: true, dryRun: checkOnly, ct);
        await result.ExecuteAsync(http);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var resource = text.Length == 0 ? null : Engine.DeserializeFromJson(text);
        if (http.Response.StatusCode < 400 && resource is R4.Bundle response)
        {
            var entries = response.Entry.Count;
            progress(new ImportProgress(ImportStatus.Imported, entries, entries));
            return new ImportOutcome(checkOnly ? ImportStatus.Checked : ImportStatus.Imported, entries, checkOnly ? 0 : entries, 0, []);
        }

        // Each issue says which entry and which element ("Bundle.entry[2].resource.code"): the page's Cột column.
        var errors = (resource as R4.OperationOutcome)?.Issue
            .Select(i => new ImportError(0, i.Expression.FirstOrDefault(), i.Diagnostics ?? i.Details?.Text ?? "Không ghi được."))
            .ToList() ?? [new ImportError(0, null, $"Không ghi được (HTTP {http.Response.StatusCode}).")];
        return new ImportOutcome(ImportStatus.Rejected, 0, 0, errors.Count, errors);
    }

    /// <summary>A spreadsheet or anything else uploaded as a Bundle gets its own message, not a JSON parser's.</summary>
    private static async Task<string?> NotJsonAsync(string path, CancellationToken ct)
    {
        var head = new byte[64];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAsync(head, ct);
        var start = Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('{')
            ? null
            : start.StartsWith("PK", StringComparison.Ordinal)
                ? "Tệp là bảng tính (.xlsx), không phải Bundle FHIR: chọn loại dữ liệu tương ứng, hoặc tải lên tệp JSON."
                : "Tệp không phải JSON của một Bundle FHIR (bắt đầu bằng {).";
    }
}
