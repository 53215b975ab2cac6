using System.Globalization;
using System.Text.RegularExpressions;

namespace AnSinh.Domain.Text;

/// <summary>
/// Numbers and dates as Vietnamese users type them: "37,5" and "37.5" are the same value,
/// "5/3/2025" is 5 March. Anything that cannot be read one way only is refused, never guessed.
/// </summary>
public static partial class VietnameseInput
{
    /// <summary>vi-VN: decimal comma, dot for thousands.</summary>
    public static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public enum Outcome
    {
        Empty,
        Parsed,
        Invalid,
    }

    /// <summary>
    /// A decimal with at most one separator, comma or dot, taken as the decimal mark. Thousands
    /// grouping ("1.234,5", "1,234.5", "1 234") is refused: in a clinical field it is a typing error
    /// more often than a large number, and reading it either way could store a wrong value.
    /// </summary>
    public static Outcome TryParseDecimal(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Outcome.Empty;
        }

        var match = DecimalPattern().Match(text.Trim());
        if (!match.Success)
        {
            return Outcome.Invalid;
        }

        var normalised = match.Groups["int"].Value + (match.Groups["frac"].Success ? "." + match.Groups["frac"].Value : "");
        if (!decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return Outcome.Invalid;
        }

        if (match.Groups["sign"].Value == "-")
        {
            value = -value;
        }

        return Outcome.Parsed;
    }

    /// <summary>A whole number: digits only (an optional leading minus), no separators.</summary>
    public static Outcome TryParseInt(string? text, out int value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Outcome.Empty;
        }

        return IntPattern().IsMatch(text.Trim())
               && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? Outcome.Parsed
            : Outcome.Invalid;
    }

    /// <summary>
    /// Day first: d/M/yyyy with '/', '-' or '.' between the parts ("5/3/2025", "05-03-2025"), or the
    /// ISO form yyyy-MM-dd that browsers and spreadsheets send. Two-digit years are refused.
    /// </summary>
    public static Outcome TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Outcome.Empty;
        }

        var trimmed = text.Trim();
        var dayFirst = DayFirstDatePattern().Match(trimmed);
        if (dayFirst.Success)
        {
            return TryDate(dayFirst.Groups["y"].Value, dayFirst.Groups["m"].Value, dayFirst.Groups["d"].Value, out value);
        }

        var iso = IsoDatePattern().Match(trimmed);
        return iso.Success
            ? TryDate(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value, out value)
            : Outcome.Invalid;
    }

    /// <summary>"37,5"; whole numbers without a decimal part; no thousands grouping (it is read back).</summary>
    public static string FormatDecimal(decimal? value) =>
        value?.ToString("0.##########", Vi) ?? "";

    public static string FormatDate(DateOnly? value) =>
        value?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";

    private static Outcome TryDate(string year, string month, string day, out DateOnly value)
    {
        value = default;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return Outcome.Invalid;
        }

        value = new DateOnly(y, m, d);
        return Outcome.Parsed;
    }

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<int>\d+)(?:[.,](?<frac>\d+))?$")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^-?\d{1,10}$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?<d>\d{1,2})([/.-])(?<m>\d{1,2})\1(?<y>\d{4})$")]
    private static partial Regex DayFirstDatePattern();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$")]
    private static partial Regex IsoDatePattern();
}
