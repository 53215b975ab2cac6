using System.Net;
using AnSinh.Domain.Geography;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: a province's facilities from a spreadsheet, checked by the facility form's rules and against
/// what exists (licence, name in the commune), in the officer's area only; all or nothing.
/// </summary>
public abstract class FacilityImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] Header =
        ["Tên cơ sở", "Loại cơ sở", "Loại hình", "Mã xã/phường", "Địa chỉ", "Quy mô tiếp nhận", "Số giấy phép", "Ngày cấp phép", "Cơ quan quản lý"];

    private Task<List<string>> CommunesAsync(string province) =>
        App.QueryAsync(db => db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ProvinceCode == province).Where(AdminUnit.ValidOn(Today))
            .OrderBy(u => u.Code).Select(u => u.Code).Take(2).ToListAsync());

    [SkippableFact]
    public async Task A_province_list_with_bad_rows_saves_nothing_and_the_fixed_one_imports_once()
    {
        RequireProvider();
        var quangNinh = await CommunesAsync("22");
        var hanoi = (await CommunesAsync("01"))[0];
        var tag = Guid.NewGuid().ToString("N")[..6];
        var licence = $"GP-{tag}";
        object?[] Good1() => [$"Trung tâm nhập thử {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[0], "Số 1 đường Trần Hưng Đạo", 50, licence, new DateOnly(2020, 3, 1), "Sở Y tế tỉnh Quảng Ninh"];
        object?[] Good2() => [$"Trạm y tế nhập thử {tag}", "trạm y tế xã", "cong lap", quangNinh[1], null, 0, null, null, null];
        var bad = new List<object?[]>
        {
            Good1(), Good2(),
            new object?[] { $"Cơ sở khác {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[0], null, 10, licence, null, null }, // 4: licence of row 2
            new object?[] { $"Bệnh viện {tag}", "Bệnh viện", "Công lập", quangNinh[0], null, 10, null, null, null }, // 5: no such type
            new object?[] { $"Cơ sở Hà Nội {tag}", "Cơ sở trợ giúp xã hội", "Công lập", hanoi, null, 10, null, null, null }, // 6: outside the area
            new object?[] { $"Cơ sở âm {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[0], null, -5, null, null, null }, // 7: capacity
            new object?[] { $"Cơ sở tương lai {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[0], null, 5, null, Today.AddDays(10), null }, // 8: licensed in the future
            new object?[] { $"trung tam nhap thu {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[0], null, 5, null, null, null }, // 9: row 2's name, same commune
            new object?[] { $"Cơ sở tỉnh {tag}", "Cơ sở trợ giúp xã hội", "Công lập", "22", null, 5, null, null, null }, // 10: a province code
            new object?[] { $"Cơ sở nhiều lỗi {tag}", "Cơ sở trợ giúp xã hội", "Công lập", quangNinh[1], null, -1, null, "31/02/2024", null }, // 11: two problems, both said
        };
        using var province = await App.ClientForAsync("demo.province");
        var rejected = await ImportFiles.ImportAsync(province, "facilities", ImportFiles.Xlsx([Header, .. bad]), "co-so.xlsx");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var errors = ImportFiles.Errors(rejected);
        void Has(int line, string column, string text) => ImportFiles.AssertError(errors, line, column, text);
        Has(4, "Số giấy phép", "trùng với dòng 2");
        Has(5, "Loại cơ sở", "không phải loại cơ sở");
        Has(6, "Mã xã/phường", "phạm vi");
        Has(7, "Quy mô tiếp nhận", "không âm");
        Has(8, "Ngày cấp phép", "tương lai");
        Has(9, "Tên cơ sở", "trùng với dòng 2");
        Has(10, "Mã xã/phường", "mã tỉnh");
        Has(11, "Ngày cấp phép", "không phải ngày");
        Has(11, "Quy mô tiếp nhận", "không âm");
        Assert.DoesNotContain(errors, e => e.Line is 2 or 3);
        Assert.False(await App.QueryAsync(db => db.Facilities.AnyAsync(f => f.Name.Contains(tag))));

        var imported = await ImportFiles.ImportAsync(province, "facilities", ImportFiles.Csv([Header, Good1(), Good2()]), "co-so.csv");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        var saved = await App.QueryAsync(db => db.Facilities.Where(f => f.Name.Contains(tag)).OrderBy(f => f.Name)
            .Select(f => new { f.Name, f.Type, f.Capacity, f.LicenceNumber, Commune = f.AdminUnit!.Code }).ToListAsync());
        Assert.Equal(2, saved.Count);
        Assert.Equal((AnSinh.Domain.Facilities.FacilityType.SocialAssistance, 50, licence, quangNinh[0]), (saved[0].Type, saved[0].Capacity, saved[0].LicenceNumber, saved[0].Commune));
        Assert.Equal(AnSinh.Domain.Facilities.FacilityType.CommuneHealthStation, saved[1].Type);
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "facility.import" && e.Detail!.Contains(tag))));

        // The officer's list shows them at once; the same file again is refused for its licence and names.
        var list = await (await province.GetAsync("/api/facilities")).Content.ReadAsStringAsync();
        Assert.Contains($"Trung tâm nhập thử {tag}", list);
        var again = await ImportFiles.ImportAsync(province, "facilities", ImportFiles.Csv([Header, Good1(), Good2()]), "co-so.csv");
        Assert.Equal("Rejected", again.GetProperty("status").GetString());
        Assert.Contains(ImportFiles.Errors(again), e => e.Line == 2 && e.Message.Contains("đã thuộc một cơ sở", StringComparison.Ordinal));
        Assert.Contains(ImportFiles.Errors(again), e => e.Line == 3 && e.Message.Contains("đã có cơ sở", StringComparison.Ordinal));
        Assert.Equal(2, await App.QueryAsync(db => db.Facilities.CountAsync(f => f.Name.Contains(tag))));
    }

    [SkippableFact]
    public async Task Facility_staff_may_not_import_facilities()
    {
        RequireProvider();
        foreach (var user in new[] { "demo.clinician", "demo.manager" })
        {
            using var client = await App.ClientForAsync(user);
            var refused = await client.PostAsync("/api/imports/facilities",
                new MultipartFormDataContent { { new ByteArrayContent(ImportFiles.Csv([Header])), "file", "co-so.csv" } });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFacilityImportTests(SqliteAppFactory app) : FacilityImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFacilityImportTests(PostgresAppFactory app) : FacilityImportTests(app);
