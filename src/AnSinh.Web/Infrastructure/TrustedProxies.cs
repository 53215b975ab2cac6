using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// The client's address as the audit trail and the sign-in limit see it (issue #10, item 10). Behind a reverse proxy
/// every request comes from the proxy, so its X-Forwarded-For and X-Forwarded-Proto are honoured — but only from the
/// proxies named in <c>Security:TrustedProxies</c> (addresses or CIDR networks, comma-separated). Without that
/// setting the headers are ignored: anyone could otherwise claim any address.
/// </summary>
public static class TrustedProxies
{
    public static void AddTrustedProxies(this IServiceCollection services, IConfiguration config)
    {
        var entries = (config["Security:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (entry.Contains('/', StringComparison.Ordinal))
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    o.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
    }

    /// <summary>Applies the forwarded headers of trusted proxies; with none configured this changes nothing.</summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration["Security:TrustedProxies"]))
        {
            app.UseForwardedHeaders();
        }
    }
}
