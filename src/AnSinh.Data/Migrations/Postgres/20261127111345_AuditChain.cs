using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEvents",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_ChainIndex",
                table: "AuditEvents",
                column: "ChainIndex",
                unique: true);

            // Append-only (issue #10): no DELETE, no TRUNCATE, and an UPDATE only to seal a row (set its chain index
            // and hash once, nothing else). Whoever owns the table can still disable this trigger; run the site as a
            // role that does not own the tables (docs/operations.md), and `ansinh audit verify` shows any change.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'UPDATE' AND OLD."ChainIndex" IS NULL AND OLD."Hash" IS NULL
                     AND NEW."ChainIndex" IS NOT NULL AND NEW."Hash" IS NOT NULL
                     AND (to_jsonb(NEW) - 'ChainIndex' - 'Hash') = (to_jsonb(OLD) - 'ChainIndex' - 'Hash') THEN
                    RETURN NEW;
                  END IF;
                  RAISE EXCEPTION 'AuditEvents is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "AuditEvents"
                  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "AuditEvents"
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_events_no_truncate ON "AuditEvents";
                DROP TRIGGER audit_events_append_only ON "AuditEvents";
                DROP FUNCTION audit_events_append_only();
                """);

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
