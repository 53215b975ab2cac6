namespace AnSinh.Domain.Indicators;

public enum IndicatorKind
{
    /// <summary>Numerator ÷ denominator, shown as a percentage.</summary>
    Percent = 1,
    /// <summary>A value with no denominator (STAFF-TRAIN, STAFF-MIX).</summary>
    Count = 2,
}

/// <summary>What the lists behind a figure hold.</summary>
public enum MemberKind
{
    None = 0,
    Person = 1,
    Facility = 2,
    Stay = 3,
    Referral = 4,
}

public sealed record IndicatorDefinition(string Code, string NameVi, IndicatorKind Kind, MemberKind NumeratorMembers, MemberKind DenominatorMembers,
    string ShortVi);

/// <summary>The indicators of INDICATORS.md, with their stable codes.</summary>
public static class IndicatorCodes
{
    public const string FacReady = "FAC-READY";
    public const string FacTech = "FAC-TECH";
    public const string BenEhm = "BEN-EHM";
    public const string BenIntake = "BEN-INTAKE";
    public const string BenPeriodic = "BEN-PERIODIC";
    public const string BenBhyt = "BEN-BHYT";
    public const string BenEntitle = "BEN-ENTITLE";
    public const string NccConv = "NCC-CONV";
    public const string ChrHtn = "CHR-HTN";
    public const string ChrDm = "CHR-DM";
    public const string MhScreen = "MH-SCREEN";
    public const string RefDone = "REF-DONE";
    public const string FacOcc = "FAC-OCC";
    public const string StaffTrain = "STAFF-TRAIN";
    public const string StaffMix = "STAFF-MIX";

    public static readonly IReadOnlyList<IndicatorDefinition> All =
    [
        new(FacReady, "Cơ sở bảo đảm đủ điều kiện chăm sóc sức khỏe ban đầu, phục hồi chức năng", IndicatorKind.Percent, MemberKind.Facility, MemberKind.Facility, "Đủ điều kiện CSSK"),
        new(FacTech, "Cơ sở thực hiện được ít nhất X% hoạt động chuyên môn, kỹ thuật của y tế tuyến xã", IndicatorKind.Percent, MemberKind.Facility, MemberKind.Facility, "Kỹ thuật tuyến xã"),
        new(BenEhm, "Đối tượng được quản lý, theo dõi sức khỏe điện tử", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Hồ sơ sức khỏe điện tử"),
        new(BenIntake, "Đối tượng được khám sàng lọc khi tiếp nhận", IndicatorKind.Percent, MemberKind.Stay, MemberKind.Stay, "Khám khi tiếp nhận"),
        new(BenPeriodic, "Đối tượng được khám sức khỏe định kỳ", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Khám định kỳ"),
        new(BenBhyt, "Đối tượng có thẻ BHYT còn hạn", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Thẻ BHYT còn hạn"),
        new(BenEntitle, "Đối tượng được hưởng đầy đủ chế độ", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Đủ chế độ"),
        new(NccConv, "Người có công, thân nhân được điều dưỡng hằng năm", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Điều dưỡng NCC"),
        new(ChrHtn, "Quản lý tăng huyết áp", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Quản lý THA"),
        new(ChrDm, "Quản lý đái tháo đường", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Quản lý ĐTĐ"),
        new(MhScreen, "Sàng lọc sức khỏe tâm thần", IndicatorKind.Percent, MemberKind.Person, MemberKind.Person, "Sàng lọc tâm thần"),
        new(RefDone, "Chuyển tuyến có kết quả phản hồi", IndicatorKind.Percent, MemberKind.Referral, MemberKind.Referral, "Chuyển tuyến có phản hồi"),
        new(FacOcc, "Công suất sử dụng", IndicatorKind.Percent, MemberKind.Person, MemberKind.Facility, "Công suất"),
        new(StaffTrain, "Lượt cán bộ được đào tạo, tập huấn", IndicatorKind.Count, MemberKind.Facility, MemberKind.None, "Lượt đào tạo"),
        new(StaffMix, "Nhân lực y tế", IndicatorKind.Count, MemberKind.Facility, MemberKind.None, "Nhân lực y tế"),
    ];

    public static IndicatorDefinition Get(string code) =>
        All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown indicator code {code}", nameof(code));

    public static bool Exists(string code) => All.Any(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));
}
