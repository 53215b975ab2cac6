using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Claims = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Request = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Level = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    GroupId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Types = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Progress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Output = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true)
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
