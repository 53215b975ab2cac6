using System.Net;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: a facility's staff from a spreadsheet: the staff form's rules, the facility in scope (a manager
/// imports their own), practising certificates not held twice; all or nothing.
/// </summary>
public abstract class StaffImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] Header = ["Mã cơ sở", "Họ và tên", "Chức danh chuyên môn", "Số chứng chỉ hành nghề", "Ngày bắt đầu làm việc", "Ngày thôi việc"];

    [SkippableFact]
    public async Task A_managers_staff_list_with_bad_rows_saves_nothing_then_imports_for_their_facility()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var tag = Guid.NewGuid().ToString("N")[..6];
        object?[] Nurse() => [null, $"Đinh Thị Điều Dưỡng {tag}", "Điều dưỡng", $"CCHN-{tag}", new DateOnly(2019, 6, 1), null];
        object?[] Doctor() => [own, $"Lê Văn Bác Sĩ {tag}", "bac si", null, new DateOnly(2015, 1, 5), null];
        var bad = new List<object?[]>
        {
            Nurse(), Doctor(),
            new object?[] { hanoi, $"Người Hà Nội {tag}", "Điều dưỡng", null, null, null }, // 4: another facility
            new object?[] { null, $"Người khác {tag}", "Điều dưỡng", $"CCHN-{tag}", null, null }, // 5: row 2's certificate
            new object?[] { null, $"Thợ mộc {tag}", "Thợ mộc", null, null, null }, // 6: no such profession
            new object?[] { null, $"Ngày ngược {tag}", "Điều dưỡng", null, new DateOnly(2020, 1, 1), new DateOnly(2019, 1, 1) }, // 7: ends before it starts
            new object?[] { null, null, "Điều dưỡng", null, null, null }, // 8: no name
        };
        using var manager = await App.ClientForAsync("demo.manager");
        var rejected = await ImportFiles.ImportAsync(manager, "staff", ImportFiles.Xlsx([Header, .. bad]), "nhan-vien.xlsx");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var errors = ImportFiles.Errors(rejected);
        void Has(int line, string column, string text) => ImportFiles.AssertError(errors, line, column, text);
        Has(4, "Mã cơ sở", "cơ sở mình");
        Has(5, "Số chứng chỉ hành nghề", "trùng với dòng 2");
        Has(6, "Chức danh chuyên môn", "không phải chức danh");
        Has(7, "Ngày thôi việc", "sau ngày bắt đầu");
        Has(8, "Họ và tên", "bắt buộc");
        Assert.DoesNotContain(errors, e => e.Line is 2 or 3);
        Assert.False(await App.QueryAsync(db => db.StaffMembers.AnyAsync(s => s.FullName.Contains(tag))));

        var imported = await ImportFiles.ImportAsync(manager, "staff", ImportFiles.Csv([Header, Nurse(), Doctor()]), "nhan-vien.csv");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        var saved = await App.QueryAsync(db => db.StaffMembers.Where(s => s.FullName.Contains(tag)).OrderBy(s => s.FullName)
            .Select(s => new { s.FacilityId, s.Profession, s.PractisingCertificateNumber }).ToListAsync());
        Assert.Equal(2, saved.Count);
        Assert.All(saved, s => Assert.Equal(own, s.FacilityId));
        Assert.Contains(saved, s => s.Profession == AnSinh.Domain.Facilities.Profession.Doctor);
        Assert.Contains(saved, s => s.PractisingCertificateNumber == $"CCHN-{tag}");

        // Again: the certificate is now held, and the doctor (no certificate) is already on the facility's list.
        var again = await ImportFiles.ImportAsync(manager, "staff", ImportFiles.Csv([Header, Nurse(), Doctor()]), "nhan-vien.csv");
        Assert.Contains(ImportFiles.Errors(again), e => e.Line == 2 && e.Message.Contains("đã thuộc một nhân viên", StringComparison.Ordinal));
        Assert.Contains(ImportFiles.Errors(again), e => e.Line == 3 && e.Message.Contains("đã có trong danh sách nhân viên", StringComparison.Ordinal));
        Assert.Equal(2, await App.QueryAsync(db => db.StaffMembers.CountAsync(s => s.FullName.Contains(tag))));

        // A clinician does not manage staff; a province officer imports only into facilities of the province.
        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsync("/api/imports/staff",
            new MultipartFormDataContent { { new ByteArrayContent(ImportFiles.Csv([Header])), "file", "a.csv" } })).StatusCode);
        using var province = await App.ClientForAsync("demo.province");
        var outside = await ImportFiles.ImportAsync(province, "staff", ImportFiles.Csv([Header, [hanoi, $"Ngoài tỉnh {tag}", "Điều dưỡng", null, null, null]]), "a.csv");
        Assert.Contains(ImportFiles.Errors(outside), e => e.Line == 2 && e.Message.Contains("phạm vi", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteStaffImportTests(SqliteAppFactory app) : StaffImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresStaffImportTests(PostgresAppFactory app) : StaffImportTests(app);
