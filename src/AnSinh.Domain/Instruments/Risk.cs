using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Instruments;

/// <summary>Braden Scale: six subscales (friction and shear 1–3, the others 1–4); total 6–23, lower is riskier.</summary>
public sealed class BradenScale : Instrument
{
    public override string Code => "BRADEN";
    public override string Version => "Bergstrom 1987";
    public override string NameVi => "Thang Braden (nguy cơ loét tì đè)";
    public override string Source =>
        "Bergstrom N, Braden BJ, Laguzza A, Holman V. The Braden Scale for Predicting Pressure Sore Risk. Nurs Res 1987;36(4):205–210. "
        + "Bands: Ayello EA, Braden B. How and why to do pressure ulcer risk assessment. Adv Skin Wound Care 2002;15(3):125–131.";

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("sensory-perception", "Cảm nhận giác quan", (1, "Mất hoàn toàn"), (2, "Hạn chế nhiều"), (3, "Hạn chế ít"), (4, "Không suy giảm")),
        Item("moisture", "Độ ẩm da", (1, "Luôn ẩm ướt"), (2, "Rất ẩm"), (3, "Thỉnh thoảng ẩm"), (4, "Hiếm khi ẩm")),
        Item("activity", "Mức độ hoạt động", (1, "Nằm tại giường"), (2, "Ngồi ghế, xe lăn"), (3, "Thỉnh thoảng đi lại"), (4, "Đi lại thường xuyên")),
        Item("mobility", "Khả năng cử động", (1, "Hoàn toàn bất động"), (2, "Hạn chế nhiều"), (3, "Hạn chế ít"), (4, "Không hạn chế")),
        Item("nutrition", "Dinh dưỡng", (1, "Rất kém"), (2, "Có lẽ không đủ"), (3, "Đủ"), (4, "Rất tốt")),
        Item("friction-shear", "Ma sát và lực trượt", (1, "Có vấn đề"), (2, "Có thể có vấn đề"), (3, "Không có vấn đề rõ")),
    ];

    public override Band BandForTotal(int total) => BandOf(total,
        (6, new Band("very-high", "Nguy cơ rất cao")),
        (10, new Band("high", "Nguy cơ cao")),
        (13, new Band("moderate", "Nguy cơ vừa")),
        (15, new Band("mild", "Có nguy cơ")),
        (19, new Band("none", "Không có nguy cơ")));
}

/// <summary>Morse Fall Scale: six items with their published points; total 0–125; 25 and 45 divide the risk.</summary>
public sealed class MorseFallScale : Instrument
{
    public override string Code => "MORSE";
    public override string Version => "Morse 1989";
    public override string NameVi => "Thang Morse (nguy cơ té ngã)";
    public override string Source =>
        "Morse JM, Morse RM, Tylko SJ. Development of a scale to identify the fall-prone patient. Can J Aging 1989;8(4):366–377.";

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("history-of-falling", "Tiền sử té ngã (3 tháng gần đây)", (0, "Không"), (25, "Có")),
        Item("secondary-diagnosis", "Có từ hai chẩn đoán trở lên", (0, "Không"), (15, "Có")),
        Item("ambulatory-aid", "Dụng cụ hỗ trợ đi lại", (0, "Không cần, nằm giường, hoặc có điều dưỡng giúp"), (15, "Nạng, gậy, khung tập đi"), (30, "Bám vào đồ đạc")),
        Item("iv-therapy", "Đang truyền dịch hoặc lưu kim", (0, "Không"), (20, "Có")),
        Item("gait", "Dáng đi", (0, "Bình thường, nằm giường hoặc xe lăn"), (10, "Yếu"), (20, "Suy giảm")),
        Item("mental-status", "Nhận thức", (0, "Biết giới hạn khả năng của mình"), (15, "Đánh giá quá cao hoặc quên giới hạn")),
    ];

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("none", "Không có nguy cơ")),
        (25, new Band("low", "Nguy cơ thấp")),
        (45, new Band("high", "Nguy cơ cao")));
}

/// <summary>
/// MNA-SF: A–E, then F1 (BMI) or, when the BMI cannot be measured, F2 (calf circumference) — exactly one of them;
/// total 0–14: 12–14 normal, 8–11 at risk, 0–7 malnourished. Answers [A, B, C, D, E, F1, F2].
/// </summary>
public sealed class MnaShortForm : Instrument
{
    public override string Code => "MNA-SF";
    public override string Version => "Kaiser 2009";
    public override string NameVi => "MNA-SF (sàng lọc suy dinh dưỡng)";
    public override string Source =>
        "Kaiser MJ, Bauer JM, Ramsch C, et al. Validation of the Mini Nutritional Assessment short-form (MNA-SF): a practical tool "
        + "for identification of nutritional status. J Nutr Health Aging 2009;13(9):782–788.";

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("food-intake", "A. Ăn kém đi trong 3 tháng qua", (0, "Giảm nhiều"), (1, "Giảm vừa"), (2, "Không giảm")),
        Item("weight-loss", "B. Sụt cân trong 3 tháng qua", (0, "Hơn 3 kg"), (1, "Không biết"), (2, "1–3 kg"), (3, "Không sụt cân")),
        Item("mobility", "C. Khả năng vận động", (0, "Nằm giường hoặc ngồi xe lăn"), (1, "Ra khỏi giường, ghế được nhưng không ra ngoài"), (2, "Ra ngoài được")),
        Item("stress", "D. Căng thẳng tâm lý hoặc bệnh cấp tính trong 3 tháng qua", (0, "Có"), (2, "Không")),
        Item("neuropsychological", "E. Vấn đề thần kinh – tâm thần", (0, "Sa sút trí tuệ hoặc trầm cảm nặng"), (1, "Sa sút trí tuệ nhẹ"), (2, "Không")),
        Item("bmi", "F1. Chỉ số khối cơ thể (BMI, kg/m²)", (0, "Dưới 19"), (1, "19 đến dưới 21"), (2, "21 đến dưới 23"), (3, "23 trở lên")),
        Item("calf", "F2. Chu vi bắp chân (khi không đo được BMI)", (0, "Dưới 31 cm"), (3, "31 cm trở lên")),
    ];

    /// <summary>A–E and one of F1 (up to 3) or F2 (up to 3): 14.</summary>
    public override int? MaxScore => 14;

    protected override void Validate(IReadOnlyList<int?> answers, ValidationErrors errors)
    {
        errors.AddIf(answers[5] is not null && answers[6] is not null, "answers[6]",
            "MNA-SF dùng F1 (BMI) hoặc F2 (chu vi bắp chân), không dùng cả hai: chỉ nhập F2 khi không đo được BMI.");
    }

    protected override InstrumentScore Compute(IReadOnlyList<int?> answers)
    {
        if (answers.Take(5).Any(a => a is null) || (answers[5] is null && answers[6] is null))
        {
            return InstrumentScore.Incomplete();
        }

        var score = answers.Take(5).Sum(a => a!.Value) + (answers[5] ?? answers[6]!.Value);
        return new InstrumentScore(true, score, BandForTotal(score), []);
    }

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("malnourished", "Suy dinh dưỡng")),
        (8, new Band("at-risk", "Có nguy cơ suy dinh dưỡng")),
        (12, new Band("normal", "Tình trạng dinh dưỡng bình thường")));
}
