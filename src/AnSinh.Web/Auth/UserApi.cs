using AnSinh.Data;

namespace AnSinh.Web.Auth;

public sealed record PasswordRequest(string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>Accounts, for system administrators only (issue #10); every change ends the sessions it must.</summary>
public static class UserApi
{
    public static RouteGroupBuilder MapUserApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().IsAdmin
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chỉ quản trị hệ thống được quản lý tài khoản."));

        group.MapGet("/", async (AccountAdmin accounts, CancellationToken ct) => Results.Ok(await accounts.ListAsync(ct: ct)))
            .WithName("Users").WithSummary("Every account with its role, scope, whether it is disabled and how many sessions are open.");

        group.MapPost("/", async (AccountInput input, AccountAdmin accounts, CancellationToken ct) =>
                (await accounts.CreateAsync(input, ct)).ToHttpResult(id => Results.Created($"/api/users/{id}", new { id })))
            .WithName("CreateUser").WithSummary("A new account: {userName, fullName, role, facilityId | unitCode, password}.");

        group.MapPut("/{id}/access", async (string id, AccountInput input, AccountAdmin accounts, CancellationToken ct) =>
                (await accounts.SetAccessAsync(id, input, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("SetUserAccess").WithSummary("A new role and scope {role, facilityId | unitCode}; the account's sessions end.");

        group.MapPost("/{id}/disable", async (string id, AccountAdmin accounts, CurrentUser user, CancellationToken ct) =>
                (await accounts.DisableAsync(id, user.Id, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("DisableUser").WithSummary("The account can no longer sign in; its sessions end at once.");

        group.MapPost("/{id}/enable", async (string id, AccountAdmin accounts, CancellationToken ct) =>
                (await accounts.EnableAsync(id, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("EnableUser").WithSummary("A disabled account may sign in again.");

        group.MapPost("/{id}/password", async (string id, PasswordRequest request, AccountAdmin accounts, CancellationToken ct) =>
                (await accounts.ResetPasswordAsync(id, request.Password, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("ResetUserPassword").WithSummary("Sets a new password {password}; every session of the account ends.");

        group.MapPost("/{id}/sign-out", async (string id, AccountAdmin accounts, CancellationToken ct) =>
            {
                var user = await accounts.FindAsync(id);
                return user is null
                    ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy tài khoản.")
                    : Results.Ok(new { ended = await accounts.SignOutEverywhereAsync(user.Id, null, ct) });
            })
            .WithName("SignOutUserEverywhere").WithSummary("Ends every session of the account: {ended}.");

        group.MapPost("/{id}/two-factor/reset", async (string id, AccountAdmin accounts, CurrentUser current, CancellationToken ct) =>
                (await accounts.ResetTwoFactorAsync(id, current.UserName, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("ResetUserTwoFactor").WithSummary("Turns the account's two-factor sign-in off (a lost phone); its sessions end.");

        return api;
    }

    /// <summary>The caller changes their own password; every other session of theirs ends.</summary>
    public static RouteGroupBuilder MapOwnPasswordApi(this RouteGroupBuilder auth)
    {
        auth.MapPost("/password", async (ChangePasswordRequest request, Sessions sessions, Microsoft.AspNetCore.Identity.UserManager<AppUser> users,
                HttpContext http, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrEmpty(request.CurrentPassword)) { errors["currentPassword"] = ["Nhập mật khẩu hiện tại."]; }
                if (string.IsNullOrEmpty(request.NewPassword)) { errors["newPassword"] = ["Nhập mật khẩu mới."]; }
                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: "Dữ liệu không hợp lệ.");
                }

                var user = await users.GetUserAsync(http.User);
                if (user is null)
                {
                    return Results.Unauthorized();
                }

                var changed = await sessions.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!, signInBrowser: false, ct);
                return changed.Succeeded
                    ? Results.NoContent()
                    : Results.ValidationProblem(changed.Errors.GroupBy(e => e.Code == "PasswordMismatch" ? "currentPassword" : "newPassword")
                        .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()), title: "Dữ liệu không hợp lệ.");
            })
            .WithName("ChangeOwnPassword")
            .WithSummary("{currentPassword, newPassword}: 204, and every session of the caller ends, this token's included.");
        return auth;
    }
}
