using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>With a certificate configured, the cookie and token keys in the database are encrypted (issue #10, item 7).</summary>
public sealed class KeyProtectionTests
{
    [Fact]
    public async Task Keys_are_stored_encrypted_to_the_certificate_and_sessions_still_work()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AnSinh data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"ansinh-dp-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "mat-khau-chung-thu"));
        try
        {
            await using var app = new SqliteSiteWith(("DataProtection:CertificatePath", path), ("DataProtection:CertificatePassword", "mat-khau-chung-thu"));
            using var client = await app.ClientForAsync("demo.clinician"); // a token: made with a key
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

            var keys = await app.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // the plain master key's element
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
