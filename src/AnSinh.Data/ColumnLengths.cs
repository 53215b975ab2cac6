using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AnSinh.Data;

/// <summary>A text longer than its column, found before the database refuses it (PostgreSQL) or keeps it whole (SQLite).</summary>
public sealed class ValueTooLongException(string entity, string property, int maxLength)
    : Exception($"{entity}.{property} is longer than {maxLength} characters.")
{
    public string Entity { get; } = entity;
    public string Property { get; } = property;
    public int MaxLength { get; } = maxLength;
}

/// <summary>
/// Checks every added or changed text against its column's length before saving (issue #10, item 9: 26 fields
/// overflowed their columns and answered 500 on PostgreSQL). One rule from the model's own metadata, so a new column
/// with a length is covered without a new check.
/// </summary>
public sealed class ColumnLengths : SaveChangesInterceptor
{
    public static readonly ColumnLengths Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max)
                {
                    throw new ValueTooLongException(entry.Metadata.ClrType.Name, property.Metadata.Name, max);
                }
            }
        }
    }
}
