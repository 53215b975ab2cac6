using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace AnSinh.Web.Auth;

/// <summary>
/// Password attempts per client address (the "sign-in" policy on the form and the token endpoint), on top of the
/// per-account delay of <see cref="PasswordSignIn"/>: <c>Security:SignInAttemptsPerAddressPerMinute</c>, 30 by
/// default — a ward's staff behind one address signing in at the start of a shift stays well under it.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    /// <summary>
    /// Systems' token requests: a limit of their own (<c>Security:ClientTokenRequestsPerAddressPerMinute</c>, 120 by
    /// default), so a busy integration neither runs into people's sign-in limit nor uses it up for the staff behind the
    /// same address.
    /// </summary>
    public const string ClientPolicy = "client-token";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration config)
    {
        var perMinute = Math.Max(1, config.GetValue("Security:SignInAttemptsPerAddressPerMinute", 30));
        var clientPerMinute = Math.Max(1, config.GetValue("Security:ClientTokenRequestsPerAddressPerMinute", 120));
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
            o.AddPolicy(ClientPolicy, context => RateLimitPartition.GetSlidingWindowLimiter(
                "client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = clientPerMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
            o.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AnSinh.Auth")
                    .LogWarning("Sign-in attempts from {Address} over the limit", http.Connection.RemoteIpAddress);
                await WaitAnswerAsync(http, TimeSpan.FromSeconds(seconds), ct);
            };
        });
    }

    /// <summary>429 with Retry-After: a Vietnamese ProblemDetails for the API, the sign-in page with a message for the form.</summary>
    public static async Task WaitAnswerAsync(HttpContext http, TimeSpan wait, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        if (http.Request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Redirect($"/login?error=wait&seconds={seconds}");
            return;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments(ClientTokens.Path, StringComparison.OrdinalIgnoreCase))
        {
            // An OAuth client reads errors as RFC 6749 shapes them.
            await Results.Json(new { error = "invalid_request", error_description = $"Quá nhiều yêu cầu mã truy cập. Thử lại sau {seconds} giây." },
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            return;
        }

        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: $"Đăng nhập thử quá nhiều lần. Thử lại sau {seconds} giây.")
            .ExecuteAsync(http);
    }
}
