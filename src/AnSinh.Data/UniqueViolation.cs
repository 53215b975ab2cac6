using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data;

/// <summary>
/// Tells a save refused by a unique index (two people racing past the same check) from other failures, on both
/// providers, so that the service answers with the check's own field error instead of a 500.
/// </summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception, string indexName) =>
        exception.InnerException switch
        {
            Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation
                && string.Equals(pg.ConstraintName, indexName, StringComparison.Ordinal),
            // SQLite names the columns, not the index: "UNIQUE constraint failed: Stays.BeneficiaryId, Stays.Kind".
            // 2067 a unique index, 1555 a primary key.
            Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555
                && Columns.TryGetValue(indexName, out var columns) && sqlite.Message.Contains(columns, StringComparison.Ordinal),
            _ => false,
        };

    public const string OneOpenStayPerKind = "IX_Stays_OneOpenStayPerKind";
    public const string NationalId = "IX_Beneficiaries_NationalId";
    public const string OneDosePerRound = "IX_MedicationAdministrations_OrderId_Date_Shift";
    public const string OneOpenEnrolment = "IX_ChronicEnrolments_OneOpenPerDisease";
    public const string OneOpenAlert = "IX_Alerts_OneOpenPerRule";
    public const string UsedClientAssertion = "PK_UsedClientAssertions";
    public const string StruckOutReading = "PK_StruckOutReadings";
    public const string StruckOutRecord = "IX_StruckOutRecords_Kind_RecordId";

    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        [OneOpenStayPerKind] = "Stays.BeneficiaryId, Stays.Kind",
        [NationalId] = "Beneficiaries.NationalId",
        [OneOpenEnrolment] = "ChronicEnrolments.BeneficiaryId, ChronicEnrolments.Disease",
        [OneOpenAlert] = "Alerts.BeneficiaryId, Alerts.Rule",
        [UsedClientAssertion] = "UsedClientAssertions.SystemClientId, UsedClientAssertions.Jti",
        [StruckOutReading] = "StruckOutReadings.Id",
        [StruckOutRecord] = "StruckOutRecords.Kind, StruckOutRecords.RecordId",
        [OneDosePerRound] = "MedicationAdministrations.OrderId, MedicationAdministrations.Date, MedicationAdministrations.Shift",
    };
}
