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
        Item("feeding", "Ăn uống", (0, "Không tự ăn được"), (5, "Cần giúp (cắt thức ăn, phết bơ…)"), (10, "Tự ăn")),
        Item("transfers", "Di chuyển giường – ghế", (0, "Không làm được, không ngồi vững"), (5, "Cần nhiều người giúp, ngồi được"), (10, "Cần giúp ít"), (15, "Tự làm")),
        Item("grooming", "Vệ sinh cá nhân (rửa mặt, chải đầu, đánh răng)", (0, "Cần giúp"), (5, "Tự làm")),
        Item("toilet", "Đi vệ sinh", (0, "Phụ thuộc"), (5, "Cần giúp một phần"), (10, "Tự làm")),
        Item("bathing", "Tắm", (0, "Phụ thuộc"), (5, "Tự tắm")),
        Item("mobility", "Đi lại trên mặt phẳng", (0, "Không đi được"), (5, "Tự đi bằng xe lăn"), (10, "Đi được với một người giúp"), (15, "Tự đi (có thể dùng gậy)")),
        Item("stairs", "Lên xuống cầu thang", (0, "Không làm được"), (5, "Cần giúp"), (10, "Tự làm")),
        Item("dressing", "Mặc quần áo", (0, "Phụ thuộc"), (5, "Cần giúp, tự làm được khoảng một nửa"), (10, "Tự làm")),
        Item("bowels", "Kiểm soát đại tiện", (0, "Không tự chủ"), (5, "Thỉnh thoảng không tự chủ"), (10, "Tự chủ")),
        Item("bladder", "Kiểm soát tiểu tiện", (0, "Không tự chủ hoặc đặt thông tiểu"), (5, "Thỉnh thoảng không tự chủ"), (10, "Tự chủ")),
    ];

    public override Band BandForTotal(int total) => BandOf(total,
        (0, new Band("total", "Phụ thuộc hoàn toàn")),
        (21, new Band("severe", "Phụ thuộc nặng")),
        (61, new Band("moderate", "Phụ thuộc vừa")),
        (91, new Band("slight", "Phụ thuộc nhẹ")),
        (100, new Band("independent", "Độc lập")));
}
