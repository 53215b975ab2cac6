namespace AnSinh.Web.Infrastructure;

/// <summary>Today's date in Viet Nam; calendar facts (admission, check dates) are compared with it.</summary>
public sealed class Clock(TimeProvider time)
{
    public static readonly TimeZoneInfo VietNam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public DateTimeOffset Now => time.GetUtcNow();
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), VietNam).DateTime);
    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, VietNam);
}
