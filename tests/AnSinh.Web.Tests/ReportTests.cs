using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AnSinh.Web.Features.Reports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace AnSinh.Web.Tests;

public abstract class ReportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static int LastYear => Today.Year - 1;

    [SkippableFact]
    public async Task The_xlsx_is_valid_openxml_and_its_figures_are_the_engines()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var response = await client.GetAsync($"/api/reports/annual?unit=22&year={LastYear}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportApi.XlsxType, response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var figures = (await JsonAsync(await client.GetAsync($"/api/indicators?unit=22&asOf={LastYear}-12-31"))).EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetString()!);

        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, Text);
        Assert.Equal("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", cells["D1"]);
        Assert.Equal("Độc lập - Tự do - Hạnh phúc", cells["D2"]);
        Assert.Equal("BÁO CÁO", cells["A5"]);
        Assert.Contains("254/KH-UBND", cells["A6"]);
        // Nghị định 30/2020/NĐ-CP: issuing body with its level, number and symbol once, place and the date of issue.
        Assert.Equal("ỦY BAN NHÂN DÂN", cells["A1"]);
        Assert.Equal("TỈNH QUẢNG NINH", cells["A2"]);
        Assert.Equal($"Quảng Ninh, ngày {Today.Day:00} tháng {Today.Month:00} năm {Today.Year}", cells["D3"]);

        for (var row = XlsxAnnualReport.FirstIndicatorRow; row < XlsxAnnualReport.FirstIndicatorRow + 15; row++)
        {
            var expected = figures[cells[$"C{row}"]];
            Assert.Equal(Number(expected, "numerator"), Parse(cells.GetValueOrDefault($"D{row}")));
            Assert.Equal(Number(expected, "denominator"), Parse(cells.GetValueOrDefault($"E{row}")));
            Assert.Equal(Number(expected, "percent") ?? Number(expected, "value"), Parse(cells.GetValueOrDefault($"F{row}")));
        }

        Assert.Equal(15, figures.Count);
    }

    /// <summary>The version of the texts a save starts from (0 before the first save), as the report page holds it.</summary>
    private async Task<int> TextsVersionAsync(HttpClient client) =>
        int.Parse((await client.GetAsync($"/api/reports/annual?unit=22&year={LastYear}")).Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Two_officers_saving_the_texts_from_the_same_version_cannot_overwrite_each_other()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var version = await TextsVersionAsync(client);
        var mine = $"Khó khăn thứ nhất ({Guid.NewGuid():N})";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/reports/annual/texts",
            new { unit = "22", year = LastYear, difficulties = mine, version })).StatusCode);
        var theirs = await client.PutAsJsonAsync("/api/reports/annual/texts", new { unit = "22", year = LastYear, difficulties = "ghi đè", version });
        Assert.Equal(HttpStatusCode.Conflict, theirs.StatusCode);
        Assert.Contains("tải lại trang", await theirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(version + 1, await TextsVersionAsync(client));
        Assert.Equal(mine, await App.QueryAsync(db => Task.FromResult(db.AnnualReportTexts.Where(t => t.UnitCode == "22" && t.Year == LastYear).Select(t => t.Difficulties).Single())));
        // If-Match carries the version as the ETag of the GET.
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/reports/annual/texts") { Content = JsonContent.Create(new { unit = "22", year = LastYear, difficulties = mine + "." }) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version + 1}\""));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(put)).StatusCode);
        await AssertFieldErrorAsync(await client.PutAsJsonAsync("/api/reports/annual/texts", new { unit = "22", year = LastYear, difficulties = "x" }), "version", "Thiếu phiên bản");
    }

    [SkippableFact]
    public async Task The_report_number_carries_one_symbol_and_the_recipients_the_unit_wrote()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        await AssertFieldErrorAsync(await client.PutAsJsonAsync("/api/reports/annual/texts",
            new { unit = "22", year = LastYear, reportNumber = "một trăm" }), "reportNumber", "số thứ tự");

        async Task<Dictionary<string, string>> CellsAsync(string number)
        {
            var saved = await client.PutAsJsonAsync("/api/reports/annual/texts",
                new { unit = "22", year = LastYear, reportNumber = number, recipients = "Bộ Y tế (để báo cáo);\n- Thường trực Tỉnh ủy;\nLưu: VT, SYT.", version = await TextsVersionAsync(client) });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            using var stream = new MemoryStream(await (await client.GetAsync($"/api/reports/annual?unit=22&year={LastYear}&format=xlsx")).Content.ReadAsByteArrayAsync());
            using var document = SpreadsheetDocument.Open(stream, false);
            return document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, Text);
        }

        Assert.Equal("Số: 123/BC-UBND", (await CellsAsync("123"))["A3"]);
        var cells = await CellsAsync("123/BC-SYT");
        Assert.Equal("Số: 123/BC-SYT", cells["A3"]);
        var recipients = cells.Values.Where(v => v.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["- Bộ Y tế (để báo cáo);", "- Thường trực Tỉnh ủy;", "- Lưu: VT, SYT."], recipients);
    }

    [SkippableFact]
    public async Task The_pdf_carries_vietnamese_text_with_its_fonts()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var response = await client.GetAsync($"/api/reports/annual?unit=22&year={LastYear}&format=pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        // poppler-utils (installed by scripts/test.sh) reads the text back and renders page 1.
        var path = Path.Combine(Path.GetTempPath(), $"ansinh-report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var text = await RunAsync("pdftotext", $"-l 1 {path} -");
            Skip.If(text is null, "pdftotext not installed");
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
            Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
            Assert.Contains($"Kết quả thực hiện Kế hoạch số 254/KH-UBND năm {LastYear}", text);
            Assert.Contains("Cơ sở bảo đảm đủ điều kiện", text);
            var fonts = await RunAsync("pdffonts", path);
            Assert.Contains("DejaVu Sans", fonts);
            Assert.Contains("yes", fonts); // embedded
            Directory.CreateDirectory("screenshots");
            await RunAsync("pdftoppm", $"-r 60 -png -f 1 -l 1 {path} screenshots/annual-report");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task Bad_requests_say_what_is_wrong()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.national");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/reports/annual?unit=58&year={Today.Year}&format=xlsx"), "unit", "Đơn vị kế thừa: 56");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reports/annual?unit=58&year=2024&format=pdf")).StatusCode); // Ninh Thuận 2024
        await AssertFieldErrorAsync(await client.GetAsync("/api/reports/annual?unit=22&year=2020&format=xlsx"), "year", "từ 2021");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/reports/annual?unit=22&year={Today.Year + 1}"), "year", "chưa đến");
        await AssertFieldErrorAsync(await client.GetAsync($"/api/reports/annual?unit=22&year={LastYear}&format=doc"), "format", "xlsx hoặc pdf");
        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.NotFound, (await province.GetAsync($"/api/reports/annual?unit=01&year={LastYear}")).StatusCode);
    }

    [SkippableFact]
    public async Task Difficulties_and_proposals_are_kept_and_printed()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.province");
        var text = $"Thiếu bác sĩ tại cơ sở tư nhân ({Guid.NewGuid():N})";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/reports/annual/texts",
            new { unit = "22", year = LastYear, reportNumber = "123", difficulties = text, proposals = "Bổ sung biên chế y sỹ", version = await TextsVersionAsync(client) })).StatusCode);
        var bytes = await client.GetByteArrayAsync($"/api/reports/annual?unit=22&year={LastYear}&format=xlsx");
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var texts = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Select(Text).ToList();
        Assert.Contains(text, texts);
        Assert.Contains("Bổ sung biên chế y sỹ", texts);
        Assert.Contains("Số: 123/BC-UBND", texts);

        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PutAsJsonAsync("/api/reports/annual/texts", new { unit = "22", year = LastYear, difficulties = "x" })).StatusCode);
    }

    private static string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

    private static decimal? Parse(string? value) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Any, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    private static decimal? Number(System.Text.Json.JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Number ? e.GetProperty(name).GetDecimal() : null;

    public static async Task<string?> RunAsync(string tool, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReportTests(SqliteAppFactory app) : ReportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReportTests(PostgresAppFactory app) : ReportTests(app);
