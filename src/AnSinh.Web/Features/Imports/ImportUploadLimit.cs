using Microsoft.AspNetCore.Http.Features;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// The import page's form may carry a file past the server's default body limit (about 28.6 MB): the form could then
/// not be read, and the antiforgery check would answer a bare English 400. The page's post may be read up to 100 MB,
/// so that the page itself says the file is too large; past that the browser is sent back to the page with that message.
/// </summary>
public static class ImportUploadLimit
{
    private const long PageBodyLimit = 100L * 1024 * 1024;

    public static void Use(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/imports", StringComparison.OrdinalIgnoreCase))
        {
            if (context.Request.ContentLength > PageBodyLimit)
            {
                // Back to the same kind's tab (a known kind only: the address is built from the list, not the request).
                var kind = ImportKinds.Find(context.Request.Query["kind"]) is { } k && k != ImportKinds.All[0] ? "&kind=" + k.Name : "";
                context.Response.Redirect("/imports?error=too-large" + kind);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = PageBodyLimit;
            }
        }

        await next();
    });
}
