using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// FHIR's search by POST (<c>POST /fhir/{type}/_search</c>, parameters as a form, for those too long or too private for
/// an address): turned into the same search by GET before routing, so scope, paging, audit and refusals are the GET's.
/// Runs ahead of routing (a startup filter), which WebApplication otherwise places first.
/// </summary>
public sealed class FhirPostSearch : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RewriteAsync);
        next(app);
    };

    internal static async Task RewriteAsync(HttpContext http, Func<Task> next)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType && request.Path.StartsWithSegments("/fhir", out var rest)
            && rest.Value is { } path && path.EndsWith("/_search", StringComparison.Ordinal) && path.Count(c => c == '/') == 2)
        {
            var form = await request.ReadFormAsync(http.RequestAborted);
            var query = new QueryBuilder();
            foreach (var (key, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
            {
                query.Add(key, values.ToArray()!);
            }

            foreach (var (key, values) in form)
            {
                query.Add(key, values.ToArray()!);
            }

            request.Method = HttpMethods.Get;
            request.Path = "/fhir" + path[..^"/_search".Length];
            request.QueryString = query.ToQueryString();
        }

        await next();
    }
}
