using AnSinh.Data.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>A reference-list import is all or nothing, with every bad row named in Vietnamese.</summary>
public abstract class ImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task A_file_with_bad_rows_changes_nothing_and_lists_each_row()
    {
        RequireProvider();
        var path = Path.Combine(Path.GetTempPath(), $"icd-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "code,name_vi\nI10,Bệnh tăng huyết áp vô căn (nguyên phát)\nQ99.9X,Mã sai\nN18,\nI10,Lặp lại\nU99,Mã thử không có trong danh mục\n");
        var before = await App.QueryAsync(db => db.Icd10Codes.CountAsync());

        var (loaded, errors) = await App.QueryAsync(db => CodeListLoader.LoadIcd10Async(db, path, "test-bad"));

        Assert.Equal(0, loaded);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Dòng 3:", errors[0]);
        Assert.Equal("Dòng 4: mã N18 thiếu tên tiếng Việt.", errors[1]);
        Assert.Equal("Dòng 5: mã I10 bị lặp (đã có ở dòng 2).", errors[2]);
        Assert.Equal(before, await App.QueryAsync(db => db.Icd10Codes.CountAsync()));
        Assert.False(await App.QueryAsync(db => db.Icd10Codes.AnyAsync(c => c.Code == "U99")));
        File.Delete(path);
    }

    [SkippableFact]
    public async Task A_good_file_adds_codes_and_keeps_those_in_use()
    {
        RequireProvider();
        var path = Path.Combine(Path.GetTempPath(), $"icd-good-{Guid.NewGuid():N}.csv");
        // A deployment's own list: "I100" style codes are accepted and written as I10.0.
        await File.WriteAllTextAsync(path, "code,name_vi,name_en,chapter\nI10,Bệnh tăng huyết áp vô căn (nguyên phát),Essential (primary) hypertension,IX\nI100,Tăng huyết áp (mã thử),Test,IX\n");
        var (loaded, errors) = await App.QueryAsync(db => CodeListLoader.LoadIcd10Async(db, path, $"test-good-{Guid.NewGuid():N}"));
        Assert.Empty(errors);
        Assert.Equal(2, loaded);
        Assert.True(await App.QueryAsync(db => db.Icd10Codes.AnyAsync(c => c.Code == "I10.0")));
        Assert.True(await App.QueryAsync(db => db.Icd10Codes.AnyAsync(c => c.Code == "E11")));
        File.Delete(path);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteImportTests(SqliteAppFactory app) : ImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresImportTests(PostgresAppFactory app) : ImportTests(app);
