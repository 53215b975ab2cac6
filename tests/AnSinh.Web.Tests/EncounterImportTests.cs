using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: past visits with vital signs and ICD-10 diagnoses from a spreadsheet. Every row is checked by the
/// visit form's rules before anything is saved; any error saves nothing; a clean file saves every visit through the
/// form's own service (BMI, audit); the same file twice is refused.
/// </summary>
public abstract class EncounterImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] Header =
    [
        "Số CCCD", "Mã hồ sơ", "Ngày khám", "Loại lượt khám", "Huyết áp tâm thu (mmHg)", "Huyết áp tâm trương (mmHg)", "Nhiệt độ (°C)",
        "Cân nặng (kg)", "Chiều cao (cm)", "Chẩn đoán (mã ICD-10)", "Khám thấy", "Phân loại sức khỏe", "Mã cơ sở khám",
    ];

    private static Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string name, bool checkOnly = false) =>
        ImportFiles.ImportAsync(client, "encounters", file, name, checkOnly);

    private static List<(int Line, string? Column, string Message)> Errors(JsonElement job) => ImportFiles.Errors(job);

    private static void AssertError(List<(int Line, string? Column, string Message)> errors, int line, string? column, string contains) =>
        ImportFiles.AssertError(errors, line, column, contains);

    [SkippableFact]
    public async Task A_sheet_of_visits_with_bad_rows_saves_nothing_and_names_them_then_imports_in_full_once()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var cccdA = NewNationalId();
        var cccdB = NewNationalId();
        var personA = await CreatePersonAsync(clinician, NewPerson(cccdA, "Lò Văn Khám"));
        var personB = await CreatePersonAsync(clinician, NewPerson(cccdB, "Lò Thị Khám"));
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.NationalId != null && b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).Select(b => b.NationalId!).FirstAsync());
        var d1 = Today.AddDays(-40);
        var d2 = Today.AddDays(-20);
        // One who left this centre for Hà Nội ten days ago: the centre reads the record but no longer writes it.
        var cccdC = NewNationalId();
        var personC = await CreatePersonAsync(clinician, NewPerson(cccdC, "Lò Văn Đã Chuyển"));
        var centre = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var stayC = (await JsonAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{personC}/stays",
            new { facilityId = centre, admittedOn = Today.AddDays(-60).ToString("yyyy-MM-dd"), confirmOverCapacity = true }))).GetProperty("id").GetInt32();
        (await clinician.PostAsJsonAsync($"/api/stays/{stayC}/transfer",
            new { toFacilityId = hanoi, transferredOn = Today.AddDays(-10).ToString("yyyy-MM-dd"), confirmOverCapacity = true })).EnsureSuccessStatusCode();
        var good = new List<object?[]>
        {
            new object?[] { cccdA, null, d1, "Khám sức khỏe định kỳ", 130, 80, "36,8", 52.5, 160, "I10", "Ổn định", "II" },
            new object?[] { null, personB, d1, "khám bệnh", null, null, "37,5", null, null, "J00; E11.9", "Ho, sổ mũi", null },
            new object?[] { cccdB, personB, d2, "Khám sức khỏe định kỳ", 118, 76, null, 48, 152, null, null, "Loại I" },
        };
        var bad = new List<object?[]>(good)
        {
            new object?[] { cccdA, null, d1, "Khám sức khỏe định kỳ", 128, 82, null, null, null, null, null, "II" }, // line 5: twice in the file
            new object?[] { "094050999999", null, d1, "Khám bệnh", null, null, "37", null, null, null, null, null }, // 6: nobody
            new object?[] { outsider, null, d1, "Khám bệnh", null, null, "37", null, null, null, null, null }, // 7: outside the scope
            new object?[] { cccdB, null, d1.AddDays(1), "Tái khám", null, null, "37", null, null, null, null, null }, // 8: no such kind
            new object?[] { cccdB, null, d1.AddDays(2), "Khám sức khỏe định kỳ", 400, 80, null, null, null, null, null, null }, // 9: BP, classification
            new object?[] { cccdB, null, Today.AddDays(3), "Khám bệnh", null, null, "37", null, null, null, null, null }, // 10: in the future
            new object?[] { cccdB, null, d1.AddDays(3), "Khám bệnh", null, null, "37.5.1", null, null, null, null, null }, // 11: not a number
            new object?[] { cccdB, null, d1.AddDays(4), "Khám bệnh", null, null, "37", null, null, "ZZZ", null, null }, // 12: no such ICD-10 code
            new object?[] { cccdA, personB, d1.AddDays(5), "Khám bệnh", null, null, "37", null, null, null, null, null }, // 13: two people
            new object?[] { cccdA, null, d1.AddDays(6), "Khám bệnh", null, null, "37", null, null, null, null, null, 987654 }, // 14: no such facility
            new object?[] { cccdA, null, d1.AddDays(7), "Khám bệnh", null, null, "37", "1.234", null, null, null, null }, // 15: thousands or decimals?
            new object?[] { cccdA, null, d1.AddDays(8), "Khám sức khỏe định kỳ", null, null, null, null, null, null, null, "I" }, // 16: a check with no reading
            new object?[] { cccdC, null, d2, "Khám bệnh", null, null, "37", null, null, null, null, null }, // 17: left the centre
        };

        var rejected = await ImportAsync(clinician, ImportFiles.Xlsx([Header, .. bad]), "luot-kham.xlsx");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var errors = Errors(rejected);
        AssertError(errors, 5, "Ngày khám", "trùng với dòng 2");
        AssertError(errors, 6, "Số CCCD", "không có đối tượng CCCD 094050999999");
        AssertError(errors, 7, "Số CCCD", "trong phạm vi của bạn");
        AssertError(errors, 8, "Loại lượt khám", "không phải loại lượt khám");
        AssertError(errors, 9, "Huyết áp tâm thu (mmHg)", "300");
        AssertError(errors, 9, "Phân loại sức khỏe", "phân loại");
        AssertError(errors, 10, "Ngày khám", "tương lai");
        AssertError(errors, 11, "Nhiệt độ (°C)", "37,5");
        AssertError(errors, 12, "Chẩn đoán (mã ICD-10)", "ZZZ");
        AssertError(errors, 13, "Mã hồ sơ", "không phải của người có CCCD");
        AssertError(errors, 14, "Mã cơ sở khám", "không có cơ sở mã 987654");
        AssertError(errors, 15, "Cân nặng (kg)", "không rõ là số nghìn hay số thập phân");
        AssertError(errors, 16, "Huyết áp tâm thu (mmHg)", "ít nhất một chỉ số");
        AssertError(errors, 17, null, "đã rời cơ sở của bạn ngày");
        Assert.DoesNotContain(errors, e => e.Line is 2 or 3 or 4);
        Assert.Equal(0, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == personA || e.BeneficiaryId == personB)));

        // Checked only: valid, nothing saved.
        var file = ImportFiles.Xlsx([Header, .. good]);
        Assert.Equal("Checked", (await ImportAsync(clinician, file, "luot-kham.xlsx", checkOnly: true)).GetProperty("status").GetString());
        Assert.Equal(0, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == personA || e.BeneficiaryId == personB)));

        var imported = await ImportAsync(clinician, file, "luot-kham.xlsx");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        Assert.Equal(3, imported.GetProperty("rowsSaved").GetInt32());
        var visitA = await App.QueryAsync(db => db.Encounters.Where(e => e.BeneficiaryId == personA)
            .Select(e => new { e.Kind, e.Date, e.Classification, e.Findings, Readings = e.Observations.Select(o => new { o.Code, o.Value }).ToList() }).SingleAsync());
        Assert.Equal((EncounterKind.PeriodicCheck, d1, HealthClassification.II, "Ổn định"), (visitA.Kind, visitA.Date, visitA.Classification!.Value, visitA.Findings));
        var readings = visitA.Readings.ToDictionary(o => o.Code, o => o.Value);
        Assert.Equal(130m, readings[Loinc.Systolic]);
        Assert.Equal(36.8m, readings[Loinc.Temperature]);
        Assert.Equal(52.5m, readings[Loinc.Weight]);
        Assert.Equal(20.5m, Math.Round(readings[Loinc.Bmi], 1)); // 52.5 / 1.60²
        var conditionsB = await App.QueryAsync(db => db.Conditions.Where(c => c.BeneficiaryId == personB).Select(c => c.IcdCode).OrderBy(c => c).ToListAsync());
        Assert.Equal(["E11.9", "J00"], conditionsB);
        Assert.Equal(2, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == personB)));
        Assert.Equal(3, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "encounter.create" && (e.BeneficiaryId == personA || e.BeneficiaryId == personB))));

        // The same file again: every row is a visit already recorded; nothing is saved twice.
        var again = await ImportAsync(clinician, ImportFiles.Csv([Header, .. good]), "luot-kham.csv");
        Assert.Equal("Rejected", again.GetProperty("status").GetString());
        foreach (var line in new[] { 2, 3, 4 })
        {
            AssertError(Errors(again), line, "Ngày khám", "đã có lượt");
        }

        Assert.Equal(3, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == personA || e.BeneficiaryId == personB)));
    }

    [SkippableFact]
    public async Task Only_clinical_roles_import_visits_and_the_template_and_command_line_use_the_same_columns()
    {
        RequireProvider();
        using var province = await App.ClientForAsync("demo.province");
        var refused = await province.PostAsync("/api/imports/encounters",
            new MultipartFormDataContent { { new ByteArrayContent(ImportFiles.Csv([Header])), "file", "a.csv" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var clinician = await App.ClientForAsync("demo.clinician");
        var template = await clinician.GetAsync("/api/imports/encounters/template?format=csv");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var columns = (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n')[0];
        Assert.Contains("Ngày khám", columns);
        Assert.Contains("Huyết áp tâm thu", columns);
        Assert.Contains("Chẩn đoán", columns);

        // The command line runs the same check (as the national system account).
        var person = await CreatePersonAsync(clinician, NewPerson());
        var path = Path.Combine(Path.GetTempPath(), $"luot-kham-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, ImportFiles.Csv([Header, [null, person, Today.AddDays(-1), "Khám bệnh", null, null, "38,2", null, null, "J00", null, null]]));
        try
        {
            var (exit, output) = await RunCliAsync("import", "encounters", path, "--check-only");
            Assert.True(exit == 0, output);
            Assert.Contains("Tệp hợp lệ: 1 dòng", output);
            Assert.Equal(0, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEncounterImportTests(SqliteAppFactory app) : EncounterImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncounterImportTests(PostgresAppFactory app) : EncounterImportTests(app);
