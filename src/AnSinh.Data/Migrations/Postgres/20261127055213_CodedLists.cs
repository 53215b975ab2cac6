using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CodedLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ListVersion",
                table: "Icd10Codes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sign",
                table: "Icd10Codes",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ValidFrom",
                table: "Icd10Codes",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ValidTo",
                table: "Icd10Codes",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssistanceTypeCode",
                table: "BeneficiaryCategories",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CodeListItems",
                columns: table => new
                {
                    List = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Detail = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CodeListItems", x => new { x.List, x.Code });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CodeListItems");

            migrationBuilder.DropColumn(
                name: "ListVersion",
                table: "Icd10Codes");

            migrationBuilder.DropColumn(
                name: "Sign",
                table: "Icd10Codes");

            migrationBuilder.DropColumn(
                name: "ValidFrom",
                table: "Icd10Codes");

            migrationBuilder.DropColumn(
                name: "ValidTo",
                table: "Icd10Codes");

            migrationBuilder.DropColumn(
                name: "AssistanceTypeCode",
                table: "BeneficiaryCategories");
        }
    }
}
