using Microsoft.AspNetCore.Http.HttpResults;

namespace AnSinh.Web.Features.Audit;

/// <summary>
/// Leaves a trace of what the API refused (issue #10): a read or write of something out of the caller's reach
/// (403, or 404 for a named record) and a write refused for bad input (400, with the fields but not the values).
/// </summary>
public static class AuditRefusals
{
    public static RouteGroupBuilder AuditRefusedRequests(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (result is not IStatusCodeHttpResult { StatusCode: { } status } || http.User.Identity?.IsAuthenticated != true)
            {
                return result;
            }

            var request = http.Request;
            var write = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
            var named = request.RouteValues.ContainsKey("id");
            var action = status switch
            {
                StatusCodes.Status403Forbidden => AuditActions.AccessDenied,
                StatusCodes.Status404NotFound when named => AuditActions.AccessDenied,
                StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict when write => AuditActions.WriteRefused,
                _ => null,
            };
            if (action is null)
            {
                return result;
            }

            var fields = result is ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails problem } ? string.Join(",", problem.Errors.Keys) : "";
            var person = request.Path.StartsWithSegments("/api/beneficiaries") && int.TryParse(request.RouteValues["id"]?.ToString(), out var id) ? id : (int?)null;
            var detail = $"method={request.Method}; path={request.Path}; status={status}" + (fields.Length > 0 ? $"; fields={fields}" : "");
            await http.RequestServices.GetRequiredService<AuditLog>().RecordRefusalAsync(action, person, detail, http.RequestAborted);
            return result;
        });
        return api;
    }
}
