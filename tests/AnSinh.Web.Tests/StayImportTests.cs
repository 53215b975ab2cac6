using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: a facility's admissions and discharges from a spreadsheet: the admission and discharge forms'
/// rules, no two stays of a kind overlapping (in the file or with those recorded), at most one open; all or nothing.
/// </summary>
public abstract class StayImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] Header = ["Số CCCD", "Mã hồ sơ", "Mã cơ sở", "Hình thức", "Ngày tiếp nhận", "Ngày ra", "Lý do ra", "Ghi chú"];

    [SkippableFact]
    public async Task A_history_of_stays_with_bad_rows_saves_nothing_then_imports_and_is_not_imported_twice()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var cccdA = NewNationalId();
        var cccdB = NewNationalId();
        var personA = await CreatePersonAsync(clinician, NewPerson(cccdA, "Vi Văn Tiếp Nhận"));
        var personB = await CreatePersonAsync(clinician, NewPerson(cccdB, "Vi Thị Tiếp Nhận"));
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var good = new List<object?[]>
        {
            new object?[] { cccdA, null, null, null, new DateOnly(2020, 1, 1), new DateOnly(2021, 12, 31), "Về gia đình", "Lần đầu" },
            new object?[] { cccdA, null, null, "Nuôi dưỡng tại cơ sở", new DateOnly(2023, 3, 1), null, null, null },
            new object?[] { null, personB, own, null, new DateOnly(2022, 1, 1), new DateOnly(2022, 2, 1), "lý do khác", null },
        };
        var bad = new List<object?[]>(good)
        {
            new object?[] { cccdA, null, null, null, new DateOnly(2021, 6, 1), new DateOnly(2021, 7, 1), "Về gia đình", null }, // 5: inside row 2
            new object?[] { cccdA, null, null, null, new DateOnly(2024, 1, 1), null, null, null }, // 6: a second open stay (row 3)
            new object?[] { cccdA, null, hanoi, null, new DateOnly(2019, 1, 1), new DateOnly(2019, 2, 1), "Về gia đình", null }, // 7: not the user's facility
            new object?[] { cccdB, null, null, null, new DateOnly(2023, 1, 1), new DateOnly(2023, 2, 1), null, null }, // 8: no reason
            new object?[] { cccdB, null, null, null, new DateOnly(2023, 3, 1), new DateOnly(2023, 2, 1), "Về gia đình", null }, // 9: out before in
            new object?[] { cccdB, null, null, "Quản lý tại cộng đồng", new DateOnly(2024, 1, 1), null, null, null }, // 10: not a health station
            new object?[] { cccdB, null, null, null, new DateOnly(1940, 1, 1), new DateOnly(1941, 1, 1), "Về gia đình", null }, // 11: before the facility opened (and the person was born)
            new object?[] { cccdB, null, null, "Nghỉ phép", new DateOnly(2024, 1, 1), null, null, null }, // 12: no such kind
            new object?[] { "094050999997", null, null, null, new DateOnly(2024, 1, 1), null, null, null }, // 13: nobody
        };

        var rejected = await ImportFiles.ImportAsync(clinician, "stays", ImportFiles.Xlsx([Header, .. bad]), "tiep-nhan.xlsx");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var errors = ImportFiles.Errors(rejected);
        void Has(int line, string column, string text) => ImportFiles.AssertError(errors, line, column, text);
        Has(5, "Ngày tiếp nhận", "trùng thời gian với dòng 2");
        Has(6, "Ngày tiếp nhận", "trùng thời gian với dòng 3");
        Has(7, "Mã cơ sở", "cơ sở mình");
        Has(8, "Lý do ra", "lý do");
        Has(9, "Ngày ra", "không được trước ngày tiếp nhận");
        Has(10, "Hình thức", "trạm y tế xã");
        Has(11, "Ngày tiếp nhận", "không hoạt động vào ngày 01/01/1940");
        Has(12, "Hình thức", "không phải hình thức");
        Has(13, "Số CCCD", "094050999997");
        Assert.DoesNotContain(errors, e => e.Line is 2 or 3 or 4);
        Assert.Equal(0, await App.QueryAsync(db => db.Stays.CountAsync(s => s.BeneficiaryId == personA || s.BeneficiaryId == personB)));

        var imported = await ImportFiles.ImportAsync(clinician, "stays", ImportFiles.Csv([Header, .. good]), "tiep-nhan.csv");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        var stays = await App.QueryAsync(db => db.Stays.Where(s => s.BeneficiaryId == personA || s.BeneficiaryId == personB).OrderBy(s => s.AdmittedOn)
            .Select(s => new { s.BeneficiaryId, s.FacilityId, s.AdmittedOn, s.DischargedOn, s.DischargeReason, s.Note }).ToListAsync());
        Assert.Equal(3, stays.Count);
        Assert.All(stays, s => Assert.Equal(own, s.FacilityId));
        Assert.Equal((personA, new DateOnly(2021, 12, 31), AnSinh.Domain.Stays.DischargeReason.ReturnedHome, "Lần đầu"),
            (stays[0].BeneficiaryId, stays[0].DischargedOn!.Value, stays[0].DischargeReason!.Value, stays[0].Note));
        Assert.Null(stays[2].DischargedOn); // person A is in care now
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "stay.discharge" && (e.BeneficiaryId == personA || e.BeneficiaryId == personB))));

        // The person's record shows the current stay: the facility's census counts them.
        var census = await (await clinician.GetAsync($"/api/beneficiaries/{personA}")).Content.ReadAsStringAsync();
        Assert.Contains("2023-03-01", census);

        var again = await ImportFiles.ImportAsync(clinician, "stays", ImportFiles.Csv([Header, .. good]), "tiep-nhan.csv");
        Assert.Equal("Rejected", again.GetProperty("status").GetString());
        Assert.Equal(3, ImportFiles.Errors(again).Count(e => e.Message.Contains("trùng thời gian với lượt", StringComparison.Ordinal)));
        Assert.Equal(3, await App.QueryAsync(db => db.Stays.CountAsync(s => s.BeneficiaryId == personA || s.BeneficiaryId == personB)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteStayImportTests(SqliteAppFactory app) : StayImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresStayImportTests(PostgresAppFactory app) : StayImportTests(app);
