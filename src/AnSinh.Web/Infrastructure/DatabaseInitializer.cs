using AnSinh.Data;
using AnSinh.Data.Demo;
using AnSinh.Data.ReferenceData;
using AnSinh.Domain.Geography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Infrastructure;

public sealed class DemoOptions
{
    /// <summary>
    /// On an empty database, create the demo province, its people and one user per role with a published password.
    /// Unset: only in Development (issue #10: a production first start must not create a known administrator).
    /// </summary>
    public bool? SeedOnEmptyDatabase { get; set; }
    public string Password { get; set; } = DefaultPassword;
    public const string DefaultPassword = "AnSinh@2026";
}

public sealed record DemoLogin(string UserName, string Role, string Scope);

/// <summary>Applies migrations, loads reference data and, on an empty database, the demo data and users.</summary>
public static class DatabaseInitializer
{
    public static readonly DemoLogin[] DemoLogins =
    [
        new("demo.admin", Roles.SystemAdmin, "toàn quốc"),
        new("demo.national", Roles.NationalOfficer, "toàn quốc"),
        new("demo.province", Roles.ProvinceOfficer, "tỉnh Quảng Ninh"),
        new("demo.manager", Roles.FacilityManager, "Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh"),
        new("demo.clinician", Roles.Clinician, "Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh"),
    ];

    /// <summary>The demo logins whose accounts exist in this database (none on a production start).</summary>
    public static async Task<IReadOnlyList<DemoLogin>> ExistingDemoLoginsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
        var names = DemoLogins.Select(l => l.UserName.ToUpperInvariant()).ToList();
        var existing = await db.Users.Where(u => names.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(ct);
        return DemoLogins.Where(l => existing.Contains(l.UserName.ToUpperInvariant())).ToList();
    }

    /// <summary>Whether this start may create the demo data: when asked for, or by default in Development only.</summary>
    public static bool SeedsDemo(DemoOptions demo, IHostEnvironment environment) => demo.SeedOnEmptyDatabase ?? environment.IsDevelopment();

    public static async Task<bool> InitializeAsync(IServiceProvider services, bool seedDemoWhenEmpty, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AnSinhDbContext>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AnSinh.Startup");
        // An upgrade that adds LatestRecords fills them here; on a large database that takes a while, so say how far.
        await db.MigrateAsync((done, total) => logger.LogInformation("Latest records rebuilt for {Done}/{Total} people", done, total), ct);
        await ReferenceDataLoader.EnsureLoadedAsync(db, sp.GetRequiredService<IOptions<ReferenceDataOptions>>().Value, logger, ct);

        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var demo = sp.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!seedDemoWhenEmpty || await db.Beneficiaries.AnyAsync(ct) || await db.Users.AnyAsync(ct))
        {
            return false;
        }

        var clock = sp.GetRequiredService<Clock>();
        logger.LogInformation("Empty database: creating demo data");
        var data = await DemoDataSeeder.SeedAsync(db, clock.Today, ct);
        await CreateDemoUsersAsync(sp.GetRequiredService<UserManager<AppUser>>(), data, demo.Password);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await DemoCareRecords.SeedAsync(services, "demo.admin", ct);
        logger.LogInformation("Demo care records entered through the services in {Seconds:0.0} s", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return true;
    }

    private static async Task CreateDemoUsersAsync(UserManager<AppUser> users, DemoData data, string password)
    {
        var specs = new (string Name, string Role, string FullName, ScopeKind Kind, int? Unit, int? Facility)[]
        {
            ("demo.admin", Roles.SystemAdmin, "Quản trị hệ thống (demo)", ScopeKind.National, null, null),
            ("demo.national", Roles.NationalOfficer, "Cán bộ Bộ Y tế (demo)", ScopeKind.National, null, null),
            ("demo.province", Roles.ProvinceOfficer, "Cán bộ Sở Y tế Quảng Ninh (demo)", ScopeKind.AdminUnit, data.ProvinceUnitId, null),
            ("demo.manager", Roles.FacilityManager, "Giám đốc Trung tâm BTXH (demo)", ScopeKind.Facility, null, data.SocialAssistanceFacilityId),
            ("demo.clinician", Roles.Clinician, "Điều dưỡng Nguyễn Thị Hoa (demo)", ScopeKind.Facility, null, data.SocialAssistanceFacilityId),
        };
        foreach (var s in specs)
        {
            var user = new AppUser
            {
                UserName = s.Name,
                Email = $"{s.Name}@ansinh.local",
                EmailConfirmed = true,
                FullName = s.FullName,
                ScopeKind = s.Kind,
                ScopeAdminUnitId = s.Unit,
                ScopeFacilityId = s.Facility,
            };
            // Demo accounts keep the README's published password, which the policy for real accounts would refuse.
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Cannot create demo user {s.Name}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, s.Role);
        }
    }
}
