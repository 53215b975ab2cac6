using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScreeningAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "TotalScore",
                table: "ScreeningResults",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "Answers",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Band",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Complete",
                table: "ScreeningResults",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Flags",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordedBy",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubstanceScores",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Version",
                table: "ScreeningResults",
                type: "TEXT",
                maxLength: 50,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Answers",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "Band",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "Complete",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "RecordedBy",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "SubstanceScores",
                table: "ScreeningResults");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ScreeningResults");

            migrationBuilder.AlterColumn<int>(
                name: "TotalScore",
                table: "ScreeningResults",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
