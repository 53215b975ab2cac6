using AnSinh.Data;

namespace AnSinh.Web.Features.Imports;

/// <summary>The kinds of file that can be imported, by the name used in addresses and on the command line.</summary>
public static class ImportKinds
{
    /// <param name="Tab">The kind's tab on /imports.</param>
    /// <param name="Heading">The page's heading for it.</param>
    /// <param name="Guide">The first step: what one row holds.</param>
    /// <param name="Saved">What the outcome counts: "Đã nhập 3 {Saved}".</param>
    /// <param name="Spreadsheet">Rows from .xlsx or CSV with a template; otherwise a FHIR Bundle in JSON.</param>
    public sealed record KindInfo(string Name, string Title, string TemplateFile, IReadOnlyList<ImportColumn> Columns,
        string Tab, string Heading, string Guide, string Saved, bool Spreadsheet = true);

    public static readonly IReadOnlyList<KindInfo> All =
    [
        new(BeneficiaryImport.Kind, "Đối tượng (hồ sơ, nhóm đối tượng, chế độ)", "mau-nhap-doi-tuong", BeneficiaryImport.Template,
            "Đối tượng", "Nhập đối tượng từ tệp Excel hoặc CSV",
            "Tải tệp mẫu, điền mỗi người một dòng (trang Hướng dẫn trong tệp mẫu nêu cách ghi từng cột và các danh mục).", "đối tượng từ tệp."),
        new(EncounterImport.Kind, "Lượt khám (chỉ số sinh tồn, chẩn đoán ICD-10)", "mau-nhap-luot-kham", EncounterImport.Template,
            "Lượt khám và chỉ số sinh tồn", "Nhập lượt khám từ tệp Excel hoặc CSV",
            "Tải tệp mẫu, điền mỗi lượt khám một dòng: đối tượng (số CCCD hoặc mã hồ sơ), ngày, loại lượt khám, các chỉ số, mã ICD-10 (trang Hướng dẫn nêu cách ghi từng cột).",
            "lượt khám từ tệp."),
        new(FacilityImport.Kind, "Cơ sở (trung tâm, cơ sở trợ giúp xã hội, trạm y tế xã)", "mau-nhap-co-so", FacilityImport.Template,
            "Cơ sở", "Nhập danh sách cơ sở từ tệp Excel hoặc CSV",
            "Tải tệp mẫu, điền mỗi cơ sở một dòng: tên, loại cơ sở, loại hình, mã xã/phường, quy mô, giấy phép (trang Hướng dẫn nêu cách ghi từng cột).",
            "cơ sở từ tệp."),
        new(StaffImport.Kind, "Nhân viên (chức danh, chứng chỉ hành nghề)", "mau-nhap-nhan-vien", StaffImport.Template,
            "Nhân viên", "Nhập nhân viên từ tệp Excel hoặc CSV",
            "Tải tệp mẫu, điền mỗi nhân viên một dòng: cơ sở, họ tên, chức danh, chứng chỉ hành nghề, ngày bắt đầu (trang Hướng dẫn nêu cách ghi từng cột).",
            "nhân viên từ tệp."),
        new(StayImport.Kind, "Lượt tiếp nhận (ngày vào, ngày ra, lý do)", "mau-nhap-luot-tiep-nhan", StayImport.Template,
            "Tiếp nhận và ra", "Nhập lượt tiếp nhận từ tệp Excel hoặc CSV",
            "Tải tệp mẫu, điền mỗi lượt tiếp nhận một dòng: đối tượng (số CCCD hoặc mã hồ sơ), cơ sở, ngày tiếp nhận, ngày ra và lý do (trang Hướng dẫn nêu cách ghi từng cột).",
            "lượt tiếp nhận từ tệp."),
        new(BundleFileImport.Kind, "Bundle HL7 FHIR (JSON)", "", [],
            "Bundle FHIR", "Nhập hồ sơ từ tệp Bundle HL7 FHIR (JSON)",
            "Chọn một tệp JSON chứa Bundle loại transaction (Patient, Observation, Condition, AllergyIntolerance, Immunization), như hệ thống khác xuất ra; mỗi mục được kiểm tra như khi gửi qua API /fhir.",
            "mục của Bundle từ tệp.", Spreadsheet: false),
    ];

    /// <summary>Whether the user may import this kind: people need a record-keeping or managing role, visits a clinical one,
    /// facilities an officer's (or an administrator's).</summary>
    public static bool MayImport(string kind, Auth.CurrentUser user) => kind switch
    {
        EncounterImport.Kind => EncounterImport.MayImport(user),
        FacilityImport.Kind => FacilityImport.MayImport(user),
        StaffImport.Kind => StaffImport.MayImport(user),
        StayImport.Kind => StayImport.MayImport(user),
        BundleFileImport.Kind => BundleFileImport.MayImport(user),
        _ => BeneficiaryImport.MayImport(user),
    };

    public static KindInfo? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why a user who may not import this kind is refused.</summary>
    public static string Refusal(string kind) => kind switch
    {
        EncounterImport.Kind => "Bạn không có quyền ghi hồ sơ sức khỏe.",
        FacilityImport.Kind => "Chỉ cán bộ quản lý (tỉnh, trung ương) và quản trị hệ thống được nhập danh sách cơ sở.",
        StaffImport.Kind => "Bạn không có quyền quản lý nhân sự.",
        StayImport.Kind => "Bạn không có quyền tiếp nhận đối tượng.",
        BundleFileImport.Kind => "Bạn không có quyền ghi hồ sơ sức khỏe.",
        _ => "Bạn không có quyền nhập hồ sơ đối tượng.",
    };

    /// <summary>Runs one import as whoever the scope's services see as the current user.</summary>
    public static Task<ImportOutcome> RunAsync(IServiceProvider services, string kind, string path, bool checkOnly,
        Action<ImportProgress> progress, CancellationToken ct)
    {
        var db = services.GetRequiredService<AnSinhDbContext>();
        return kind switch
        {
            BeneficiaryImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<BeneficiaryImport>(), db, path, checkOnly, progress, ct),
            EncounterImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<EncounterImport>(), db, path, checkOnly, progress, ct),
            FacilityImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<FacilityImport>(), db, path, checkOnly, progress, ct),
            StaffImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<StaffImport>(), db, path, checkOnly, progress, ct),
            StayImport.Kind => ImportRunner.RunAsync(services.GetRequiredService<StayImport>(), db, path, checkOnly, progress, ct),
            BundleFileImport.Kind => BundleFileImport.RunAsync(services, path, checkOnly, progress, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such import."),
        };
    }
}
