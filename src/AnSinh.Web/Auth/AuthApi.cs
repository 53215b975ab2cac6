using AnSinh.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Auth;

/// <param name="Code">The authenticator's 6-digit code (or a recovery code), for accounts that sign in with two factors.</param>
public sealed record TokenRequest(string? Username, string? Password, string? Code = null);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");

        group.MapPost("/token", async (TokenRequest request, PasswordSignIn passwords, Sessions sessions, TwoFactor twoFactor, SignInThrottle throttle,
                ILogger<PasswordSignIn> logger,
                IOptionsMonitor<BearerTokenOptions> bearerOptions, HttpContext http) =>
            {
                if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password))
                {
                    var errors = new Dictionary<string, string[]>();
                    if (string.IsNullOrWhiteSpace(request.Username)) { errors["username"] = ["Tên đăng nhập là bắt buộc."]; }
                    if (string.IsNullOrEmpty(request.Password)) { errors["password"] = ["Mật khẩu là bắt buộc."]; }
                    return Results.ValidationProblem(errors, title: "Dữ liệu không hợp lệ.");
                }

                var outcome = await passwords.CheckAsync(request.Username, request.Password, http.Connection.RemoteIpAddress?.ToString());
                if (outcome is PasswordSignIn.Wait wait)
                {
                    await SignInRateLimit.WaitAnswerAsync(http, wait.RetryAfter, http.RequestAborted);
                    return Results.Empty;
                }

                if (outcome is not PasswordSignIn.Succeeded { User: var user })
                {
                    return Unauthorized();
                }

                if (await twoFactor.IsEnabledAsync(user))
                {
                    if (string.IsNullOrWhiteSpace(request.Code))
                    {
                        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Cần mã xác thực hai bước (code).",
                            extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
                    }

                    var key = TwoFactor.ThrottleKey(user);
                    if (throttle.WaitFor(key) is { } codeWait)
                    {
                        await SignInRateLimit.WaitAnswerAsync(http, codeWait, http.RequestAborted);
                        return Results.Empty;
                    }

                    if (!await twoFactor.VerifyAsync(user, request.Code))
                    {
                        var failures = throttle.Failed(key);
                        logger.LogWarning("Wrong two-factor code for {User} from {Address} ({Failures} in a row)", user.UserName, http.Connection.RemoteIpAddress, failures);
                        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Mã xác thực hai bước không đúng hoặc đã dùng.",
                            extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
                    }

                    throttle.Succeeded(key);
                }
                else if (await twoFactor.IsRequiredAsync(user))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                        title: "Tài khoản này phải bật xác thực hai bước: đăng nhập trên trình duyệt và làm theo hướng dẫn, rồi gửi kèm mã (code).");
                }

                var (principal, session) = await sessions.StartAsync(user, SessionKind.Token, http.RequestAborted);
                var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IssuedUtc = session.StartedAt };
                var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
                var protector = bearerOptions.Get(IdentityConstants.BearerScheme).BearerTokenProtector;
                return Results.Ok(new TokenResponse(protector.Protect(ticket), session.ExpiresAt));
            })
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimit.Policy)
            .WithName("CreateToken")
            .WithSummary("Exchange a username, password and, for two-factor accounts, the authenticator code for a bearer token: {accessToken, expiresAt}.");

        group.MapPost("/sign-out", async (Sessions sessions, HttpContext http) =>
            {
                await sessions.EndAsync(http.User, SessionEndReasons.SignedOut, http.RequestAborted);
                return Results.NoContent();
            })
            .WithName("RevokeToken")
            .WithSummary("Ends the session of the token (or cookie) that calls it: that token is refused from now on.");

        group.MapOwnPasswordApi();

        group.MapGet("/me", (CurrentUser user) => Results.Ok(new
            {
                user.UserName,
                user.FullName,
                Roles = Roles.All.Where(user.IsInRole).ToArray(),
                ScopeKind = user.ScopeKind.ToString(),
                user.ScopeAdminUnitId,
                user.ScopeFacilityId,
            }))
            .WithName("Me");

        return api;
    }

    /// <summary>One answer for an unknown name, a wrong password and a disabled account: none says which.</summary>
    private static IResult Unauthorized() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Tên đăng nhập hoặc mật khẩu không đúng.");
}
