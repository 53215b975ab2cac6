using System.Data.Common;
using System.Net;
using AnSinh.Data;
using AnSinh.Data.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace AnSinh.Web.Tests;

/// <summary>
/// PostgreSQL with 50,000 generated people (binary COPY): the name search reads the trigram index, never every
/// person (issue #9), for a national and for a province officer, and still finds the person asked for and their namesakes.
/// </summary>
public sealed class SearchAtScaleTests(SearchAtScaleTests.Factory app, ITestOutputHelper output) : IClassFixture<SearchAtScaleTests.Factory>
{
    public const int People = 50_000;

    /// <summary>The app over its own database, with every SQL command it runs kept for EXPLAIN.</summary>
    public sealed class Factory : PostgresAppFactory
    {
        public CommandCapture Capture { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.ConfigureDbContext<PostgresAnSinhDbContext>(o => o.AddInterceptors(Capture)));
        }
    }

    public sealed class CommandCapture : DbCommandInterceptor
    {
        private readonly List<(string Sql, NpgsqlParameter[] Parameters)> _commands = [];

        public bool Enabled { get; set; }

        public IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> Take()
        {
            lock (_commands)
            {
                var list = _commands.ToList();
                _commands.Clear();
                return list;
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Enabled)
            {
                lock (_commands)
                {
                    _commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray()));
                }
            }

            return ValueTask.FromResult(result);
        }
    }

    private static readonly SemaphoreSlim Generated = new(1, 1);
    private static bool _generated;

    private async Task GenerateOnceAsync()
    {
        await Generated.WaitAsync();
        try
        {
            if (!_generated)
            {
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                var result = await app.QueryAsync(db => SyntheticDataGenerator.GenerateAsync(db, "22", People, 0, today, seed: 7));
                output.WriteLine($"generated {result.People:N0} people, {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:0.0} s");
                // VACUUM too, as after any bulk load (bench/load.sh does the same): it writes the trigram index's own
                // statistics, which the planner reads to cost it; with only ANALYZE the plan depended on whether
                // autovacuum had happened to run yet.
                await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE"));
                _generated = true;
            }
        }
        finally
        {
            Generated.Release();
        }
    }

    [SkippableTheory]
    [InlineData("demo.national")]
    [InlineData("demo.province")]
    public async Task Name_search_uses_the_index_at_fifty_thousand_people(string user)
    {
        PostgresAppFactory.SkipUnlessAvailable();
        await GenerateOnceAsync();
        using var client = await app.ClientForAsync(user);

        // The last person generated, searched by full name: as many namesakes as real names have.
        var person = await app.QueryAsync(db => db.Beneficiaries.OrderByDescending(b => b.Id).Select(b => new { b.Id, b.FullName, b.SearchName }).FirstAsync());
        var namesakes = await app.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.SearchName.Contains(person.SearchName)));
        app.Capture.Enabled = true;
        var every = await client.GetAsync($"/api/beneficiaries?q={Uri.EscapeDataString(person.FullName)}&pageSize=100");
        var partial = await client.GetAsync($"/api/beneficiaries?q={Uri.EscapeDataString(person.FullName)}&pageSize={Math.Max(1, namesakes - 1)}");
        app.Capture.Enabled = false;
        foreach (var response in new[] { every, partial })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var total = body.GetProperty("total").GetInt32();
            Assert.True(user == "demo.national" ? total == namesakes : total >= 1 && total <= namesakes, $"{person.FullName}: {total} of {namesakes}");
            if (response == every)
            {
                Assert.Contains(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == person.Id);
            }
        }

        var searches = app.Capture.Take().Where(c => c.Sql.Contains("\"SearchName\" LIKE", StringComparison.Ordinal)).ToList();
        Assert.Contains(searches, c => c.Sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase)); // a full page is counted
        await using var connection = new NpgsqlConnection(await app.QueryAsync(db => Task.FromResult(db.Database.GetConnectionString()!)));
        await connection.OpenAsync();
        foreach (var (sql, parameters) in searches)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            explain.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            output.WriteLine(string.Join('\n', plan.Select(line => line.Length > 160 ? line[..160] + "…" : line)));
            Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on \"Beneficiaries\"", StringComparison.Ordinal));
            Assert.Contains(plan, line => line.Contains("IX_Beneficiaries_SearchName_trgm", StringComparison.Ordinal));
        }
    }
}
