using System.Net;
using AnSinh.Domain.Audit;
using AnSinh.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>The audit trail is append-only and tamper-evident (issue #10, item 10).</summary>
public abstract class AuditTrailTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private async Task<long> NewReadEventAsync()
    {
        using var clinician = await App.ClientForAsync("demo.clinician");
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An").OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync($"/api/beneficiaries/{person}")).StatusCode);
        return await App.QueryAsync(db => db.AuditEvents.Where(e => e.BeneficiaryId == person).MaxAsync(e => e.Id));
    }

    private Task<int> SealAsync() => App.QueryAsync(db => AuditSeal.SealAsync(db));

    [SkippableFact]
    public async Task Rows_are_chained_and_the_chain_verifies()
    {
        RequireProvider();
        var id = await NewReadEventAsync();
        await SealAsync();
        var row = await App.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.Id == id));
        Assert.NotNull(row.ChainIndex);
        Assert.Matches("^[0-9a-f]{64}$", row.Hash!);
        var (finding, _) = await App.QueryAsync(db => AuditSeal.VerifyAsync(db));
        Assert.True(Assert.IsType<AuditChain.Intact>(finding).Rows >= 1);
    }

    [SkippableFact]
    public async Task The_application_cannot_change_or_delete_an_audit_row()
    {
        RequireProvider();
        var id = await NewReadEventAsync();
        await SealAsync();
        var update = await Assert.ThrowsAnyAsync<Exception>(() => App.QueryAsync(db =>
            db.AuditEvents.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, "sửa"))));
        Assert.Contains("append-only", update.Message + update.InnerException?.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => App.QueryAsync(db => db.AuditEvents.Where(e => e.Id == id).ExecuteDeleteAsync()));
        Assert.Contains("append-only", delete.Message + delete.InnerException?.Message, StringComparison.Ordinal);
        // Nor re-seal a sealed row with another hash.
        var reseal = await Assert.ThrowsAnyAsync<Exception>(() => App.QueryAsync(db =>
            db.AuditEvents.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Hash, new string('a', 64)))));
        Assert.Contains("append-only", reseal.Message + reseal.InnerException?.Message, StringComparison.Ordinal);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Id == id && e.Detail == null)));
    }

    /// <summary>`ansinh audit verify`, the real command line against this test's database.</summary>
    protected Task<(int ExitCode, string Output)> VerifyWithCliAsync() => RunCliAsync("audit", "verify");

    [SkippableFact]
    public async Task The_command_line_reports_OK_on_the_demo_data()
    {
        RequireProvider();
        await NewReadEventAsync();
        await SealAsync();
        var (exit, output) = await VerifyWithCliAsync();
        Assert.True(exit == 0, output);
        Assert.StartsWith("OK:", output.Trim(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditTrailTests(SqliteAppFactory app) : AuditTrailTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditTrailTests(PostgresAppFactory app) : AuditTrailTests(app)
{
    [SkippableFact]
    public async Task A_row_changed_behind_the_triggers_back_is_named_by_verify()
    {
        RequireProvider();
        using (var clinician = await App.ClientForAsync("demo.clinician"))
        {
            await clinician.GetAsync("/api/beneficiaries?q=nguyen");
        }

        await App.QueryAsync(db => AuditSeal.SealAsync(db));
        var victim = await App.QueryAsync(db => db.AuditEvents.Where(e => e.ChainIndex != null).OrderBy(e => e.ChainIndex).Select(e => new { e.Id, e.Detail }).FirstAsync());
        // What only the tables' owner can do: switch the trigger off and rewrite a row.
        async Task RewriteAsync(string? detail) => await App.QueryAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEvents\" DISABLE TRIGGER audit_events_append_only");
            var n = await db.AuditEvents.Where(e => e.Id == victim.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, detail));
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEvents\" ENABLE TRIGGER audit_events_append_only");
            return n;
        });

        await RewriteAsync("không có gì");
        try
        {
            var (exit, output) = await VerifyWithCliAsync();
            Assert.Equal(1, exit);
            Assert.Contains($"dòng id {victim.Id}", output, StringComparison.Ordinal);
        }
        finally
        {
            await RewriteAsync(victim.Detail); // the shared database's chain is whole again for the other tests
        }

        Assert.Equal(0, (await VerifyWithCliAsync()).ExitCode);
    }
}
