using AnSinh.Data;
using AnSinh.Data.ReferenceData;
using AnSinh.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace AnSinh.Web.Auth;

/// <summary>Identity's check of a new password (creation, change, reset): <see cref="PasswordPolicy"/>.</summary>
public sealed class PolicyPasswordValidator(ICommonPasswords common) : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var problems = PasswordPolicy.Problems(password ?? "", user.UserName, common);
        return Task.FromResult(problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(problems.Select(p => new IdentityError { Code = "PasswordPolicy", Description = p }).ToArray()));
    }

    /// <summary>The shipped list (data/reference/passwords, see its SOURCE.md); the site does not start without it.</summary>
    public static CommonPasswordList Load(ReferenceDataOptions options)
    {
        var path = Path.Combine(options.Path, "passwords", "common-passwords.txt");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The list of common passwords is missing: {path}", path);
        }

        return CommonPasswordList.Read(path);
    }
}

/// <summary>Identity's messages that reach users, in Vietnamese.</summary>
public sealed class VietnameseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Mật khẩu hiện tại không đúng." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"Tên đăng nhập {userName} đã có người dùng." };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @" };

    public override IdentityError UserAlreadyHasPassword() =>
        new() { Code = nameof(UserAlreadyHasPassword), Description = "Tài khoản đã có mật khẩu." };

    public override IdentityError UserAlreadyInRole(string role) =>
        new() { Code = nameof(UserAlreadyInRole), Description = $"Tài khoản đã có vai trò {role}." };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "Tài khoản vừa được người khác thay đổi. Hãy tải lại trang rồi thử lại." };

    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Mã không hợp lệ hoặc đã hết hạn." };
}

public static class IdentitySetup
{
    /// <summary>Accounts, roles and the password policy: what the site and the command line share.</summary>
    public static IdentityBuilder AddAnSinhIdentity(this IServiceCollection services)
    {
        services.AddSingleton<ICommonPasswords>(sp =>
            PolicyPasswordValidator.Load(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReferenceDataOptions>>().Value));
        return services.AddIdentityCore<AppUser>(o =>
            {
                // No Identity lockout (SignInDelay does that job) and no composition rules: PolicyPasswordValidator decides.
                o.Lockout.AllowedForNewUsers = false;
                o.Password.RequiredLength = 1;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AnSinhDbContext>()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddPasswordValidator<PolicyPasswordValidator>();
    }
}
