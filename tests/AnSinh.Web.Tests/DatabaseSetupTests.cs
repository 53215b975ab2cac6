using AnSinh.Web.Infrastructure;
using Npgsql;

namespace AnSinh.Web.Tests;

public class DatabaseSetupTests
{
    [Theory]
    [InlineData("Host=db;Database=ansinh", 64)]
    [InlineData("Host=db;Database=ansinh;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=ansinh;MaxAutoPrepare=5", 5)]
    public void Statements_are_prepared_automatically_unless_the_operator_says_otherwise(string given, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults(given)).MaxAutoPrepare);
}
