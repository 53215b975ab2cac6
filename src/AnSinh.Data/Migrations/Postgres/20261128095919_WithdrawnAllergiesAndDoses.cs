using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WithdrawnAllergiesAndDoses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RetractReason",
                table: "Immunizations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractedBy",
                table: "Immunizations",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RetractedOn",
                table: "Immunizations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndNote",
                table: "Allergies",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EndReason",
                table: "Allergies",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedBy",
                table: "Allergies",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndedOn",
                table: "Allergies",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RetractReason",
                table: "Immunizations");

            migrationBuilder.DropColumn(
                name: "RetractedBy",
                table: "Immunizations");

            migrationBuilder.DropColumn(
                name: "RetractedOn",
                table: "Immunizations");

            migrationBuilder.DropColumn(
                name: "EndNote",
                table: "Allergies");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "Allergies");

            migrationBuilder.DropColumn(
                name: "EndedBy",
                table: "Allergies");

            migrationBuilder.DropColumn(
                name: "EndedOn",
                table: "Allergies");
        }
    }
}
