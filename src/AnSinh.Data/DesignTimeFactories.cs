using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AnSinh.Data;

// Used only by `dotnet ef migrations add`; the running app configures the provider from settings.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAnSinhDbContext>
{
    public SqliteAnSinhDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAnSinhDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAnSinhDbContext>
{
    public PostgresAnSinhDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAnSinhDbContext>().UseNpgsql("Host=localhost;Database=ansinh_design").Options);
}
