using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AnSinh.Web.Tests;

/// <summary>
/// The database drops every connection of the site (what a restart or failover does to pooled connections); the
/// reads that follow must not answer 500 (issue #10, item 11).
/// </summary>
public sealed class DatabaseRestartTests(DatabaseRestartTests.Site app) : IClassFixture<DatabaseRestartTests.Site>
{
    public sealed class Site : PostgresAppFactory;

    [SkippableFact]
    public async Task Reads_after_the_server_dropped_every_connection_are_answered()
    {
        PostgresAppFactory.SkipUnlessAvailable();
        using var clinician = await app.ClientForAsync("demo.clinician");
        var person = await app.QueryAsync(db => db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An").Select(b => b.Id).FirstAsync());
        // Warm the pool: several connections in use, then back in the pool.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => clinician.GetAsync($"/api/beneficiaries/{person}")));

        var database = await app.QueryAsync(db => Task.FromResult(db.Database.GetDbConnection().Database));
        await using (var admin = new NpgsqlConnection(PostgresAppFactory.ServerConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
            kill.Parameters.AddWithValue("db", database);
            Assert.True((long)(await kill.ExecuteScalarAsync())! > 0);
        }

        var answers = new List<HttpStatusCode>();
        foreach (var path in new[] { $"/api/beneficiaries/{person}", $"/api/beneficiaries/{person}/chart", "/api/beneficiaries?q=nguyen", $"/beneficiaries/{person}" })
        {
            for (var i = 0; i < 3; i++)
            {
                answers.Add((await clinician.GetAsync(path)).StatusCode);
            }
        }

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
