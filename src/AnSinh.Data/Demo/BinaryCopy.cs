using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace AnSinh.Data.Demo;

/// <summary>
/// Writes entities straight into their PostgreSQL table with binary COPY, reading the table and column names and
/// value conversions from the EF model, so a renamed column cannot drift from a hand-kept list. Keys are written
/// as given (the caller allocates them); <see cref="ResetIdentityAsync"/> moves the table's sequence past them.
/// </summary>
public sealed class BinaryCopy<T> : IAsyncDisposable where T : class
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly (Func<T, object?> Read, NpgsqlDbType Type)[] _columns;

    public long Rows { get; private set; }

    private BinaryCopy(NpgsqlBinaryImporter importer, (Func<T, object?>, NpgsqlDbType)[] columns)
    {
        _importer = importer;
        _columns = columns;
    }

    public static async Task<BinaryCopy<T>> StartAsync(AnSinhDbContext db, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var columns = properties.Select(p =>
        {
            if (p.IsShadowProperty())
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} has no CLR property to copy from.");
            }

            var getter = p.GetGetter();
            var converter = p.GetTypeMapping().Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? p.ClrType) ?? converter?.ProviderClrType ?? p.ClrType;
            Func<T, object?> read = converter is null
                ? row => getter.GetClrValue(row)
                : row => getter.GetClrValue(row) is { } value ? converter.ConvertToProvider(value) : null;
            return (read, TypeOf(providerType, p.Name));
        }).ToArray();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var columnList = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
        var importer = await connection.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({columnList}) FROM STDIN (FORMAT BINARY)", ct);
        return new BinaryCopy<T>(importer, columns);
    }

    public async ValueTask WriteAsync(T row, CancellationToken ct)
    {
        await _importer.StartRowAsync(ct);
        foreach (var (read, type) in _columns)
        {
            if (read(row) is { } value)
            {
                await _importer.WriteAsync(value, type, ct);
            }
            else
            {
                await _importer.WriteNullAsync(ct);
            }
        }

        Rows++;
    }

    /// <summary>Commits the rows; disposing without completing rolls the COPY back.</summary>
    public async Task CompleteAsync(CancellationToken ct) => await _importer.CompleteAsync(ct);

    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    /// <summary>The largest id in a table, so that the caller can allocate the ids of the rows it copies.</summary>
    public static async Task<long> MaxIdAsync(AnSinhDbContext db, CancellationToken ct)
    {
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        // The table name comes from the model, never from input.
        var sql = $"SELECT COALESCE(MAX(\"Id\"), 0)::bigint AS \"Value\" FROM {Quote(table)}";
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
    }

    /// <summary>Moves the table's id sequence past the ids written, so later inserts through EF do not collide.</summary>
    public static async Task ResetIdentityAsync(AnSinhDbContext db, CancellationToken ct)
    {
        var table = Quote(db.Model.FindEntityType(typeof(T))!.GetTableName()!);
        var sql = $"SELECT setval(pg_get_serial_sequence('{table}', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM {table}), 1))";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static NpgsqlDbType TypeOf(Type type, string property) => type switch
    {
        _ when type == typeof(int) => NpgsqlDbType.Integer,
        _ when type == typeof(long) => NpgsqlDbType.Bigint,
        _ when type == typeof(short) => NpgsqlDbType.Smallint,
        _ when type == typeof(string) => NpgsqlDbType.Text,
        _ when type == typeof(bool) => NpgsqlDbType.Boolean,
        _ when type == typeof(decimal) => NpgsqlDbType.Numeric,
        _ when type == typeof(double) => NpgsqlDbType.Double,
        _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
        _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
        _ when type == typeof(Guid) => NpgsqlDbType.Uuid,
        _ => throw new NotSupportedException($"{typeof(T).Name}.{property}: no COPY type for {type.Name}."),
    };
}
