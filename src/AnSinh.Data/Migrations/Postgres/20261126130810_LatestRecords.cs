using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LatestRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LatestRecords",
                columns: table => new
                {
                    BeneficiaryId = table.Column<int>(type: "integer", nullable: false),
                    FirstIntakeOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastPeriodicCheckOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastVitalSignsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastEncounterOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastSystolicOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastSystolic = table.Column<decimal>(type: "numeric", nullable: true),
                    DiastolicOnLastSystolicDay = table.Column<decimal>(type: "numeric", nullable: true),
                    LastGlucoseOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastGlucose = table.Column<decimal>(type: "numeric", nullable: true),
                    LastHbA1cOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastHbA1c = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LatestRecords", x => x.BeneficiaryId);
                    table.ForeignKey(
                        name: "FK_LatestRecords_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LatestRecords");
        }
    }
}
