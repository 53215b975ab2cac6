using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AnSinh.Web.Tests;

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFactory>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFactory>
{
    public const string Name = "postgres";
}

/// <summary>Helpers shared by the HTTP and browser tests.</summary>
public static class TestPaths
{
    /// <summary>The checkout's root (the folder holding AnSinh.sln), for tests that read source or data files.</summary>
    public static DirectoryInfo RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AnSinh.sln")))
        {
            root = root.Parent;
        }

        return root ?? throw new InvalidOperationException("AnSinh.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The antiforgery token of a page's form, as a browser would post it back.</summary>
    public static string AntiforgeryToken(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
}

/// <summary>Base of every HTTP test: the same tests run against SQLite and PostgreSQL.</summary>
public abstract class HttpTestBase(AnSinhAppFactory app)
{
    protected AnSinhAppFactory App { get; } = app;

    /// <summary>Firely's FhirClient on /fhir, signed in as the user.</summary>
    protected async Task<Hl7.Fhir.Rest.FhirClient> FhirAsync(string user, Hl7.Fhir.Rest.ResourceFormat format = Hl7.Fhir.Rest.ResourceFormat.Json)
    {
        var http = await App.ClientForAsync(user);
        return new Hl7.Fhir.Rest.FhirClient(new Uri(http.BaseAddress!, "/fhir/"), http,
            new Hl7.Fhir.Rest.FhirClientSettings { PreferredFormat = format, VerifyFhirVersion = false });
    }

    /// <summary>Skips (locally) or fails (CI) when the provider is not available.</summary>
    protected void RequireProvider()
    {
        if (App is PostgresAppFactory)
        {
            PostgresAppFactory.SkipUnlessAvailable();
        }
    }

    protected static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).DateTime);

    private static int _serial = Random.Shared.Next(100_000, 800_000);

    /// <summary>A CCCD that fits a man born in 1950 and has not been used in this run (province code 094, which the demo does not use).</summary>
    protected static string NewNationalId() => $"094050{Interlocked.Increment(ref _serial):D6}";

    protected static object NewPerson(string? nationalId = null, string name = "Lê Văn Thử") => new
    {
        fullName = name,
        sex = "Male",
        birthDate = "1950-04-12",
        nationalId = nationalId ?? NewNationalId(),
        healthInsuranceNumber = "BT2221234567890",
        healthInsuranceValidFrom = $"{Today.Year}-01-01",
        healthInsuranceValidTo = $"{Today.Year}-12-31",
        categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
    };

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a 400 ProblemDetails whose errors for the field contain the text.</summary>
    protected static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string contains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        var match = errors.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        Assert.True(match.Value.ValueKind == JsonValueKind.Array, $"No error for '{field}' in {body}");
        Assert.Contains(match.Value.EnumerateArray(), m => m.GetString()!.Contains(contains, StringComparison.Ordinal));
    }

    protected async Task<int> CreatePersonAsync(HttpClient client, object? person = null)
    {
        var response = await client.PostAsJsonAsync("/api/beneficiaries", person ?? NewPerson());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt32();
    }

    /// <summary>The demo's first resident, "Nguyễn Văn An", who stays at the demo clinician's facility.</summary>
    protected async Task<int> DemoResidentIdAsync() =>
        await App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An").OrderBy(b => b.Id).Select(b => b.Id).First()));

    /// <summary>The real command line (`ansinh …`, built beside the tests) against this test's database.</summary>
    protected async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var connection = await App.QueryAsync(db => Task.FromResult(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetConnectionString(db.Database)!));
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(TestPaths.RepositoryRoot().FullName, "src", "AnSinh.Cli", "bin", configuration, "net10.0", "ansinh.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing: build the solution (scripts/test.sh does)");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["Database__Provider"] = App is PostgresAppFactory ? "Postgres" : "Sqlite";
        start.Environment["Database__ConnectionString"] = connection;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    protected async Task<int> FacilityIdAsync(string nameStartsWith) =>
        await App.QueryAsync(db => Task.FromResult(db.Facilities.Where(f => f.Name.StartsWith(nameStartsWith)).Select(f => f.Id).First()));
}

/// <summary>
/// Server errors of the test sites, appended to TestResults/server-errors.log with their exception: a test that sees a
/// 500 only sees the correlation id, and the cause must be findable after a CI run.
/// </summary>
public sealed class ServerErrorLog : Microsoft.Extensions.Logging.ILoggerProvider
{
    private static readonly object Gate = new();
    private static string LogPath => Path.Combine(TestPaths.RepositoryRoot().FullName, "TestResults", "server-errors.log");

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (Gate)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
                File.AppendAllText(LogPath, $"{DateTimeOffset.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}\n{exception}\n\n");
            }
        }
    }
}
