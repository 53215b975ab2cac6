using AnSinh.Domain.Stays;
using AnSinh.Domain.Text;
using static AnSinh.Domain.Text.VietnameseInput;

namespace AnSinh.Domain.Tests;

public sealed class VietnameseInputTests
{
    [Theory]
    [InlineData("37,5", 37.5)]
    [InlineData("37.5", 37.5)]
    [InlineData(" 54,5 ", 54.5)]
    [InlineData("6,8", 6.8)]
    [InlineData("120", 120)]
    [InlineData("-2,5", -2.5)]
    public void A_decimal_comma_and_a_decimal_point_are_the_same_value(string text, double expected)
    {
        Assert.Equal(Outcome.Parsed, TryParseDecimal(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("1.234,5")]
    [InlineData("1,234.5")]
    [InlineData("1 234")]
    [InlineData("37,5,1")]
    [InlineData("37,")]
    [InlineData(",5")]
    [InlineData("ba mươi")]
    [InlineData("37°")]
    public void What_cannot_be_read_one_way_only_is_refused(string text) =>
        Assert.Equal(Outcome.Invalid, TryParseDecimal(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Blank_is_empty_not_zero(string? text) => Assert.Equal(Outcome.Empty, TryParseDecimal(text, out _));

    [Theory]
    [InlineData("5/3/2025", 2025, 3, 5)]
    [InlineData("05/03/2025", 2025, 3, 5)]
    [InlineData("5-3-2025", 2025, 3, 5)]
    [InlineData("5.3.2025", 2025, 3, 5)]
    [InlineData("2025-03-05", 2025, 3, 5)]
    [InlineData("29/02/2024", 2024, 2, 29)]
    public void Dates_are_read_day_first(string text, int y, int m, int d)
    {
        Assert.Equal(Outcome.Parsed, TryParseDate(text, out var value));
        Assert.Equal(new DateOnly(y, m, d), value);
    }

    [Theory]
    [InlineData("30/02/1950")]
    [InlineData("29/02/2025")]
    [InlineData("13/13/2025")]
    [InlineData("5/3/25")]
    [InlineData("5/3-2025")]
    [InlineData("2025/03/05")]
    [InlineData("hôm nay")]
    public void Impossible_or_ambiguous_dates_are_refused(string text) => Assert.Equal(Outcome.Invalid, TryParseDate(text, out _));

    [Fact]
    public void Values_are_shown_back_the_vi_VN_way()
    {
        Assert.Equal("37,5", FormatDecimal(37.5m));
        Assert.Equal("120", FormatDecimal(120m));
        Assert.Equal("1234,25", FormatDecimal(1234.25m)); // no grouping: the text is read back as typed
        Assert.Equal("05/03/2025", FormatDate(new DateOnly(2025, 3, 5)));
    }

    [Fact]
    public void Whole_numbers_take_digits_only()
    {
        Assert.Equal(Outcome.Parsed, TryParseInt("120", out var n));
        Assert.Equal(120, n);
        Assert.Equal(Outcome.Invalid, TryParseInt("1.200", out _));
        Assert.Equal(Outcome.Invalid, TryParseInt("12,5", out _));
    }

    [Fact]
    public void A_person_discharged_today_is_served_today_but_no_longer_in_the_facility()
    {
        var today = new DateOnly(2026, 11, 27);
        Assert.True(StayPeriods.IsServedOn(today.AddDays(-30), today, today));
        Assert.False(StayPeriods.IsInFacilityAfter(today.AddDays(-30), today, today));
        Assert.True(StayPeriods.IsInFacilityAfter(today.AddDays(-30), today.AddDays(1), today));
        Assert.True(StayPeriods.IsInFacilityAfter(today, null, today));
        Assert.False(StayPeriods.IsServedOn(today.AddDays(1), null, today));
    }
}
