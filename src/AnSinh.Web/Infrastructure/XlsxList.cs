using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace AnSinh.Web.Infrastructure;

/// <summary>A column of an exported list: its Vietnamese header and how wide it is.</summary>
public sealed record XlsxColumn(string Header, double Width = 18, bool IsDate = false);

/// <summary>
/// Every list leaves as .xlsx the same way: Vietnamese headers, frozen header row with a filter, dates as
/// real dates shown dd/MM/yyyy, numbers as numbers (MiniExcel).
/// </summary>
public static class XlsxList
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Asks for the spreadsheet rather than JSON (<c>format=xlsx</c>).</summary>
    public static bool Wanted(string? format) => string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);

    public static byte[] Write(string sheetName, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        // A table, so that an empty list still has its headers.
        var table = new System.Data.DataTable(sheetName);
        foreach (var column in columns)
        {
            table.Columns.Add(column.Header, typeof(object));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(row.Select(value => value switch
            {
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                bool b => b ? "Có" : "Không",
                null => DBNull.Value,
                var other => other,
            }).ToArray());
        }

        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = columns.Select(c => new DynamicExcelColumn(c.Header) { Width = c.Width, Format = c.IsDate ? "dd/MM/yyyy" : null }).ToArray(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(table, sheetName: sheetName.Length > 31 ? sheetName[..31] : sheetName, configuration: configuration);
        return stream.ToArray();
    }

    public static IResult File(string fileName, string sheetName, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<object?>> rows) =>
        Results.File(Write(sheetName, columns, rows), ContentType, fileName);
}
