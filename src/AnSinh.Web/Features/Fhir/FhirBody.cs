using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Features;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Reads a resource a client sent: JSON or XML by Content-Type, parsed strictly by the Firely SDK, of the type the
/// endpoint expects, no larger than <see cref="MaxBytes"/>. A failure is the OperationOutcome to answer with.
/// </summary>
public static class FhirBody
{
    /// <summary>One resource (not a Bundle): a Patient with a photo is well under this.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(ModelInfo.ModelInspector);

    public static async Task<(T? Resource, IResult? Refusal)> ReadAsync<T>(HttpContext http, int maxBytes = MaxBytes, CancellationToken ct = default)
        where T : Resource
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(http, maxBytes));
        }

        var contentType = http.Request.ContentType ?? "";
        if (!(contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, FhirApi.Outcome(http, StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Content-Type \"{contentType}\" không được hỗ trợ: gửi {FhirApi.JsonType} hoặc {FhirApi.XmlType}."));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        string text;
        try
        {
            using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(http, maxBytes));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required,
                $"Thân yêu cầu trống: hãy gửi một {typeof(T).Name} dạng JSON hoặc XML."));
        }

        // The XML parser recurses per nested element: a deeply nested body would overflow the stack and end the process.
        if (IsXml(http) && TooDeep(text))
        {
            return (null, FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                $"Tài nguyên XML lồng quá {MaxDepth} cấp."));
        }

        Resource? resource;
        try
        {
            resource = IsXml(http) ? Engine.DeserializeFromXml(text) : Engine.DeserializeFromJson(text);
        }
        catch (DeserializationFailedException e)
        {
            var outcome = e.ToOperationOutcome();
            foreach (var issue in outcome.Issue)
            {
                InVietnamese(issue, typeof(T).Name);
            }

            outcome.Issue.Insert(0, new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Structure,
                Diagnostics = $"Không đọc được tài nguyên {(IsXml(http) ? "XML" : "JSON")}: {e.Exceptions.Count} lỗi (chi tiết ở các mục sau).",
            });
            return (null, FhirApi.Send(http, outcome, StatusCodes.Status400BadRequest));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or System.Xml.XmlException or InvalidOperationException)
        {
            // E.g. a JSON array or a bare value where one resource (an object with resourceType) belongs.
            return (null, FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                $"Không đọc được tài nguyên: cần một đối tượng {(IsXml(http) ? "XML" : "JSON")} có resourceType. ({e.Message})"));
        }

        if (resource is not T typed)
        {
            return (null, FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                $"Địa chỉ này nhận {typeof(T).Name}, không nhận {resource?.TypeName ?? "tài nguyên rỗng"}."));
        }

        return (typed, null);
    }

    /// <summary>
    /// A parser issue said in Vietnamese with FHIRPath from the resource's type ("Coverage.status", not "$this.status");
    /// the parser's English kept short in details, as the value it quotes may be megabytes long.
    /// </summary>
    private static void InVietnamese(OperationOutcome.IssueComponent issue, string type)
    {
        var english = (issue.Diagnostics ?? issue.Details?.Text ?? "").Replace("$this", type, StringComparison.Ordinal);
        issue.Expression = issue.Expression.Select(x => x is null ? null : x.Replace("$this", type, StringComparison.Ordinal)).ToList()!;
        var where = issue.Expression.FirstOrDefault() ?? type;
        issue.Diagnostics = english switch
        {
            _ when english.Contains("minimum cardinality", StringComparison.OrdinalIgnoreCase) => $"Thiếu phần tử bắt buộc {where}.",
            _ when english.Contains("is not a correct literal", StringComparison.OrdinalIgnoreCase)
                || english.Contains("cannot be parsed", StringComparison.OrdinalIgnoreCase)
                => $"Giá trị của {where} không đúng kiểu FHIR (ngày: yyyy-MM-dd; ngày giờ: yyyy-MM-ddThh:mm:ss+07:00; số: 37.5).",
            _ when english.Contains("unknown element", StringComparison.OrdinalIgnoreCase)
                || english.Contains("unrecognized", StringComparison.OrdinalIgnoreCase)
                || english.Contains("does not match any known", StringComparison.OrdinalIgnoreCase)
                => $"Phần tử \"{Quoted(english) ?? where}\" (ở {where}) không có trong {type} theo FHIR R4.",
            _ when english.Contains("not a valid value", StringComparison.OrdinalIgnoreCase) || english.Contains("code", StringComparison.OrdinalIgnoreCase)
                && english.Contains("valid", StringComparison.OrdinalIgnoreCase)
                => $"Mã ở {where} không thuộc bộ mã FHIR R4 quy định cho phần tử này.",
            _ when english.Contains("order", StringComparison.OrdinalIgnoreCase) => $"Các phần tử XML ở {where} không theo thứ tự FHIR quy định.",
            _ => $"Không đọc được {where}.",
        };
        issue.Details = new CodeableConcept { Text = english.Length > 300 ? english[..300] + "…" : english };
    }

    private static string? Quoted(string english) =>
        System.Text.RegularExpressions.Regex.Match(english, "'([^']{1,100})'") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Deeper than any real resource (a Questionnaire nests a few dozen levels).</summary>
    public const int MaxDepth = 100;

    private static bool TooDeep(string xml)
    {
        try
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(xml), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // Malformed: the FHIR parser says where.
        }

        return false;
    }

    private static bool IsXml(HttpContext http) =>
        http.Request.ContentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;

    private static IResult TooLarge(HttpContext http, int maxBytes) =>
        FhirApi.Outcome(http, StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly,
            $"Tài nguyên quá lớn: tối đa {maxBytes / (1024 * 1024)} MB mỗi yêu cầu.");

    /// <summary>400 when the resource's id is not the one its address names (an update of Patient/5 carrying Patient/6).</summary>
    public static IResult? SameId(HttpContext http, [System.Diagnostics.CodeAnalysis.NotNull] Resource? resource, string id) =>
        resource!.Id == id
            ? null
            : FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                $"{resource.TypeName}.id (\"{resource.Id}\") phải trùng với địa chỉ {resource.TypeName}/{id}.");

    /// <summary>The version an update started from: If-Match, else the resource's meta.versionId; null when neither says.</summary>
    public static int? VersionRead(HttpContext http, Resource resource) =>
        IfMatch(http) ?? (int.TryParse(resource.Meta?.VersionId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stated)
            ? stated : null);

    /// <summary>428: an update must say which version it started from.</summary>
    public static IResult VersionRequired(HttpContext http) =>
        FhirApi.Outcome(http, StatusCodes.Status428PreconditionRequired, OperationOutcome.IssueType.Required,
            "Hãy gửi phiên bản đã đọc trong If-Match (W/\"<versionId>\") để không ghi đè thay đổi của người khác.");

    /// <summary>The version a client's If-Match names (W/"3" or "3"), if any.</summary>
    public static int? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        header = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return int.TryParse(header.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
    }
}
