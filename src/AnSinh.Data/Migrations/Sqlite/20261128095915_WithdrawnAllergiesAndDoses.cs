using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractedBy",
                table: "Immunizations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RetractedOn",
                table: "Immunizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndNote",
                table: "Allergies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EndReason",
                table: "Allergies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedBy",
                table: "Allergies",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndedOn",
                table: "Allergies",
                type: "TEXT",
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
