using System.Security.Cryptography.X509Certificates;
using AnSinh.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// The keys that sign cookies and tokens live in the database (so several instances share them); whoever reads a
/// backup could forge a session with them (issue #10, item 7). With a certificate configured they are stored
/// encrypted to it: <c>DataProtection:CertificatePath</c> (a .pfx with its private key) and
/// <c>DataProtection:CertificatePassword</c>; <c>DataProtection:PreviousCertificatePaths</c> (comma-separated)
/// still decrypts keys written under earlier certificates while they rotate out (docs/operations.md).
/// </summary>
public static class KeyProtection
{
    public static void AddAnSinhDataProtection(this IServiceCollection services, IConfiguration config)
    {
        var protection = services.AddDataProtection().SetApplicationName("AnSinh").PersistKeysToDbContext<AnSinhDbContext>();
        if (config["DataProtection:CertificatePath"] is not { Length: > 0 } path)
        {
            return;
        }

        var password = config["DataProtection:CertificatePassword"];
        var current = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        var previous = (config["DataProtection:PreviousCertificatePaths"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => X509CertificateLoader.LoadPkcs12FromFile(p, password));
        protection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    /// <summary>Says at start-up, outside Development, that the keys are stored unencrypted.</summary>
    public static void WarnIfKeysUnprotected(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && string.IsNullOrEmpty(app.Configuration["DataProtection:CertificatePath"]))
        {
            app.Logger.LogWarning("Data-protection keys are stored unencrypted in the database: whoever reads a backup can forge sessions. " +
                "Set DataProtection__CertificatePath (see docs/operations.md).");
        }
    }
}
