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
            services.AddDbContext<AnSinhDbContext, PostgresAnSinhDbContext>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            EnsureSqliteFolder(connectionString);
            services.AddDbContext<AnSinhDbContext, SqliteAnSinhDbContext>(o => o.UseSqlite(connectionString));
        }

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
