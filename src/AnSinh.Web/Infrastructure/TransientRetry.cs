namespace AnSinh.Web.Infrastructure;

/// <summary>
/// A read that meets a database connection lost to a restart or failover is tried again (issue #10, item 11):
/// pooled connections die with the server, and without this the first request on each answered 500. Only GET and
/// HEAD (reading twice changes nothing) and only before anything was sent; writes fail as before, saving nothing.
/// </summary>
public static class TransientRetry
{
    private const int Attempts = 3;

    public static void UseTransientRetry(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await next(context);
                    return;
                }
                catch (Exception error) when (attempt < Attempts && !context.Response.HasStarted && IsTransient(error)
                                             && !context.RequestAborted.IsCancellationRequested)
                {
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AnSinh.Database")
                        .LogWarning("Database connection lost on {Path} (attempt {Attempt}); trying again", context.Request.Path, attempt);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), context.RequestAborted);
                }
            }
        });

    /// <summary>A lost or refused connection (Npgsql marks those transient), however EF wrapped it.</summary>
    public static bool IsTransient(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or System.IO.EndOfStreamException)
            {
                return true;
            }
        }

        return false;
    }
}
