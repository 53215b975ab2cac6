using System.Net;
using System.Text;
using System.Text.Json;
using AnSinh.Domain.Geography;
using AnSinh.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: beneficiaries from a spreadsheet. Every row is checked before anything is saved, every problem is
/// named by row and column in Vietnamese, and the file is saved in one transaction or not at all.
/// </summary>
public abstract class BeneficiaryImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] Header =
    [
        "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Số CCCD", "Nhóm đối tượng", "Thuộc nhóm từ ngày",
        "Chế độ", "Chế độ từ ngày", "Số quyết định", "Người liên hệ", "Điện thoại liên hệ",
    ];

    private static object?[] Person(int i, string nationalId, string? name = null) =>
    [
        name ?? $"Phạm Văn Nhập {i}", "Nam", new DateOnly(1950, 1 + i % 12, 1 + i % 28), "Kinh", nationalId, "Người cao tuổi", new DateOnly(2010, 5, 1),
        "Trợ cấp hằng tháng", new DateOnly(2020, 1, 1), "12/QĐ-UBND", "Phạm Thị Con", "0912345678",
    ];

    private static MultipartFormDataContent Upload(byte[] file, string name) =>
        new() { { new ByteArrayContent(file), "file", name } };

    private static Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string name, bool checkOnly = false) =>
        ImportFiles.ImportAsync(client, "beneficiaries", file, name, checkOnly);

    private static Task<JsonElement> FinishedAsync(HttpClient client, string status) => ImportFiles.FinishedAsync(client, status);

    private static List<(int Line, string? Column, string Message)> Errors(JsonElement job) => ImportFiles.Errors(job);

    private Task<int> CountAsync() => App.QueryAsync(db => db.Beneficiaries.CountAsync());

    [SkippableFact]
    public async Task A_ten_thousand_row_sheet_with_three_bad_rows_imports_nothing_and_once_fixed_imports_in_full()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var ids = Enumerable.Range(0, 10_000).Select(_ => NewNationalId()).ToArray();
        var rows = Enumerable.Range(0, 10_000).Select(i => Person(i, ids[i])).ToList();
        // Row 101 has a date that does not exist, row 5001 repeats row 2's CCCD, row 9999 a sex that is not one.
        rows[99][2] = "31/02/1950";
        rows[4999][4] = ids[0];
        rows[9997][1] = "Không rõ";
        var before = await CountAsync();

        var rejected = await ImportAsync(clinician, ImportFiles.Xlsx([Header, .. rows]), "doi-tuong.xlsx");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(10_000, rejected.GetProperty("totalRows").GetInt32());
        Assert.Equal(3, rejected.GetProperty("errorCount").GetInt32());
        var errors = Errors(rejected);
        Assert.Equal([(101, "Ngày sinh"), (5001, "Số CCCD"), (9999, "Giới tính")], errors.Select(e => (e.Line, e.Column)).ToList());
        Assert.Contains("31/02/1950", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("trùng với dòng 2", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("Nam hoặc Nữ", errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());

        rows[99][2] = new DateOnly(1950, 2, 28);
        rows[4999][4] = ids[4999];
        rows[9997][1] = "Nữ";
        rows[9997][4] = ids[9997] = $"094150{ids[9997][6..]}"; // a woman born in the 1900s: third digit 1
        var imported = await ImportAsync(clinician, ImportFiles.Xlsx([Header, .. rows]), "doi-tuong-da-sua.xlsx");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        Assert.Equal(10_000, imported.GetProperty("rowsSaved").GetInt32());
        Assert.Equal(before + 10_000, await CountAsync());

        var stored = await App.QueryAsync(db => db.Beneficiaries.Where(b => ids.Contains(b.NationalId!))
            .Select(b => new { b.Id, b.RegisteredFacilityId, Categories = b.Categories.Count, Contacts = b.Contacts.Count }).ToListAsync());
        Assert.Equal(10_000, stored.Count);
        Assert.All(stored, b => Assert.Equal((facility, 1, 1), (b.RegisteredFacilityId, b.Categories, b.Contacts)));
        var storedIds = stored.Select(b => b.Id).ToList();
        Assert.Equal(10_000, await App.QueryAsync(db => db.Entitlements.CountAsync(e => storedIds.Contains(e.BeneficiaryId) && e.DecisionNumber == "12/QĐ-UBND")));
        Assert.Equal(10_000, await App.QueryAsync(db => db.AuditEvents.CountAsync(a => a.Action == "record.create" && storedIds.Contains(a.BeneficiaryId!.Value))));
        var woman = await App.QueryAsync(db => db.Beneficiaries.SingleAsync(b => b.NationalId == ids[9997]));
        Assert.Equal((AnSinh.Domain.Identity.Sex.Female, "01"), (woman.Sex, woman.EthnicityCode));

        // The page the import leads to shows what happened.
        var page = await clinician.GetStringAsync($"/imports/{imported.GetProperty("id").GetString()}");
        Assert.Contains("Đã nhập 10.000 đối tượng từ tệp.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Every_wrong_cell_is_named_by_row_and_column_and_nothing_is_saved()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var (oldCode, currentCode) = await App.QueryAsync(async db =>
        {
            var current = await db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ValidTo == null && u.ProvinceCode == "22").Select(u => u.Code).FirstAsync();
            var currentCodes = db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ValidTo == null).Select(u => u.Code);
            var old = await db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ValidTo != null && !currentCodes.Contains(u.Code)).Select(u => u.Code).FirstAsync();
            return (old, current);
        });
        var visible = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An" && b.NationalId != null)
            .Select(b => new { b.Id, b.NationalId, b.Sex, b.BirthDate }).FirstAsync());
        var hanoi = await App.QueryAsync(db => db.Beneficiaries.Where(x => x.NationalId != null && x.Stays.Any() && x.Stays.All(s => s.Facility!.Name.Contains("Hà Nội")))
            .Select(b => new { b.Id, b.NationalId, b.Sex, b.BirthDate }).FirstAsync());
        var otherFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var before = await CountAsync();
        string[] header = [.. Header, "Mã xã/phường", "Mã cơ sở"];
        object?[] Row(int i, string id, string? unit = null, object? facility = null, string? name = null) => [.. Person(i, id, name), unit, facility];

        var rows = new List<object?[]>
        {
            Row(1, NewNationalId(), currentCode),                      // line 2: right
            Row(2, visible.NationalId!),                                // line 3: already this facility's resident
            Row(3, hanoi.NationalId!),                                  // line 4: registered outside the clinician's scope
            Row(4, NewNationalId(), oldCode),                           // line 5: a commune that ended with the 2025 reform
            Row(5, NewNationalId(), facility: otherFacility),           // line 6: another facility
            Row(6, NewNationalId(), name: ""),                          // line 7: no name
        };
        // The same person as the record the CCCD belongs to: only the CCCD's being taken is wrong.
        (rows[1][1], rows[1][2]) = (visible.Sex == AnSinh.Domain.Identity.Sex.Male ? "Nam" : "Nữ", visible.BirthDate);
        (rows[2][1], rows[2][2]) = (hanoi.Sex == AnSinh.Domain.Identity.Sex.Male ? "Nam" : "Nữ", hanoi.BirthDate);

        rows.Add(Row(7, NewNationalId()));
        rows[^1][2] = "ngày 5 tháng 3";                                 // line 8: a date as text
        rows.Add(Row(8, "12345"));                                      // line 9: not a CCCD
        var job = await ImportAsync(clinician, ImportFiles.Csv([header, .. rows], ';'), "sai.csv");
        Assert.Equal("Rejected", job.GetProperty("status").GetString());
        var errors = Errors(job);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], errors.Select(e => e.Line).ToList());
        Assert.Equal(("Số CCCD", true), (errors[0].Column, errors[0].Message.Contains($"hồ sơ mã {visible.Id}", StringComparison.Ordinal)));
        Assert.Equal(("Số CCCD", true), (errors[1].Column, errors[1].Message.Contains("đã được đăng ký trong hệ thống", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors, e => e.Line == 4 && e.Message.Contains("hồ sơ mã", StringComparison.Ordinal));
        Assert.Equal(("Mã xã/phường", true), (errors[2].Column, errors[2].Message.Contains("thôi hiệu lực từ 01/07/2025", StringComparison.Ordinal)));
        Assert.Equal(("Mã cơ sở", true), (errors[3].Column, errors[3].Message.Contains("cơ sở mình", StringComparison.Ordinal)));
        Assert.Equal(("Họ và tên", "Họ và tên là bắt buộc."), (errors[4].Column, errors[4].Message));
        Assert.Equal(("Ngày sinh", true), (errors[5].Column, errors[5].Message.Contains("dd/mm/yyyy", StringComparison.Ordinal)));
        Assert.Equal("Số CCCD", errors[6].Column);
        Assert.Equal(before, await CountAsync());

        // The file itself: a missing and an unknown column, a formula, not a spreadsheet, Excel 97, not UTF-8, only a header.
        var missing = await ImportAsync(clinician, ImportFiles.Csv([["Họ và tên", "Giới tính", "Ghi chú"], ["Lê Văn A", "Nam", "x"]]), "thieu-cot.csv");
        Assert.Equal([(1, "Ghi chú"), (1, "Ngày sinh")], Errors(missing).Select(e => (e.Line, e.Column)).ToList());
        Assert.Contains("thiếu cột bắt buộc", Errors(missing)[1].Message, StringComparison.Ordinal);

        var formulaRow = Person(1, NewNationalId());
        formulaRow[2] = new Formula("DATE(1950,1,1)", "18264");
        var formula = await ImportAsync(clinician, ImportFiles.Xlsx([Header, formulaRow]), "cong-thuc.xlsx");
        Assert.Equal([(2, "Ngày sinh")], Errors(formula).Select(e => (e.Line, e.Column)).ToList());
        Assert.Contains("công thức", Errors(formula)[0].Message, StringComparison.Ordinal);

        var png = await ImportAsync(clinician, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "anh.xlsx");
        Assert.Equal("Tệp không phải bảng tính: hãy tải lên tệp .xlsx hoặc CSV (UTF-8).", Errors(png).Single().Message);
        var xls = await ImportAsync(clinician, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "cu.xls");
        Assert.Contains(".xls", Errors(xls).Single().Message, StringComparison.Ordinal);
        var brokenZip = await ImportAsync(clinician, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5], "hong.xlsx");
        Assert.Contains("Không đọc được tệp .xlsx", Errors(brokenZip).Single().Message, StringComparison.Ordinal);
        var latin = await ImportAsync(clinician, Encoding.Latin1.GetBytes("Họ và tên,Giới tính,Ngày sinh\r\nLê Thị Hà,Nữ,01/01/1950\r\n".Replace("ọ", "o").Replace("ớ", "o")), "latin.csv");
        Assert.Contains("UTF-8", Errors(latin).Single().Message, StringComparison.Ordinal);
        var headerOnly = await ImportAsync(clinician, ImportFiles.Csv([Header]), "trong.csv");
        Assert.Contains("không có dòng dữ liệu", Errors(headerOnly).Single().Message, StringComparison.Ordinal);
        var empty = await clinician.PostAsync("/api/imports/beneficiaries", Upload([], "rong.csv"));
        await AssertFieldErrorAsync(empty, "file", "trống (0 byte)");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostAsync("/api/imports/nhan-vien", Upload([1], "x.csv"))).StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [SkippableFact]
    public async Task A_file_is_read_as_its_writer_meant_it()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var before = await CountAsync();
        string[] header = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Nhóm đối tượng", "Thuộc nhóm từ ngày", "Loại người có công",
            "Tỷ lệ tổn thương (%)", "Diện trợ cấp xã hội", "Địa chỉ (số nhà, thôn, tổ)", "Mã xã/phường"];
        var ids = Enumerable.Range(0, 3).Select(_ => NewNationalId()).ToArray();
        object?[] Row(int i, string categories, string? merit = null, string? percent = null, string? assistance = null, string? commune = null) =>
            [$"Mạc Văn Đọc {i}", "Nam", new DateOnly(1950, 2, 2), ids[i], categories, new DateOnly(2015, 1, 1), merit, percent, assistance, $"Thôn {i}, xã An Hòa", commune];

        // Semicolon-separated (Excel's CSV where the list separator is ";"), with commas inside cells: a blank line
        // between rows still counts, "2.5" is not 25, "22" is a province, and a cell under no header is not dropped.
        var bad = "\uFEFF" + string.Join(";", header) + "\r\n"
            + string.Join(";", Row(0, "Người có công; Người cao tuổi", "D3K1a", "2.5").Select(Cell)) + "\r\n"
            + "\r\n"
            + string.Join(";", Row(1, "Hộ nghèo, cận nghèo", commune: "022").Select(Cell)) + ";dữ liệu thừa\r\n";
        var job = await ImportAsync(clinician, Encoding.UTF8.GetBytes(bad), "cham-phay.csv");
        Assert.Equal([(2, "Tỷ lệ tổn thương (%)"), (4, "cột L"), (4, "Mã xã/phường")], Errors(job).Select(e => (e.Line, e.Column)).ToList());
        Assert.Contains("không phải số nguyên", Errors(job)[0].Message, StringComparison.Ordinal);
        Assert.Contains("không có tiêu đề", Errors(job)[1].Message, StringComparison.Ordinal);
        Assert.Contains("mã tỉnh hoặc huyện", Errors(job)[2].Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());

        // Fixed: the social-assistance type goes to the protected group, not to the meritorious category listed first.
        var good = "\uFEFF" + string.Join(";", header) + "\r\n"
            + string.Join(";", Row(0, "Người có công; Người cao tuổi", "D3K1a", "25", "D5K5").Select(Cell)) + "\r\n"
            + string.Join(";", Row(1, "Hộ nghèo, cận nghèo").Select(Cell)) + "\r\n";
        job = await ImportAsync(clinician, Encoding.UTF8.GetBytes(good), "cham-phay-da-sua.csv");
        Assert.True(job.GetProperty("status").GetString() == "Imported", job.ToString());
        var people = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == ids[0] || b.NationalId == ids[1]).ToDictionaryAsync(b => b.Id, b => b.NationalId));
        var categories = (await App.QueryAsync(db => db.BeneficiaryCategories.Where(c => people.Keys.Contains(c.BeneficiaryId)).ToListAsync()))
            .Select(c => new { NationalId = people[c.BeneficiaryId], c.Kind, c.WarInvalidPercent, c.AssistanceTypeCode }).ToList();
        Assert.Contains(categories, c => c.NationalId == ids[0] && c.Kind == AnSinh.Domain.Beneficiaries.CategoryKind.MeritoriousService && c.WarInvalidPercent == 25 && c.AssistanceTypeCode == null);
        Assert.Contains(categories, c => c.NationalId == ids[0] && c.Kind == AnSinh.Domain.Beneficiaries.CategoryKind.Elderly && c.AssistanceTypeCode == "D5K5");
        Assert.Contains(categories, c => c.NationalId == ids[1] && c.Kind == AnSinh.Domain.Beneficiaries.CategoryKind.PoorHousehold);
        Assert.Equal("Thôn 0, xã An Hòa", await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == ids[0]).Select(b => b.AddressLine).SingleAsync()));

        // A CCCD that lost its leading zero in a text column is explained; a PDF is not a spreadsheet.
        var shortId = ImportFiles.Csv([Header, Person(5, ids[2][1..])]);
        Assert.Contains("bỏ số 0 ở đầu", Errors(await ImportAsync(clinician, shortId, "cccd.csv")).Single().Message, StringComparison.Ordinal);
        var utf16 = await ImportAsync(clinician, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Họ và tên\tGiới tính\r\n")], "unicode.txt");
        Assert.Contains("không phải UTF-8", Errors(utf16).Single().Message, StringComparison.Ordinal);
        var pdf = await ImportAsync(clinician, Encoding.ASCII.GetBytes("%PDF-1.4\nHọ và tên,Giới tính\n"), "ho-so.xlsx");
        Assert.StartsWith("Tệp không phải bảng tính", Errors(pdf).Single().Message, StringComparison.Ordinal);
        // An "Excel" export that is an HTML table, as many systems make them.
        var html = await ImportAsync(clinician, Encoding.UTF8.GetBytes("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>"), "xuat.xlsx");
        Assert.Contains("trang web (HTML/XML)", Errors(html).Single().Message, StringComparison.Ordinal);
    }

    /// <summary>A cell of a semicolon-separated file: quoted when it holds a semicolon, as Excel writes it.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
        string text when text.Contains(';') => $"\"{text}\"",
        _ => value.ToString()!,
    };

    [SkippableFact]
    public async Task A_check_only_run_saves_nothing_and_an_import_is_seen_only_by_whoever_uploaded_it()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        using var manager = await App.ClientForAsync("demo.manager");
        var file = ImportFiles.Csv([Header, Person(1, NewNationalId()), Person(2, NewNationalId())]);
        var before = await CountAsync();
        var checkedJob = await ImportAsync(clinician, file, "kiem-tra.csv", checkOnly: true);
        Assert.Equal(("Checked", 2, 0), (checkedJob.GetProperty("status").GetString(), checkedJob.GetProperty("totalRows").GetInt32(), checkedJob.GetProperty("rowsSaved").GetInt32()));
        Assert.Equal(before, await CountAsync());

        var id = checkedJob.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/imports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/imports/{id}")).StatusCode);
        Assert.DoesNotContain((await JsonAsync(await manager.GetAsync("/api/imports"))).EnumerateArray(), j => j.GetProperty("id").GetString() == id);
        Assert.Contains((await JsonAsync(await clinician.GetAsync("/api/imports"))).EnumerateArray(), j => j.GetProperty("id").GetString() == id);
    }

    [SkippableFact]
    public async Task The_same_file_sent_twice_at_once_is_saved_once()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var ids = new[] { NewNationalId(), NewNationalId(), NewNationalId() };
        var file = ImportFiles.Csv([Header, .. ids.Select((id, i) => Person(i, id))]);
        var sent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => clinician.PostAsync("/api/imports/beneficiaries", Upload(file, "hai-lan.csv"))));
        var jobs = await Task.WhenAll(sent.Select(async r => await FinishedAsync(clinician, (await JsonAsync(r)).GetProperty("location").GetString()!)));
        Assert.Equal(["Imported", "Rejected"], jobs.Select(j => j.GetProperty("status").GetString()).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(3, jobs.Single(j => j.GetProperty("status").GetString() == "Rejected").GetProperty("errorCount").GetInt32());
        Assert.Equal(3, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => ids.Contains(b.NationalId!))));
    }

    [SkippableFact]
    public async Task A_province_officer_imports_for_the_province_and_not_outside_it()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var inside = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var outside = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var (ownCommune, otherCommune) = await App.QueryAsync(async db =>
        (
            await db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ValidTo == null && u.ProvinceCode == "22").Select(u => u.Code).FirstAsync(),
            await db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ValidTo == null && u.ProvinceCode == "01").Select(u => u.Code).FirstAsync()
        ));
        string[] header = [.. Header, "Mã cơ sở", "Mã xã/phường"];
        var ids = Enumerable.Range(0, 4).Select(_ => NewNationalId()).ToArray();
        object?[] Row(int i, object? facility, string? commune) => [.. Person(i, ids[i], $"Đỗ Văn Tỉnh {i}"), facility, commune];
        var job = await ImportAsync(province, ImportFiles.Csv([header, Row(0, inside, null), Row(1, outside, null), Row(2, null, otherCommune), Row(3, null, ownCommune)]), "tinh.csv");
        Assert.Equal([(3, "Mã cơ sở"), (4, "Mã xã/phường")], Errors(job).Select(e => (e.Line, e.Column)).ToList());

        job = await ImportAsync(province, ImportFiles.Csv([header, Row(0, inside, null), Row(3, null, ownCommune)]), "tinh-da-sua.csv");
        Assert.Equal("Imported", job.GetProperty("status").GetString());
        // Both are in the officer's view: one by the facility, one by where they live.
        var found = await JsonAsync(await province.GetAsync("/api/beneficiaries?q=Đỗ Văn Tỉnh"));
        Assert.Equal(2, found.GetProperty("total").GetInt32());
    }

    [SkippableFact]
    public async Task The_template_downloads_with_the_columns_the_import_reads()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var xlsx = await clinician.GetAsync("/api/imports/beneficiaries/template");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, await xlsx.Content.ReadAsByteArrayAsync());
        var header = ImportSheet.Read(path).First();
        File.Delete(path);
        Assert.Equal(BeneficiaryImport.Template.Select(c => c.Header + (c.Required ? " *" : "")), header.Cells.Select(c => c.Value));

        var csv = await clinician.GetByteArrayAsync("/api/imports/beneficiaries/template?format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.StartsWith("Họ và tên,Giới tính,Ngày sinh,", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);

        // Filled in as it is (headers with their "*"), the template imports.
        var filled = ImportFiles.Xlsx([header.Cells.Select(c => (object?)c.Value).ToArray(), ["Hoàng Thị Mẫu", "Nữ", new DateOnly(1948, 3, 5)]]);
        var job = await ImportAsync(clinician, filled, "mau.xlsx");
        Assert.Equal("Imported", job.GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task The_command_line_checks_imports_and_refuses_like_the_site()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var ids = new[] { NewNationalId(), NewNationalId() };
        string[] header = [.. Header, "Mã cơ sở"];
        var path = Path.Combine(Path.GetTempPath(), $"ansinh-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, ImportFiles.Csv([header, [.. Person(1, ids[0]), facility], [.. Person(2, ids[1]), facility]]));
        try
        {
            var (code, output) = await RunCliAsync("import", "beneficiaries", path, "--check-only");
            Assert.True(code == 0, output);
            Assert.Contains("Tệp hợp lệ: 2 dòng", output, StringComparison.Ordinal);
            Assert.Equal(0, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => ids.Contains(b.NationalId!))));

            (code, output) = await RunCliAsync("import", "beneficiaries", path);
            Assert.True(code == 0, output);
            Assert.Contains("Đã nhập 2 dòng.", output, StringComparison.Ordinal);
            Assert.Equal(2, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => ids.Contains(b.NationalId!) && b.RegisteredFacilityId == facility)));

            (code, output) = await RunCliAsync("import", "beneficiaries", path);
            Assert.Equal(1, code);
            Assert.Contains("Không nhập: tệp có 2 lỗi", output, StringComparison.Ordinal);
            Assert.Contains("Dòng 2, cột “Số CCCD”", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBeneficiaryImportTests(SqliteAppFactory app) : BeneficiaryImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBeneficiaryImportTests(PostgresAppFactory app) : BeneficiaryImportTests(app);
