using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AnSinh.Web.Tests;

/// <summary>A cell holding a formula, as Excel writes one (with its cached result).</summary>
public sealed record Formula(string Text, string CachedValue);

/// <summary>Spreadsheets and CSV files as people make them, for the import tests: written with the Open XML SDK, not the importer's code.</summary>
public static class ImportFiles
{
    /// <summary>Uploads a file to /api/imports/{kind} and follows the import to its end, as the page does.</summary>
    public static async Task<System.Text.Json.JsonElement> ImportAsync(HttpClient client, string kind, byte[] file, string name, bool checkOnly = false)
    {
        var started = await client.PostAsync($"/api/imports/{kind}{(checkOnly ? "?checkOnly=true" : "")}",
            new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } });
        Assert.True(started.StatusCode == System.Net.HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        return await FinishedAsync(client, started.Headers.Location!.ToString());
    }

    public static async Task<System.Text.Json.JsonElement> FinishedAsync(HttpClient client, string status)
    {
        for (var i = 0; i < 1800; i++)
        {
            var job = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(status)).RootElement.Clone();
            if (job.GetProperty("status").GetString() is "Imported" or "Rejected" or "Checked" or "Failed")
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The import did not end in three minutes.");
    }

    public static void AssertError(List<(int Line, string? Column, string Message)> errors, int line, string? column, string contains) =>
        Assert.True(errors.Any(e => e.Line == line && e.Column == column && e.Message.Contains(contains, StringComparison.Ordinal)),
            $"No error on line {line}, column {column} with “{contains}” in:\n" + string.Join("\n", errors));

    /// <summary>An import's errors as (row, column header, message).</summary>
    public static List<(int Line, string? Column, string Message)> Errors(System.Text.Json.JsonElement job) =>
        job.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("message").GetString()!)).ToList();

    /// <summary>One sheet: strings as shared strings (as Excel saves them), numbers and dates as numbers, formulas with their cached value.</summary>
    public static byte[] Xlsx(IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var shared = new Dictionary<string, int>();
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                uint line = 0;
                foreach (var row in rows)
                {
                    line++;
                    writer.WriteStartElement(new Row { RowIndex = line });
                    for (var i = 0; i < row.Count; i++)
                    {
                        var reference = ColumnName(i) + line;
                        switch (row[i])
                        {
                            case null:
                                break;
                            case string text:
                                if (!shared.TryGetValue(text, out var index))
                                {
                                    index = shared.Count;
                                    shared[text] = index;
                                }

                                writer.WriteElement(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) });
                                break;
                            case DateOnly date:
                                writer.WriteElement(new Cell { CellReference = reference, CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                                break;
                            case Formula formula:
                                writer.WriteElement(new Cell(new CellFormula(formula.Text), new CellValue(formula.CachedValue)) { CellReference = reference, DataType = CellValues.String });
                                break;
                            case IConvertible number:
                                writer.WriteElement(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture)) });
                                break;
                        }
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            sharedPart.SharedStringTable = new SharedStringTable(shared.OrderBy(s => s.Value).Select(s => new SharedStringItem(new Text(s.Key))));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Nhập liệu" }));
            workbook.Workbook.Save();
        }

        return memory.ToArray();
    }

    public static byte[] Csv(IEnumerable<IReadOnlyList<object?>> rows, char separator = ',') =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Select(r => string.Join(separator, r.Select(v => v switch
        {
            null => "",
            DateOnly d => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            string s when s.Contains(separator) || s.Contains('"') => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
            var o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture),
        })))) + "\r\n");

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }

        return name;
    }
}
