using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Instruments;

/// <summary>
/// WHO ASSIST v3.0: for each of ten substances in WHO's order, Q1–Q7 with WHO's point values, then Q8 (injection):
/// 71 answers. A substance's involvement score is Q2+Q3+Q4+Q5+Q6+Q7 (tobacco has no Q5); its risk is low, moderate or
/// high, with alcohol's own cut-offs. Skips as on the questionnaire: a substance never used (Q1 no) has no Q2–Q7,
/// one not used in the past three months (Q2 never) has no Q3–Q5; a skipped answer may be left null.
/// </summary>
public sealed class Assist : Instrument
{
    public const string InjectedRecentlyFlag = "injected-past-3-months";
    public const int QuestionsPerSubstance = 7;

    public override string Code => "ASSIST";
    public override string Version => "3.0";
    public override string NameVi => "ASSIST v3.0 (sàng lọc sử dụng rượu, thuốc lá và chất gây nghiện)";
    public override string Source =>
        "Humeniuk R, Henry-Edwards S, Ali R, Poznyak V, Monteiro M. The Alcohol, Smoking and Substance Involvement Screening Test "
        + "(ASSIST): manual for use in primary care. Geneva: World Health Organization; 2010 (ASSIST v3.0).";

    /// <summary>The ten substance classes in WHO's order (a–j).</summary>
    public static readonly IReadOnlyList<(string Code, string NameVi)> Substances =
    [
        ("tobacco", "Thuốc lá, thuốc lào, xì gà"),
        ("alcohol", "Đồ uống có cồn (rượu, bia…)"),
        ("cannabis", "Cần sa"),
        ("cocaine", "Cocain"),
        ("amphetamine-type-stimulants", "Chất kích thích dạng amphetamin (ma túy đá, thuốc lắc…)"),
        ("inhalants", "Chất gây nghiện dạng hít (keo, xăng, dung môi…)"),
        ("sedatives", "Thuốc an thần hoặc thuốc ngủ"),
        ("hallucinogens", "Chất gây ảo giác"),
        ("opioids", "Các chất dạng thuốc phiện (heroin, morphin, methadone…)"),
        ("other", "Chất khác"),
    ];

    // WHO's answer words, with the points the response card gives each (Q3–Q5 share Q2's frequencies).
    private static readonly string[] Frequency = ["Không lần nào", "1–2 lần", "Hằng tháng", "Hằng tuần", "Hằng ngày hoặc gần như hằng ngày"];
    private static readonly (int, string)[] Ever = [(0, "Chưa"), (3, "Đã từng")];
    private static readonly (int, string)[] Lately = [(0, "Chưa bao giờ"), (6, "Có, trong 3 tháng qua"), (3, "Có, nhưng trước 3 tháng qua")];

    private static (int, string)[] Scale(params int[] points) => points.Select((p, i) => (p, Frequency[i])).ToArray();

    private static readonly (string Key, string Label, (int, string)[] Options)[] Questions =
    [
        ("q1-ever", "đã từng dùng", Ever),
        ("q2-frequency", "tần suất dùng 3 tháng qua", Scale(0, 2, 3, 4, 6)),
        ("q3-urge", "thèm muốn mạnh mẽ 3 tháng qua", Scale(0, 3, 4, 5, 6)),
        ("q4-problems", "gây vấn đề sức khỏe, xã hội, pháp lý, tài chính 3 tháng qua", Scale(0, 4, 5, 6, 7)),
        ("q5-failed-duties", "không làm được việc thường ngày 3 tháng qua", Scale(0, 5, 6, 7, 8)),
        ("q6-concern", "người thân, bạn bè lo ngại", Lately),
        ("q7-tried-to-stop", "đã cố giảm hoặc ngừng mà không được", Lately),
    ];

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        .. Substances.SelectMany(s => Questions.Select(q => Item($"{s.Code}.{q.Key}", $"{s.NameVi}: {q.Label}", q.Options))),
        Item("q8-injection", "Đã từng tiêm chích chất gây nghiện", (0, "Chưa bao giờ"), (2, "Có, trong 3 tháng qua"), (1, "Có, nhưng trước 3 tháng qua")),
    ];

    public override int? MaxScore => null;

    private static int? Answer(IReadOnlyList<int?> answers, int substance, int question) => answers[substance * QuestionsPerSubstance + question - 1];

    protected override void Validate(IReadOnlyList<int?> answers, ValidationErrors errors)
    {
        // When no substance was ever used the interview stops after Q1: Q8 (injection) is not asked.
        var noneEver = Enumerable.Range(0, Substances.Count).All(s => Answer(answers, s, 1) == 0);
        errors.AddIf(noneEver && answers[^1] is > 0, $"answers[{answers.Count - 1}]",
            "Câu 8 (tiêm chích) chỉ hỏi khi đã từng dùng ít nhất một chất ở câu 1.");
        for (var s = 0; s < Substances.Count; s++)
        {
            if (Answer(answers, s, 1) is null && Enumerable.Range(2, QuestionsPerSubstance - 1).Any(q => Answer(answers, s, q) is not null))
            {
                errors.Add($"answers[{s * QuestionsPerSubstance}]", $"{Substances[s].NameVi}: trả lời câu 1 (đã từng dùng hay chưa) trước các câu sau.");
            }

            var never = Answer(answers, s, 1) == 0;
            var notRecently = Answer(answers, s, 2) == 0;
            for (var q = 2; q <= QuestionsPerSubstance; q++)
            {
                var skipped = never || (notRecently && q is 3 or 4 or 5) || (s == 0 && q == 5);
                if (skipped && Answer(answers, s, q) is > 0)
                {
                    errors.Add($"answers[{s * QuestionsPerSubstance + q - 1}]",
                        $"{Substances[s].NameVi}: câu {q} được bỏ qua theo bộ câu hỏi ({(never ? "chưa từng dùng" : s == 0 && q == 5 ? "thuốc lá không hỏi câu 5" : "không dùng trong 3 tháng qua")}), không nhận điểm.");
                }
            }
        }
    }

    protected override InstrumentScore Compute(IReadOnlyList<int?> answers)
    {
        IReadOnlyList<string> flags = answers[^1] == 2 ? [InjectedRecentlyFlag] : [];
        var scores = new List<SubstanceScore>();
        var noneEver = Enumerable.Range(0, Substances.Count).All(s => Answer(answers, s, 1) == 0);
        var complete = answers[^1] is not null || noneEver;
        for (var s = 0; s < Substances.Count; s++)
        {
            if (Answer(answers, s, 1) is not { } ever)
            {
                complete = false;
                continue;
            }

            int[] asked = ever == 0 ? [] : Answer(answers, s, 2) == 0 ? [2, 6, 7] : s == 0 ? [2, 3, 4, 6, 7] : [2, 3, 4, 5, 6, 7];
            if (asked.Any(q => Answer(answers, s, q) is null))
            {
                complete = false;
                continue;
            }

            var score = asked.Sum(q => Answer(answers, s, q)!.Value);
            var (moderate, high) = Substances[s].Code == "alcohol" ? (11, 27) : (4, 27);
            scores.Add(new SubstanceScore(Substances[s].Code, Substances[s].NameVi, score, BandOf(score,
                (0, new Band("low", "Nguy cơ thấp")),
                (moderate, new Band("moderate", "Nguy cơ vừa")),
                (high, new Band("high", "Nguy cơ cao")))));
        }

        return complete ? new InstrumentScore(true, null, null, flags, scores) : InstrumentScore.Incomplete(flags);
    }
}
