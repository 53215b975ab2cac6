using AnSinh.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Listens on PostgreSQL for saves committed by any process (<see cref="ChangeVersions.Channel"/>) and moves this
/// process's <see cref="ChangeVersions"/> on, so figures kept here are recomputed after a save made on another web
/// instance or by the CLI. After a lost connection it reconnects and treats everything as changed.
/// </summary>
public sealed class ChangeListener(IServiceScopeFactory scopes, ILogger<ChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = db.Database.GetConnectionString();
        }

        var versions = ChangeVersions.Of(connectionString);
        var listening = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30, MaxAutoPrepare = 0 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listening);
                connection.Notification += (_, e) =>
                    versions.Advance(int.TryParse(e.Payload, out var kinds) ? (ChangeKinds)kinds : ChangeKinds.Facilities | ChangeKinds.Records | ChangeKinds.Accounts);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeVersions.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                versions.Advance(ChangeKinds.Facilities | ChangeKinds.Records | ChangeKinds.Accounts); // whatever happened while not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed, keep listening: a listener that stops would leave kept figures stale until they expire.
                logger.LogWarning(ex, "Listening for changes from other instances failed; retrying in 5 s.");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
