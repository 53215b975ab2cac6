using AnSinh.Web.Components.Shared;
using AnSinh.Web.Infrastructure;

namespace AnSinh.Web.Features.Beneficiaries;

/// <summary>The search results as a spreadsheet.</summary>
public static class BeneficiarySpreadsheets
{
    public static IResult Search(BeneficiaryPage page) => XlsxList.File("tim-kiem-doi-tuong.xlsx", "Đối tượng",
        [
            new("Họ và tên", 28), new("Ngày sinh", 12, IsDate: true), new("Giới tính", 9), new("Số CCCD", 15), new("Số thẻ BHYT", 18),
            new("Nhóm đối tượng", 40), new("Cơ sở hiện tại", 40),
        ],
        page.Items.Select(p => (IReadOnlyList<object?>)
        [
            p.FullName, p.BirthDate, Labels.Of(p.Sex), p.NationalId, p.HealthInsuranceNumber,
            string.Join("; ", p.Categories.Select(Labels.Of)), p.CurrentFacilityName,
        ]));
}
