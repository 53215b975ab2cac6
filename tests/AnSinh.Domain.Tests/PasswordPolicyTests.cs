using AnSinh.Domain.Identity;

namespace AnSinh.Domain.Tests;

public sealed class PasswordPolicyTests
{
    private static readonly CommonPasswordList Shipped = CommonPasswordList.Read(Path.Combine(Root(), "data", "reference", "passwords", "common-passwords.txt"));

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AnSinh.sln")) && !Directory.Exists(Path.Combine(dir.FullName, ".git")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void The_shipped_list_holds_the_ten_thousand_sourced_passwords()
    {
        Assert.Equal(10_000, Shipped.Count);
        Assert.True(Shipped.Contains("password"));
        Assert.True(Shipped.Contains("QWERTY")); // whatever the case
    }

    [Theory]
    [InlineData("Một câu dễ nhớ về biển Hạ Long")]
    [InlineData("ca phe sua da buoi sang")]
    [InlineData("correct horse battery staple")]
    public void A_long_passphrase_is_accepted_without_composition_rules(string password) =>
        Assert.Empty(PasswordPolicy.Problems(password, "dieu.duong.hoa", Shipped));

    [Fact]
    public void Length_is_counted_in_characters_as_people_see_them()
    {
        // "Hạ Long 2026" typed with combining marks is 13 UTF-16 units but 12 characters: accepted; 11 are refused.
        var decomposed = "Hạ Long 2026".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal(13, decomposed.Length);
        Assert.Empty(PasswordPolicy.Problems(decomposed, null, Shipped));
        Assert.Contains(PasswordPolicy.Problems("Hạ Long 202", null, Shipped), p => p.Contains("ít nhất 12", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("iloveyou2026")]
    [InlineData("@password1234")]
    [InlineData("SUNSHINE!!!!")]
    public void A_common_password_dressed_with_digits_or_symbols_is_refused(string password) =>
        Assert.Contains(PasswordPolicy.Problems(password, null, Shipped), p => p.Contains("phổ biến", StringComparison.Ordinal));

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    [InlineData("123456789012")]
    [InlineData("abcdefghijklm")]
    [InlineData("987654321098")]
    public void Repeated_or_consecutive_characters_are_refused(string password) =>
        Assert.NotEmpty(PasswordPolicy.Problems(password, null, Shipped));

    [Fact]
    public void A_password_containing_the_user_name_is_refused() =>
        Assert.Contains(PasswordPolicy.Problems("xin chào dieu.duong.hoa", "Dieu.Duong.Hoa", Shipped), p => p.Contains("tên đăng nhập", StringComparison.Ordinal));

    [Fact]
    public void Control_characters_and_overlong_passwords_are_refused()
    {
        Assert.NotEmpty(PasswordPolicy.Problems("mật khẩu có\u0000ký tự lạ", null, Shipped));
        Assert.NotEmpty(PasswordPolicy.Problems(new string('x', 64) + new string('y', 65), null, Shipped));
    }
}
