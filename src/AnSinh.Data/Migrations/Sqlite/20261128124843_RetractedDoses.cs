using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetractedDoses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MedicationAdministrations_OrderId_Date_Shift",
                table: "MedicationAdministrations");

            migrationBuilder.AddColumn<string>(
                name: "RetractReason",
                table: "MedicationAdministrations",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetractedAt",
                table: "MedicationAdministrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractedBy",
                table: "MedicationAdministrations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_OrderId_Date_Shift",
                table: "MedicationAdministrations",
                columns: new[] { "OrderId", "Date", "Shift" },
                unique: true,
                filter: "\"RetractedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MedicationAdministrations_OrderId_Date_Shift",
                table: "MedicationAdministrations");

            migrationBuilder.DropColumn(
                name: "RetractReason",
                table: "MedicationAdministrations");

            migrationBuilder.DropColumn(
                name: "RetractedAt",
                table: "MedicationAdministrations");

            migrationBuilder.DropColumn(
                name: "RetractedBy",
                table: "MedicationAdministrations");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_OrderId_Date_Shift",
                table: "MedicationAdministrations",
                columns: new[] { "OrderId", "Date", "Shift" },
                unique: true);
        }
    }
}
