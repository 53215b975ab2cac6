using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClinicalCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "BackReferredOn",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClinicalSigns",
                table: "Referrals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConditionAtTransfer",
                table: "Referrals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DestinationLevel",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Diagnosis",
                table: "Referrals",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiagnosisCode",
                table: "Referrals",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Escort",
                table: "Referrals",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Ground",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferredBy",
                table: "Referrals",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferredByName",
                table: "Referrals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestResults",
                table: "Referrals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "Time",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Transport",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TreatmentDirection",
                table: "Referrals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TreatmentGiven",
                table: "Referrals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Urgency",
                table: "Referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Allergies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Substance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Reaction = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Allergies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Allergies_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Immunizations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    FacilityId = table.Column<int>(type: "INTEGER", nullable: true),
                    Vaccine = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    VaccineCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DoseNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Site = table.Column<int>(type: "INTEGER", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Immunizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Immunizations_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Immunizations_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "MedicationOrders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    FacilityId = table.Column<int>(type: "INTEGER", nullable: false),
                    DrugName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DrugCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Strength = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Form = table.Column<int>(type: "INTEGER", nullable: false),
                    Dose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Route = table.Column<int>(type: "INTEGER", nullable: false),
                    Times = table.Column<int>(type: "INTEGER", nullable: false),
                    AsNeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StoppedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StopReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StoppedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PrescribedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PrescriberName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OrderedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AllergyOverrideReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReplacesOrderId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MedicationOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MedicationOrders_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MedicationOrders_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MedicationOrders_MedicationOrders_ReplacesOrderId",
                        column: x => x.ReplacesOrderId,
                        principalTable: "MedicationOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MedicationAdministrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<int>(type: "INTEGER", nullable: false),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    FacilityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Shift = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MedicationAdministrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MedicationAdministrations_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MedicationAdministrations_MedicationOrders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "MedicationOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_FacilityId_OutcomeDate",
                table: "Referrals",
                columns: new[] { "FacilityId", "OutcomeDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Allergies_BeneficiaryId",
                table: "Allergies",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_Immunizations_BeneficiaryId_Date",
                table: "Immunizations",
                columns: new[] { "BeneficiaryId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_Immunizations_FacilityId",
                table: "Immunizations",
                column: "FacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_BeneficiaryId",
                table: "MedicationAdministrations",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_FacilityId_Date_Shift",
                table: "MedicationAdministrations",
                columns: new[] { "FacilityId", "Date", "Shift" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_OrderId_Date_Shift",
                table: "MedicationAdministrations",
                columns: new[] { "OrderId", "Date", "Shift" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_BeneficiaryId_StartDate",
                table: "MedicationOrders",
                columns: new[] { "BeneficiaryId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_FacilityId_StoppedOn",
                table: "MedicationOrders",
                columns: new[] { "FacilityId", "StoppedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_ReplacesOrderId",
                table: "MedicationOrders",
                column: "ReplacesOrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Allergies");

            migrationBuilder.DropTable(
                name: "Immunizations");

            migrationBuilder.DropTable(
                name: "MedicationAdministrations");

            migrationBuilder.DropTable(
                name: "MedicationOrders");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_FacilityId_OutcomeDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "BackReferredOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ClinicalSigns",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ConditionAtTransfer",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "DestinationLevel",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Diagnosis",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "DiagnosisCode",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Escort",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Ground",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ReferredBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ReferredByName",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "TestResults",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Time",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Transport",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "TreatmentDirection",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "TreatmentGiven",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Urgency",
                table: "Referrals");
        }
    }
}
