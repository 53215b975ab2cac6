using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChainIndex",
                table: "AuditEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEvents",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_ChainIndex",
                table: "AuditEvents",
                column: "ChainIndex",
                unique: true);

            // Append-only (issue #10): no DELETE, and an UPDATE only to seal a row once.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only: DELETE refused'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_events_seal_only BEFORE UPDATE ON "AuditEvents"
                WHEN NOT (OLD."ChainIndex" IS NULL AND OLD."Hash" IS NULL AND NEW."ChainIndex" IS NOT NULL AND NEW."Hash" IS NOT NULL
                  AND NEW."Id" IS OLD."Id" AND NEW."At" IS OLD."At" AND NEW."UserId" IS OLD."UserId" AND NEW."UserName" IS OLD."UserName"
                  AND NEW."Action" IS OLD."Action" AND NEW."BeneficiaryId" IS OLD."BeneficiaryId" AND NEW."EntityType" IS OLD."EntityType"
                  AND NEW."EntityId" IS OLD."EntityId" AND NEW."IpAddress" IS OLD."IpAddress" AND NEW."Detail" IS OLD."Detail")
                BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only: UPDATE refused'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_events_seal_only;");
            migrationBuilder.Sql("DROP TRIGGER audit_events_no_delete;");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_ChainIndex",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "ChainIndex",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEvents");
        }
    }
}
