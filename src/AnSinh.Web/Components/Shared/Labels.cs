using System.Globalization;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Stays;

namespace AnSinh.Web.Components.Shared;

/// <summary>Vietnamese labels (localization keys) for enums, and the display formats the UI uses.</summary>
public static class Labels
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Date(DateOnly? d) => d?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";
    public static string DateTime(DateTimeOffset d) => Infrastructure.Clock.ToLocal(d).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    public static string Number(decimal d) => d.ToString("#,##0.##", Vi);
    public static string Number(int d) => d.ToString("#,##0", Vi);

    public static string Of(Sex s) => s switch { Sex.Male => "Nam", Sex.Female => "Nữ", _ => "" };

    public static string Of(CategoryKind k) => k switch
    {
        CategoryKind.MeritoriousService => "Người có công",
        CategoryKind.MeritoriousRelative => "Thân nhân người có công",
        CategoryKind.Elderly => "Người cao tuổi",
        CategoryKind.ChildSpecialCircumstances => "Trẻ em có hoàn cảnh đặc biệt",
        CategoryKind.Disability => "Người khuyết tật",
        CategoryKind.MentalIllness => "Người tâm thần",
        CategoryKind.DrugAddiction => "Người nghiện ma túy",
        CategoryKind.Hiv => "Người nhiễm HIV",
        CategoryKind.PoorHousehold => "Hộ nghèo, cận nghèo",
        _ => k.ToString(),
    };

    public static string Of(DisabilitySeverity s) => s switch
    {
        DisabilitySeverity.Extreme => "Đặc biệt nặng",
        DisabilitySeverity.Severe => "Nặng",
        DisabilitySeverity.Mild => "Nhẹ",
        _ => s.ToString(),
    };

    public static string Of(AnSinh.Domain.Interop.ImportStatus s) => s switch
    {
        AnSinh.Domain.Interop.ImportStatus.Queued => "Đang chờ",
        AnSinh.Domain.Interop.ImportStatus.Checking => "Đang kiểm tra",
        AnSinh.Domain.Interop.ImportStatus.Saving => "Đang lưu",
        AnSinh.Domain.Interop.ImportStatus.Imported => "Đã nhập",
        AnSinh.Domain.Interop.ImportStatus.Rejected => "Có lỗi, chưa nhập",
        AnSinh.Domain.Interop.ImportStatus.Checked => "Hợp lệ (chỉ kiểm tra, chưa lưu)",
        AnSinh.Domain.Interop.ImportStatus.Failed => "Không thành công",
        _ => s.ToString(),
    };

    public static string Of(FacilityType t) => t switch
    {
        FacilityType.MeritoriousCareCentre => "Cơ sở nuôi dưỡng, điều dưỡng người có công",
        FacilityType.SocialAssistance => "Cơ sở trợ giúp xã hội",
        FacilityType.DrugRehabilitation => "Cơ sở cai nghiện ma túy",
        FacilityType.CommuneHealthStation => "Trạm y tế xã",
        _ => t.ToString(),
    };

    public static string Of(Ownership o) => o == Ownership.Public ? "Công lập" : "Ngoài công lập";

    public static string Of(Profession p) => p switch
    {
        Profession.Doctor => "Bác sĩ",
        Profession.PhysicianAssistant => "Y sỹ",
        Profession.Nurse => "Điều dưỡng",
        Profession.RehabTechnician => "Kỹ thuật viên PHCN",
        Profession.Pharmacist => "Dược sĩ",
        Profession.Caregiver => "Nhân viên chăm sóc",
        Profession.SocialWorker => "Nhân viên công tác xã hội",
        _ => p.ToString(),
    };

    public static string Of(StayKind k) => k switch
    {
        StayKind.Residential => "Nuôi dưỡng tại cơ sở",
        StayKind.CommunityEnrolment => "Quản lý tại cộng đồng",
        StayKind.Convalescence => "Điều dưỡng phục hồi sức khỏe",
        _ => k.ToString(),
    };

    public static string Of(DischargeReason r) => r switch
    {
        DischargeReason.ReturnedHome => "Về gia đình",
        DischargeReason.Transferred => "Chuyển cơ sở",
        DischargeReason.Died => "Tử vong",
        _ => "Lý do khác",
    };

    public static string Of(EncounterKind k) => k switch
    {
        EncounterKind.IntakeScreening => "Khám sàng lọc khi tiếp nhận",
        EncounterKind.PeriodicCheck => "Khám sức khỏe định kỳ",
        EncounterKind.SickVisit => "Khám bệnh",
        EncounterKind.Convalescence => "Điều dưỡng tại gia đình",
        _ => k.ToString(),
    };

    public static string Of(HealthClassification c) => $"Loại {c}";

    public static string Of(Domain.Indicators.EntitlementKind k) => k switch
    {
        Domain.Indicators.EntitlementKind.MonthlyAllowance => "Trợ cấp hằng tháng",
        Domain.Indicators.EntitlementKind.HealthInsurance => "Bảo hiểm y tế",
        Domain.Indicators.EntitlementKind.ElectricitySupport => "Hỗ trợ tiền điện",
        _ => k.ToString(),
    };

    public static string Of(Domain.Plans.PlanTaskStatus s) => s switch
    {
        Domain.Plans.PlanTaskStatus.NotStarted => "Chưa triển khai",
        Domain.Plans.PlanTaskStatus.InProgress => "Đang thực hiện",
        Domain.Plans.PlanTaskStatus.Done => "Hoàn thành",
        _ => "Chậm tiến độ",
    };

    public static string Of(Domain.Medicines.Shift s) => s switch
    {
        Domain.Medicines.Shift.Morning => "Sáng",
        Domain.Medicines.Shift.Noon => "Trưa",
        Domain.Medicines.Shift.Afternoon => "Chiều",
        Domain.Medicines.Shift.Night => "Tối",
        _ => s.ToString(),
    };

    public static string Of(Domain.Medicines.DoseForm f) => f switch
    {
        Domain.Medicines.DoseForm.Tablet => "Viên nén",
        Domain.Medicines.DoseForm.Capsule => "Viên nang",
        Domain.Medicines.DoseForm.Powder => "Thuốc bột, cốm",
        Domain.Medicines.DoseForm.OralLiquid => "Dung dịch, siro uống",
        Domain.Medicines.DoseForm.Injection => "Thuốc tiêm",
        Domain.Medicines.DoseForm.Drops => "Thuốc nhỏ",
        Domain.Medicines.DoseForm.Topical => "Kem, mỡ, gel bôi",
        Domain.Medicines.DoseForm.Inhaler => "Thuốc hít, khí dung",
        Domain.Medicines.DoseForm.Suppository => "Viên đặt",
        Domain.Medicines.DoseForm.Patch => "Miếng dán",
        _ => "Dạng khác",
    };

    public static string Of(Domain.Medicines.MedicationRoute r) => r switch
    {
        Domain.Medicines.MedicationRoute.Oral => "Uống",
        Domain.Medicines.MedicationRoute.Sublingual => "Ngậm dưới lưỡi",
        Domain.Medicines.MedicationRoute.Intramuscular => "Tiêm bắp",
        Domain.Medicines.MedicationRoute.Intravenous => "Tiêm tĩnh mạch",
        Domain.Medicines.MedicationRoute.Subcutaneous => "Tiêm dưới da",
        Domain.Medicines.MedicationRoute.Topical => "Bôi ngoài da",
        Domain.Medicines.MedicationRoute.Eye => "Nhỏ mắt",
        Domain.Medicines.MedicationRoute.Ear => "Nhỏ tai",
        Domain.Medicines.MedicationRoute.Nasal => "Nhỏ mũi",
        Domain.Medicines.MedicationRoute.Inhalation => "Hít, khí dung",
        Domain.Medicines.MedicationRoute.Rectal => "Đặt hậu môn",
        _ => "Đường khác",
    };

    public static string Of(Domain.Medicines.AdministrationStatus s) => s switch
    {
        Domain.Medicines.AdministrationStatus.Given => "Đã dùng",
        Domain.Medicines.AdministrationStatus.Refused => "Từ chối",
        Domain.Medicines.AdministrationStatus.Held => "Hoãn",
        _ => s.ToString(),
    };

    public static string Of(Domain.Medicines.AllergyCategory c) => c switch
    {
        Domain.Medicines.AllergyCategory.Medication => "Thuốc",
        Domain.Medicines.AllergyCategory.Food => "Thức ăn",
        Domain.Medicines.AllergyCategory.Environment => "Môi trường",
        _ => "Khác",
    };

    public static string Of(Domain.Medicines.AllergyKind k) => k == Domain.Medicines.AllergyKind.Allergy ? "Dị ứng" : "Không dung nạp";

    public static string Of(Domain.Medicines.AllergySeverity s) => s switch
    {
        Domain.Medicines.AllergySeverity.Severe => "Nặng",
        Domain.Medicines.AllergySeverity.Moderate => "Vừa",
        _ => "Nhẹ",
    };

    public static string Of(Domain.Medicines.AllergyEnd e) => e switch
    {
        Domain.Medicines.AllergyEnd.Resolved => "Đã hết dị ứng",
        Domain.Medicines.AllergyEnd.Refuted => "Đã loại trừ (không phải dị ứng)",
        _ => "Ghi nhầm",
    };

    public static string Of(Domain.Medicines.InjectionSite s) => s switch
    {
        Domain.Medicines.InjectionSite.LeftArm => "Cánh tay trái",
        Domain.Medicines.InjectionSite.RightArm => "Cánh tay phải",
        Domain.Medicines.InjectionSite.LeftThigh => "Đùi trái",
        Domain.Medicines.InjectionSite.RightThigh => "Đùi phải",
        Domain.Medicines.InjectionSite.Oral => "Đường uống",
        _ => "Vị trí khác",
    };

    public static string Of(Domain.Referrals.CareLevel l) => l switch
    {
        Domain.Referrals.CareLevel.Primary => "Cấp khám bệnh, chữa bệnh ban đầu",
        Domain.Referrals.CareLevel.Basic => "Cấp khám bệnh, chữa bệnh cơ bản",
        _ => "Cấp khám bệnh, chữa bệnh chuyên sâu",
    };

    public static string Of(Domain.Referrals.ReferralUrgency u) => u switch
    {
        Domain.Referrals.ReferralUrgency.Emergency => "Cấp cứu",
        Domain.Referrals.ReferralUrgency.Urgent => "Khẩn",
        _ => "Thông thường",
    };

    public static string Of(Domain.Referrals.ReferralGround g) => g == Domain.Referrals.ReferralGround.MeetsConditions
        ? "Đủ điều kiện chuyển tuyến"
        : "Theo yêu cầu của người bệnh hoặc người đại diện hợp pháp của người bệnh";

    public static string Of(Domain.Referrals.ReferralTransport t) => t switch
    {
        Domain.Referrals.ReferralTransport.Ambulance => "Xe cứu thương",
        Domain.Referrals.ReferralTransport.FacilityVehicle => "Xe của cơ sở",
        Domain.Referrals.ReferralTransport.Family => "Gia đình tự đưa đi",
        _ => "Phương tiện khác",
    };

    public static string Of(Domain.ChronicCare.ChronicDisease d) => d switch
    {
        Domain.ChronicCare.ChronicDisease.Hypertension => "Tăng huyết áp",
        Domain.ChronicCare.ChronicDisease.Diabetes => "Đái tháo đường",
        Domain.ChronicCare.ChronicDisease.CopdAsthma => "Bệnh phổi tắc nghẽn mạn tính, hen phế quản",
        Domain.ChronicCare.ChronicDisease.MentalIllness => "Rối loạn tâm thần",
        Domain.ChronicCare.ChronicDisease.Epilepsy => "Động kinh",
        Domain.ChronicCare.ChronicDisease.Tuberculosis => "Lao",
        Domain.ChronicCare.ChronicDisease.Hiv => "HIV",
        _ => "Bệnh thận mạn",
    };

    public static string Of(Domain.ChronicCare.ControlStatus c) => c switch
    {
        Domain.ChronicCare.ControlStatus.Controlled => "Đã kiểm soát",
        Domain.ChronicCare.ControlStatus.Uncontrolled => "Chưa kiểm soát",
        _ => "Chưa có chỉ số để đánh giá",
    };

    public static string Of(Domain.Rehabilitation.DeviceKind k) => k switch
    {
        Domain.Rehabilitation.DeviceKind.Wheelchair => "Xe lăn",
        Domain.Rehabilitation.DeviceKind.Walker => "Khung tập đi",
        Domain.Rehabilitation.DeviceKind.Crutches => "Nạng",
        Domain.Rehabilitation.DeviceKind.Prosthesis => "Chân tay giả",
        Domain.Rehabilitation.DeviceKind.Orthosis => "Nẹp chỉnh hình",
        Domain.Rehabilitation.DeviceKind.HearingAid => "Máy trợ thính",
        Domain.Rehabilitation.DeviceKind.Glasses => "Kính",
        _ => "Dụng cụ khác",
    };

    public static string Role(string role) => role switch
    {
        Data.Roles.SystemAdmin => "Quản trị hệ thống",
        Data.Roles.NationalOfficer => "Cán bộ trung ương",
        Data.Roles.ProvinceOfficer => "Cán bộ tỉnh",
        Data.Roles.FacilityManager => "Lãnh đạo cơ sở",
        Data.Roles.Clinician => "Nhân viên y tế",
        _ => role,
    };
}
