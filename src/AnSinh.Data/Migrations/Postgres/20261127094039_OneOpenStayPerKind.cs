using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneOpenStayPerKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Races before this index could leave a person with two open stays of one kind: say who, so that an
            // operator closes the extra ones (discharge or transfer) and runs the upgrade again.
            migrationBuilder.Sql("""
                DO $$
                DECLARE people text;
                BEGIN
                    SELECT string_agg(DISTINCT "BeneficiaryId"::text, ', ') INTO people FROM (
                        SELECT "BeneficiaryId" FROM "Stays" WHERE "DischargedOn" IS NULL GROUP BY "BeneficiaryId", "Kind" HAVING count(*) > 1) d;
                    IF people IS NOT NULL THEN
                        RAISE EXCEPTION 'Hồ sơ có hơn một lượt tiếp nhận đang mở cùng loại (mã hồ sơ %): hãy làm thủ tục ra cho lượt thừa rồi nâng cấp lại.', people;
                    END IF;
                END
                $$;
                """);
            migrationBuilder.CreateIndex(
                name: "IX_Stays_OneOpenStayPerKind",
                table: "Stays",
                columns: new[] { "BeneficiaryId", "Kind" },
                unique: true,
                filter: "\"DischargedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Stays_OneOpenStayPerKind",
                table: "Stays");
        }
    }
}
