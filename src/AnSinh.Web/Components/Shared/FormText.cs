using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;

namespace AnSinh.Web.Components.Shared;

/// <summary>
/// Reads the text of a form field the vi-VN way (VietnameseInput) and records a Vietnamese error
/// on the field when it cannot be read. Forms hold dates and numbers as text so that what the
/// user typed is never reinterpreted by a culture-dependent binder.
/// </summary>
public static class FormText
{
    public static DateOnly? Date(string? text, string field, ValidationErrors errors) =>
        Read(VietnameseInput.TryParseDate(text, out var value), value, text, field, errors,
            "không phải là ngày hợp lệ. Nhập ngày/tháng/năm, ví dụ 05/03/2025.");

    public static decimal? Decimal(string? text, string field, ValidationErrors errors) =>
        Read(VietnameseInput.TryParseDecimal(text, out var value), value, text, field, errors,
            "không phải là một số đọc được. Dùng dấu phẩy hoặc dấu chấm cho phần thập phân, không dùng dấu phân cách hàng nghìn, ví dụ 37,5.");

    public static int? Int(string? text, string field, ValidationErrors errors) =>
        Read(VietnameseInput.TryParseInt(text, out var value), value, text, field, errors,
            "không phải là một số nguyên. Chỉ nhập chữ số, ví dụ 120.");

    private static T? Read<T>(VietnameseInput.Outcome outcome, T value, string? text, string field, ValidationErrors errors, string problem)
        where T : struct
    {
        if (outcome == VietnameseInput.Outcome.Invalid)
        {
            errors.Add(field, $"\"{text!.Trim()}\" {problem}");
        }

        return outcome == VietnameseInput.Outcome.Parsed ? value : null;
    }

    public static string Of(DateOnly? value) => VietnameseInput.FormatDate(value);

    public static string Of(decimal? value) => VietnameseInput.FormatDecimal(value);

    public static string Of(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
