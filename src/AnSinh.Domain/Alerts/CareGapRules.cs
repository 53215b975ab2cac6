using AnSinh.Domain.Text;
using AnSinh.Domain.Medicines;

namespace AnSinh.Domain.Alerts;

/// <summary>
/// Issue #12's time-based rules: something that should have happened by now and has not. Each takes the facts it needs
/// and today (or now), so the scheduled run over a whole province and the re-check of one person share them.
/// </summary>
public static class CareGapRules
{
    /// <summary>No intake screening on or after the admission, the threshold's days after it.</summary>
    public static AlertFinding? IntakeMissing(DateOnly admittedOn, bool screenedSinceAdmission, DateOnly today, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var days = today.DayNumber - admittedOn.DayNumber;
        return !screenedSinceAdmission && days >= t.IntakeDays
            ? new(AlertCatalog.IntakeMissing, AlertSeverity.Attention,
                $"Tiếp nhận ngày {VietnameseInput.FormatDate(admittedOn)}, đã {days} ngày chưa khám sàng lọc tiếp nhận.", Key(admittedOn))
            : null;
    }

    /// <summary>
    /// The periodic check is overdue when none was done within the BEN-PERIODIC interval (12 months; 6 from age 80 and
    /// under 6) before today. Someone who came into care less than an interval ago is not yet due.
    /// </summary>
    public static AlertFinding? PeriodicOverdue(DateOnly? lastCheck, DateOnly inCareSince, int ageYears, DateOnly today, int months = 12, int monthsOldOrYoung = 6)
    {
        var interval = ageYears is >= 80 or < 6 ? monthsOldOrYoung : months;
        var due = (lastCheck ?? inCareSince).AddMonths(interval);
        return today > due
            ? new(AlertCatalog.PeriodicOverdue, AlertSeverity.Reminder, lastCheck is { } last
                ? $"Khám định kỳ lần trước ngày {VietnameseInput.FormatDate(last)}; hạn {interval} tháng đã qua ngày {VietnameseInput.FormatDate(due)}."
                : $"Chưa khám định kỳ lần nào; hạn {interval} tháng kể từ ngày {VietnameseInput.FormatDate(inCareSince)} đã qua ngày {VietnameseInput.FormatDate(due)}.", Key(due))
            : null;
    }

    /// <summary>The hour a round ends, from the thresholds.</summary>
    public static DateTime RoundEnds(DateOnly date, Shift shift, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var hour = shift switch
        {
            Shift.Morning => t.MorningRoundEndsAt,
            Shift.Noon => t.NoonRoundEndsAt,
            Shift.Afternoon => t.AfternoonRoundEndsAt,
            _ => t.NightRoundEndsAt,
        };
        return date.ToDateTime(TimeOnly.MinValue).AddHours(hour);
    }

    /// <summary>
    /// Scheduled doses of the last day whose round has ended with nothing recorded (given, refused or held). An as-needed
    /// order has no scheduled dose. <paramref name="now"/> is local (Viet Nam) time.
    /// </summary>
    public static AlertFinding? DoseMissed(IEnumerable<(MedicationOrder Order, DateOnly Date, Shift Shift)> due,
        ISet<(int OrderId, DateOnly Date, Shift Shift)> recorded, DateTime now, AlertThresholds? thresholds = null)
    {
        var missed = due.Where(d => !d.Order.AsNeeded && d.Order.DueAt(d.Date, d.Shift) && RoundEnds(d.Date, d.Shift, thresholds) <= now
                                    && RoundEnds(d.Date, d.Shift, thresholds) > now.AddHours(-24)
                                    && !recorded.Contains((d.Order.Id, d.Date, d.Shift)))
            .OrderBy(d => d.Date).ThenBy(d => d.Shift).ToList();
        if (missed.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", missed.Select(m => $"{m.Order.DrugName} ({ShiftVi(m.Shift)} {VietnameseInput.FormatDate(m.Date)})").Distinct().Take(5));
        return new(AlertCatalog.DoseMissed, AlertSeverity.Attention,
            $"{missed.Count} liều thuốc đã hết ca mà chưa ghi cho dùng, từ chối hay hoãn: {names}{(missed.Count > 5 ? "…" : "")}.",
            // The latest missed dose: a dose missed after the alert was resolved raises it again.
            $"{missed[^1].Order.Id}/{Key(missed[^1].Date)}/{missed[^1].Shift}");
    }

    /// <summary>A referral sent the threshold's days ago or more with no outcome recorded.</summary>
    public static AlertFinding? ReferralUnanswered(IEnumerable<(DateOnly Date, string Destination, bool Answered)> referrals, DateOnly today, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        var waiting = referrals.Where(r => !r.Answered && today.DayNumber - r.Date.DayNumber >= t.ReferralAnswerDays).OrderBy(r => r.Date).ToList();
        if (waiting.Count == 0)
        {
            return null;
        }

        var oldest = waiting[0];
        return new(AlertCatalog.ReferralUnanswered, AlertSeverity.Attention,
            $"Chuyển tuyến đến {oldest.Destination} ngày {VietnameseInput.FormatDate(oldest.Date)}, đã {today.DayNumber - oldest.Date.DayNumber} ngày chưa có kết quả: liên hệ cơ sở nhận."
            + (waiting.Count > 1 ? $" Còn {waiting.Count - 1} chuyển tuyến khác chờ kết quả." : ""),
            string.Join(",", waiting.Take(10).Select(r => Key(r.Date))));
    }

    /// <summary>A health-insurance card that has expired (attention) or expires within the threshold's days (reminder).</summary>
    public static AlertFinding? InsuranceCard(DateOnly? validTo, DateOnly today, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? new AlertThresholds();
        if (validTo is not { } to)
        {
            return null;
        }

        if (to < today)
        {
            return new(AlertCatalog.InsuranceCard, AlertSeverity.Attention, $"Thẻ BHYT đã hết hạn ngày {VietnameseInput.FormatDate(to)}: làm thủ tục gia hạn.", Key(to) + "/expired");
        }

        var left = to.DayNumber - today.DayNumber;
        return left <= t.InsuranceExpiringDays
            ? new(AlertCatalog.InsuranceCard, AlertSeverity.Reminder, $"Thẻ BHYT hết hạn ngày {VietnameseInput.FormatDate(to)} (còn {left} ngày): chuẩn bị gia hạn.", Key(to))
            : null;
    }

    /// <summary>Chronic-disease follow-ups overdue (the register's own next-visit rule), all the person's diseases in one alert.</summary>
    public static AlertFinding? FollowUpOverdue(IEnumerable<(string DiseaseVi, DateOnly NextDue)> overdue, DateOnly today)
    {
        var list = overdue.Where(o => today > o.NextDue).OrderBy(o => o.NextDue).ToList();
        return list.Count == 0
            ? null
            : new(AlertCatalog.FollowUpOverdue, AlertSeverity.Reminder,
                "Quá hạn tái khám: " + string.Join("; ", list.Select(o => $"{o.DiseaseVi} (hẹn {VietnameseInput.FormatDate(o.NextDue)})")) + ".",
                string.Join(",", list.Select(o => Key(o.NextDue))));
    }

    private static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string ShiftVi(Shift shift) => shift switch
    {
        Shift.Morning => "sáng",
        Shift.Noon => "trưa",
        Shift.Afternoon => "chiều",
        _ => "tối",
    };
}
