using Microsoft.Net.Http.Headers;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Headers every answer carries (issue #10): scripts only from this site (the pages have no inline script; inline
/// styles stay allowed for Blazor's own elements), never inside another site's frame, no MIME sniffing, no
/// address leaking to other sites, and no caching of anything but static files — nearly every page and API answer
/// shows a person's data. HSTS is added outside Development (it only applies over HTTPS).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers[HeaderNames.XFrameOptions] = "DENY";
            context.Response.OnStarting(() =>
            {
                // Static files and assets set their own caching before the answer starts; everything else is personal.
                if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
