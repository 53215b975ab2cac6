using System.Globalization;
using System.Text.Json.Serialization;
using AnSinh.Data;
using AnSinh.Data.ReferenceData;
using AnSinh.Web.Auth;
using AnSinh.Web.Components;
using AnSinh.Web.Features.Admissions;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Features.Facilities;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace AnSinh.Web;

public static class AppSetup
{
    public const string SmartScheme = "CookieOrBearer";

    public static void AddAnSinh(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddAnSinhCore(config);
        services.AddTransient<IStartupFilter, AnSinh.Web.Features.Fhir.FhirPostSearch>(); // POST {type}/_search before routing
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReferenceDataOptions>>().Value);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccessScope>();
        // WHO's growth tables, read once (data/reference/who).
        services.AddSingleton(sp => AnSinh.Domain.Growth.GrowthStandards.Load(
            Path.Combine(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnSinh.Data.ReferenceData.ReferenceDataOptions>>().Value.Path, "who")));
        services.AddScoped<AnSinh.Web.Features.HealthRecords.GrowthService>();
        services.Configure<RecordAccessOptions>(config.GetSection("RecordAccess"));
        services.AddScoped<AuditLog>();
        services.AddScoped<CodeCatalog>();
        services.AddScoped<UnitOptions>();
        services.AddScoped<AreaSearch>();
        services.AddSingleton<UnitTreeProvider>();
        services.AddSingleton<UnitFacilities>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.Configure<SessionLifetimeOptions>(config.GetSection("Sessions"));
        services.AddScoped<Sessions>();
        services.AddScoped<AccountAdmin>();
        services.AddScoped<SystemClients>();
        services.AddScoped<ClientTokens>();
        services.AddScoped<TwoFactor>();
        services.Configure<TwoFactorOptions>(config.GetSection("Security:TwoFactor"));
        services.AddSingleton<SessionGuard>();
        services.AddSignInRateLimit(config);
        services.AddTrustedProxies(config);
        services.AddScoped<BeneficiaryService>();
        services.AddScoped<FacilityService>();
        services.AddScoped<ResourcesService>();
        services.AddScoped<StayService>();
        services.AddScoped<HealthRecordService>();
        services.AddScoped<AnSinh.Web.Features.Fhir.ClinicalScope>();
        services.Configure<AnSinh.Web.Features.Fhir.BulkExportOptions>(config.GetSection("Fhir:Export"));
        services.AddSingleton<AnSinh.Web.Features.Fhir.BulkExportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AnSinh.Web.Features.Fhir.BulkExportWorker>());
        services.AddScoped<CareRecordService>();
        services.AddScoped<RecordPeople>();
        services.AddScoped<AnSinh.Web.Features.Medicines.MedicineService>();
        services.AddScoped<AnSinh.Web.Features.Rehabilitation.RehabService>();
        services.AddScoped<AnSinh.Web.Features.ChronicCare.ChronicCareService>();
        services.Configure<AnSinh.Domain.ChronicCare.ChronicCareOptions>(config.GetSection("ChronicCare"));
        AnSinh.Web.Features.Alerts.AlertServices.AddAlerts(services, config);
        services.AddHostedService<AnSinh.Web.Features.Alerts.AlertScheduler>();
        services.AddScoped<AnSinh.Web.Features.Entitlements.EntitlementImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.BeneficiaryImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.EncounterImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.FacilityImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.StaffImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.StayImport>();
        services.AddScoped<AnSinh.Web.Features.Imports.ImportService>();
        services.Configure<AnSinh.Web.Features.Imports.ImportOptions>(config.GetSection("Imports"));
        services.AddSingleton<AnSinh.Web.Features.Imports.ImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AnSinh.Web.Features.Imports.ImportWorker>());
        services.AddScoped<AnSinh.Web.Features.Indicators.UnitResolver>();
        services.AddScoped<AnSinh.Web.Features.Indicators.IndicatorFactLoader>();
        services.AddScoped<AnSinh.Web.Features.Indicators.ClosedYearFigures>();
        services.Configure<AnSinh.Web.Features.Indicators.MonitoringOptions>(config.GetSection("Monitoring"));
        // The options every figure starts from (the spec's defaults with this deployment's entitlement rules), read once.
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnSinh.Web.Features.Indicators.MonitoringOptions>>().Value.Defaults());
        services.AddSingleton<AnSinh.Web.Features.Indicators.ClosedYearWarmer>();
        services.AddHostedService(sp => sp.GetRequiredService<AnSinh.Web.Features.Indicators.ClosedYearWarmer>());
        services.AddHostedService<ChangeListener>();
        services.Configure<AuditOptions>(config.GetSection("Audit"));
        services.AddHostedService<AuditSealingService>();
        services.AddScoped<AnSinh.Web.Features.Indicators.IndicatorService>();
        services.AddSingleton<AnSinh.Web.Features.Indicators.IndicatorCache>();
        services.AddScoped<AnSinh.Web.Features.Reports.AnnualReportService>();
        services.AddScoped<AnSinh.Web.Features.Indicators.DashboardService>();
        services.AddScoped<AnSinh.Web.Features.Readiness.ReadinessService>();
        services.AddScoped<AnSinh.Web.Features.Plans.PlanService>();

        services.AddAnSinhDataProtection(config);

        services.AddAnSinhIdentity()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ScopeClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                // The token's own expiry matches its session's (SessionLifetimeOptions, one default).
                o.BearerTokenExpiration = TimeSpan.FromHours(config.GetSection("Sessions").Get<SessionLifetimeOptions>()?.TokenHours ?? new SessionLifetimeOptions().TokenHours);
                o.Events = new Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenEvents { OnMessageReceived = SessionCheck.ReadBearerAsync };
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "ansinh.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    // The API answers 401/403; only pages redirect to the sign-in form.
                    OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = SessionCheck.ValidateCookieAsync,
                };
            });
        services.AddAuthentication().AddCookie(IdentityConstants.ExternalScheme).AddCookie(IdentityConstants.TwoFactorUserIdScheme);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SmartScheme).RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();

        services.AddProblemDetails();
        // Binding failures reach the exception handler, which answers a ProblemDetails naming the field (BadRequestProblems).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // Names only: "sex": 99 would otherwise be saved as a sex that does not exist.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.WithAddedModifier(
                o.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(), InputRules.Apply);
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAntiforgery();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorComponents();
        // Vietnamese text goes out as UTF-8, not as numeric entities (pages stay small on slow links).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (MachinePaths.Contains(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UseAnSinh(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseAnSinhErrors();
        app.UseTransientRetry();
        app.UseAnSinhStatusPages();
        var cultures = new[] { new CultureInfo("vi-VN"), new CultureInfo("en") };
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("vi-VN"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });
        // Static files may be kept and revalidated (their ETag); the security headers make everything else no-store.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTwoFactorGate();
        app.UseClientAccessGate();
        app.UseRateLimiter();
        app.Use(AnSinh.Web.Features.Fhir.FhirPostSearch.ReadFormAsync);
        AnSinh.Web.Features.Imports.ImportUploadLimit.Use(app);
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        var api = app.MapGroup("/api").DisableAntiforgery().AuditRefusedRequests().BoundArguments();
        api.MapAuthApi();
        api.MapUserApi();
        api.MapClientApi(app);
        api.MapBeneficiaryApi();
        AnSinh.Web.Features.Imports.ImportApi.MapImportApi(api);
        api.MapStayApi();
        api.MapFacilityApi();
        api.MapReferenceDataApi();
        api.MapAuditApi();
        api.MapCareRecordApi();
        AnSinh.Web.Features.Medicines.MedicineApi.MapMedicineApi(api);
        AnSinh.Web.Features.ChronicCare.ChronicCareApi.MapChronicCareApi(api);
        AnSinh.Web.Features.Rehabilitation.RehabApi.MapRehabApi(api);
        AnSinh.Web.Features.Indicators.IndicatorApi.MapIndicatorApi(api);
        AnSinh.Web.Features.Reports.ReportApi.MapReportApi(api);
        AnSinh.Web.Features.Readiness.ReadinessApi.MapReadinessApi(api);
        AnSinh.Web.Features.Plans.PlanApi.MapPlanApi(api);
        AnSinh.Web.Features.Alerts.AlertApi.MapAlertApi(api);

        app.MapAccountEndpoints();
        AnSinh.Web.Features.Fhir.FhirApi.MapFhirApi(app);
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>();
    }

    /// <summary>Prints where the site listens and, when demo accounts exist, how to sign in with them.</summary>
    public static void PrintStartupBanner(this WebApplication app, bool demoCreated, IReadOnlyList<DemoLogin> demoLogins)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var demo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
            var fromEnv = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ANSINH_DEMO_PASSWORD"));
            Console.Write(StartupBanner(addresses.ToList(), demoLogins, fromEnv ? null : demo.Password, demoCreated));
        });
    }

    /// <summary>The banner's text: demo logins only when those accounts exist in this database.</summary>
    public static string StartupBanner(IReadOnlyList<string> addresses, IReadOnlyList<DemoLogin> demoLogins, string? demoPassword, bool demoCreated)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine("AnSinh đang chạy tại / is running at:");
        foreach (var address in addresses)
        {
            text.AppendLine($"  {address}");
        }

        text.AppendLine();
        if (demoLogins.Count == 0)
        {
            text.AppendLine("Chưa có tài khoản demo. Tạo tài khoản quản trị / no demo accounts; create an administrator:");
            text.AppendLine("  ANSINH_NEW_PASSWORD=… dotnet run --project src/AnSinh.Cli -- users create --username <tên> --role SystemAdmin");
            return text.ToString();
        }

        text.AppendLine("Tài khoản demo / demo logins:");
        foreach (var login in demoLogins)
        {
            text.AppendLine($"  {login.UserName,-16} {login.Role,-16} {login.Scope}");
        }

        text.AppendLine(demoPassword is null
            ? "  mật khẩu / password: from ANSINH_DEMO_PASSWORD"
            : $"  mật khẩu / password: {demoPassword}");
        text.AppendLine("CẢNH BÁO: đây là tài khoản và dữ liệu demo, không dùng cho dữ liệu thật. / WARNING: demo accounts and data, not for real records.");
        if (demoCreated)
        {
            text.AppendLine("(Dữ liệu demo vừa được tạo / demo data was just created.)");
        }

        return text.ToString();
    }
}
