using System.Net;
using System.Text;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8, review: a mistyped address or an unknown page gets a short Vietnamese answer, never a 500 or English JSON.</summary>
public abstract class PageErrorTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Unreadable_page_addresses_and_unknown_pages_answer_in_vietnamese()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        foreach (var path in new[] { "/beneficiaries?page=abc", "/monitoring?year=abc", "/reports/annual?unit=22&year=abc" })
        {
            var response = await clinician.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("Địa chỉ trang không hợp lệ", body);
            Assert.DoesNotContain("Exception", body);
        }

        var missing = await clinician.GetAsync("/khong-co-trang-nay");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Không tìm thấy trang hoặc dữ liệu.", await missing.Content.ReadAsStringAsync());

        var closed = await (await clinician.GetAsync("/stays/987654/discharge")).Content.ReadAsStringAsync();
        Assert.Contains("Không tìm thấy lượt tiếp nhận đang mở", closed);
        Assert.DoesNotContain("name=\"Model.DischargedOn\"", closed);

        using var anonymous = App.Anonymous();
        var unauthorized = await anonymous.GetAsync("/api/beneficiaries");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("Cần đăng nhập.", await unauthorized.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_csv_saved_with_semicolons_is_read_like_one_with_commas()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var person = await CreatePersonAsync(clinician, NewPerson(nationalId, "Kiều Văn Chấm Phẩy"));
        using var file = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"cccd;kind;from;to;decision_number\r\n{nationalId};Hỗ trợ tiền điện;01/03/2025;;7/QĐ-UBND\r\n")), "file", "che-do.csv" },
        };
        var response = await clinician.PostAsync("/api/entitlements/import", file);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var list = (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/entitlements"))).EnumerateArray().ToList();
        Assert.Equal("ElectricitySupport", Assert.Single(list).GetProperty("kind").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePageErrorTests(SqliteAppFactory app) : PageErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPageErrorTests(PostgresAppFactory app) : PageErrorTests(app);

/// <summary>Issue #8, item 4: the audit trail reads in Vietnamese (actions, reasons, facilities), not in codes.</summary>
public abstract class AuditPageTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task The_audit_page_names_actions_and_details_in_vietnamese()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var person = await DemoResidentIdAsync();
        await clinician.GetAsync($"/api/beneficiaries/{person}/chart");
        using var manager = await App.ClientForAsync("demo.manager");
        var page = await (await manager.GetAsync($"/audit?beneficiaryId={person}")).Content.ReadAsStringAsync();
        Assert.Contains("Xem hồ sơ sức khỏe", page);
        Assert.DoesNotContain(">chart.read<", page);
        Assert.DoesNotContain("reason=", page);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditPageTests(SqliteAppFactory app) : AuditPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditPageTests(PostgresAppFactory app) : AuditPageTests(app);

/// <summary>Headers on every answer (issue #10): no framing, no sniffing, scripts only from the site, personal data never cached.</summary>
public abstract class SecurityHeaderTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Pages_and_api_answers_forbid_framing_and_caching_while_static_files_may_be_kept()
    {
        RequireProvider();
        using var anonymous = App.Anonymous();
        var page = await anonymous.GetAsync("/login");
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(page.Headers.CacheControl?.NoStore);

        using var clinician = await App.ClientForAsync("demo.clinician");
        var record = await clinician.GetAsync($"/api/beneficiaries/{await DemoResidentIdAsync()}");
        Assert.Equal(System.Net.HttpStatusCode.OK, record.StatusCode);
        Assert.True(record.Headers.CacheControl?.NoStore);

        var styles = await anonymous.GetAsync("/app.css");
        Assert.False(styles.Headers.CacheControl?.NoStore ?? false);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSecurityHeaderTests(SqliteAppFactory app) : SecurityHeaderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSecurityHeaderTests(PostgresAppFactory app) : SecurityHeaderTests(app);
