using AnSinh.Domain.Alerts;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Medicines;

namespace AnSinh.Domain.Tests;

/// <summary>Issue #12's screening, trend, growth and time-based rules at their boundaries, and the one-open-alert reconciliation.</summary>
public class AlertRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void Phq9_from_10_calls_for_attention(int total, bool raised)
    {
        var findings = RecordRules.Screening("PHQ-9", total, []);
        Assert.Equal(raised, findings.Any(f => f.Rule == AlertCatalog.Phq9 && f.Severity == AlertSeverity.Attention));
        Assert.DoesNotContain(findings, f => f.Rule == AlertCatalog.SelfHarm);
    }

    [Fact]
    public void Phq9_item_9_above_zero_is_urgent_even_with_a_low_total_or_an_incomplete_form()
    {
        var low = RecordRules.Screening("PHQ-9", 3, [Phq9.SelfHarmFlag]);
        Assert.Equal(AlertSeverity.Urgent, Assert.Single(low).Severity);
        Assert.Equal(AlertCatalog.SelfHarm, low[0].Rule);
        var incomplete = RecordRules.Screening("PHQ-9", null, [Phq9.SelfHarmFlag]);
        Assert.Equal(AlertCatalog.SelfHarm, Assert.Single(incomplete).Rule);
        Assert.Empty(RecordRules.Screening("PHQ-9", null, []));
    }

    [Theory]
    [InlineData("GDS-15", 4, null)]
    [InlineData("GDS-15", 5, AlertCatalog.Gds15)]
    [InlineData("BRADEN", 13, null)]
    [InlineData("BRADEN", 12, AlertCatalog.PressureUlcerRisk)]
    [InlineData("MORSE", 40, null)]
    [InlineData("MORSE", 45, AlertCatalog.FallRisk)]
    [InlineData("MNA-SF", 8, null)]
    [InlineData("MNA-SF", 7, AlertCatalog.Malnutrition)]
    [InlineData("BARTHEL", 20, null)]
    public void Risk_scores_raise_at_their_published_cut_offs(string instrument, int total, string? rule) =>
        Assert.Equal(rule, RecordRules.Screening(instrument, total, []).SingleOrDefault()?.Rule);

    [Theory]
    [InlineData(-2.00, null)]
    [InlineData(-2.004, null)] // shown as −2.00
    [InlineData(-2.01, AlertSeverity.Attention)]
    [InlineData(-3.00, AlertSeverity.Attention)]
    [InlineData(-3.01, AlertSeverity.Urgent)]
    public void A_child_below_minus_2_z_calls_for_attention_and_below_minus_3_is_urgent(double z, AlertSeverity? expected)
    {
        var finding = RecordRules.ChildGrowth([("Cân nặng theo tuổi", z), ("Chiều cao theo tuổi", 0.5), ("BMI theo tuổi", null)]);
        Assert.Equal(expected, finding?.Severity);
    }

    [Fact]
    public void Weight_loss_of_5_percent_within_30_days_against_the_heaviest_weight_then()
    {
        var earlier = new[] { (Today.AddDays(-40), 70m), (Today.AddDays(-30), 60m), (Today.AddDays(-10), 58m) };
        Assert.Null(RecordRules.WeightLoss(Today, 57.1m, earlier)); // 4.8 % of 60
        var loss = RecordRules.WeightLoss(Today, 57m, earlier); // 5 % of 60; the 70 kg is 40 days old
        Assert.NotNull(loss);
        Assert.Contains("5 %", loss.MessageVi);
        Assert.Contains("60 → 57 kg", loss.MessageVi);
        Assert.Null(RecordRules.WeightLoss(Today, 50m, [(Today.AddDays(-31), 60m)]));
    }

    [Fact]
    public void Barthel_drop_of_10_points_within_90_days()
    {
        Assert.Null(RecordRules.BarthelDrop(Today, 71, [(Today.AddDays(-60), 80)]));
        Assert.NotNull(RecordRules.BarthelDrop(Today, 70, [(Today.AddDays(-60), 80)]));
        Assert.NotNull(RecordRules.BarthelDrop(Today, 70, [(Today.AddDays(-90), 80), (Today.AddDays(-30), 75)])); // two small steps
        Assert.Null(RecordRules.BarthelDrop(Today, 50, [(Today.AddDays(-91), 80)]));
    }

    [Theory]
    [InlineData(6, false, false)]
    [InlineData(7, false, true)]
    [InlineData(30, true, false)]
    public void Intake_screening_missing_7_days_after_admission(int daysAgo, bool screened, bool raised) =>
        Assert.Equal(raised, CareGapRules.IntakeMissing(Today.AddDays(-daysAgo), screened, Today) is not null);

    [Fact]
    public void Periodic_check_overdue_after_12_months_or_6_from_age_80()
    {
        var last = Today.AddMonths(-12);
        Assert.Null(CareGapRules.PeriodicOverdue(last, Today.AddYears(-3), 70, Today)); // due today, not yet overdue
        Assert.NotNull(CareGapRules.PeriodicOverdue(last.AddDays(-1), Today.AddYears(-3), 70, Today));
        Assert.NotNull(CareGapRules.PeriodicOverdue(Today.AddMonths(-7), Today.AddYears(-3), 82, Today));
        Assert.Null(CareGapRules.PeriodicOverdue(Today.AddMonths(-7), Today.AddYears(-3), 79, Today));
        Assert.Null(CareGapRules.PeriodicOverdue(null, Today.AddMonths(-2), 70, Today)); // came into care two months ago
        Assert.Contains("Chưa khám định kỳ", CareGapRules.PeriodicOverdue(null, Today.AddMonths(-13), 70, Today)!.MessageVi);
    }

    [Fact]
    public void A_dose_is_missed_once_its_round_has_ended_with_nothing_recorded()
    {
        var order = new MedicationOrder
        {
            Id = 5, DrugName = "Amlodipin", Dose = "1 viên", PrescribedBy = "bs", StartDate = Today.AddDays(-10), Times = DoseTimes.Morning | DoseTimes.Night,
        };
        var due = new[] { (order, Today, Shift.Morning), (order, Today, Shift.Night) };
        var nothing = new HashSet<(int, DateOnly, Shift)>();
        var at0959 = Today.ToDateTime(new TimeOnly(9, 59));
        Assert.Null(CareGapRules.DoseMissed(due, nothing, at0959));
        var at1000 = Today.ToDateTime(new TimeOnly(10, 0));
        Assert.Contains("Amlodipin (sáng 27/11/2026)", CareGapRules.DoseMissed(due, nothing, at1000)!.MessageVi);
        Assert.Null(CareGapRules.DoseMissed(due, new HashSet<(int, DateOnly, Shift)> { (5, Today, Shift.Morning) }, at1000));
        var asNeeded = new MedicationOrder { Id = 6, DrugName = "Paracetamol", Dose = "1 viên", PrescribedBy = "bs", StartDate = Today, AsNeeded = true };
        Assert.Null(CareGapRules.DoseMissed([(asNeeded, Today, Shift.Morning)], nothing, at1000));
    }

    [Theory]
    [InlineData(13, false)]
    [InlineData(14, true)]
    public void A_referral_unanswered_after_14_days(int daysAgo, bool raised)
    {
        Assert.Equal(raised, CareGapRules.ReferralUnanswered([(Today.AddDays(-daysAgo), "Bệnh viện tỉnh", false)], Today) is not null);
        Assert.Null(CareGapRules.ReferralUnanswered([(Today.AddDays(-daysAgo), "Bệnh viện tỉnh", true)], Today));
    }

    [Theory]
    [InlineData(31, null)]
    [InlineData(30, AlertSeverity.Reminder)]
    [InlineData(0, AlertSeverity.Reminder)]
    [InlineData(-1, AlertSeverity.Attention)]
    public void A_health_insurance_card_expiring_within_30_days_or_expired(int daysLeft, AlertSeverity? expected) =>
        Assert.Equal(expected, CareGapRules.InsuranceCard(Today.AddDays(daysLeft), Today)?.Severity);

    [Fact]
    public void A_follow_up_is_overdue_the_day_after_its_due_date()
    {
        Assert.Null(CareGapRules.FollowUpOverdue([("Tăng huyết áp", Today)], Today));
        Assert.Contains("Tăng huyết áp (hẹn 26/11/2026)", CareGapRules.FollowUpOverdue([("Tăng huyết áp", Today.AddDays(-1))], Today)!.MessageVi);
    }

    private static Alert Open(string rule, AlertSeverity severity, AlertStatus status = AlertStatus.Open) =>
        new() { Rule = rule, Severity = severity, Message = "cũ", Status = status };

    [Fact]
    public void One_open_alert_per_rule_a_second_finding_updates_it()
    {
        var open = Open(ReadingRules.BloodPressure, AlertSeverity.Attention, AlertStatus.Acknowledged);
        var plan = AlertReconciler.Reconcile([open], [ReadingRules.BloodPressure],
            [new(ReadingRules.BloodPressure, AlertSeverity.Urgent, "Huyết áp 185/100")]);
        Assert.Empty(plan.ToRaise);
        var (alert, finding) = Assert.Single(plan.ToUpdate);
        AlertReconciler.Refresh(alert, finding, DateTimeOffset.UnixEpoch);
        Assert.Equal((AlertSeverity.Urgent, AlertStatus.Open, "Huyết áp 185/100"), (open.Severity, open.Status, open.Message));

        // The scheduled run finding the same thing again writes nothing.
        var seen = open.LastFoundAt;
        Assert.False(AlertReconciler.Refresh(open, new(ReadingRules.BloodPressure, AlertSeverity.Urgent, "Huyết áp 185/100"), DateTimeOffset.UnixEpoch.AddDays(1), seenAgain: false));
        Assert.Equal(seen, open.LastFoundAt);

        // A lower finding leaves the urgent alert as it was.
        AlertReconciler.Refresh(open, new(ReadingRules.BloodPressure, AlertSeverity.Attention, "145/85"), DateTimeOffset.UnixEpoch);
        Assert.Equal(AlertSeverity.Urgent, open.Severity);
    }

    [Fact]
    public void A_record_struck_out_closes_the_alert_it_alone_raised()
    {
        var raised = DateTimeOffset.UnixEpoch;
        var alone = Open(ReadingRules.BloodPressure, AlertSeverity.Urgent, AlertStatus.Acknowledged);
        alone.RaisedAt = alone.LastFoundAt = raised;
        Assert.True(AlertReconciler.CloseForStruckOutRecord(alone, "Ghi nhầm người", raised.AddHours(1)));
        Assert.Equal((AlertStatus.Closed, raised.AddHours(1), null), (alone.Status, alone.ClosedAt, alone.ClosedBy));
        Assert.EndsWith("Lý do: Ghi nhầm người", alone.ResolutionNote, StringComparison.Ordinal);

        // Found again by a later record: the finding may stand without the struck record, so a person judges it.
        var again = Open(ReadingRules.BloodPressure, AlertSeverity.Urgent);
        again.RaisedAt = raised;
        again.LastFoundAt = raised.AddMinutes(5);
        Assert.False(AlertReconciler.CloseForStruckOutRecord(again, "Ghi hai lần", raised.AddHours(1)));
        Assert.Equal(AlertStatus.Open, again.Status);

        // Already resolved by a clinician: left as they wrote it.
        var resolved = Open(ReadingRules.BloodPressure, AlertSeverity.Urgent, AlertStatus.Resolved);
        resolved.ResolutionNote = "Đã khám";
        Assert.False(AlertReconciler.CloseForStruckOutRecord(resolved, "Ghi nhầm", raised));
        Assert.Equal((AlertStatus.Resolved, "Đã khám"), (resolved.Status, resolved.ResolutionNote));
    }

    [Fact]
    public void Readings_and_urgent_alerts_never_close_themselves_risk_scores_and_care_gaps_do()
    {
        var bp = Open(ReadingRules.BloodPressure, AlertSeverity.Attention);
        var braden = Open(AlertCatalog.PressureUlcerRisk, AlertSeverity.Attention);
        var selfHarm = Open(AlertCatalog.SelfHarm, AlertSeverity.Urgent);
        var card = Open(AlertCatalog.InsuranceCard, AlertSeverity.Reminder);
        var growthUrgent = Open(AlertCatalog.ChildGrowth, AlertSeverity.Urgent);
        var dose = Open(AlertCatalog.DoseMissed, AlertSeverity.Attention);
        var all = new[] { bp, braden, selfHarm, card, growthUrgent, dose };
        var plan = AlertReconciler.Reconcile(all, all.Select(a => a.Rule), []);
        Assert.Equal([card, braden], plan.ToClose.OrderBy(a => a.Rule).ToArray());

        // A rule that was not evaluated keeps its alert.
        Assert.Empty(AlertReconciler.Reconcile([braden], [AlertCatalog.Phq9], []).ToClose);
    }

    [Fact]
    public void A_time_based_alert_a_clinician_resolved_comes_back_only_when_what_it_is_about_changes()
    {
        var card = CareGapRules.InsuranceCard(Today.AddDays(10), Today)!;
        Assert.Empty(AlertReconciler.Reconcile([], AlertCatalog.ScheduledRules, [card], [(card.Rule, card.Key!)]).ToRaise);
        // The card has now expired: a new thing to deal with.
        var expired = CareGapRules.InsuranceCard(Today.AddDays(-1), Today)!;
        Assert.Single(AlertReconciler.Reconcile([], AlertCatalog.ScheduledRules, [expired], [(card.Rule, card.Key!)]).ToRaise);
        // A new due date for the periodic check is a new key; the same one is not.
        var due = CareGapRules.PeriodicOverdue(Today.AddMonths(-13), Today.AddYears(-3), 70, Today)!;
        var later = CareGapRules.PeriodicOverdue(Today.AddMonths(-14), Today.AddYears(-3), 70, Today)!;
        Assert.NotEqual(due.Key, later.Key);
        Assert.Equal(due.Key, CareGapRules.PeriodicOverdue(Today.AddMonths(-13), Today.AddYears(-3), 70, Today.AddDays(5))!.Key);
    }
}
