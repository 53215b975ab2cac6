namespace AnSinh.Domain.Identity;

/// <summary>
/// The citizen identity number (CCCD): 12 digits — a 3-digit province-of-birth code,
/// one digit for sex and birth century, two digits of the birth year, six serial digits.
/// </summary>
public static class NationalId
{
    public static string? Validate(string? value, Sex? sex = null, DateOnly? birthDate = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();
        if (v.Length != 12 || !v.All(char.IsAsciiDigit))
        {
            return "Số CCCD phải gồm đúng 12 chữ số.";
        }

        // Digit 4 encodes sex and century: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd ...
        var genderCentury = v[3] - '0';
        if (genderCentury > 9)
        {
            return "Số CCCD không hợp lệ.";
        }

        if (birthDate is { } bd)
        {
            var century = 1900 + (genderCentury / 2) * 100;
            var year = century + int.Parse(v.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture);
            if (year != bd.Year)
            {
                return $"Số CCCD không khớp năm sinh ({bd.Year}): mã năm sinh trong CCCD là {year}.";
            }
        }

        if (sex is Sex.Male or Sex.Female)
        {
            var cccdFemale = genderCentury % 2 == 1;
            if (cccdFemale != (sex == Sex.Female))
            {
                return "Số CCCD không khớp giới tính.";
            }
        }

        return null;
    }
}
