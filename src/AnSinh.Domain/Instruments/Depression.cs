namespace AnSinh.Domain.Instruments;

/// <summary>PHQ-9: nine items scored 0–3 over the last two weeks; total 0–27; item 9 flagged on its own.</summary>
public sealed class Phq9 : Instrument
{
    public const string SelfHarmFlag = "self-harm-thoughts";

    public override string Code => "PHQ-9";
    public override string Version => "Kroenke 2001";
    public override string NameVi => "PHQ-9 (trầm cảm)";
    public override string Source =>
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606–613.";

    private static readonly int[] Points = [0, 1, 2, 3];

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("interest", "Ít hứng thú hoặc không thích thú làm việc gì", Points),
        Item("mood", "Cảm thấy buồn, chán nản hoặc tuyệt vọng", Points),
        Item("sleep", "Khó ngủ, ngủ không yên hoặc ngủ quá nhiều", Points),
        Item("energy", "Mệt mỏi hoặc thiếu sức lực", Points),
        Item("appetite", "Chán ăn hoặc ăn quá nhiều", Points),
        Item("self-worth", "Thấy mình tồi tệ, thất bại hoặc làm gia đình thất vọng", Points),
        Item("concentration", "Khó tập trung", Points),
        Item("psychomotor", "Chậm chạp hoặc bồn chồn, đứng ngồi không yên", Points),
        Item("self-harm", "Nghĩ rằng mình chết đi thì hơn hoặc muốn tự làm hại bản thân", Points),
    ];

    protected override InstrumentScore Compute(IReadOnlyList<int?> answers)
    {
        // Item 9 is read on its own even when other items are missing: any answer above 0 needs a clinician today.
        IReadOnlyList<string> flags = answers[8] is > 0 ? [SelfHarmFlag] : [];
        return base.Compute(answers) with { Flags = flags };
    }

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("minimal", "Không có hoặc tối thiểu")),
        (5, new Band("mild", "Nhẹ")),
        (10, new Band("moderate", "Vừa")),
        (15, new Band("moderately-severe", "Khá nặng")),
        (20, new Band("severe", "Nặng")));
}

/// <summary>
/// GDS-15: fifteen yes/no questions (1 = yes, 0 = no); a point for each answer that points to depression, which is
/// "no" for items 1, 5, 7, 11 and 13 and "yes" for the others; 5 or more suggests depression.
/// </summary>
public sealed class Gds15 : Instrument
{
    public override string Code => "GDS-15";
    public override string Version => "Sheikh & Yesavage 1986";
    public override string NameVi => "GDS-15 (trầm cảm người cao tuổi)";
    public override string Source =>
        "Sheikh JI, Yesavage JA. Geriatric Depression Scale (GDS): recent evidence and development of a shorter version. "
        + "Clin Gerontol 1986;5(1–2):165–173.";

    /// <summary>Zero-based positions of the items where "no" is the depressive answer (items 1, 5, 7, 11, 13).</summary>
    public static readonly IReadOnlySet<int> ReverseScored = new HashSet<int> { 0, 4, 6, 10, 12 };

    private static readonly int[] YesNo = [0, 1];

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("satisfied", "Nhìn chung có hài lòng với cuộc sống", YesNo),
        Item("dropped-activities", "Đã bỏ nhiều hoạt động và sở thích", YesNo),
        Item("empty", "Cảm thấy cuộc sống trống rỗng", YesNo),
        Item("bored", "Thường thấy buồn chán", YesNo),
        Item("good-spirits", "Phần lớn thời gian tinh thần thoải mái", YesNo),
        Item("afraid", "Sợ điều gì xấu sắp xảy đến với mình", YesNo),
        Item("happy", "Phần lớn thời gian cảm thấy vui vẻ", YesNo),
        Item("helpless", "Thường cảm thấy bất lực", YesNo),
        Item("stay-home", "Thích ở nhà hơn là ra ngoài làm việc mới", YesNo),
        Item("memory", "Thấy trí nhớ kém hơn phần lớn mọi người", YesNo),
        Item("wonderful-alive", "Thấy được sống là điều tuyệt vời", YesNo),
        Item("worthless", "Thấy mình vô dụng", YesNo),
        Item("energy", "Cảm thấy tràn đầy năng lượng", YesNo),
        Item("hopeless", "Thấy hoàn cảnh của mình vô vọng", YesNo),
        Item("others-better", "Nghĩ rằng phần lớn mọi người khá hơn mình", YesNo),
    ];

    protected override InstrumentScore Compute(IReadOnlyList<int?> answers)
    {
        if (answers.Any(a => a is null))
        {
            return InstrumentScore.Incomplete();
        }

        var score = answers.Select((a, i) => ReverseScored.Contains(i) ? 1 - a!.Value : a!.Value).Sum();
        return new InstrumentScore(true, score, BandForTotal(score), []);
    }

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("normal", "Bình thường")),
        (5, new Band("suggests-depression", "Gợi ý trầm cảm")));
}
