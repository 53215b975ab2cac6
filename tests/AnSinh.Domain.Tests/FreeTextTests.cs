using AnSinh.Domain.Text;

namespace AnSinh.Domain.Tests;

public class FreeTextTests
{
    [Theory]
    [InlineData("Ghi nhầm người: bà Lò Thị Một", false)]
    [InlineData("Dòng một\nDòng hai\r\n\tthụt lề", false)]
    [InlineData(null, false)]
    [InlineData("a\u0000b", true)]
    [InlineData("chuông\u0007", true)]
    [InlineData("xóa\u007F", true)]
    [InlineData("đảo chiều \u202Eđọc ngược", true)]
    [InlineData("cô lập \u2066x\u2069", true)]
    public void A_note_refuses_control_characters_and_bidirectional_overrides(string? text, bool refused) =>
        Assert.Equal(refused, FreeText.HasControlCharacters(text));
}
