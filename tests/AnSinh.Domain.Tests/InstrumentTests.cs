using AnSinh.Domain.Instruments;

namespace AnSinh.Domain.Tests;

/// <summary>
/// Each instrument's scoring and band boundaries, from its publication (cited on each test): the sums and cut-offs a
/// nurse reads off the paper form must be the ones AnSinh shows.
/// </summary>
public class InstrumentTests
{
    private static InstrumentScore Score(string code, params int?[] answers)
    {
        var (result, errors) = InstrumentCatalog.Find(code)!.Score(answers);
        Assert.True(errors.IsValid, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return result!;
    }

    private static IReadOnlyDictionary<string, string[]> Errors(string code, params int?[] answers) =>
        InstrumentCatalog.Find(code)!.Score(answers).Errors.ToDictionary();

    private static int?[] Repeat(int value, int count) => Enumerable.Repeat((int?)value, count).ToArray();

    // Kroenke, Spitzer & Williams 2001 (J Gen Intern Med 16:606): 0–27; 5, 10, 15, 20 mild, moderate, moderately severe, severe.
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0, 0, 0 }, 4, "minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 5, "mild")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 9, "mild")]
    [InlineData(new[] { 2, 1, 1, 1, 1, 1, 1, 1, 1 }, 10, "moderate")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 1, 1, 1, 1 }, 14, "moderate")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 1, 1, 1 }, 15, "moderately-severe")]
    [InlineData(new[] { 3, 3, 3, 2, 2, 2, 2, 2, 0 }, 19, "moderately-severe")]
    [InlineData(new[] { 3, 3, 3, 3, 2, 2, 2, 2, 0 }, 20, "severe")]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, 27, "severe")]
    public void PHQ9_sums_the_nine_items_and_bands_at_5_10_15_20(int[] answers, int score, string band)
    {
        var result = Score("PHQ-9", answers.Select(a => (int?)a).ToArray());
        Assert.True(result.Complete);
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Code);
    }

    [Fact]
    public void PHQ9_item_9_is_flagged_on_its_own_even_when_the_form_is_incomplete()
    {
        Assert.Equal([Phq9.SelfHarmFlag], Score("PHQ-9", 0, 0, 0, 0, 0, 0, 0, 0, 1).Flags);
        Assert.Empty(Score("PHQ-9", 3, 3, 3, 3, 3, 3, 3, 3, 0).Flags);
        var incomplete = Score("PHQ-9", 1, null, 1, 1, 1, 1, 1, 1, 2);
        Assert.False(incomplete.Complete);
        Assert.Null(incomplete.Score);
        Assert.Null(incomplete.Band);
        Assert.Equal([Phq9.SelfHarmFlag], incomplete.Flags);
    }

    [Fact]
    public void An_answer_out_of_range_or_a_wrong_count_is_refused_with_the_item_named()
    {
        Assert.Contains("Câu 4", Errors("PHQ-9", 0, 0, 0, 4, 0, 0, 0, 0, 0)["answers[3]"][0], StringComparison.Ordinal);
        Assert.Contains("9 câu", Errors("PHQ-9", 0, 0, 0)["answers"][0], StringComparison.Ordinal);
        Assert.Contains("0, 5, 10", Errors("BARTHEL", 7, 0, 0, 0, 0, 0, 0, 0, 0, 0)["answers[0]"][0], StringComparison.Ordinal);
    }

    // Sheikh & Yesavage 1986 (Clin Gerontol 5:165): a point for "no" on items 1, 5, 7, 11, 13 and "yes" on the others; ≥ 5 suggests depression.
    [Fact]
    public void GDS15_scores_the_depressive_answer_with_five_reverse_scored_items_and_bands_at_5()
    {
        // Every answer the non-depressive one: yes (1) to items 1, 5, 7, 11, 13, no (0) to the rest.
        int?[] none = [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0];
        Assert.Equal(0, Score("GDS-15", none).Score);
        Assert.Equal(15, Score("GDS-15", none.Select(a => 1 - a).ToArray()).Score);

        // "No" to items 1, 5, 7 and "yes" to item 2: four points, normal; "no" to item 11 as well: five, suggests depression.
        int?[] four = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0];
        Assert.Equal((4, "normal"), (Score("GDS-15", four).Score!.Value, Score("GDS-15", four).Band!.Code));
        int?[] five = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
        Assert.Equal((5, "suggests-depression"), (Score("GDS-15", five).Score!.Value, Score("GDS-15", five).Band!.Code));
        Assert.NotEmpty(Errors("GDS-15", Repeat(2, 15)));
    }

    // Mahoney & Barthel 1965 (Md State Med J 14:61): ten items, 0–100; bands of Shah, Vanclay & Cooper 1989 (J Clin Epidemiol 42:703).
    [Theory]
    [InlineData(new[] { 10, 15, 5, 10, 5, 15, 10, 10, 10, 10 }, 100, "independent")]
    [InlineData(new[] { 10, 15, 5, 10, 0, 15, 10, 10, 10, 10 }, 95, "slight")]
    [InlineData(new[] { 10, 15, 5, 10, 5, 15, 0, 10, 10, 10 }, 90, "moderate")]
    [InlineData(new[] { 10, 10, 5, 5, 0, 10, 5, 5, 5, 5 }, 60, "severe")]
    [InlineData(new[] { 10, 10, 5, 5, 5, 10, 5, 5, 5, 5 }, 65, "moderate")]
    [InlineData(new[] { 5, 5, 0, 0, 0, 5, 0, 0, 5, 0 }, 20, "total")]
    [InlineData(new[] { 5, 5, 0, 0, 0, 5, 0, 0, 5, 5 }, 25, "severe")]
    public void Barthel_sums_the_published_points_and_bands_dependency(int[] answers, int score, string band)
    {
        var result = Score("BARTHEL", answers.Select(a => (int?)a).ToArray());
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Code);
    }

    // Bergstrom et al. 1987 (Nurs Res 36:205): six subscales, 6–23; bands of Ayello & Braden 2002 (≤ 9, 10–12, 13–14, 15–18, ≥ 19).
    [Theory]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 }, 6, "very-high")]
    [InlineData(new[] { 2, 2, 2, 1, 1, 1 }, 9, "very-high")]
    [InlineData(new[] { 2, 2, 2, 2, 1, 1 }, 10, "high")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2 }, 12, "high")]
    [InlineData(new[] { 3, 2, 2, 2, 2, 2 }, 13, "moderate")]
    [InlineData(new[] { 3, 3, 3, 2, 2, 2 }, 15, "mild")]
    [InlineData(new[] { 4, 3, 3, 3, 3, 2 }, 18, "mild")]
    [InlineData(new[] { 4, 4, 3, 3, 3, 2 }, 19, "none")]
    [InlineData(new[] { 4, 4, 4, 4, 4, 3 }, 23, "none")]
    public void Braden_sums_the_six_subscales_and_bands_risk(int[] answers, int score, string band)
    {
        var result = Score("BRADEN", answers.Select(a => (int?)a).ToArray());
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Code);
        Assert.NotEmpty(Errors("BRADEN", 4, 4, 4, 4, 4, 4)); // friction and shear goes to 3
    }

    // Morse, Morse & Tylko 1989 (Can J Aging 8:366): 0–125; 0–24 no risk, 25–44 low, ≥ 45 high.
    [Theory]
    [InlineData(new[] { 0, 0, 0, 20, 0, 0 }, 20, "none")]
    [InlineData(new[] { 0, 0, 0, 0, 10, 0 }, 10, "none")]
    [InlineData(new[] { 25, 0, 0, 0, 0, 0 }, 25, "low")]
    [InlineData(new[] { 25, 15, 0, 0, 0, 0 }, 40, "low")]
    [InlineData(new[] { 25, 0, 0, 20, 0, 0 }, 45, "high")]
    [InlineData(new[] { 25, 15, 30, 20, 20, 15 }, 125, "high")]
    public void Morse_sums_the_published_points_and_divides_at_25_and_45(int[] answers, int score, string band)
    {
        var result = Score("MORSE", answers.Select(a => (int?)a).ToArray());
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Code);
        Assert.NotEmpty(Errors("MORSE", 24, 0, 0, 0, 0, 0));
    }

    // Kaiser et al. 2009 (J Nutr Health Aging 13:782): A–E plus F1 or F2, 0–14; 0–7 malnourished, 8–11 at risk, 12–14 normal.
    [Theory]
    [InlineData(new[] { 1, 1, 1, 2, 1, 1, -1 }, 7, "malnourished")]
    [InlineData(new[] { 1, 1, 1, 2, 1, 2, -1 }, 8, "at-risk")]
    [InlineData(new[] { 2, 2, 2, 2, 1, 2, -1 }, 11, "at-risk")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, -1 }, 12, "normal")]
    [InlineData(new[] { 2, 3, 2, 2, 2, 3, -1 }, 14, "normal")]
    [InlineData(new[] { 2, 1, 2, 2, 2, -1, 3 }, 12, "normal")] // calf circumference ≥ 31 cm when no BMI
    [InlineData(new[] { 2, 1, 2, 2, 2, -1, 0 }, 9, "at-risk")]
    public void MNA_SF_uses_the_BMI_or_the_calf_and_bands_at_8_and_12(int[] answers, int score, string band)
    {
        var result = Score("MNA-SF", answers.Select(a => a < 0 ? null : (int?)a).ToArray());
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Code);
    }

    [Fact]
    public void MNA_SF_takes_the_BMI_or_the_calf_not_both_and_without_either_has_no_score()
    {
        Assert.Contains("không dùng cả hai", Errors("MNA-SF", 2, 2, 2, 2, 2, 3, 3)["answers[6]"][0], StringComparison.Ordinal);
        var result = Score("MNA-SF", 2, 2, 2, 2, 2, null, null);
        Assert.False(result.Complete);
        Assert.Null(result.Score);
    }

    // WHO ASSIST v3.0 manual (Humeniuk et al., WHO 2010): involvement score Q2–Q7 (tobacco without Q5); alcohol 0–10 low,
    // 11–26 moderate, ≥ 27 high; every other substance 0–3 low, 4–26 moderate, ≥ 27 high.
    private static int?[] AssistAnswers(params (string Substance, int?[] Q1To7)[] used)
    {
        var answers = new List<int?>();
        foreach (var (code, _) in Assist.Substances)
        {
            var given = used.FirstOrDefault(u => u.Substance == code).Q1To7;
            answers.AddRange(given ?? [0, null, null, null, null, null, null]);
        }

        answers.Add(0); // Q8: never injected
        return [.. answers];
    }

    [Fact]
    public void ASSIST_scores_each_substance_with_its_own_cut_offs()
    {
        var result = Score("ASSIST", AssistAnswers(
            ("tobacco", [3, 6, 6, 4, null, 3, 6]),          // 25: moderate
            ("alcohol", [3, 4, 3, 0, 0, 3, 0]),             // 10: low for alcohol
            ("cannabis", [3, 2, 0, 0, 0, 0, 0]),            // 2: low
            ("amphetamine-type-stimulants", [3, 0, null, null, null, 3, 0]), // not in 3 months, but a concern: 3, low
            ("sedatives", [3, 2, 0, 0, 0, 0, 3]),           // 5: moderate (4 or more)
            ("opioids", [3, 6, 6, 7, 8, 6, 6])));           // 39: high
        Assert.True(result.Complete);
        Assert.Null(result.Score);
        var bands = result.Substances!.ToDictionary(s => s.Substance, s => (s.Score, s.Band.Code));
        Assert.Equal((25, "moderate"), bands["tobacco"]);
        Assert.Equal((10, "low"), bands["alcohol"]);
        Assert.Equal((2, "low"), bands["cannabis"]);
        Assert.Equal((3, "low"), bands["amphetamine-type-stimulants"]);
        Assert.Equal((5, "moderate"), bands["sedatives"]);
        Assert.Equal((39, "high"), bands["opioids"]);
        Assert.Equal((0, "low"), bands["cocaine"]);
    }

    [Theory]
    [InlineData("alcohol", 10, "low")]
    [InlineData("alcohol", 11, "moderate")]
    [InlineData("alcohol", 26, "moderate")]
    [InlineData("alcohol", 27, "high")]
    [InlineData("opioids", 3, "low")]
    [InlineData("opioids", 4, "moderate")]
    [InlineData("opioids", 26, "moderate")]
    [InlineData("opioids", 27, "high")]
    public void ASSIST_boundaries(string substance, int score, string band)
    {
        var q = FindAnswers(score);
        var result = Score("ASSIST", AssistAnswers((substance, q)));
        Assert.Equal((score, band), (result.Substances!.Single(s => s.Substance == substance).Score, result.Substances!.Single(s => s.Substance == substance).Band.Code));
    }

    /// <summary>A set of Q1–Q7 point values (WHO's) whose involvement score is <paramref name="target"/>.</summary>
    private static int?[] FindAnswers(int target)
    {
        int[] q2 = [0, 2, 3, 4, 6], q3 = [0, 3, 4, 5, 6], q4 = [0, 4, 5, 6, 7], q5 = [0, 5, 6, 7, 8], q67 = [0, 3, 6];
        foreach (var a in q2.Where(v => v > 0))
        {
            foreach (var b in q3)
            {
                foreach (var c in q4)
                {
                    foreach (var d in q5)
                    {
                        foreach (var e in q67)
                        {
                            foreach (var f in q67)
                            {
                                if (a + b + c + d + e + f == target)
                                {
                                    return [3, a, b, c, d, e, f];
                                }
                            }
                        }
                    }
                }
            }
        }

        throw new InvalidOperationException($"no answers score {target}");
    }

    [Fact]
    public void ASSIST_refuses_answers_the_questionnaire_skips_and_flags_recent_injection()
    {
        var answers = AssistAnswers(("cannabis", [0, 2, null, null, null, null, null]));
        Assert.Contains("chưa từng dùng", Errors("ASSIST", answers)["answers[15]"][0], StringComparison.Ordinal);
        var injected = AssistAnswers(("opioids", [3, 6, 6, 7, 8, 6, 6]));
        injected[^1] = 2;
        Assert.Equal([Assist.InjectedRecentlyFlag], Score("ASSIST", injected).Flags);
        var unanswered = AssistAnswers(("alcohol", [3, 4, null, 0, 0, 0, 0]));
        Assert.False(Score("ASSIST", unanswered).Complete);
        Assert.Equal(71, InstrumentCatalog.Find("assist")!.Items.Count);
    }

    [Fact]
    public void Each_instrument_knows_its_published_maximum()
    {
        var max = InstrumentCatalog.All.Values.ToDictionary(i => i.Code, i => i.MaxScore);
        Assert.Equal((27, 15, 100, 23, 125, 14), (max["PHQ-9"], max["GDS-15"], max["BARTHEL"], max["BRADEN"], max["MORSE"], max["MNA-SF"]));
        Assert.Null(max["ASSIST"]);
    }

    [Fact]
    public void Options_carry_the_forms_words_beside_their_points()
    {
        var assist = InstrumentCatalog.Find("ASSIST")!;
        Assert.Equal("4 – Hằng tuần", assist.Items[8].OptionLabelVi(4)); // alcohol, Q2
        Assert.Equal("3 – Có, nhưng trước 3 tháng qua", assist.Items[12].OptionLabelVi(3)); // alcohol, Q6
        Assert.Equal("2 – Không", InstrumentCatalog.Find("MNA-SF")!.Items[3].OptionLabelVi(2)); // D: no acute disease scores 2
        Assert.Equal("5 – Cần giúp (cắt thức ăn, phết bơ…)", InstrumentCatalog.Find("BARTHEL")!.Items[0].OptionLabelVi(5));
        Assert.Equal("3 – Không có vấn đề rõ", InstrumentCatalog.Find("BRADEN")!.Items[5].OptionLabelVi(3));
        // Every item of every instrument but the two with their own words says what each value means.
        Assert.All(InstrumentCatalog.All.Values.Where(i => i is not Phq9 and not Gds15).SelectMany(i => i.Items),
            item => Assert.True(item.OptionsVi is not null && item.Values.All(item.OptionsVi.ContainsKey), item.Key));
    }

    [Fact]
    public void ASSIST_stops_after_question_1_when_nothing_was_ever_used()
    {
        var nothing = AssistAnswers();
        nothing[^1] = null; // Q8 is not asked
        var result = Score("ASSIST", nothing);
        Assert.True(result.Complete);
        Assert.All(result.Substances!, s => Assert.Equal(0, s.Score));
        nothing[^1] = 2;
        Assert.Contains("Câu 8", Errors("ASSIST", nothing)["answers[70]"][0], StringComparison.Ordinal);
        // Later answers without question 1.
        var noQ1 = AssistAnswers(("alcohol", [null, 4, 3, 0, 0, 0, 0]));
        Assert.Contains("câu 1", Errors("ASSIST", noQ1)["answers[7]"][0], StringComparison.Ordinal);
    }
}
