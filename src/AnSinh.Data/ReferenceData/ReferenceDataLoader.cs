using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnSinh.Data.ReferenceData;

public sealed class ReferenceDataOptions
{
    /// <summary>Folder that holds admin-units/, icd10/, observation-codes/. Defaults to the copy beside the binaries.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "reference");
    /// <summary>A deployment's own ICD-10 list (the QĐ 4469 layout, or CSV code,name_vi[,name_en,chapter]) instead of the shipped QĐ 4469 list.</summary>
    public string? Icd10Path { get; set; }
}

/// <summary>Loads each reference list whose version in the database differs from the files'.</summary>
public static class ReferenceDataLoader
{
    public static async Task EnsureLoadedAsync(AnSinhDbContext db, ReferenceDataOptions options, ILogger logger, CancellationToken ct = default)
    {
        if (!await ReferenceDataSets.IsCurrentAsync(db, AdminUnitLoader.DataSetName, AdminUnitLoader.Version, ct))
        {
            var n = await AdminUnitLoader.LoadAsync(db, options.Path, ct);
            logger.LogInformation("Loaded {Count} administrative units", n);
        }

        var obsPath = Path.Combine(options.Path, "observation-codes", "observation-codes.csv");
        var obsVersion = FileVersion(obsPath);
        if (!await ReferenceDataSets.IsCurrentAsync(db, CodeListLoader.ObservationCodesDataSet, obsVersion, ct))
        {
            var n = await CodeListLoader.LoadObservationCodesAsync(db, obsPath, obsVersion, ct);
            logger.LogInformation("Loaded {Count} observation codes", n);
        }

        var plansPath = Path.Combine(options.Path, "plans", "plans.json");
        var plansVersion = FileVersion(plansPath);
        if (!await ReferenceDataSets.IsCurrentAsync(db, MonitoringReferenceLoader.PlansDataSet, plansVersion, ct))
        {
            var n = await MonitoringReferenceLoader.LoadPlansAsync(db, plansPath, plansVersion, ct);
            logger.LogInformation("Loaded {Count} seed plans", n);
        }

        var checklistFolder = Path.Combine(options.Path, "readiness");
        var checklistVersion = string.Join("+", Directory.GetFiles(checklistFolder, "checklist-*.json").Order().Select(FileVersion));
        if (!await ReferenceDataSets.IsCurrentAsync(db, MonitoringReferenceLoader.ChecklistDataSet, checklistVersion, ct))
        {
            var n = await MonitoringReferenceLoader.LoadChecklistsAsync(db, checklistFolder, checklistVersion, ct);
            logger.LogInformation("Loaded {Count} readiness checklist version(s)", n);
        }

        foreach (var (list, file) in CodeListFiles)
        {
            var listPath = Path.Combine(options.Path, file);
            var listVersion = FileVersion(listPath);
            if (!await ReferenceDataSets.IsCurrentAsync(db, "list:" + list, listVersion, ct))
            {
                var n = await CodeListLoader.LoadCodeListAsync(db, list, listPath, listVersion, ct);
                var converted = await CodedValues.ConvertLegacyTextAsync(db, list, ct);
                logger.LogInformation("Loaded {Count} entries of {List}; {Converted} record(s) moved from text to codes", n, list, converted);
            }
        }

        var vaccinePath = Path.Combine(options.Path, "vaccines", "valueset-vaccine-code.xml");
        if (File.Exists(vaccinePath) && FileVersion(vaccinePath) is var vaccineVersion
            && !await ReferenceDataSets.IsCurrentAsync(db, "list:" + AnSinh.Domain.Beneficiaries.CodeLists.VaccineCvx, vaccineVersion, ct))
        {
            var n = await CodeListLoader.LoadValueSetAsync(db, AnSinh.Domain.Beneficiaries.CodeLists.VaccineCvx, vaccinePath, "http://hl7.org/fhir/sid/cvx", vaccineVersion, ct);
            logger.LogInformation("Loaded {Count} vaccine codes (CVX) from {Path}", n, vaccinePath);
        }

        // A drug list is loaded when one is supplied (data/reference/drugs/SOURCE.md); until then drug names are free text.
        var drugPath = Path.Combine(options.Path, "drugs", "drugs.csv");
        if (File.Exists(drugPath) && FileVersion(drugPath) is var drugVersion
            && !await ReferenceDataSets.IsCurrentAsync(db, "list:" + AnSinh.Domain.Beneficiaries.CodeLists.Drug, drugVersion, ct))
        {
            var n = await CodeListLoader.LoadCodeListAsync(db, AnSinh.Domain.Beneficiaries.CodeLists.Drug, drugPath, drugVersion, ct);
            logger.LogInformation("Loaded {Count} drugs from {Path}", n, drugPath);
        }

        var icdPath = options.Icd10Path ?? Path.Combine(options.Path, "icd10", "icd10-vn-qd4469.csv");
        if (File.Exists(icdPath))
        {
            var icdVersion = FileVersion(icdPath);
            if (!await ReferenceDataSets.IsCurrentAsync(db, CodeListLoader.Icd10DataSet, icdVersion, ct))
            {
                var (n, errors) = await CodeListLoader.LoadIcd10Async(db, icdPath, icdVersion,
                    listVersion: options.Icd10Path is null ? ShippedIcd10Version : Path.GetFileName(icdPath), ct: ct);
                if (errors.Count > 0)
                {
                    // Keep the list already in the database; say exactly what is wrong with the new file.
                    logger.LogError("ICD-10 file {Path} not loaded, {Count} problem(s): {Errors}", icdPath, errors.Count, string.Join(" | ", errors.Take(20)));
                }
                else
                {
                    logger.LogInformation("Loaded {Count} ICD-10 codes from {Path}", n, icdPath);
                }
            }
        }
        else
        {
            logger.LogWarning("ICD-10 list not found at {Path}", icdPath);
        }
    }

    public const string ShippedIcd10Version = "QĐ 4469/QĐ-BYT";

    /// <summary>The coded lists of a person's identity and categories, and where each file lies under the reference folder.</summary>
    public static readonly IReadOnlyList<(string List, string File)> CodeListFiles =
    [
        (AnSinh.Domain.Beneficiaries.CodeLists.EthnicGroup, Path.Combine("ethnic-groups", "ethnic-groups.csv")),
        (AnSinh.Domain.Beneficiaries.CodeLists.MeritoriousType, Path.Combine("legal-lists", "meritorious-types.csv")),
        (AnSinh.Domain.Beneficiaries.CodeLists.DisabilityType, Path.Combine("legal-lists", "disability-types.csv")),
        (AnSinh.Domain.Beneficiaries.CodeLists.DisabilitySeverity, Path.Combine("legal-lists", "disability-severity.csv")),
        (AnSinh.Domain.Beneficiaries.CodeLists.SocialAssistance, Path.Combine("legal-lists", "social-assistance-categories.csv")),
    ];

    /// <summary>A file's version is its size and content hash, so any edit reloads it.</summary>
    public static string FileVersion(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = System.Security.Cryptography.SHA256.HashData(stream);
        return Convert.ToHexString(hash)[..16];
    }
}
