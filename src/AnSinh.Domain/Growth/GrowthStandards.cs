using System.Globalization;

namespace AnSinh.Domain.Growth;

/// <summary>One row of a WHO LMS table: the Box-Cox power, median and coefficient of variation.</summary>
public sealed record Lms(double L, double M, double S)
{
    /// <summary>z = ((y/M)^L − 1) / (S·L).</summary>
    public double Z(double y) => Math.Abs(L) < 1e-12 ? Math.Log(y / M) / S : (Math.Pow(y / M, L) - 1) / (S * L);

    /// <summary>The measurement at a z-score: M·(1 + L·S·z)^(1/L).</summary>
    public double At(double z) => Math.Abs(L) < 1e-12 ? M * Math.Exp(S * z) : M * Math.Pow(1 + (L * S * z), 1 / L);

    /// <summary>
    /// WHO's restricted application for weight-based indicators: beyond ±3 SD the distance from the 3 SD line is
    /// counted in units of the gap between the 2 and 3 SD lines, where the LMS curve no longer fits the data.
    /// </summary>
    public double RestrictedZ(double y)
    {
        var z = Z(y);
        if (z > 3)
        {
            var sd3 = At(3);
            return 3 + ((y - sd3) / (sd3 - At(2)));
        }

        if (z < -3)
        {
            var sd3 = At(-3);
            return -3 + ((y - sd3) / (At(-2) - sd3));
        }

        return z;
    }
}

/// <summary>A WHO LMS table by sex and a key: age in days, or length/height in centimetres by 0.1.</summary>
public sealed class LmsTable
{
    private readonly Dictionary<(int Sex, int Key), Lms> _rows;
    private readonly int _scale;

    private LmsTable(Dictionary<(int, int), Lms> rows, int scale)
    {
        _rows = rows;
        _scale = scale;
    }

    /// <summary>A tab-separated WHO table with a header (sex, key, l, m, s, …); keys by 0.1 when <paramref name="tenths"/>.</summary>
    public static LmsTable Parse(TextReader reader, bool tenths)
    {
        var scale = tenths ? 10 : 1;
        var rows = new Dictionary<(int, int), Lms>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            rows[(int.Parse(f[0], CultureInfo.InvariantCulture), (int)Math.Round(D(1) * scale))] = new Lms(D(2), D(3), D(4));
        }

        return new LmsTable(rows, scale);
    }

    /// <summary>The row at a key; between two 0.1 cm rows, interpolated linearly as WHO Anthro does. Null outside the table.</summary>
    public Lms? At(int sex, double key)
    {
        var scaled = key * _scale;
        var low = (int)Math.Floor(scaled + 1e-9);
        if (!_rows.TryGetValue((sex, low), out var lower))
        {
            return null;
        }

        var fraction = scaled - low;
        if (fraction < 1e-9)
        {
            return lower;
        }

        if (!_rows.TryGetValue((sex, low + 1), out var upper))
        {
            return null;
        }

        return new Lms(lower.L + ((upper.L - lower.L) * fraction), lower.M + ((upper.M - lower.M) * fraction), lower.S + ((upper.S - lower.S) * fraction));
    }
}

/// <summary>The four z-scores WHO reports for a child under five, to two decimals; null where one does not apply.</summary>
public sealed record GrowthZScores(double? WeightForAge, double? LengthForAge, double? WeightForLength, double? BmiForAge);

/// <summary>
/// WHO Child Growth Standards 2006 for children under five (0–1826 days): weight-for-age, length/height-for-age,
/// weight-for-length (under 24 months) or weight-for-height, and BMI-for-age, with WHO's rules: recumbent length
/// under 731 days and standing height after (0.7 cm added or taken off when measured the other way), and the
/// restricted application beyond ±3 SD for the weight-based indicators.
/// </summary>
public sealed class GrowthStandards(LmsTable weightForAge, LmsTable lengthForAge, LmsTable weightForLength, LmsTable weightForHeight, LmsTable bmiForAge)
{
    public const int MaxAgeDays = 1826;
    public const int HeightFromDays = 731;
    public const double PositionCorrectionCm = 0.7;

    /// <summary>Loads the five tables from a folder holding WHO's files (data/reference/who).</summary>
    public static GrowthStandards Load(string folder)
    {
        LmsTable Read(string file, bool tenths)
        {
            using var reader = new StreamReader(Path.Combine(folder, file));
            return LmsTable.Parse(reader, tenths);
        }

        return new GrowthStandards(Read("who2006_weianthro.txt", false), Read("who2006_lenanthro.txt", false),
            Read("who2006_wflanthro.txt", true), Read("who2006_wfhanthro.txt", true), Read("who2006_bmianthro.txt", false));
    }

    /// <param name="sex">1 male, 2 female (WHO's coding).</param>
    /// <param name="measuredLying">True when the length was measured lying down (recumbent).</param>
    /// <returns>Null when the age is outside 0–1826 days.</returns>
    public GrowthZScores? Compute(int sex, int ageDays, double? weightKg, double? lengthCm, bool measuredLying)
    {
        if (ageDays is < 0 or > MaxAgeDays || sex is not (1 or 2))
        {
            return null;
        }

        var useHeight = ageDays >= HeightFromDays;
        double? length = lengthCm is { } cm
            ? cm + (!useHeight && !measuredLying ? PositionCorrectionCm : useHeight && measuredLying ? -PositionCorrectionCm : 0)
            : null;

        double? Round(double? z) => z is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;
        var wfa = weightKg is { } w ? weightForAge.At(sex, ageDays)?.RestrictedZ(w) : null;
        var lfa = length is { } l ? lengthForAge.At(sex, ageDays)?.Z(l) : null;
        var wfl = weightKg is { } w2 && length is { } l2 ? (useHeight ? weightForHeight : weightForLength).At(sex, l2)?.RestrictedZ(w2) : null;
        var bmi = weightKg is { } w3 && length is { } l3 ? bmiForAge.At(sex, ageDays)?.RestrictedZ(w3 / Math.Pow(l3 / 100, 2)) : null;
        return new GrowthZScores(Round(wfa), Round(lfa), Round(wfl), Round(bmi));
    }
}
