using AnSinh.Data;

namespace AnSinh.Web.Features.Imports;

/// <summary>The kinds of file that can be imported, by the name used in addresses and on the command line.</summary>
public static class ImportKinds
{
    public sealed record KindInfo(string Name, string Title, string TemplateFile, IReadOnlyList<ImportColumn> Columns);

    public static readonly IReadOnlyList<KindInfo> All =
    [
        new(BeneficiaryImport.Kind, "Đối tượng (hồ sơ, nhóm đối tượng, chế độ)", "mau-nhap-doi-tuong", BeneficiaryImport.Template),
        new(EncounterImport.Kind, "Lượt khám (chỉ số sinh tồn, chẩn đoán ICD-10)", "mau-nhap-luot-kham", EncounterImport.Template),
    ];

    /// <summary>Whether the user may import this kind: people need a record-keeping or managing role, visits a clinical one.</summary>
    public static bool MayImport(string kind, Auth.CurrentUser user) => kind switch
    {
        EncounterImport.Kind => EncounterImport.MayImport(user),
        _ => BeneficiaryImport.MayImport(user),
    };

    public static KindInfo? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs one import as whoever the scope's services see as the current user.</summary>
    public static Task<ImportOutcome> RunAsync(IServiceProvider services, string kind, string path, bool checkOnly,
        Action<ImportProgress> progress, CancellationToken ct)
    {
        var db = services.GetRequiredService<AnSinhDbContext>();
        return kind switch
        {
            BeneficiaryImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<BeneficiaryImport>(), db, path, checkOnly, progress, ct),
            EncounterImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<EncounterImport>(), db, path, checkOnly, progress, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such import."),
        };
    }
}
