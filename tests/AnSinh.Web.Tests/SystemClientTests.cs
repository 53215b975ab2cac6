using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AnSinh.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Systems calling AnSinh with OAuth 2.0 client credentials (issue #13, item 4): registered by an administrator with
/// a role and scope, a secret or public keys, a token lifetime; tokens see what that scope sees, are audited under the
/// client id, stop working when the client is re-keyed or revoked; bad requests get RFC 6749 errors.
/// </summary>
public abstract class SystemClientTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string NewClientId() => $"he-thong-{Guid.NewGuid():N}"[..24];

    private async Task<(int Id, string ClientId, string? Secret)> RegisterAsync(object body)
    {
        using var admin = await App.ClientForAsync("demo.admin");
        var response = await admin.PostAsJsonAsync("/api/clients", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("id").GetInt32(), json.GetProperty("clientId").GetString()!,
            json.GetProperty("clientSecret").ValueKind == JsonValueKind.String ? json.GetProperty("clientSecret").GetString() : null);
    }

    private async Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var anonymous = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/client-token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        return await anonymous.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    private async Task<string> SecretTokenAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        var response = await TokenAsync(form, Basic(clientId, secret));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
    }

    private HttpClient WithToken(string token)
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error_description").GetString()));
    }

    private string Audience => new Uri(App.ServerAddress, "/api/auth/client-token").ToString();

    private static string Assertion(string clientId, string audience, ECDsa key, string? jti = null, DateTime? expires = null, string? subject = null,
        DateTime? notBefore = null, DateTime? issuedAt = null, Dictionary<string, object>? headers = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject ?? clientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            IssuedAt = issuedAt ?? DateTime.UtcNow,
            NotBefore = notBefore ?? DateTime.UtcNow.AddSeconds(-5),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(4),
            AdditionalHeaderClaims = headers,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha384),
        });

    private static string PublicJwks(ECDsa key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key) { KeyId = "k1" });
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid } } });
    }

    private static Dictionary<string, string> AssertionForm(string assertion) => new()
    {
        ["grant_type"] = "client_credentials",
        ["scope"] = "system/*.read",
        ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ["client_assertion"] = assertion,
    };

    [SkippableFact]
    public async Task A_province_system_with_a_secret_reads_its_province_over_FHIR_may_not_write_and_is_audited()
    {
        RequireProvider();
        var (_, clientId, secret) = await RegisterAsync(new { clientId = NewClientId(), name = "Sở Y tế Quảng Ninh — HIS", role = "ProvinceOfficer", unitCode = "22", readOnly = true });
        Assert.NotNull(secret);
        Assert.True(secret!.Length >= 40);

        var response = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "system/*.read" }, Basic(clientId, secret));
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(15 * 60, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("system/*.read", token.GetProperty("scope").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());

        // Through a real FHIR client, as the provincial system would: the same facilities as the province's officer.
        using var http = WithToken(token.GetProperty("access_token").GetString()!);
        var fhir = new Hl7.Fhir.Rest.FhirClient(new Uri(App.ServerAddress, "/fhir/"), http, new Hl7.Fhir.Rest.FhirClientSettings { VerifyFhirVersion = false });
        var officer = await FhirAsync("demo.province");
        static async Task<List<string>> IdsAsync(Hl7.Fhir.Rest.FhirClient c)
        {
            var ids = new List<string>();
            for (var page = await c.SearchAsync<Organization>(["_count=50"]); page is not null; page = await c.ContinueAsync(page))
            {
                ids.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            }

            return ids.Order(StringComparer.Ordinal).ToList();
        }

        var seen = await IdsAsync(fhir);
        Assert.NotEmpty(seen);
        Assert.Equal(await IdsAsync(officer), seen);

        var quangNinh = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var inside = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == quangNinh && s.DischargedOn == null).Select(s => s.BeneficiaryId).FirstAsync());
        var outside = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).Select(b => b.Id).FirstAsync());
        Assert.Equal(inside.ToString(System.Globalization.CultureInfo.InvariantCulture), (await fhir.ReadAsync<Patient>($"Patient/{inside}"))!.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/fhir/Patient/{outside}")).StatusCode);

        // Read-only: a write is refused before it reaches the record, on /fhir and /api alike.
        var write = await http.PostAsync("/fhir/Patient", new StringContent("{\"resourceType\":\"Patient\"}", Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("OperationOutcome", await write.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/beneficiaries", NewPerson())).StatusCode);

        // Audited like a person: the token, then the read of the person, under the client id.
        var events = await App.QueryAsync(db => db.AuditEvents.Where(e => e.UserName == clientId).Select(e => new { e.Action, e.BeneficiaryId }).ToListAsync());
        Assert.Contains(events, e => e.Action == "client.token");
        Assert.Contains(events, e => e.Action == "record.read" && e.BeneficiaryId == inside);

        // It is not a person's account: no password sign-in, not in the accounts list.
        using var anonymous = App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = clientId, password = secret })).StatusCode);
        using var admin = await App.ClientForAsync("demo.admin");
        var accounts = await JsonAsync(await admin.GetAsync("/api/users"));
        Assert.DoesNotContain(accounts.EnumerateArray(), a => a.GetProperty("userName").GetString() == clientId);
        var clients = await JsonAsync(await admin.GetAsync("/api/clients"));
        var row = clients.EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId);
        Assert.Equal("Sở Y tế Quảng Ninh — HIS", row.GetProperty("name").GetString());
        Assert.True(row.GetProperty("readOnly").GetBoolean());
        Assert.Equal("secret", row.GetProperty("credential").GetString());
        Assert.Equal(JsonValueKind.String, row.GetProperty("lastTokenAt").ValueKind);
    }

    [SkippableFact]
    public async Task A_system_signing_JWT_assertions_gets_a_token_once_per_assertion_and_bad_ones_are_refused()
    {
        RequireProvider();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var clinicianFacility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var (_, clientId, secret) = await RegisterAsync(new
        {
            clientId = NewClientId(), name = "Phần mềm bệnh viện", role = "Clinician", facilityId = clinicianFacility, readOnly = false, tokenMinutes = 5,
            publicKeys = PublicJwks(key),
        });
        Assert.Null(secret);

        var assertion = Assertion(clientId, Audience, key);
        var first = await TokenAsync(AssertionForm(assertion));
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.True(first.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        using (var http = WithToken(body.GetProperty("access_token").GetString()!))
        {
            var me = await JsonAsync(await http.GetAsync("/api/auth/me"));
            Assert.Equal(clientId, me.GetProperty("userName").GetString());
            Assert.Equal("Facility", me.GetProperty("scopeKind").GetString());
        }

        // The same assertion twice (also two at once): refused after its first use.
        await AssertOAuthErrorAsync(await TokenAsync(AssertionForm(assertion)), HttpStatusCode.Unauthorized, "invalid_client");
        var twin = Assertion(clientId, Audience, key);
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TokenAsync(AssertionForm(twin))));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, racing.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));

        foreach (var bad in new[]
                 {
                     Assertion(clientId, "https://khac.example/token", key), // another audience
                     Assertion(clientId, Audience, otherKey), // signed with a key not registered
                     Assertion(clientId, Audience, key, expires: DateTime.UtcNow.AddHours(1)), // lives longer than 5 minutes
                     Assertion(clientId, Audience, key, expires: DateTime.UtcNow.AddMinutes(-3)), // expired
                     Assertion(clientId, Audience, key, subject: "ai-do-khac"), // sub is not the client
                     Assertion(clientId, Audience, key, notBefore: DateTime.UtcNow.AddMinutes(3)), // not valid yet
                     Assertion(clientId, Audience, key, issuedAt: DateTime.UtcNow.AddMinutes(3)), // issued in the future
                     Assertion(clientId, Audience, key, headers: new() { ["crit"] = new[] { "x-khong-biet" } }), // a critical extension AnSinh does not know
                     "khong-phai-jwt",
                 })
        {
            await AssertOAuthErrorAsync(await TokenAsync(AssertionForm(bad)), HttpStatusCode.Unauthorized, "invalid_client");
        }

        // A client that signs JWTs has no secret to try.
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "doan-thu" }),
            HttpStatusCode.Unauthorized, "invalid_client");
        var refusals = await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.UserName == clientId && e.Action == "client.token-refused"));
        Assert.True(refusals >= 13, $"{refusals} refusals audited");
    }

    [SkippableFact]
    public async Task A_new_secret_or_revocation_ends_the_clients_tokens_at_once()
    {
        RequireProvider();
        var (id, clientId, secret) = await RegisterAsync(new { clientId = NewClientId(), name = "Hệ thống quốc gia", role = "NationalOfficer", readOnly = false, tokenMinutes = 60 });
        var token = await SecretTokenAsync(clientId, secret!, "system/*.*");
        using var admin = await App.ClientForAsync("demo.admin");
        using (var http = WithToken(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me")).StatusCode);
        }

        var renewed = await JsonAsync(await admin.PostAsync($"/api/clients/{id}/secret", null));
        var newSecret = renewed.GetProperty("clientSecret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        using (var http = WithToken(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/me")).StatusCode);
        }

        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials" }, Basic(clientId, secret!)), HttpStatusCode.Unauthorized, "invalid_client");
        // client_secret_post works as well as Basic.
        var posted = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = newSecret });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var second = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/clients/{id}/revoke", null)).StatusCode);
        using (var http = WithToken(second))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/fhir/Patient?_count=1")).StatusCode);
        }

        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials" }, Basic(clientId, newSecret)), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertFieldErrorAsync(await admin.PostAsync($"/api/clients/{id}/secret", null), "clientId", "thu hồi");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/clients/987654/revoke", null)).StatusCode);
        // A revoked client's new secret is refused, and the list still says it is revoked.
        var listed = (await JsonAsync(await admin.GetAsync("/api/clients"))).EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revokedAt").ValueKind);
        var actions = await App.QueryAsync(db => db.AuditEvents.Where(e => e.EntityType == "Client" && e.EntityId == clientId).Select(e => e.Action).ToListAsync());
        Assert.Contains("client.register", actions);
        Assert.Contains("client.credentials", actions);
        Assert.Contains("client.revoke", actions);
    }

    [SkippableFact]
    public async Task The_token_endpoint_answers_bad_requests_with_OAuth_errors()
    {
        RequireProvider();
        var (_, clientId, secret) = await RegisterAsync(new { clientId = NewClientId(), name = "Chỉ đọc", role = "NationalOfficer" });
        using var anonymous = App.Anonymous();
        await AssertOAuthErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/client-token", new { grant_type = "client_credentials" }), HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["scope"] = "system/*.read" }, Basic(clientId, secret!)), HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "password" }, Basic(clientId, secret!)), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials" }), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials" }, Basic("khong-co-he-thong", "x")), HttpStatusCode.Unauthorized, "invalid_client");
        var wrong = await TokenAsync(new() { ["grant_type"] = "client_credentials" }, Basic(clientId, secret + "x"));
        await AssertOAuthErrorAsync(wrong, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", wrong.Headers.WwwAuthenticate.ToString());
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials" }, new AuthenticationHeaderValue("Basic", "!!!")), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret! }, Basic(clientId, secret!)),
            HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "patient/*.read" }, Basic(clientId, secret!)),
            HttpStatusCode.BadRequest, "invalid_scope");
        // Registered read-only (the default): a write scope is not granted.
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "system/*.write" }, Basic(clientId, secret!)),
            HttpStatusCode.BadRequest, "invalid_scope");
        Assert.Equal("system/*.read", JsonDocument.Parse(await (await TokenAsync(new() { ["grant_type"] = "client_credentials" }, Basic(clientId, secret!))).Content.ReadAsStringAsync())
            .RootElement.GetProperty("scope").GetString());
        // A refused scope is audited against the client like a wrong secret.
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.UserName == clientId && e.Action == "client.token-refused" && e.Detail!.Contains("read-only"))));

        // A form that cannot be read, a NUL in a field, or two different client ids: invalid_request, not a 500.
        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials\0" }, Basic(clientId, secret!)), HttpStatusCode.BadRequest, "invalid_request");
        using (var broken = new HttpRequestMessage(HttpMethod.Post, "/api/auth/client-token") { Content = new StringContent("rác", Encoding.UTF8) })
        {
            broken.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=zz");
            await AssertOAuthErrorAsync(await anonymous.SendAsync(broken), HttpStatusCode.BadRequest, "invalid_request");
        }

        await AssertOAuthErrorAsync(await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "mot-he-thong-khac" }, Basic(clientId, secret!)),
            HttpStatusCode.BadRequest, "invalid_request");

        // Discovery, without a login: where the token endpoint is and how to authenticate there.
        var smart = await JsonAsync(await anonymous.GetAsync("/fhir/.well-known/smart-configuration"));
        Assert.Equal(Audience, smart.GetProperty("token_endpoint").GetString());
        Assert.Contains(smart.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray(), m => m.GetString() == "private_key_jwt");
        var metadata = await anonymous.GetStringAsync("/fhir/metadata");
        Assert.Contains("oauth-uris", metadata);
        Assert.Contains("/api/auth/client-token", metadata);
    }

    [SkippableFact]
    public async Task Registration_refuses_bad_input_and_saves_nothing_and_only_administrators_register()
    {
        RequireProvider();
        using var admin = await App.ClientForAsync("demo.admin");
        var empty = await admin.PostAsJsonAsync("/api/clients", new { });
        await AssertFieldErrorAsync(empty, "clientId", "bắt buộc");
        await AssertFieldErrorAsync(empty, "name", "bắt buộc");
        await AssertFieldErrorAsync(empty, "role", "Chọn một vai trò");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = "Sở Y tế", name = "x", role = "NationalOfficer" }), "clientId", "chữ thường không dấu");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = NewClientId(), name = "x", role = "SystemAdmin" }), "role", "quản trị hệ thống");
        // A taken id is said together with the other problems.
        var twoProblems = await admin.PostAsJsonAsync("/api/clients", new { clientId = "demo.clinician", name = "x", role = "ProvinceOfficer", unitCode = "99" });
        await AssertFieldErrorAsync(twoProblems, "clientId", "đã được dùng");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = NewClientId(), name = "x", role = "NationalOfficer", tokenMinutes = 2 }), "tokenMinutes", "5 đến 1.440");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = "demo.clinician", name = "x", role = "NationalOfficer" }), "clientId", "đã được dùng");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = NewClientId(), name = "x", role = "ProvinceOfficer", unitCode = "99" }), "unitCode", "99");

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec));
        var withPrivate = JsonSerializer.Serialize(new { keys = new[] { new { kty = privateJwk.Kty, crv = privateJwk.Crv, x = privateJwk.X, y = privateJwk.Y, d = privateJwk.D } } });
        using var rsa = RSA.Create(1024);
        var weak = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        var weakJwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = weak.Kty, n = weak.N, e = weak.E } } });
        using var good = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = good.ExportParameters(false);
        string Ec(string x, string y, string extra = "") => $"{{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"{x}\",\"y\":\"{y}\"{extra}}}";
        var x = Base64UrlEncoder.Encode(p.Q.X!);
        var y = Base64UrlEncoder.Encode(p.Q.Y!);
        var offCurve = Base64UrlEncoder.Encode(p.Q.Y!.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray());
        using var strong = RSA.Create(2048);
        var n = Base64UrlEncoder.Encode(strong.ExportParameters(false).Modulus!);
        foreach (var (keys, says) in new[] { (withPrivate, "khóa bí mật"), (weakJwks, "2.048 bit"), ("không phải JSON", "JSON Web Key Set"), ("{\"keys\":[]}", "không có khóa"),
                     ("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}", "chỉ nhận khóa RSA"),
                     ($"{{\"keys\":[{Ec(x, offCurve)}]}}", "không nằm trên đường cong"),
                     ($"{{\"keys\":[{Ec("!!!", y)}]}}", "base64url"),
                     ($"{{\"keys\":[{Ec(x, y, ",\"use\":\"enc\"")}]}}", "\"sig\""),
                     ($"{{\"keys\":[{Ec(x, y, ",\"alg\":\"HS256\"")}]}}", "không phải HS256"),
                     ($"{{\"keys\":[{Ec(x, y, ",\"kid\":\"a\"")},{Ec(x, y, ",\"kid\":\"a\"")}]}}", "trùng"),
                     ($"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{n}\",\"e\":\"AQ\"}}]}}", "số mũ e"),
                     (Ec(x, y), "{\"keys\": [") })
        {
            await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clients", new { clientId = NewClientId(), name = "x", role = "NationalOfficer", publicKeys = keys }), "publicKeys", says);
        }

        Assert.False(await App.QueryAsync(db => db.Users.AnyAsync(u => u.FullName == "x")));

        // Two registrations of one client id at once: one is made.
        var same = NewClientId();
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostAsJsonAsync("/api/clients", new { clientId = same, name = "Đăng ký đồng thời", role = "NationalOfficer" })));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, racing.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(1, await App.QueryAsync(db => db.SystemClients.CountAsync(c => c.ClientId == same)));

        foreach (var user in new[] { "demo.national", "demo.province", "demo.manager", "demo.clinician" })
        {
            using var client = await App.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/clients", new { clientId = NewClientId(), name = "y", role = "NationalOfficer" })).StatusCode);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSystemClientTests(SqliteAppFactory app) : SystemClientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSystemClientTests(PostgresAppFactory app) : SystemClientTests(app);
