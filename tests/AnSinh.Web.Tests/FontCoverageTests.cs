namespace AnSinh.Web.Tests;

/// <summary>The PDF font must have a glyph for every Vietnamese letter, or diacritics vanish on paper.</summary>
public class FontCoverageTests
{
    private static IEnumerable<char> VietnameseLetters() =>
        "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
            .Concat(Enumerable.Range(0x1EA0, 0x1EF9 - 0x1EA0 + 1).Select(c => (char)c));

    [Theory]
    [InlineData("DejaVuSans.ttf")]
    [InlineData("DejaVuSans-Bold.ttf")]
    public void Bundled_report_font_covers_every_vietnamese_letter(string file)
    {
        var font = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fonts", file));
        var missing = VietnameseLetters().Where(c => GlyphOf(font, c) == 0).ToList();
        Assert.True(missing.Count == 0, $"{file} lacks: {string.Concat(missing)}");
    }

    [Fact]
    public void The_check_itself_notices_a_missing_glyph()
    {
        var font = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fonts", "DejaVuSans.ttf"));
        Assert.Equal(0, GlyphOf(font, '\uE000')); // a private-use code point no font maps
        Assert.NotEqual(0, GlyphOf(font, 'ạ'));
    }

    /// <summary>Looks a character up in the font's Windows Unicode BMP cmap (format 4).</summary>
    private static int GlyphOf(byte[] f, char c)
    {
        int U16(int o) => (f[o] << 8) | f[o + 1];
        long U32(int o) => ((long)f[o] << 24) | ((long)f[o + 1] << 16) | ((long)f[o + 2] << 8) | f[o + 3];
        var tables = U16(4);
        var cmap = Enumerable.Range(0, tables).Select(i => 12 + 16 * i)
            .First(r => f[r] == 'c' && f[r + 1] == 'm' && f[r + 2] == 'a' && f[r + 3] == 'p');
        var cmapOffset = (int)U32(cmap + 8);
        var subtable = Enumerable.Range(0, U16(cmapOffset + 2)).Select(i => cmapOffset + 4 + 8 * i)
            .Where(r => U16(r) == 3 && U16(r + 2) == 1).Select(r => cmapOffset + (int)U32(r + 4)).First();
        if (U16(subtable) != 4)
        {
            throw new InvalidDataException("expected a format-4 cmap");
        }

        var segments = U16(subtable + 6) / 2;
        var ends = subtable + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var offsets = deltas + 2 * segments;
        for (var i = 0; i < segments; i++)
        {
            if (U16(ends + 2 * i) < c)
            {
                continue;
            }

            var start = U16(starts + 2 * i);
            if (start > c)
            {
                return 0;
            }

            var delta = U16(deltas + 2 * i);
            var rangeOffset = U16(offsets + 2 * i);
            if (rangeOffset == 0)
            {
                return (c + delta) & 0xFFFF;
            }

            var glyph = U16(offsets + 2 * i + rangeOffset + 2 * (c - start));
            return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
        }

        return 0;
    }
}

/// <summary>Prints letters with and without their marks and compares the pictures: a lost mark makes them equal.</summary>
public class PdfGlyphTests
{
    [SkippableTheory]
    [InlineData("ế ố ầ ề ấ ộ ạ", "e o a e a o a", PdfSharp.Drawing.XFontStyleEx.Regular)]
    [InlineData("ế ố ầ ề ấ ộ ạ", "e o a e a o a", PdfSharp.Drawing.XFontStyleEx.Bold)]
    [InlineData("Đ ư ơ ỹ ữ", "D u o y u", PdfSharp.Drawing.XFontStyleEx.Italic)]
    public async Task Vietnamese_marks_are_printed(string marked, string plain, PdfSharp.Drawing.XFontStyleEx style)
    {
        var withMarks = await RenderAsync(Features.Reports.PdfAnnualReport.Sample(marked, style));
        Skip.If(withMarks is null, "pdftoppm not installed");
        var without = await RenderAsync(Features.Reports.PdfAnnualReport.Sample(plain, style));
        Assert.NotNull(without);
        // Marks add dark pixels: with them the line must be darker than without.
        Assert.True(Ink(withMarks!) > Ink(without!) * 1.08, $"marks missing: ink {Ink(withMarks!)} vs {Ink(without!)}");
    }

    /// <summary>Counts dark pixels in a PGM (P5) image.</summary>
    private static int Ink(byte[] pgm)
    {
        var fields = 0;
        var i = 0;
        while (fields < 4)
        {
            while (char.IsWhiteSpace((char)pgm[i])) { i++; }
            while (!char.IsWhiteSpace((char)pgm[i])) { i++; }
            fields++;
        }

        return pgm.Skip(i + 1).Count(b => b < 128);
    }

    private static async Task<byte[]?> RenderAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ansinh-glyph-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path + ".pdf", pdf);
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftoppm", $"-r 40 -gray -f 1 -l 1 -singlefile {path}.pdf {path}")
                { UseShellExecute = false, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return File.Exists(path + ".pgm") ? await File.ReadAllBytesAsync(path + ".pgm") : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            File.Delete(path + ".pdf");
            File.Delete(path + ".pgm");
        }
    }
}
