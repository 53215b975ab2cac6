using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BulkExports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BulkExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Claims = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Request = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Types = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Output = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkExports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BulkExports_Status",
                table: "BulkExports",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulkExports");
        }
    }
}
