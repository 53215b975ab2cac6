using System.Globalization;
using AnSinh.Web.Infrastructure;
using Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>The parts of FHIR search and writes every resource shares: paging, dates with prefixes, references, refusals.</summary>
public static class FhirSearch
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    /// <summary>Accepted on every search: _format and _pretty change nothing AnSinh answers, total is always given, _summary is read by <see cref="Paging"/>.</summary>
    public static readonly HashSet<string> Ignored = ["_format", "_pretty", "_total", "_summary"];

    /// <summary>
    /// _count (0–100, 20 by default; 0 or _summary=count asks for the total alone) and _offset, or null when either is
    /// not a number in range.
    /// </summary>
    public static (int Count, int Offset)? Paging(HttpContext http)
    {
        var q = http.Request.Query;
        var count = DefaultCount;
        var offset = 0;
        if ((q.ContainsKey("_count") && !int.TryParse(q["_count"], NumberStyles.None, CultureInfo.InvariantCulture, out count)) || count > MaxCount
            || (q.ContainsKey("_offset") && !int.TryParse(q["_offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            return null;
        }

        if (q.TryGetValue("_summary", out var summary))
        {
            if (summary != "count")
            {
                return null;
            }

            count = 0;
        }

        return (count, offset);
    }

    /// <summary>400 for the first search parameter the type does not take (_count and _offset always allowed), or null.</summary>
    public static IResult? RefuseUnknown(HttpContext http, string type, params string[] known) =>
        http.Request.Query.Keys.FirstOrDefault(k => !known.Contains(k) && k is not ("_count" or "_offset") && !Ignored.Contains(k)) is { } unknown
            ? FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho {type}; dùng: {string.Join(", ", known)}, _count, _offset.")
            : null;

    /// <summary>A searchset page of rows already found and filtered in memory (a scope's facilities, staff, indicators).</summary>
    public static IResult Page<T>(HttpContext http, string type, IReadOnlyList<T> rows, Func<T, Resource> toFhir)
    {
        if (Paging(http) is not { } paging)
        {
            return BadPaging(http);
        }

        var bundle = Searchset(http, rows.Count, paging.Offset, paging.Count);
        foreach (var resource in rows.Skip(paging.Offset).Take(paging.Count).Select(toFhir))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/{type}/{resource.Id}", Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return FhirApi.Send(http, bundle);
    }

    public static IResult BadPaging(HttpContext http) =>
        FhirApi.Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
            $"_count phải từ 0 đến {MaxCount}; _offset từ 0; _summary chỉ nhận count.");

    /// <summary>A patient search value: "12", "Patient/12" or this server's address for it.</summary>
    public static bool TryPatientId(string value, string baseUrl, out int id) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) || TryLocalPatient(value, baseUrl, out id);

    /// <summary>patient=12,Patient/13: any of the patients listed (OR), each as <see cref="TryPatientId"/> reads it.</summary>
    public static bool TryPatientIds(string value, string baseUrl, out List<int> ids)
    {
        ids = [];
        foreach (var part in value.Split(','))
        {
            if (!TryPatientId(part.Trim(), baseUrl, out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        return ids.Count > 0;
    }

    /// <summary>A reference a client wrote to one of AnSinh's patients: "Patient/12" or this server's own address for it.</summary>
    public static bool TryLocalPatient(string? reference, string baseUrl, out int id) => TryLocal(reference, "Patient", baseUrl, out id);

    /// <summary>A reference to one of AnSinh's own resources of a type: "Organization/3" or this server's address for it.</summary>
    public static bool TryLocal(string? reference, string type, string baseUrl, out int id)
    {
        id = 0;
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var local = reference.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? reference[(baseUrl.Length + 1)..] : reference;
        return local.StartsWith(type + "/", StringComparison.Ordinal)
               && int.TryParse(local[(type.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    /// <summary>
    /// A date search value: an optional prefix (eq, lt, le, gt, ge; sa and eb as gt and lt) and a year, month or day,
    /// as the first and last day it covers.
    /// </summary>
    public static bool TryDateRange(string? value, out DateOnly from, out DateOnly to, out string prefix)
    {
        from = to = default;
        prefix = "eq";
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.Length > 2 && char.IsLetter(value[0]))
        {
            prefix = value[..2] switch { "sa" => "gt", "eb" => "lt", var p => p };
            value = value[2..];
        }

        if (prefix is not ("eq" or "lt" or "le" or "gt" or "ge"))
        {
            return false;
        }

        var day = value.Length >= 10 ? value[..10] : value;
        if (day.Length == 10 && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            to = from;
            // A moment (…T10:00:00+07:00) is searched by its day; anything else after the day is not a date.
            return value.Length == 10
                   || (value[10] == 'T' && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        }

        if (value.Length == 7 && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            to = from.AddMonths(1).AddDays(-1);
            return true;
        }

        if (value.Length == 4 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1 and <= 9999)
        {
            from = new DateOnly(year, 1, 1);
            to = new DateOnly(year, 12, 31);
            return true;
        }

        return false;
    }

    private static readonly DateOnly EarliestDay = new(1900, 1, 1);
    private static readonly DateOnly LatestDay = new(9000, 12, 31);

    /// <summary>
    /// _lastUpdated: [prefix]yyyy[-MM[-dd]] as whole days in Viet Nam, or an instant to the second (…T08:00:00+07:00),
    /// as the moments [from, until) a prefix compares with.
    /// </summary>
    public static bool TryInstantRange(string? value, out DateTimeOffset from, out DateTimeOffset until, out string prefix)
    {
        from = until = default;
        if (!TryDateRange(value, out var first, out var last, out prefix))
        {
            return false;
        }

        var text = prefix == "eq" && !char.IsLetter(value![0]) ? value : value![2..];
        if (text.Length > 10)
        {
            // A moment: the second it names.
            // PostgreSQL compares in UTC; a moment that is no moment in UTC (year 1 east of Greenwich) is not one.
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment) || moment.UtcDateTime.Year is < 2 or > 9998)
            {
                return false;
            }

            // A moment names its own precision: the second, or the fraction of it written (a sync client passing
            // back the meta.lastUpdated it last saw, to the millisecond, asks for what changed after that millisecond).
            from = moment.ToUniversalTime();
            var fraction = System.Text.RegularExpressions.Regex.Match(text, @"T\d{2}:\d{2}:\d{2}\.(\d{1,7})");
            until = fraction.Success ? from.AddTicks((long)Math.Pow(10, 7 - fraction.Groups[1].Value.Length)) : from.AddSeconds(1);
            return true;
        }

        // No record is older than AnSinh's first year or newer than its last: the ends of the calendar are clamped, so
        // that "ge0001" or "le9999-12-31" compare as asked without leaving the range a moment can hold.
        first = first < EarliestDay ? EarliestDay : first > LatestDay ? LatestDay : first;
        last = last > LatestDay ? LatestDay : last < EarliestDay ? EarliestDay : last;

        static DateTimeOffset Midnight(DateOnly day)
        {
            var local = day.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, Infrastructure.Clock.VietNam.GetUtcOffset(local));
        }

        (from, until) = (Midnight(first).ToUniversalTime(), Midnight(last.AddDays(1)).ToUniversalTime());
        return true;
    }

    /// <summary>The day a FHIR date-time falls on in Viet Nam (a date alone is that date); null when it is not a full day.</summary>
    public static DateOnly? LocalDate(FhirDateTime value)
    {
        var text = value.Value ?? "";
        if (text.Length == 10)
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        }

        return text.Length > 10 && value.TryToDateTimeOffset(out var moment)
            ? DateOnly.FromDateTime(Clock.ToLocal(moment).DateTime)
            : null;
    }

    /// <summary>The day an optional date element states, or null when absent; a problem naming it when it is not a full day.</summary>
    public static DateOnly? FullDay(FhirDateTime? value, string expression, List<(string, string)> problems)
    {
        if (value?.Value is null)
        {
            return null;
        }

        if (LocalDate(value) is { } day)
        {
            return day;
        }

        problems.Add((expression, $"\"{value.Value}\" không phải một ngày đủ (yyyy-MM-dd)."));
        return null;
    }

    public static Bundle Searchset(HttpContext http, int total, int offset, int count)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Id = Guid.NewGuid().ToString("N") };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = FhirApi.Link(http, offset, count) });
        if (count > 0 && offset + count < total)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = FhirApi.Link(http, offset + count, count) });
        }

        return bundle;
    }

    public static IResult Unprocessable(HttpContext http, IEnumerable<(string Expression, string Message)> problems) =>
        FhirApi.Send(http, Issues(problems, OperationOutcome.IssueType.Invalid), StatusCodes.Status422UnprocessableEntity);

    /// <summary>A refused command as FHIR answers it: 404, 403, 412 for a stale version, 422 with an issue per field.</summary>
    public static IResult Refused<T>(HttpContext http, ServiceResult<T> result, Func<string, string> expression)
    {
        if (result.NotFound)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, "Không có người này trong phạm vi của bạn.");
        }

        if (result.Forbidden)
        {
            return FhirApi.Outcome(http, StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
                result.Errors?[""] ?? "Bạn không có quyền thực hiện thao tác này.");
        }

        var issues = result.Errors!.ToDictionary().SelectMany(e => e.Value.Select(m => (expression(e.Key), m))).ToList();
        return result.Conflict
            ? FhirApi.Send(http, Issues(issues, OperationOutcome.IssueType.Conflict), StatusCodes.Status412PreconditionFailed)
            : Unprocessable(http, issues);
    }

    private static OperationOutcome Issues(IEnumerable<(string Expression, string Message)> problems, OperationOutcome.IssueType code) => new()
    {
        Issue = problems.Select(p => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = p.Message, Expression = [p.Expression],
        }).ToList(),
    };

    /// <summary>Either condition, as one lambda EF translates to one SQL condition.</summary>
    internal static System.Linq.Expressions.Expression<Func<T, bool>> Or<T>(System.Linq.Expressions.Expression<Func<T, bool>> left,
        System.Linq.Expressions.Expression<Func<T, bool>> right)
    {
        // The right side rewritten over the left's parameter: one lambda EF translates to one SQL condition.
        var body = new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(System.Linq.Expressions.Expression.OrElse(left.Body, body), left.Parameters[0]);
    }

    private sealed class Rebind(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.ParameterExpression to) : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : node;
    }
}
