using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// FHIR's search by POST (<c>POST /fhir/{type}/_search</c>, parameters as a form, for those too long or too private for
/// an address): answered as the same search by GET, so scope, paging, audit and refusals are the GET's. Two steps: the
/// address becomes the GET's ahead of routing (a startup filter: WebApplication otherwise routes first), and once the
/// caller is signed in and authorized, the form joins the query (a form that cannot be read is a 400 OperationOutcome).
/// </summary>
public sealed class FhirPostSearch : IStartupFilter
{
    private const string Pending = "fhir-post-search";
    private const string Unsupported = "fhir-post-search-unsupported";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(Readdress);
        next(app);
    };

    private static Task Readdress(HttpContext http, Func<Task> next)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/fhir", out var rest)
            && rest.Value is { } path && path.EndsWith("/_search", StringComparison.Ordinal) && path.Count(c => c == '/') == 2)
        {
            request.Method = HttpMethods.Get;
            request.Path = "/fhir" + path[..^"/_search".Length];
            // A form joins the query once the caller is known; no body leaves the parameters in the address; a body of
            // another kind is refused then.
            if (request.HasFormContentType)
            {
                http.Items[Pending] = true;
            }
            else if (request.ContentType is not null || request.ContentLength > 0)
            {
                http.Items[Unsupported] = true;
            }
        }

        return next();
    }

    /// <summary>The form of a search by POST added to its query; placed after authorization.</summary>
    public static async Task ReadFormAsync(HttpContext http, Func<Task> next)
    {
        if (http.Items.ContainsKey(Unsupported))
        {
            await FhirApi.Outcome(http, StatusCodes.Status415UnsupportedMediaType, Hl7.Fhir.Model.OperationOutcome.IssueType.NotSupported,
                "Tìm kiếm bằng POST (_search) gửi tham số dạng application/x-www-form-urlencoded, hoặc để trống thân và đặt tham số trên địa chỉ.")
                .ExecuteAsync(http);
            return;
        }

        if (http.Items.ContainsKey(Pending))
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
            {
                await FhirApi.Outcome(http, StatusCodes.Status400BadRequest, Hl7.Fhir.Model.OperationOutcome.IssueType.Invalid,
                    $"Không đọc được các tham số tìm kiếm gửi bằng POST (application/x-www-form-urlencoded): {e.Message}").ExecuteAsync(http);
                return;
            }

            var query = new QueryBuilder();
            foreach (var (key, values) in QueryHelpers.ParseQuery(http.Request.QueryString.Value).Concat(form))
            {
                query.Add(key, values.ToArray()!);
            }

            http.Request.QueryString = query.ToQueryString();
        }

        await next();
    }
}
