using AnSinh.Domain.Indicators;
using AnSinh.Web.Infrastructure;

namespace AnSinh.Web.Features.Indicators;

/// <summary>The lists behind the figures as spreadsheets with Vietnamese headers.</summary>
public static class IndicatorSpreadsheets
{
    private static string SetName(string set) => set switch
    {
        "numerator" => "được tính",
        "denominator" => "tất cả",
        _ => "còn thiếu",
    };

    public static IResult Members(MemberList list)
    {
        var definition = IndicatorCodes.Get(list.Code);
        IReadOnlyList<XlsxColumn> columns = list.Kind switch
        {
            nameof(MemberKind.Person) => [new("Mã hồ sơ", 10), new("Họ và tên", 28), new("Ngày sinh", 12, IsDate: true), new("Cơ sở", 40), new("Lần khám gần nhất", 16, IsDate: true)],
            nameof(MemberKind.Facility) => [new("Cơ sở", 45), new("Loại hình", 45)],
            nameof(MemberKind.Stay) => [new("Họ và tên", 28), new("Cơ sở", 40), new("Ngày tiếp nhận", 14, IsDate: true)],
            _ => [new("Họ và tên", 28), new("Nơi chuyển đến", 40), new("Ngày chuyển", 14, IsDate: true), new("Phản hồi", 24)],
        };
        return XlsxList.File($"{list.Code}-{list.Set}.xlsx", $"{definition.ShortVi} - {SetName(list.Set)}", columns,
            list.Items.Select(m => list.Kind switch
            {
                nameof(MemberKind.Person) => (IReadOnlyList<object?>)[m.PersonId, m.Name, m.Date, m.Facility, m.LastCheck],
                nameof(MemberKind.Facility) => [m.Name, m.Detail],
                nameof(MemberKind.Stay) => [m.Name, m.Facility, m.Date],
                _ => [m.Name, m.Facility, m.Date, m.Detail],
            }));
    }

    public static IResult DataQuality(IReadOnlyList<IndicatorService.QualityFinding> findings) =>
        XlsxList.File("chat-luong-du-lieu.xlsx", "Chất lượng dữ liệu",
            [new("Kiểm tra", 45), new("Tên", 30), new("Cơ sở / loại hình", 40), new("Ngày sinh / ngày tiếp nhận", 16, IsDate: true), new("Lần khám gần nhất", 16, IsDate: true)],
            findings.SelectMany(f => f.Items.Select(m => (IReadOnlyList<object?>)[f.Title, m.Name, f.Kind == "Facility" ? m.Detail : m.Facility, m.Date, m.LastCheck])));

    public static IResult Uninsured(IReadOnlyList<UninsuredRow> rows) =>
        XlsxList.File("doi-tuong-chua-co-the-bhyt.xlsx", "Chưa có thẻ BHYT còn hạn",
            [
                new("Họ và tên", 28), new("Ngày sinh", 12, IsDate: true), new("Số CCCD", 15), new("Số thẻ BHYT (cũ)", 18),
                new("Thẻ hết hạn ngày", 14, IsDate: true), new("Địa chỉ", 45), new("Cơ sở", 40),
            ],
            rows.Select(r => (IReadOnlyList<object?>)[r.FullName, r.BirthDate, r.NationalId, r.HealthInsuranceNumber, r.CardValidTo, r.Address, r.Facility]));
}
