using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConditionLastChangedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastChangedAt",
                table: "Conditions",
                type: "INTEGER",
                nullable: true);

            // Diagnoses recorded before: when their visit was recorded.
            migrationBuilder.Sql("UPDATE \"Conditions\" SET \"LastChangedAt\" = (SELECT e.\"RecordedAt\" FROM \"Encounters\" e WHERE e.\"Id\" = \"Conditions\".\"EncounterId\") WHERE \"LastChangedAt\" IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_Conditions_LastChangedAt",
                table: "Conditions",
                column: "LastChangedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conditions_LastChangedAt",
                table: "Conditions");

            migrationBuilder.DropColumn(
                name: "LastChangedAt",
                table: "Conditions");
        }
    }
}
