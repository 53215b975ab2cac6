namespace AnSinh.Web.Infrastructure;

/// <summary>Today's date in Viet Nam; calendar facts (admission, check dates) are compared with it.</summary>
public sealed class Clock(TimeProvider time)
{
    public static readonly TimeZoneInfo VietNam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public DateTimeOffset Now => time.GetUtcNow();
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), VietNam).DateTime);
    /// <summary>The as-of date of a year's figures: 31 December for a past year, today for the current one.</summary>
    public DateOnly AsOfYear(int year) => year >= Today.Year ? Today : new DateOnly(year, 12, 31);

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, VietNam);
}
