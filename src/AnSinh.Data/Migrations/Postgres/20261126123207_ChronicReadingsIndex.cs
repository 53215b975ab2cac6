using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChronicReadingsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Observations_ChronicReadings",
                table: "Observations",
                columns: new[] { "BeneficiaryId", "Code", "Date" },
                filter: "\"Code\" IN ('8480-6', '8462-4', '2339-0', '4548-4')")
                .Annotation("Npgsql:IndexInclude", new[] { "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Observations_ChronicReadings",
                table: "Observations");
        }
    }
}
