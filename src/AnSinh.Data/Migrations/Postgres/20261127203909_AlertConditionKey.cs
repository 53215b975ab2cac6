using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlertConditionKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConditionKey",
                table: "Alerts",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_BeneficiaryId_Status",
                table: "Alerts",
                columns: new[] { "BeneficiaryId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_BeneficiaryId_Status",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "ConditionKey",
                table: "Alerts");
        }
    }
}
