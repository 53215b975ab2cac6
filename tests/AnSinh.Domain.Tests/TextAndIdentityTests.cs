using AnSinh.Domain.Identity;
using AnSinh.Domain.Text;

namespace AnSinh.Domain.Tests;

public class VietnameseTextTests
{
    [Theory]
    [InlineData("Nguyễn Văn An", "nguyen van an")]
    [InlineData("  Đặng   Thị  Ánh ", "dang thi anh")]
    [InlineData("Trạm Y tế Phường Hà Tu", "tram y te phuong ha tu")]
    [InlineData("", "")]
    public void Fold_strips_diacritics_case_and_extra_spaces(string input, string expected) =>
        Assert.Equal(expected, VietnameseText.Fold(input));

    [Fact]
    public void Folded_query_is_contained_in_folded_name() =>
        Assert.Contains(VietnameseText.Fold("nguyen van"), VietnameseText.Fold("Nguyễn Văn Ân"));

    [Theory]
    [InlineData("nguyen van", "%nguyen van%")]
    [InlineData("100%", "%100\\%%")]
    [InlineData("a_b\\c", "%a\\_b\\\\c%")]
    public void A_search_pattern_takes_wildcards_in_the_query_literally(string text, string expected) =>
        Assert.Equal(expected, VietnameseText.ContainsPattern(text));
}

public class NationalIdTests
{
    [Theory]
    [InlineData("02205012345")]      // 11 digits
    [InlineData("0220501234567")]    // 13 digits
    [InlineData("02205012345A")]     // a letter
    public void Wrong_length_or_letters_are_refused(string id) =>
        Assert.Equal("Số CCCD phải gồm đúng 12 chữ số.", NationalId.Validate(id));

    [Fact]
    public void A_well_formed_id_matching_sex_and_birth_year_is_accepted() =>
        Assert.Null(NationalId.Validate("022050123456", Sex.Male, new DateOnly(1950, 3, 1)));

    [Fact]
    public void A_woman_born_in_2005_has_century_digit_3() =>
        Assert.Null(NationalId.Validate("022305123456", Sex.Female, new DateOnly(2005, 3, 1)));

    [Fact]
    public void Birth_year_mismatch_is_refused()
    {
        var error = NationalId.Validate("022050123456", Sex.Male, new DateOnly(1951, 3, 1));
        Assert.NotNull(error);
        Assert.Contains("năm sinh", error);
    }

    [Fact]
    public void Sex_mismatch_is_refused() =>
        Assert.Equal("Số CCCD không khớp giới tính.", NationalId.Validate("022050123456", Sex.Female, new DateOnly(1950, 3, 1)));

    [Fact]
    public void Empty_is_allowed_because_the_field_is_optional() => Assert.Null(NationalId.Validate(null));
}

public class HealthInsuranceCardTests
{
    [Theory]
    [InlineData("CB2222212345678")]
    [InlineData("cb 2 22 2212345678")]
    [InlineData("HN-3-22-1234567890")]
    public void Valid_numbers_with_any_spacing_are_accepted(string number) => Assert.Null(HealthInsuranceCard.Validate(number));

    [Theory]
    [InlineData("C12222212345678")]  // second character not a letter
    [InlineData("CB6222212345678")]  // benefit level 6
    [InlineData("CB222221234567")]   // 14 characters
    [InlineData("CB22222123456X8")]  // letter in the number
    public void Malformed_numbers_are_refused(string number)
    {
        var error = HealthInsuranceCard.Validate(number);
        Assert.NotNull(error);
        Assert.StartsWith("Số thẻ BHYT phải gồm 15 ký tự", error);
    }

    [Fact]
    public void Normalize_removes_spaces_and_dashes_and_upper_cases() =>
        Assert.Equal("HN3221234567890", HealthInsuranceCard.Normalize("hn 3-22 1234567890"));
}
