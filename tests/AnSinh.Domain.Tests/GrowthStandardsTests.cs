using AnSinh.Domain.Growth;

namespace AnSinh.Domain.Tests;

/// <summary>
/// WHO Child Growth Standards 2006 z-scores from WHO's own LMS tables (data/reference/who). The expected values were
/// worked out separately from the table rows named on each case with WHO's formula and its restricted application
/// beyond ±3 SD, to two decimals, as WHO Anthro reports them.
/// </summary>
public class GrowthStandardsTests
{
    private const int Boy = 1, Girl = 2;

    private static readonly Lazy<GrowthStandards> Standards = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AnSinh.sln")))
        {
            root = root.Parent;
        }

        return GrowthStandards.Load(Path.Combine(root!.FullName, "data", "reference", "who"));
    });

    // Boys' weight-for-age, day 365: L 0.0645, M 9.646, S 0.10925; day 0: L 0.3487, M 3.3464, S 0.14602.
    [Theory]
    [InlineData(365, 9.646, 0.00)]
    [InlineData(365, 8.0, -1.70)]
    [InlineData(365, 12.5, 2.39)]
    [InlineData(365, 6.0, -4.14)] // beyond −3 SD: restricted
    [InlineData(0, 2.5, -1.90)]
    [InlineData(0, 5.2, 3.28)]    // beyond +3 SD: restricted
    [InlineData(0, 1.5, -4.53)]
    public void Weight_for_age_of_boys(int ageDays, double weight, double z) =>
        Assert.Equal(z, Standards.Value.Compute(Boy, ageDays, weight, null, measuredLying: true)!.WeightForAge);

    // Girls' length/height-for-age, day 365: M 74.0049, S 0.03479 (length); day 731: M 85.7299, S 0.03764 (height).
    [Theory]
    [InlineData(365, 70.0, true, -1.56)]
    [InlineData(365, 69.3, false, -1.56)] // measured standing under two: 0.7 cm added
    [InlineData(731, 80.0, false, -1.78)]
    [InlineData(731, 80.7, true, -1.78)]  // measured lying from two: 0.7 cm taken off
    public void Length_or_height_for_age_of_girls_with_WHOs_position_rule(int ageDays, double length, bool lying, double z) =>
        Assert.Equal(z, Standards.Value.Compute(Girl, ageDays, null, length, lying)!.LengthForAge);

    [Fact]
    public void Weight_for_length_under_two_interpolates_between_WHOs_tenths_of_a_centimetre()
    {
        // Boys 75.0 cm (M 9.5032, S 0.08295) and 75.1 cm (M 9.5235, S 0.08297), L −0.3521: 75.05 cm, 9.0 kg.
        Assert.Equal(-0.68, Standards.Value.Compute(Boy, 300, 9.0, 75.05, measuredLying: true)!.WeightForLength);
    }

    [Fact]
    public void Weight_for_height_from_two_years()
    {
        // Girls 100 cm standing: L −0.3833, M 15.2246, S 0.09088; 14 kg.
        Assert.Equal(-0.94, Standards.Value.Compute(Girl, 1200, 14, 100, measuredLying: false)!.WeightForLength);
    }

    [Fact]
    public void BMI_for_age()
    {
        // Boys day 900: L −0.4391, M 15.8104, S 0.07836; 13 kg at 90 cm standing is a BMI of 16.05.
        Assert.Equal(0.19, Standards.Value.Compute(Boy, 900, 13, 90, measuredLying: false)!.BmiForAge);
    }

    [Fact]
    public void Outside_WHOs_ranges_there_is_no_score()
    {
        Assert.Null(Standards.Value.Compute(Boy, GrowthStandards.MaxAgeDays + 1, 18, 110, false));
        Assert.Null(Standards.Value.Compute(Girl, -1, 3, 50, true));
        Assert.Null(Standards.Value.Compute(Boy, 30, 3.0, 44.0, true)!.WeightForLength); // the length table starts at 45 cm
        Assert.NotNull(Standards.Value.Compute(Boy, GrowthStandards.MaxAgeDays, 18, 110, false)!.WeightForAge);
    }
}
