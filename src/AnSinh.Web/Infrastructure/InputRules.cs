using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Rules every value of every API body obeys, applied while the JSON is read (issue #10, item 9), so that no
/// handler meets them: text without control characters and not made only of invisible characters, dates between
/// 1900 and 2100, lists that are present, have no null items (but for lists of nullable numbers, where null is an
/// unanswered item) and at most <see cref="MaxListItems"/> items.
/// A broken rule is a 400 naming the field (<see cref="BadRequestProblems"/>). Field lengths are checked against
/// the database's columns before saving (<see cref="AnSinh.Data.ColumnLengths"/>).
/// </summary>
public static class InputRules
{
    public const int MaxListItems = 1_000;
    public const int MaxTextLength = 10_000;
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>A value refused by a rule; the message is shown to the caller as it is.</summary>
    public sealed class Broken(string message) : JsonException(message);

    public static void Apply(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Assembly.GetName().Name?.StartsWith("AnSinh", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set)
            {
                continue;
            }

            var kind = property.PropertyType;
            Func<object?, string?>? check =
                kind == typeof(string) ? v => Text(v as string)
                : kind == typeof(DateOnly) || kind == typeof(DateOnly?) ? v => Date(v as DateOnly?)
                : kind != typeof(string) && typeof(IEnumerable).IsAssignableFrom(kind) ? v => List(v as IEnumerable, NullableItems(kind))
                : null;
            if (check is null)
            {
                continue;
            }

            property.Set = (target, value) =>
            {
                if (check(value) is { } problem)
                {
                    throw new Broken(problem);
                }

                set(target, value);
            };
        }
    }

    public static string? Text(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxTextLength)
        {
            return $"quá dài (tối đa {MaxTextLength:N0} ký tự).";
        }

        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return "không được chứa ký tự điều khiển.";
        }

        // "​​​" (zero-width spaces) looks empty and is not: a name made of it is no name.
        if (value.Length > 0 && value.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            && !value.All(char.IsWhiteSpace))
        {
            return "chỉ gồm ký tự vô hình.";
        }

        return null;
    }

    public static string? Date(DateOnly? value) =>
        value is { } d && (d < EarliestDate || d > LatestDate) ? "ngày phải trong khoảng 01/01/1900 đến 31/12/2100." : null;

    /// <summary>A list of a nullable value type (a screening's answers, <c>List&lt;int?&gt;</c>): a null item means "not answered".</summary>
    private static bool NullableItems(Type listType) =>
        listType.GetInterfaces().Append(listType)
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && Nullable.GetUnderlyingType(i.GetGenericArguments()[0]) is not null);

    private static string? List(IEnumerable? value, bool nullItemsAllowed)
    {
        if (value is null)
        {
            return "phải là một danh sách (có thể rỗng), không phải null.";
        }

        var count = 0;
        foreach (var item in value)
        {
            if (item is null && !nullItemsAllowed)
            {
                return "danh sách không được có phần tử rỗng (null).";
            }

            if (++count > MaxListItems)
            {
                return $"danh sách dài tối đa {MaxListItems:N0} phần tử.";
            }
        }

        return null;
    }
}
