using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EncounterHasVitalSigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HasVitalSigns",
                table: "Encounters",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Backfill from the observations recorded so far (the vital-sign codes of observation-codes.csv at this version).
            migrationBuilder.Sql(
                "UPDATE \"Encounters\" SET \"HasVitalSigns\" = EXISTS (SELECT 1 FROM \"Observations\" o WHERE o.\"EncounterId\" = \"Encounters\".\"Id\" " +
                "AND o.\"Code\" IN ('8480-6', '8462-4', '8867-4', '8310-5', '9279-1', '59408-5', '29463-7', '8302-2', '39156-5'))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HasVitalSigns",
                table: "Encounters");
        }
    }
}
