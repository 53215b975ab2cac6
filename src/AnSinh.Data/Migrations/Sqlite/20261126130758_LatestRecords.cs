using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
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
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstIntakeOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastPeriodicCheckOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastVitalSignsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastEncounterOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastSystolicOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastSystolic = table.Column<double>(type: "REAL", nullable: true),
                    DiastolicOnLastSystolicDay = table.Column<double>(type: "REAL", nullable: true),
                    LastGlucoseOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastGlucose = table.Column<double>(type: "REAL", nullable: true),
                    LastHbA1cOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastHbA1c = table.Column<double>(type: "REAL", nullable: true)
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
