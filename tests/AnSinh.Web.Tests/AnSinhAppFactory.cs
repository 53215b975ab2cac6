using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AnSinh.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AnSinh.Web.Tests;

/// <summary>
/// The real application on Kestrel (a real port, so requests carry a client IP) over a fresh database
/// with the demo data. One instance per provider is shared by a test class.
/// </summary>
public abstract class AnSinhAppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "AnSinh@2026";
    private readonly Dictionary<string, string> _tokens = [];
    private readonly SemaphoreSlim _tokenLock = new(1, 1);

    protected abstract string Provider { get; }
    protected abstract string ConnectionString { get; }

    protected AnSinhAppFactory()
    {
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog()));
        // Outside Development the framework files (blazor.web.js) come from the build manifest only when asked.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Demo:SeedOnEmptyDatabase", "true");
        builder.UseSetting("Monitoring:WarmClosedYearsEveryMinutes", "0"); // tests call ClosedYearWarmer.WarmAsync themselves
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("Alerts:RunEveryMinutes", "0"); // tests run the alert rules through the API when they need them
        builder.UseSetting("Fhir:Export:Folder", Path.Combine(Path.GetTempPath(), $"ansinh-bulk-{Guid.NewGuid():N}"));
        builder.UseSetting("Imports:Folder", Path.Combine(Path.GetTempPath(), $"ansinh-imports-{Guid.NewGuid():N}"));
        // Every test signs in from 127.0.0.1; SignInTests checks the limit with a factory of its own.
        builder.UseSetting("Security:SignInAttemptsPerAddressPerMinute", SignInAttemptsPerAddressPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Security:ClientTokenRequestsPerAddressPerMinute", "100000");
    }

    protected virtual int SignInAttemptsPerAddressPerMinute => 100_000;

    public async Task<HttpClient> ClientForAsync(string userName)
    {
        StartServer();
        var client = CreateClient();
        await _tokenLock.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(userName, out var token))
            {
                using var anonymous = CreateClient();
                var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = userName, password = DemoPassword });
                if (response.StatusCode == System.Net.HttpStatusCode.Forbidden)
                {
                    // An officer account a test made must use two factors: set them up as the page would, then send a code.
                    var (key, _) = await EnableTwoFactorAsync(userName);
                    response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = userName, password = DemoPassword, code = Totp.Code(key, DateTimeOffset.UtcNow) });
                }

                response.EnsureSuccessStatusCode();
                token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
                _tokens[userName] = token;
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>Turns two-step sign-in on for an account, as the set-up page does once the app's first code checks out.</summary>
    public async Task<(string Key, List<string> RecoveryCodes)> EnableTwoFactorAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        return ((await users.GetAuthenticatorKeyAsync(user))!, codes);
    }

    public HttpClient Anonymous()
    {
        StartServer();
        // A plain client: on Kestrel the factory's client follows redirects whatever its options say.
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ServerAddress };
    }

    /// <summary>Where Kestrel listens (a free port chosen at start).</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Runs a query against the app's own database.</summary>
    public async Task<T> QueryAsync<T>(Func<AnSinhDbContext, Task<T>> query)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AnSinhDbContext>());
    }

    /// <summary>An account with the demo password (hashed like the demo users'), made once; then a client signed in as it.</summary>
    public async Task<HttpClient> ClientForNewUserAsync(string userName, string fullName, string role, ScopeKind kind, int? facilityId = null, int? unitId = null)
    {
        StartServer();
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var user = new AppUser { UserName = userName, FullName = fullName, ScopeKind = kind, ScopeFacilityId = facilityId, ScopeAdminUnitId = unitId };
                user.PasswordHash = users.PasswordHasher.HashPassword(user, DemoPassword);
                if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
                {
                    throw new InvalidOperationException($"Could not create the test account {userName}.");
                }
            }
        }

        return await ClientForAsync(userName);
    }

    private sealed record TokenBody(string AccessToken, DateTimeOffset ExpiresAt);

    protected override void Dispose(bool disposing)
    {
        _tokenLock.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteAppFactory : SqliteAppFactoryBase;

/// <summary>A throwaway SQLite file per factory; subclasses may change settings.</summary>
public class SqliteAppFactoryBase : AnSinhAppFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ansinh-test-{Guid.NewGuid():N}.db");
    protected override string Provider => "Sqlite";
    protected override string ConnectionString => $"Data Source={_path}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.ConfigureDbContext<SqliteAnSinhDbContext>(o => o.AddInterceptors(YieldAtEveryCommand.Instance)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>A SQLite site of its own with some settings changed ("environment" names the hosting environment).</summary>
public sealed class SqliteSiteWith(params (string Key, string Value)[] settings) : SqliteAppFactoryBase
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>PostgreSQL from ANSINH_TEST_POSTGRES (set by scripts/test.sh); each factory gets its own database.</summary>
public class PostgresAppFactory : AnSinhAppFactory
{
    public const string EnvironmentVariable = "ANSINH_TEST_POSTGRES";
    private readonly string _database = $"ansinh_test_{Guid.NewGuid():N}";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable);

    /// <summary>Skips a PostgreSQL test when no server was given — except under CI, where that is a failure.</summary>
    public static void SkipUnlessAvailable()
    {
        if (string.IsNullOrEmpty(ServerConnectionString) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new Xunit.SkipException($"PostgreSQL not configured: run scripts/test.sh or set {EnvironmentVariable}.");
        }

        if (string.IsNullOrEmpty(ServerConnectionString))
        {
            throw new InvalidOperationException($"{EnvironmentVariable} is not set under CI; scripts/test.sh must start PostgreSQL.");
        }
    }

    protected override string Provider => "Postgres";
    protected override string ConnectionString =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ConnectionString;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (string.IsNullOrEmpty(ServerConnectionString))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Microsoft.Data.Sqlite completes "async" commands synchronously, so code that renders or decides between two awaits
/// would pass on SQLite and fail on PostgreSQL (a page once rendered its form before the form's model was set).
/// The SQLite test sites yield before every command, as a real network round trip does.
/// </summary>
internal sealed class YieldAtEveryCommand : DbCommandInterceptor
{
    public static readonly YieldAtEveryCommand Instance = new();

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return result;
    }
}
