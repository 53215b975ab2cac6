using System.Globalization;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using AnSinh.Web.Components.Shared;

namespace AnSinh.Web.Features.Audit;

/// <summary>
/// The audit trail keeps stable codes ("chart.read", "reason=ReturnedHome") so that it can be
/// queried and exported; people read it in Vietnamese.
/// </summary>
public static class AuditLabels
{
    public static string Action(string code) => code switch
    {
        AuditActions.ReadRecord => "Xem hồ sơ",
        AuditActions.ReadChart => "Xem hồ sơ sức khỏe",
        AuditActions.CreateRecord => "Tạo hồ sơ",
        AuditActions.UpdateRecord => "Sửa hồ sơ",
        AuditActions.Admit => "Tiếp nhận",
        AuditActions.Discharge => "Ra khỏi cơ sở",
        AuditActions.Transfer => "Chuyển cơ sở",
        AuditActions.RecordEncounter => "Ghi lượt khám",
        AuditActions.AddReadings => "Ghi thêm chỉ số vào lượt khám",
        AuditActions.AddDiagnosis => "Ghi thêm chẩn đoán vào lượt khám",
        AuditActions.StrikeOutReading => "Hủy chỉ số ghi nhầm",
        AuditActions.Search => "Tìm kiếm hồ sơ",
        AuditActions.ExportList => "Tải danh sách (Excel)",
        AuditActions.DuplicateNationalId => "Thử đăng ký trùng số CCCD",
        AuditActions.AddEntitlement => "Ghi chế độ",
        AuditActions.EndEntitlement => "Kết thúc chế độ",
        AuditActions.ImportEntitlements => "Nhập chế độ từ tệp",
        AuditActions.AddScreening => "Ghi kết quả sàng lọc",
        AuditActions.AddReferral => "Chuyển tuyến",
        AuditActions.ReferralOutcome => "Ghi kết quả chuyển tuyến",
        AuditActions.OrderMedicine => "Ra y lệnh thuốc",
        AuditActions.StopMedicine => "Ngừng thuốc",
        AuditActions.ChangeMedicine => "Đổi y lệnh thuốc",
        AuditActions.RecordDose => "Ghi liều thuốc",
        AuditActions.AddAllergy => "Ghi dị ứng",
        AuditActions.AddImmunization => "Ghi tiêm chủng",
        AuditActions.EndAllergy => "Gỡ dị ứng",
        AuditActions.RetractImmunization => "Hủy mũi tiêm ghi nhầm",
        AuditActions.RetractDose => "Hủy liều thuốc ghi nhầm",
        AuditActions.StrikeOutScreening => "Hủy lần sàng lọc ghi nhầm",
        AuditActions.StrikeOutEncounter => "Hủy lượt khám ghi nhầm",
        AuditActions.StrikeOutCondition => "Hủy chẩn đoán ghi nhầm",
        AuditActions.EnrolChronic => "Đưa vào sổ quản lý bệnh mạn tính",
        AuditActions.EndChronic => "Thôi quản lý bệnh mạn tính",
        AuditActions.CreateRehabPlan => "Lập kế hoạch phục hồi chức năng",
        AuditActions.CloseRehabPlan => "Kết thúc kế hoạch phục hồi chức năng",
        AuditActions.RehabSession => "Ghi buổi tập phục hồi chức năng",
        AuditActions.RehabGoalAchieved => "Ghi mục tiêu phục hồi chức năng đạt",
        AuditActions.IssueDevice => "Cấp dụng cụ trợ giúp",
        AuditActions.ReturnDevice => "Ghi trả dụng cụ trợ giúp",
        AuditActions.AcknowledgeAlert => "Ghi đã xem cảnh báo",
        AuditActions.ResolveAlert => "Xử lý xong cảnh báo",
        AuditActions.RunAlerts => "Chạy các quy tắc cảnh báo theo lịch",
        AuditActions.ResolveCondition => "Ghi bệnh đã khỏi",
        AuditActions.ViewList => "Xem danh sách",
        AuditActions.BulkExport => "Xuất dữ liệu hàng loạt (HL7 FHIR)",
        AuditActions.AccessDenied => "Bị từ chối truy cập",
        AuditActions.WriteRefused => "Ghi bị từ chối (dữ liệu không hợp lệ)",
        AuditActions.CreateAccount => "Tạo tài khoản",
        AuditActions.ChangeAccountAccess => "Đổi vai trò, phạm vi tài khoản",
        AuditActions.DisableAccount => "Vô hiệu hóa tài khoản",
        AuditActions.EnableAccount => "Cho tài khoản đăng nhập lại",
        AuditActions.ResetPassword => "Đặt lại mật khẩu",
        AuditActions.ChangePassword => "Đổi mật khẩu",
        AuditActions.SignOutEverywhere => "Đăng xuất khỏi mọi thiết bị",
        AuditActions.EnableTwoFactor => "Bật xác thực hai bước",
        AuditActions.DisableTwoFactor => "Tắt xác thực hai bước",
        AuditActions.NewRecoveryCodes => "Tạo mã khôi phục mới",
        AuditActions.UseRecoveryCode => "Đăng nhập bằng mã khôi phục",
        AuditActions.ImportFacility => "Nhập cơ sở từ tệp",
        AuditActions.ImportStaff => "Nhập nhân viên từ tệp",
        AuditActions.CreateFacility => "Đăng ký cơ sở",
        AuditActions.UpdateFacility => "Sửa thông tin cơ sở",
        AuditActions.AddStaff => "Thêm nhân viên",
        AuditActions.EndStaff => "Ghi nghỉ việc",
        AuditActions.RegisterClient => "Đăng ký hệ thống kết nối",
        AuditActions.ClientCredentials => "Đổi khóa bí mật hoặc khóa công khai của hệ thống kết nối",
        AuditActions.RevokeClient => "Thu hồi quyền của hệ thống kết nối",
        AuditActions.ClientToken => "Hệ thống kết nối nhận mã truy cập",
        AuditActions.ClientTokenRefused => "Hệ thống kết nối bị từ chối mã truy cập",
        _ => code,
    };

    /// <summary>"from=3; to=5; date=2026-11-27" → "từ cơ sở A; đến cơ sở B; ngày 27/11/2026".</summary>
    public static string Detail(string? detail, IReadOnlyDictionary<int, string> facilityNames)
    {
        if (string.IsNullOrWhiteSpace(detail))
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var pair in detail.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                parts.Add(pair);
                continue;
            }

            var (key, value) = (pair[..eq], pair[(eq + 1)..]);
            parts.Add(key switch
            {
                "facility" => "cơ sở " + Facility(value, facilityNames),
                "from" => "từ " + Facility(value, facilityNames),
                "to" => "đến " + Facility(value, facilityNames),
                "date" => "ngày " + (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Labels.Date(d) : value),
                "reason" => "lý do: " + (Enum.TryParse<DischargeReason>(value, out var r) ? Labels.Of(r) : value),
                "kind" => Enum.TryParse<EncounterKind>(value, out var k) ? Labels.Of(k)
                    : Enum.TryParse<Domain.Indicators.EntitlementKind>(value, out var ek) ? Labels.Of(ek) : value,
                "list" => "danh sách " + value,
                "rows" => value + " dòng",
                "instrument" => value,
                "by" => "bởi " + value,
                _ => pair,
            });
        }

        return string.Join("; ", parts);
    }

    /// <summary>Facility ids named in details, so the page can look their names up in one query.</summary>
    public static IEnumerable<int> FacilityIds(string? detail) =>
        (detail ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] is "facility" or "from" or "to" && int.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .Select(p => int.Parse(p[1], CultureInfo.InvariantCulture));

    private static string Facility(string id, IReadOnlyDictionary<int, string> names) =>
        int.TryParse(id, CultureInfo.InvariantCulture, out var fid) && names.TryGetValue(fid, out var name) ? name : $"#{id}";
}
