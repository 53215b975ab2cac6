using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>X-Forwarded-For is believed from the configured proxies only (issue #10, item 10).</summary>
public sealed class TrustedProxyTests
{
    private static async Task<string?> AuditedAddressAsync(AnSinhAppFactory app)
    {
        using var client = await app.ClientForAsync("demo.clinician");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var query = $"dia-chi-{Guid.NewGuid():N}";
        (await client.GetAsync($"/api/beneficiaries?q={query}")).EnsureSuccessStatusCode();
        return await app.QueryAsync(db => db.AuditEvents.Where(e => e.Action == "record.search" && e.Detail!.Contains(query)).Select(e => e.IpAddress).SingleAsync());
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_audit_records_the_clients_address()
    {
        await using var app = new SqliteSiteWith(("Security:TrustedProxies", "127.0.0.1, 10.0.0.0/8"));
        Assert.Equal("203.0.113.7", await AuditedAddressAsync(app));
    }

    [Fact]
    public async Task Without_trusted_proxies_a_forwarded_address_is_ignored()
    {
        await using var app = new SqliteAppFactory();
        var address = await AuditedAddressAsync(app);
        Assert.NotEqual("203.0.113.7", address);
        Assert.Contains("127.0.0.1", address, StringComparison.Ordinal);
    }
}
