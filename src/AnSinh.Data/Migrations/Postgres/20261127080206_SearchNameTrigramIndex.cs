using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Postgres
{
    /// <summary>
    /// A trigram index on the folded name, so that a search for any part of a name ("LIKE '%nguyen van%'") reads the
    /// index instead of every person (issue #9). pg_trgm ships with PostgreSQL's contrib and is a trusted extension;
    /// where it is missing or may not be created, the search still works, unindexed, and the migration says so.
    /// </summary>
    public partial class SearchNameTrigramIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
                        CREATE EXTENSION IF NOT EXISTS pg_trgm;
                        CREATE INDEX IF NOT EXISTS "IX_Beneficiaries_SearchName_trgm" ON "Beneficiaries" USING gin ("SearchName" gin_trgm_ops);
                    ELSE
                        RAISE WARNING 'pg_trgm is not available: searching people by name will read every row.';
                    END IF;
                EXCEPTION WHEN insufficient_privilege THEN
                    RAISE WARNING 'pg_trgm could not be created (%): searching people by name will read every row.', SQLERRM;
                END
                $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Beneficiaries_SearchName_trgm";""");
        }
    }
}
