using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Unexpected errors are logged with a correlation id; the user sees that id, never a stack trace:
/// ProblemDetails for the API, a short Vietnamese page for the UI.
/// </summary>
public static class ErrorHandling
{
    // Vietnamese letters go out as UTF-8, not as numeric entities.
    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>A query value a page could not bind ("Cannot parse the value 'abc' …").</summary>
    private static bool IsUnreadableQuery(Exception error) =>
        error is InvalidOperationException && error.Message.StartsWith("Cannot parse the value", StringComparison.Ordinal);

    /// <summary>A short Vietnamese page for the browser (no stack trace, a way home).</summary>
    internal static Task WritePageAsync(HttpContext context, string title, string message, string? code = null)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        static string encode(string s) => Encoder.Encode(s);
        return context.Response.WriteAsync($"""
            <!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
            <title>{encode(title)} - AnSinh</title><link rel="stylesheet" href="/app.css"></head><body><main class="container">
            <h1>{encode(title)}</h1><p>{encode(message)}</p>{(code is null ? "" : $"<p>Mã lỗi để báo cho quản trị: <code>{encode(code)}</code></p>")}
            <p><a href="/">Về trang chủ</a></p></main></body></html>
            """);
    }

    /// <summary>Status pages in Vietnamese: ProblemDetails for the API, a short page for the browser (404, 401, 403…).</summary>
    public static void UseAnSinhStatusPages(this WebApplication app) =>
        app.UseStatusCodePages(async (StatusCodeContext status) =>
        {
            var context = status.HttpContext;
            var code = context.Response.StatusCode;
            var title = code switch
            {
                StatusCodes.Status401Unauthorized => "Cần đăng nhập.",
                StatusCodes.Status403Forbidden => "Bạn không có quyền thực hiện thao tác này.",
                StatusCodes.Status404NotFound => "Không tìm thấy trang hoặc dữ liệu.",
                StatusCodes.Status405MethodNotAllowed => "Thao tác không được hỗ trợ ở địa chỉ này.",
                StatusCodes.Status415UnsupportedMediaType => "Kiểu nội dung không được hỗ trợ; gửi application/json.",
                _ => "Yêu cầu không thực hiện được.",
            };
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: code, title: title).ExecuteAsync(context);
                return;
            }

            if (MachinePaths.IsFhir(context.Request.Path))
            {
                // FHIR clients read an OperationOutcome (sign-in missing, no such resource type, method not allowed).
                await Features.Fhir.FhirApi.Outcome(context, code, code switch
                {
                    StatusCodes.Status401Unauthorized => Hl7.Fhir.Model.OperationOutcome.IssueType.Login,
                    StatusCodes.Status403Forbidden => Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden,
                    StatusCodes.Status404NotFound => Hl7.Fhir.Model.OperationOutcome.IssueType.NotFound,
                    _ => Hl7.Fhir.Model.OperationOutcome.IssueType.NotSupported,
                }, title).ExecuteAsync(context);
                return;
            }

            await WritePageAsync(context, title, code == StatusCodes.Status404NotFound
                ? "Địa chỉ này không có trong AnSinh, hoặc dữ liệu không thuộc phạm vi của bạn."
                : "Hãy quay lại trang chủ và thử lại.");
        });

    public static void UseAnSinhErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A caller's malformed request is answered, not logged as a server error.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException or AnSinh.Data.ValueTooLongException || IsUnreadableQuery(c.Exception),
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

                // A text longer than its column: nothing was saved; the field is named.
                if (feature?.Error is AnSinh.Data.ValueTooLongException tooLong)
                {
                    var field = char.ToLowerInvariant(tooLong.Property[0]) + tooLong.Property[1..];
                    var message = $"Dài tối đa {tooLong.MaxLength} ký tự.";
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    if (feature.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
                    {
                        await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Dữ liệu không hợp lệ.").ExecuteAsync(context);
                        return;
                    }

                    await WritePageAsync(context, "Chưa lưu được", $"Một ô nhập quá dài ({message}) Hãy quay lại, rút ngắn rồi lưu lại; chưa có gì được lưu.");
                    return;
                }

                // A page address with a value that cannot be read (?page=abc): the caller's mistake, answered plainly.
                if (feature?.Error is { } unreadable && IsUnreadableQuery(unreadable))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await WritePageAsync(context, "Địa chỉ trang không hợp lệ",
                        "Địa chỉ trang có một giá trị không đọc được (ví dụ số trang hoặc năm không phải là số). Hãy mở lại trang từ trình đơn.");
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
