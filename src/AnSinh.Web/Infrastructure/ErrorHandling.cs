using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Unexpected errors are logged with a correlation id; the user sees that id, never a stack trace:
/// ProblemDetails for the API, a short Vietnamese page for the UI.
/// </summary>
public static class ErrorHandling
{
    public static void UseAnSinhErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A caller's malformed request is answered, not logged as a server error.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
            ExceptionHandler = async context =>
            {
                var feature = context.Features.Get<IExceptionHandlerPathFeature>();
                if (feature?.Error is BadHttpRequestException badRequest && badRequest.StatusCode == StatusCodes.Status400BadRequest)
                {
                    var (field, message) = BadRequestProblems.Describe(badRequest);
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Dữ liệu không hợp lệ.")
                        .ExecuteAsync(context);
                    return;
                }

                var correlationId = Activity.Current?.Id ?? context.TraceIdentifier;
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AnSinh.Errors");
                logger.LogError(feature?.Error, "Unhandled error {CorrelationId} on {Path}", correlationId, feature?.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                if (feature?.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) == true)
                {
                    await Results.Problem(statusCode: 500, title: "Đã xảy ra lỗi không mong muốn.",
                        detail: $"Mã lỗi để báo cho quản trị: {correlationId}", extensions: new Dictionary<string, object?> { ["correlationId"] = correlationId })
                        .ExecuteAsync(context);
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync($"""
                    <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi - AnSinh</title>
                    <link rel="stylesheet" href="/app.css"></head><body><main class="container">
                    <h1>Đã xảy ra lỗi</h1><p>Hệ thống gặp lỗi không mong muốn. Dữ liệu của bạn chưa bị thay đổi bởi thao tác này.</p>
                    <p>Mã lỗi để báo cho quản trị: <code>{System.Net.WebUtility.HtmlEncode(correlationId)}</code></p>
                    <p><a href="/">Về trang chủ</a></p></main></body></html>
                    """);
            },
        });
    }
}
