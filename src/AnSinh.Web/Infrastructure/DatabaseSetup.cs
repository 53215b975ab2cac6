using AnSinh.Data;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>SQLite by default (a file under data/); PostgreSQL when Database:Provider is "Postgres".</summary>
    public static IServiceCollection AddAnSinhDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        var connectionString = config["Database:ConnectionString"] ?? "Data Source=data/ansinh.db";
        if (IsPostgres(provider))
        {
            connectionString = WithPostgresDefaults(connectionString);
            services.AddDbContext<AnSinhDbContext, PostgresAnSinhDbContext>(o => o.UseNpgsql(connectionString));
            services.AddDbContextFactory<PostgresAnSinhDbContext>(o => o.UseNpgsql(connectionString), ServiceLifetime.Scoped);
            services.AddScoped<IDbContextFactory<AnSinhDbContext>, ContextFactory<PostgresAnSinhDbContext>>();
        }
        else
        {
            EnsureSqliteFolder(connectionString);
            services.AddDbContext<AnSinhDbContext, SqliteAnSinhDbContext>(o => o.UseSqlite(connectionString));
            services.AddDbContextFactory<SqliteAnSinhDbContext>(o => o.UseSqlite(connectionString), ServiceLifetime.Scoped);
            services.AddScoped<IDbContextFactory<AnSinhDbContext>, ContextFactory<SqliteAnSinhDbContext>>();
        }

        return services;
    }

    /// <summary>
    /// Npgsql's automatic preparation unless the connection string sets it: the same few dozen statements run thousands
    /// of times, and a prepared one skips parsing and planning (point reads +48 % at 50 connections, docs/operations.md).
    /// Set "Max Auto Prepare=0" behind PgBouncer in transaction mode, which cannot keep prepared statements.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
        if (!given)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>Contexts of their own for work that runs beside the request's (parallel query lanes); the caller disposes them.</summary>
    private sealed class ContextFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<AnSinhDbContext>
        where T : AnSinhDbContext
    {
        public AnSinhDbContext CreateDbContext() => inner.CreateDbContext();
    }

    /// <summary>What both the site and the CLI need: the database, reference-data and demo settings, the clock.</summary>
    public static IServiceCollection AddAnSinhCore(this IServiceCollection services, IConfiguration config)
    {
        services.AddAnSinhDatabase(config);
        services.Configure<AnSinh.Data.ReferenceData.ReferenceDataOptions>(config.GetSection("ReferenceData"));
        services.Configure<DemoOptions>(config.GetSection("Demo"));
        services.PostConfigure<DemoOptions>(o =>
        {
            var fromEnv = Environment.GetEnvironmentVariable("ANSINH_DEMO_PASSWORD");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                o.Password = fromEnv;
            }
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Clock>();
        return services;
    }

    public static bool IsPostgres(string? provider) =>
        string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
