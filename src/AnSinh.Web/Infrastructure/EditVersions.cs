using AnSinh.Domain.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Optimistic concurrency for records people edit (issue #10, item 8): an edit names the version it started from;
/// an older one is refused with "someone changed this" instead of silently overwriting, and two edits racing from the
/// same version are told apart by the database (the version is a concurrency token: UPDATE … WHERE Version = old).
/// </summary>
public static class EditVersions
{
    public const string Field = "version";

    public static string StaleMessage(string what) =>
        $"{what} vừa được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu: hãy tải lại trang để xem bản mới rồi sửa lại.";

    /// <summary>Null when the edit may go ahead (the version moves on by one); otherwise the errors to answer with.</summary>
    public static ValidationErrors? Check(int? expected, int current, string what)
    {
        var errors = new ValidationErrors();
        if (expected is null)
        {
            errors.Add(Field, "Thiếu phiên bản của bản ghi (version, hoặc tiêu đề If-Match): cần để không ghi đè thay đổi của người khác.");
            return errors;
        }

        if (expected != current)
        {
            errors.Add(Field, StaleMessage(what));
            return errors;
        }

        return null;
    }

    /// <summary>Moves the version on; SaveChanges then fails with DbUpdateConcurrencyException if another edit won.</summary>
    public static void Advance<TEntity>(EntityEntry<TEntity> entry, System.Linq.Expressions.Expression<Func<TEntity, int>> version, int expected)
        where TEntity : class
    {
        var property = entry.Property(version);
        property.OriginalValue = expected;
        property.CurrentValue = expected + 1;
    }

    /// <summary>Saves; a lost race becomes the same "someone changed this" as a stale version.</summary>
    public static async Task<ValidationErrors?> SaveAsync(DbContext db, string what, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            var errors = new ValidationErrors();
            errors.Add(Field, StaleMessage(what));
            return errors;
        }
    }

    /// <summary>An API edit: the version from the body or If-Match, the new ETag on success, 409 when stale.</summary>
    public static async Task<IResult> UpdateAsync(IVersionedInput input, HttpContext http, Func<Task<ServiceResult<int>>> update)
    {
        input.Version ??= FromIfMatch(http.Request);
        var updated = await update();
        if (updated.Succeeded)
        {
            http.Response.Headers.ETag = ETag(input.Version!.Value + 1);
        }

        return updated.ToHttpResult(_ => Results.NoContent());
    }

    /// <summary>The API's ETag of a version: a quoted number.</summary>
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version an If-Match header names (a quoted number, weak or not); null when absent or unreadable.</summary>
    public static int? FromIfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
