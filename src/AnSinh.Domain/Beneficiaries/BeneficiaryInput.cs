using AnSinh.Domain.Identity;
using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Beneficiaries;

/// <summary>What a form or API call submits to create or edit a person's identity and categories.</summary>
public sealed class BeneficiaryInput : IVersionedInput
{
    public string? FullName { get; set; }
    public Sex? Sex { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? EthnicityCode { get; set; }
    public string? NationalId { get; set; }
    public string? HealthInsuranceNumber { get; set; }
    public DateOnly? HealthInsuranceValidFrom { get; set; }
    public DateOnly? HealthInsuranceValidTo { get; set; }
    public int? AddressUnitId { get; set; }
    public string? AddressLine { get; set; }
    public int? RegisteredFacilityId { get; set; }
    public List<CategoryInput> Categories { get; set; } = [];
    public List<ContactInput> Contacts { get; set; } = [];

    /// <summary>When editing: the record's version the edit started from (the API also takes it as If-Match).</summary>
    public int? Version { get; set; }
}

public sealed class CategoryInput
{
    public CategoryKind? Kind { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? MeritTypeCode { get; set; }
    public int? WarInvalidPercent { get; set; }
    public string? DisabilityTypeCode { get; set; }
    public string? AssistanceTypeCode { get; set; }
    public DisabilitySeverity? DisabilitySeverity { get; set; }
}

public sealed class ContactInput
{
    public string? FullName { get; set; }
    public string? Relationship { get; set; }
    public string? Phone { get; set; }
    public bool IsGuardian { get; set; }
}

public static class BeneficiaryRules
{
    /// <param name="lists">The coded lists in force (CodeLists names → codes); codes are checked against them when given.</param>
    public static ValidationErrors Validate(BeneficiaryInput input, DateOnly today, IReadOnlyDictionary<string, IReadOnlySet<string>>? lists = null)
    {
        var errors = new ValidationErrors();
        errors.AddIf(string.IsNullOrWhiteSpace(input.FullName), "fullName", "Họ và tên là bắt buộc.");
        errors.AddIf(input.FullName is { Length: > 200 }, "fullName", "Họ và tên không được dài quá 200 ký tự.");
        errors.AddIf(input.AddressLine is { Length: > 300 }, "addressLine", "Địa chỉ (số nhà, thôn, tổ) không được dài quá 300 ký tự.");
        errors.AddIf(input.Sex is null, "sex", "Giới tính là bắt buộc.");
        if (input.BirthDate is null)
        {
            errors.Add("birthDate", "Ngày sinh là bắt buộc.");
        }
        else if (input.BirthDate > today)
        {
            errors.Add("birthDate", "Ngày sinh không được ở tương lai.");
        }
        else if (input.BirthDate < today.AddYears(-130))
        {
            errors.Add("birthDate", "Ngày sinh không hợp lệ (quá 130 tuổi).");
        }

        if (NationalId.Validate(input.NationalId, input.Sex, input.BirthDate) is { } idError)
        {
            errors.Add("nationalId", idError);
        }

        if (HealthInsuranceCard.Validate(input.HealthInsuranceNumber) is { } cardError)
        {
            errors.Add("healthInsuranceNumber", cardError);
        }

        if (input.HealthInsuranceValidFrom is { } from && input.HealthInsuranceValidTo is { } to && to < from)
        {
            errors.Add("healthInsuranceValidTo", "Ngày hết hạn thẻ BHYT phải sau ngày bắt đầu.");
        }

        if (!string.IsNullOrWhiteSpace(input.HealthInsuranceNumber) && input.HealthInsuranceValidTo is null)
        {
            errors.Add("healthInsuranceValidTo", "Cần nhập hạn sử dụng của thẻ BHYT.");
        }

        for (var i = 0; i < input.Categories.Count; i++)
        {
            var c = input.Categories[i];
            var prefix = $"categories[{i}]";
            errors.AddIf(c.Kind is null, $"{prefix}.kind", "Chọn nhóm đối tượng.");
            errors.AddIf(c.From is null, $"{prefix}.from", "Ngày bắt đầu thuộc nhóm là bắt buộc.");
            errors.AddIf(c.From is { } f && c.To is { } t && t < f, $"{prefix}.to", "Ngày kết thúc phải sau ngày bắt đầu.");
            errors.AddIf(c.From is { } f2 && f2 > today, $"{prefix}.from", "Ngày bắt đầu không được ở tương lai.");
            errors.AddIf(c.WarInvalidPercent is < 1 or > 100, $"{prefix}.warInvalidPercent", "Tỷ lệ tổn thương cơ thể phải từ 1 đến 100%.");
            errors.AddIf(c.WarInvalidPercent is not null && c.Kind != CategoryKind.MeritoriousService, $"{prefix}.warInvalidPercent",
                "Tỷ lệ tổn thương chỉ áp dụng cho người có công.");
            errors.AddIf(c.DisabilitySeverity is not null && c.Kind != CategoryKind.Disability, $"{prefix}.disabilitySeverity",
                "Mức độ khuyết tật chỉ áp dụng cho người khuyết tật.");
            errors.AddIf(c.Kind == CategoryKind.Disability && c.DisabilitySeverity is null, $"{prefix}.disabilitySeverity",
                "Chọn mức độ khuyết tật.");
            AddCodeErrors(c, prefix, lists, errors);
        }

        if (lists is not null && !string.IsNullOrWhiteSpace(input.EthnicityCode) && !CodeLists.Contains(lists, CodeLists.EthnicGroup, input.EthnicityCode))
        {
            errors.Add("ethnicityCode", $"\"{input.EthnicityCode}\" không có trong danh mục 54 dân tộc (mã 01–54 của Tổng cục Thống kê).");
        }

        for (var i = 0; i < input.Contacts.Count; i++)
        {
            var c = input.Contacts[i];
            errors.AddIf(string.IsNullOrWhiteSpace(c.FullName), $"contacts[{i}].fullName", "Họ tên người liên hệ là bắt buộc.");
            errors.AddIf(c.Phone is { Length: > 0 } p && !p.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '.'),
                $"contacts[{i}].phone", "Số điện thoại chỉ gồm chữ số.");
        }

        return errors;
    }

    public static string SearchName(string fullName) => VietnameseText.Fold(fullName);

    private static void AddCodeErrors(CategoryInput c, string prefix, IReadOnlyDictionary<string, IReadOnlySet<string>>? lists, ValidationErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(c.MeritTypeCode))
        {
            var clause = c.Kind switch
            {
                CategoryKind.MeritoriousService => CodeLists.MeritoriousPersonClause,
                CategoryKind.MeritoriousRelative => CodeLists.MeritoriousRelativeClause,
                _ => null,
            };
            if (clause is null)
            {
                errors.Add($"{prefix}.meritTypeCode", "Loại người có công chỉ áp dụng cho người có công hoặc thân nhân người có công.");
            }
            else if (lists is not null && (!CodeLists.Contains(lists, CodeLists.MeritoriousType, c.MeritTypeCode)
                                           || !c.MeritTypeCode.Trim().StartsWith(clause, StringComparison.Ordinal)))
            {
                errors.Add($"{prefix}.meritTypeCode", c.Kind == CategoryKind.MeritoriousService
                    ? "Chọn loại người có công theo Điều 3 khoản 1 Pháp lệnh 02/2020/UBTVQH14."
                    : "Chọn quan hệ thân nhân theo Điều 3 khoản 2 Pháp lệnh 02/2020/UBTVQH14.");
            }
        }

        if (!string.IsNullOrWhiteSpace(c.DisabilityTypeCode))
        {
            errors.AddIf(c.Kind != CategoryKind.Disability, $"{prefix}.disabilityTypeCode", "Dạng khuyết tật chỉ áp dụng cho người khuyết tật.");
            errors.AddIf(c.Kind == CategoryKind.Disability && lists is not null && !CodeLists.Contains(lists, CodeLists.DisabilityType, c.DisabilityTypeCode),
                $"{prefix}.disabilityTypeCode", "Chọn dạng khuyết tật theo Điều 3 khoản 1 Luật Người khuyết tật.");
        }

        if (!string.IsNullOrWhiteSpace(c.AssistanceTypeCode) && lists is not null && !CodeLists.Contains(lists, CodeLists.SocialAssistance, c.AssistanceTypeCode))
        {
            errors.Add($"{prefix}.assistanceTypeCode", "Chọn diện trợ cấp xã hội theo Điều 5 Nghị định 20/2021/NĐ-CP.");
        }
    }
}
