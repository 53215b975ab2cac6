using AnSinh.Data;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnSinh.Cli;

/// <summary>The services a command needs, configured like the site: appsettings.json, then environment variables.</summary>
public static class CliServices
{
    public static ServiceProvider Build()
    {
        var config = new ConfigurationBuilder()
            // A command computes each figure once (and `bench` must time the computation, not a kept result).
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Monitoring:KeepFiguresMinutes"] = "0" })
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("ansinh.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        ResolveSiteDatabase(config);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.AddConfiguration(config.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
        services.AddAnSinhCore(config);
        // The command line acts for the system: national scope, like an administrator.
        var system = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "ansinh-cli"),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.SystemAdmin),
            new System.Security.Claims.Claim(AnSinh.Web.Auth.ScopeClaimTypes.Kind, nameof(ScopeKind.National)),
        ], "cli"));
        services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor>(new Microsoft.AspNetCore.Http.HttpContextAccessor
        {
            HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = system },
        });
        services.AddMemoryCache();
        services.AddScoped<AnSinh.Web.Auth.CurrentUser>();
        services.AddScoped<AnSinh.Web.Auth.AccessScope>();
        services.AddSingleton<AnSinh.Web.Features.ReferenceData.UnitTreeProvider>();
        services.AddScoped<AnSinh.Web.Features.Indicators.UnitResolver>();
        services.AddScoped<AnSinh.Web.Features.Indicators.IndicatorFactLoader>();
        services.AddScoped<AnSinh.Web.Features.Indicators.ClosedYearFigures>();
        services.AddScoped<AnSinh.Web.Features.Indicators.IndicatorService>();
        services.AddSingleton<AnSinh.Web.Features.Indicators.IndicatorCache>();
        services.AddScoped<AnSinh.Web.Features.Reports.AnnualReportService>();
        services.AddScoped<AnSinh.Web.Features.Indicators.DashboardService>();
        services.AddAnSinhIdentity();
        services.AddScoped<AnSinh.Web.Features.Audit.AuditLog>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnSinh.Data.ReferenceData.ReferenceDataOptions>>().Value);
        services.AddScoped<AnSinh.Web.Features.ReferenceData.CodeCatalog>();
        services.AddScoped<AnSinh.Web.Features.Imports.BeneficiaryImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.EncounterImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.FacilityImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.StaffImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.StayImport>();
        services.AddScoped<AccountAdmin>();
        // The demo's care records are entered through the web's own services (DemoCareRecords).
        services.AddSingleton<AnSinh.Web.Auth.UnitFacilities>();
        services.Configure<AnSinh.Web.Auth.RecordAccessOptions>(config.GetSection("RecordAccess"));
        services.AddScoped<AnSinh.Web.Features.HealthRecords.RecordPeople>();
        services.AddScoped<AnSinh.Web.Features.HealthRecords.CareRecordService>();
        services.AddScoped<AnSinh.Web.Features.HealthRecords.HealthRecordService>();
        services.AddScoped<AnSinh.Web.Features.Beneficiaries.BeneficiaryService>();
        services.AddScoped<AnSinh.Web.Features.Medicines.MedicineService>();
        services.AddScoped<AnSinh.Web.Features.ChronicCare.ChronicCareService>();
        services.AddScoped<AnSinh.Web.Features.Rehabilitation.RehabService>();
        services.Configure<AnSinh.Domain.ChronicCare.ChronicCareOptions>(config.GetSection("ChronicCare"));
        AnSinh.Web.Features.Alerts.AlertServices.AddAlerts(services, config);
        services.AddSingleton(sp => AnSinh.Domain.Growth.GrowthStandards.Load(
            Path.Combine(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnSinh.Data.ReferenceData.ReferenceDataOptions>>().Value.Path, "who")));
        services.Configure<AnSinh.Web.Features.Indicators.MonitoringOptions>(config.GetSection("Monitoring"));
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnSinh.Web.Features.Indicators.MonitoringOptions>>().Value.Defaults());
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// ansinh.json names the site's SQLite file relative to this project (../AnSinh.Web/data/ansinh.db): resolve it from
    /// the project's folder, not from wherever the command is run, so `dotnet run --project src/AnSinh.Cli` from the
    /// checkout's root reads the same database as the site. A connection string from the environment is taken as given.
    /// </summary>
    private static void ResolveSiteDatabase(IConfigurationRoot config)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Database__ConnectionString"))
            || DatabaseSetup.IsPostgres(config["Database:Provider"] ?? "Sqlite")
            || config["Database:ConnectionString"] is not { } connectionString)
        {
            return;
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || Path.IsPathRooted(builder.DataSource) || builder.DataSource == ":memory:")
        {
            return;
        }

        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AnSinh.Cli.csproj")))
        {
            folder = folder.Parent;
        }

        builder.DataSource = Path.GetFullPath(Path.Combine((folder ?? new DirectoryInfo(AppContext.BaseDirectory)).FullName, builder.DataSource));
        config["Database:ConnectionString"] = builder.ToString();
    }
}
