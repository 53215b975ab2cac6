using AnSinh.Domain.Indicators;
using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Monitoring;

/// <summary>An entitlement as a form, an API call or an import row gives it.</summary>
public sealed class EntitlementInput
{
    public EntitlementKind? Kind { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    /// <summary>The decision that grants it ("123/QĐ-UBND").</summary>
    public string? DecisionNumber { get; set; }
}

public static class EntitlementRules
{
    public static ValidationErrors Validate(EntitlementInput input, DateOnly birthDate, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.AddIf(input.Kind is null, "kind", "Chọn loại chế độ (trợ cấp hằng tháng, bảo hiểm y tế, hỗ trợ tiền điện).");
        if (input.From is not { } from)
        {
            errors.Add("from", "Ngày bắt đầu hưởng là bắt buộc.");
        }
        else
        {
            errors.AddIf(from < birthDate, "from", "Ngày bắt đầu hưởng không được trước ngày sinh.");
            errors.AddIf(from > today.AddYears(1), "from", "Ngày bắt đầu hưởng quá xa trong tương lai.");
            errors.AddIf(input.To is { } to && to < from, "to", "Ngày kết thúc phải sau ngày bắt đầu hưởng.");
        }

        errors.AddIf(input.DecisionNumber is { Length: > 100 }, "decisionNumber", "Số quyết định không được dài quá 100 ký tự.");
        return errors;
    }

    /// <summary>Two entitlements of one kind may not overlap: the second would be counted twice or hide a gap.</summary>
    public static bool Overlaps(DateOnly from, DateOnly? to, DateOnly otherFrom, DateOnly? otherTo) =>
        from <= (otherTo ?? DateOnly.MaxValue) && otherFrom <= (to ?? DateOnly.MaxValue);
}
