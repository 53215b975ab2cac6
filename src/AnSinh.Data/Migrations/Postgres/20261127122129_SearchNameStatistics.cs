using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchNameStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ANALYZE samples 300 × this many rows: at 1000 it reads a province's whole register, so the name
            // search's plan (trigram index or not) no longer changes with the luck of a 30,000-row sample (issue #9).
            migrationBuilder.Sql("ALTER TABLE \"Beneficiaries\" ALTER COLUMN \"SearchName\" SET STATISTICS 1000;");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE \"Beneficiaries\" ALTER COLUMN \"SearchName\" SET STATISTICS -1;");

        }
    }
}
