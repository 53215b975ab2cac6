using System.Net;
using System.Net.Http.Json;
using AnSinh.Data.ReferenceData;
using AnSinh.Domain.Beneficiaries;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8, item 9: the official lists ship whole, and people's identity and categories are coded with them.</summary>
public abstract class CodedListTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task The_full_ministry_icd10_list_ships_and_is_searchable_without_diacritics()
    {
        RequireProvider();
        // QĐ 4469 publishes 12,218 rows; 81 codes appear twice (plain and with † or *) and are kept once.
        var shipped = await App.QueryAsync(db => db.Icd10Codes.CountAsync(c => c.ListVersion == ReferenceDataLoader.ShippedIcd10Version));
        Assert.InRange(shipped, 12_130, 12_137);
        var (e11, f00) = await App.QueryAsync(async db => (await db.Icd10Codes.SingleAsync(c => c.Code == "E11"), await db.Icd10Codes.SingleAsync(c => c.Code == "F00")));
        Assert.Equal("Bệnh đái tháo đường không phụ thuộc insuline", e11.NameVi);
        Assert.Equal("*", f00.Sign);
        Assert.Equal("Sa sút trí tuệ trong bệnh Alzheimer (G30.-†)", f00.NameVi);

        using var clinician = await App.ClientForAsync("demo.clinician");
        var found = (await JsonAsync(await clinician.GetAsync("/api/reference/icd10?q=dai thao duong khong phu thuoc&take=50"))).EnumerateArray()
            .Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("E11", found);
    }

    [SkippableFact]
    public async Task Coded_lists_carry_their_legal_source_and_people_are_written_in_codes()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        async Task<List<System.Text.Json.JsonElement>> ListAsync(string list) =>
            (await JsonAsync(await clinician.GetAsync($"/api/reference/code-lists/{list}"))).EnumerateArray().ToList();

        Assert.Equal(54, (await ListAsync(CodeLists.EthnicGroup)).Count);
        var merit = await ListAsync(CodeLists.MeritoriousType);
        Assert.Equal(17, merit.Count);
        Assert.Contains(merit, m => m.GetProperty("code").GetString() == "D3K1h" && m.GetProperty("name").GetString() == "Bệnh binh"
                                    && m.GetProperty("detail").GetString() == "khoản 1 điểm h");
        Assert.Equal(6, (await ListAsync(CodeLists.DisabilityType)).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync("/api/reference/code-lists/khong-co")).StatusCode);

        // The demo's typed names became codes when the lists were loaded.
        var codes = (await ListAsync(CodeLists.EthnicGroup)).Select(e => e.GetProperty("code").GetString()).ToHashSet();
        var stored = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.EthnicityCode != null).Select(b => b.EthnicityCode!).Distinct().ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.Contains(s, codes));
        Assert.True(await App.QueryAsync(db => db.BeneficiaryCategories.AnyAsync(c => c.MeritTypeCode == "D3K1h")));

        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync("/api/beneficiaries",
            new { fullName = "Lò Văn Mã", sex = "Male", birthDate = "1950-04-12", ethnicityCode = "Thái" }), "ethnicityCode", "54 dân tộc");
        await AssertFieldErrorAsync(await clinician.PostAsJsonAsync("/api/beneficiaries", new
        {
            fullName = "Lò Văn Mã", sex = "Male", birthDate = "1950-04-12",
            categories = new[] { new { kind = "MeritoriousService", from = "1990-01-01", meritTypeCode = "D3K2-con" } },
        }), "categories[0].meritTypeCode", "Điều 3 khoản 1");

        var id = await CreatePersonAsync(clinician, new
        {
            fullName = "Lò Văn Mã", sex = "Male", birthDate = "1950-04-12", ethnicityCode = "03",
            categories = new object[]
            {
                new { kind = "MeritoriousService", from = "1990-01-01", meritTypeCode = "D3K1g", warInvalidPercent = 41 },
                new { kind = "Disability", from = "1990-01-01", disabilityTypeCode = "D3K1a", disabilitySeverity = "Severe", assistanceTypeCode = "D5K6" },
            },
        });
        var person = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{id}"));
        Assert.Equal("Thái", person.GetProperty("ethnicityName").GetString());
        var categories = person.GetProperty("categories").EnumerateArray().ToList();
        Assert.StartsWith("Thương binh", categories.Single(c => c.GetProperty("kind").GetString() == "MeritoriousService").GetProperty("meritTypeName").GetString());
        var disability = categories.Single(c => c.GetProperty("kind").GetString() == "Disability");
        Assert.Equal("Khuyết tật vận động", disability.GetProperty("disabilityTypeName").GetString());
        Assert.StartsWith("Người khuyết tật nặng", disability.GetProperty("assistanceTypeName").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCodedListTests(SqliteAppFactory app) : CodedListTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCodedListTests(PostgresAppFactory app) : CodedListTests(app);

/// <summary>A successor ICD-10 list from a date: old records keep their codes, new ones use the list in force.</summary>
public sealed class Icd10SuccessionTests
{
    [Fact]
    public async Task Codes_a_successor_list_drops_stay_on_old_records_and_are_refused_from_its_date()
    {
        await using var app = new SqliteAppFactory();
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10);
        var path = Path.Combine(Path.GetTempPath(), $"icd-next-{Guid.NewGuid():N}.csv");
        // A made-up successor for the test: it renames E11 and drops every other code.
        await File.WriteAllTextAsync(path, "code,name_vi\nE11,Bệnh đái tháo đường típ 2\n");
        var (loaded, errors) = await app.QueryAsync(db => CodeListLoader.LoadIcd10Async(db, path, "next", from, "TT thử"));
        File.Delete(path);
        Assert.Empty(errors);
        Assert.Equal(1, loaded);

        var (e11, i10, used) = await app.QueryAsync(async db => (
            await db.Icd10Codes.SingleAsync(c => c.Code == "E11"),
            await db.Icd10Codes.SingleAsync(c => c.Code == "I10"),
            await db.Conditions.CountAsync(c => c.IcdCode == "I10")));
        Assert.Equal("Bệnh đái tháo đường típ 2", e11.NameVi);
        Assert.Null(e11.ValidTo);
        Assert.Equal(from.AddDays(-1), i10.ValidTo);
        Assert.True(used > 0); // the demo's hypertension diagnoses keep their code

        using var clinician = await app.ClientForAsync("demo.clinician");
        var person = await app.QueryAsync(db => db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An").Select(b => b.Id).FirstAsync());
        object Check(DateOnly date) => new
        {
            kind = "SickVisit", date = date.ToString("yyyy-MM-dd"),
            diagnoses = new[] { new { icdCode = "I10" } },
        };
        var refused = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", Check(from));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("không có trong danh mục áp dụng vào ngày khám", await refused.Content.ReadAsStringAsync());
        var backDated = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", Check(from.AddDays(-1)));
        Assert.Equal(HttpStatusCode.Created, backDated.StatusCode);
    }
}
