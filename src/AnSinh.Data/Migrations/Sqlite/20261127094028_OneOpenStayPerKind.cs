using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneOpenStayPerKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Stays_OneOpenStayPerKind",
                table: "Stays",
                columns: new[] { "BeneficiaryId", "Kind" },
                unique: true,
                filter: "\"DischargedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Stays_OneOpenStayPerKind",
                table: "Stays");
        }
    }
}
