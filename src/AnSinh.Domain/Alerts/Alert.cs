
namespace AnSinh.Domain.Alerts;

public enum AlertStatus
{
    Open = 1,
    /// <summary>Seen by a clinician (who and when kept), still to act on.</summary>
    Acknowledged = 2,
    /// <summary>Closed by a clinician with a note.</summary>
    Resolved = 3,
    /// <summary>Closed by the system because its condition no longer holds (see <see cref="AlertCatalog"/>).</summary>
    Closed = 4,
}

/// <summary>
/// A health alert about one person: raised by a rule when a record is saved or by the scheduled run; at most one open
/// (open or acknowledged) alert per person and rule, which a unique index also holds.
/// </summary>
public class Alert
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    /// <summary>The facility whose worklist shows it: the one that has the person in care.</summary>
    public int FacilityId { get; set; }
    public required string Rule { get; set; }
    public AlertSeverity Severity { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    /// <summary>When a rule last found the condition (a second high reading updates this, not the count of alerts).</summary>
    public DateTimeOffset LastFoundAt { get; set; }
    public AlertStatus Status { get; set; } = AlertStatus.Open;
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? ResolutionNote { get; set; }
    /// <summary>The record that raised it, as "Kind/id" (Encounter/12, ScreeningResult/7), when one did.</summary>
    public string? Source { get; set; }
    /// <summary>A time-based rule's <see cref="AlertFinding.Key"/>: resolved, the same key is not raised again.</summary>
    public string? ConditionKey { get; set; }

    public bool IsOpen => Status is AlertStatus.Open or AlertStatus.Acknowledged;
}

/// <summary>How a rule's alerts are raised and whether the system may close them.</summary>
public enum AlertTrigger
{
    /// <summary>Raised when a check's readings are saved.</summary>
    Reading = 1,
    /// <summary>Raised when a screening or measurement is saved.</summary>
    Record = 2,
    /// <summary>Raised by the scheduled run (and re-checked for one person when their record changes).</summary>
    Scheduled = 3,
}

/// <param name="AutoCloses">
/// Whether the system closes an open alert of this rule when its condition no longer holds. Readings never close by
/// themselves: one normal blood pressure after a crisis does not show the crisis was dealt with, so a clinician resolves
/// it. Risk scores close when a newer result of the same instrument is below the threshold (the latest assessment is
/// the person's risk). Scheduled rules close when the missing thing is done (the check is recorded, the card renewed),
/// except a missed dose: that is a medication incident the nurse resolves with a note of what happened.
/// An urgent alert is never closed by the system, whatever its rule.
/// </param>
public sealed record AlertRule(string Code, string NameVi, AlertTrigger Trigger, bool AutoCloses);

public static class AlertCatalog
{
    public const string WeightLoss = "WEIGHT-LOSS";
    public const string Phq9 = "PHQ9-POSITIVE";
    public const string SelfHarm = "SELF-HARM";
    public const string Gds15 = "GDS15-POSITIVE";
    public const string BarthelDrop = "BARTHEL-DROP";
    public const string PressureUlcerRisk = "BRADEN-RISK";
    public const string FallRisk = "MORSE-RISK";
    public const string Malnutrition = "MNA-LOW";
    public const string ChildGrowth = "GROWTH-LOW";
    public const string IntakeMissing = "INTAKE-MISSING";
    public const string PeriodicOverdue = "CHECK-OVERDUE";
    public const string DoseMissed = "DOSE-MISSED";
    public const string ReferralUnanswered = "REFERRAL-OPEN";
    public const string InsuranceCard = "BHYT-EXPIRING";
    public const string FollowUpOverdue = "FOLLOWUP-OVERDUE";

    public static readonly IReadOnlyList<AlertRule> All =
    [
        new(ReadingRules.BloodPressure, "Huyết áp cao", AlertTrigger.Reading, false),
        new(ReadingRules.LowOxygen, "SpO2 thấp", AlertTrigger.Reading, false),
        new(ReadingRules.Fever, "Sốt cao", AlertTrigger.Reading, false),
        new(ReadingRules.GlucoseHigh, "Đường huyết cao", AlertTrigger.Reading, false),
        new(ReadingRules.GlucoseLow, "Hạ đường huyết", AlertTrigger.Reading, false),
        new(WeightLoss, "Sụt cân", AlertTrigger.Record, false),
        new(SelfHarm, "Ý nghĩ tự hại (PHQ-9 câu 9)", AlertTrigger.Record, false),
        new(Phq9, "PHQ-9 dương tính", AlertTrigger.Record, true),
        new(Gds15, "GDS-15 dương tính", AlertTrigger.Record, true),
        new(BarthelDrop, "Barthel giảm", AlertTrigger.Record, false),
        new(PressureUlcerRisk, "Nguy cơ loét tì đè (Braden)", AlertTrigger.Record, true),
        new(FallRisk, "Nguy cơ ngã (Morse)", AlertTrigger.Record, true),
        new(Malnutrition, "Suy dinh dưỡng (MNA-SF)", AlertTrigger.Record, true),
        new(ChildGrowth, "Trẻ suy dinh dưỡng (z-score)", AlertTrigger.Record, true),
        new(IntakeMissing, "Chưa khám sàng lọc tiếp nhận", AlertTrigger.Scheduled, true),
        new(PeriodicOverdue, "Quá hạn khám định kỳ", AlertTrigger.Scheduled, true),
        new(DoseMissed, "Liều thuốc chưa ghi", AlertTrigger.Scheduled, false),
        new(ReferralUnanswered, "Chuyển tuyến chưa có kết quả", AlertTrigger.Scheduled, true),
        new(InsuranceCard, "Thẻ BHYT sắp hết hạn / hết hạn", AlertTrigger.Scheduled, true),
        new(FollowUpOverdue, "Quá hạn tái khám bệnh mạn tính", AlertTrigger.Scheduled, true),
    ];

    private static readonly Dictionary<string, AlertRule> ByCode = All.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>A severity as a filter gives it ("Urgent", any case); null for none, false for a value that is not one (a number included).</summary>
    public static bool TryParseSeverity(string? text, out AlertSeverity? severity)
    {
        severity = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Enum.TryParse<AlertSeverity>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _))
        {
            severity = parsed;
            return true;
        }

        return false;
    }

    public static AlertRule? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var rule) ? rule : null;

    public static IReadOnlyList<string> ScheduledRules { get; } = All.Where(r => r.Trigger == AlertTrigger.Scheduled).Select(r => r.Code).ToList();

    /// <summary>Whether the system may close this open alert once its rule no longer finds the condition.</summary>
    public static bool SystemMayClose(Alert alert) => alert.Severity != AlertSeverity.Urgent && Find(alert.Rule)?.AutoCloses == true;
}

/// <summary>
/// What to do with a person's open alerts given what the rules now find: one open alert per rule; a finding for a rule
/// already open updates it (a more urgent one raises its severity and reopens an acknowledged one); an open alert of a
/// rule that was evaluated and found nothing closes when <see cref="AlertCatalog.SystemMayClose"/> allows.
/// </summary>
public static class AlertReconciler
{
    public sealed record Plan(IReadOnlyList<AlertFinding> ToRaise, IReadOnlyList<(Alert Alert, AlertFinding Finding)> ToUpdate, IReadOnlyList<Alert> ToClose);

    /// <param name="open">The person's open alerts.</param>
    /// <param name="evaluated">The rules that were evaluated (a rule not evaluated keeps its alert as it is).</param>
    /// <param name="findings">What those rules found now, at most one per rule.</param>
    /// <param name="dealtWith">(rule, key) of alerts a clinician resolved: the same finding is not raised again.</param>
    public static Plan Reconcile(IEnumerable<Alert> open, IEnumerable<string> evaluated, IEnumerable<AlertFinding> findings,
        IEnumerable<(string Rule, string Key)>? dealtWith = null)
    {
        var resolved = (dealtWith ?? []).ToHashSet();
        var openByRule = open.Where(a => a.IsOpen).GroupBy(a => a.Rule).ToDictionary(g => g.Key, g => g.First());
        var found = findings.GroupBy(f => f.Rule).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Severity)!);
        var raise = new List<AlertFinding>();
        var update = new List<(Alert, AlertFinding)>();
        foreach (var finding in found.Values)
        {
            if (openByRule.TryGetValue(finding.Rule, out var existing))
            {
                update.Add((existing, finding));
            }
            else if (finding.Key is null || !resolved.Contains((finding.Rule, finding.Key)))
            {
                raise.Add(finding);
            }
        }

        var close = evaluated.Distinct().Where(rule => !found.ContainsKey(rule) && openByRule.TryGetValue(rule, out var a) && AlertCatalog.SystemMayClose(a))
            .Select(rule => openByRule[rule]).ToList();
        return new Plan(raise, update, close);
    }

    /// <summary>
    /// Applies a new finding to the open alert of its rule; a more urgent finding reopens an acknowledged alert. A record
    /// saved again (<paramref name="seenAgain"/>) marks when the condition was last found; the scheduled run finding the same
    /// thing changes nothing, so an unchanged alert is not written every run. Returns whether the alert changed.
    /// </summary>
    /// <summary>
    /// Closes an open alert whose record was struck out as entered in error (a visit, a screening), saying so with the
    /// reason; one found again since it was raised (by a later record or run) stays for a person to judge.
    /// </summary>
    public static bool CloseForStruckOutRecord(Alert alert, string reason, DateTimeOffset now)
    {
        if (!alert.IsOpen || alert.LastFoundAt > alert.RaisedAt)
        {
            return false;
        }

        alert.Status = AlertStatus.Closed;
        alert.ClosedAt = now;
        alert.ClosedBy = null;
        alert.ResolutionNote = "Tự đóng: bản ghi gây cảnh báo đã được hủy vì ghi nhầm. Lý do: " + reason;
        return true;
    }

    public static bool Refresh(Alert alert, AlertFinding finding, DateTimeOffset now, bool seenAgain = true)
    {
        var changed = false;
        if (finding.Severity > alert.Severity)
        {
            alert.Severity = finding.Severity;
            alert.Status = AlertStatus.Open;
            alert.AcknowledgedAt = null;
            alert.AcknowledgedBy = null;
            changed = true;
        }

        if (finding.Severity == alert.Severity && alert.Message != finding.MessageVi)
        {
            alert.Message = finding.MessageVi;
            changed = true;
        }

        if (finding.Key is not null && alert.ConditionKey != finding.Key)
        {
            alert.ConditionKey = finding.Key; // resolving it then deals with what it is about now
            changed = true;
        }

        if (seenAgain || changed)
        {
            alert.LastFoundAt = now;
        }

        return changed || seenAgain;
    }
}
