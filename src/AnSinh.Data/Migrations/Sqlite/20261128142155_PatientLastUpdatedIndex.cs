using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnSinh.Data.Migrations.Sqlite
{
    /// <summary>
    /// The moment a person's own record last changed (UpdatedAt, or CreatedAt for one never edited), indexed as the
    /// expression the Patient search's _lastUpdated and $export's _since compare, so a client's "what changed since"
    /// poll reads the index instead of every person (an expression index: EF's model cannot state one).
    /// </summary>
    public partial class PatientLastUpdatedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_Beneficiaries_LastUpdated" ON "Beneficiaries" (COALESCE("UpdatedAt", "CreatedAt"));""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Beneficiaries_LastUpdated";""");
        }
    }
}
