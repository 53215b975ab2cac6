namespace AnSinh.Domain.Instruments;

/// <summary>
/// Barthel Index: ten activities of daily living, each with its own points, in the order of Mahoney &amp; Barthel 1965;
/// total 0–100 (independent at 100). Dependency bands after Shah, Vanclay &amp; Cooper 1989.
/// </summary>
public sealed class BarthelIndex : Instrument
{
    public override string Code => "BARTHEL";
    public override string Version => "Mahoney & Barthel 1965";
    public override string NameVi => "Chỉ số Barthel (hoạt động hằng ngày)";
    public override string Source =>
        "Mahoney FI, Barthel DW. Functional evaluation: the Barthel Index. Md State Med J 1965;14:61–65. "
        + "Bands: Shah S, Vanclay F, Cooper B. Improving the sensitivity of the Barthel Index for stroke rehabilitation. J Clin Epidemiol 1989;42(8):703–709.";

    public override IReadOnlyList<InstrumentItem> Items { get; } =
    [
        Item("feeding", "Ăn uống", 0, 5, 10),
        Item("transfers", "Di chuyển giường – ghế", 0, 5, 10, 15),
        Item("grooming", "Vệ sinh cá nhân (rửa mặt, chải đầu, đánh răng)", 0, 5),
        Item("toilet", "Đi vệ sinh", 0, 5, 10),
        Item("bathing", "Tắm", 0, 5),
        Item("mobility", "Đi lại trên mặt phẳng", 0, 5, 10, 15),
        Item("stairs", "Lên xuống cầu thang", 0, 5, 10),
        Item("dressing", "Mặc quần áo", 0, 5, 10),
        Item("bowels", "Kiểm soát đại tiện", 0, 5, 10),
        Item("bladder", "Kiểm soát tiểu tiện", 0, 5, 10),
    ];

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("total", "Phụ thuộc hoàn toàn")),
        (21, new Band("severe", "Phụ thuộc nặng")),
        (61, new Band("moderate", "Phụ thuộc vừa")),
        (91, new Band("slight", "Phụ thuộc nhẹ")),
        (100, new Band("independent", "Độc lập")));
}
