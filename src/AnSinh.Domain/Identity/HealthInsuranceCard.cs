namespace AnSinh.Domain.Identity;

/// <summary>
/// The health-insurance (BHYT) card number: 15 characters — two letters for the holder group,
/// one digit for the benefit level (1–5), two digits for the province, ten digits of the
/// social-insurance number (e.g. "CB 2 22 2212345678").
/// </summary>
public static class HealthInsuranceCard
{
    public static string Normalize(string value) =>
        new string(value.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = Normalize(value);
        if (v.Length != 15
            || !char.IsAsciiLetter(v[0]) || !char.IsAsciiLetter(v[1])
            || v[2] < '1' || v[2] > '5'
            || !v.Skip(3).All(char.IsAsciiDigit))
        {
            return "Số thẻ BHYT phải gồm 15 ký tự: 2 chữ cái mã đối tượng, 1 chữ số mức hưởng (1–5), 2 chữ số mã tỉnh và 10 chữ số mã số BHXH.";
        }

        return null;
    }
}
