using AnSinh.Data;
using Microsoft.Extensions.Options;

namespace AnSinh.Web.Features.Alerts;

/// <summary>Runs the time-based rules every <see cref="AlertOptions.RunEveryMinutes"/> (a missed dose shows soon after its round ends).</summary>
public sealed class AlertScheduler(IServiceScopeFactory scopes, IOptions<AlertOptions> options, ILogger<AlertScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.RunEveryMinutes <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMinutes(Math.Max(0, o.FirstRunAfterMinutes)), stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(o.RunEveryMinutes));
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AlertRun>().RunAsync(ct: stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A clinician's save may raise the same alert at the same moment (the unique index refuses one); the next run catches up.
                    logger.LogWarning(e, "The scheduled alert run failed; it runs again in {Minutes} minutes.", o.RunEveryMinutes);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

public static class AlertServices
{
    /// <summary>The rules' thresholds (checked at start-up), the raiser the record services call, the run, and the worklist.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AlertOptions>().Bind(config.GetSection("Alerts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidation>();
        services.AddScoped<AlertRaiser>();
        services.AddScoped<AlertRun>();
        services.AddScoped<AlertService>();
        services.AddScoped<RecordAlerts>();
        return services;
    }
}

/// <summary>Says which threshold is out of range, in Vietnamese, when the site starts.</summary>
public sealed class AlertOptionsValidation : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var problems = options.Thresholds.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Alerts:Thresholds: " + p));
    }
}
