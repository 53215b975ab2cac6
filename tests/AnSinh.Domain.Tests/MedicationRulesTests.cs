using AnSinh.Domain.Medicines;
using AnSinh.Domain.Referrals;

namespace AnSinh.Domain.Tests;

public class MedicationRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly Born = new(1948, 5, 1);

    private static MedicationOrder Order(DoseTimes times = DoseTimes.Morning | DoseTimes.Night, DateOnly? start = null, DateOnly? end = null, DateOnly? stopped = null,
        bool asNeeded = false) => new()
    {
        DrugName = "Amlodipin", Dose = "1 viên", PrescribedBy = "bs", Times = times, AsNeeded = asNeeded,
        StartDate = start ?? Today.AddDays(-10), EndDate = end, StoppedOn = stopped,
    };

    [Fact]
    public void An_order_is_due_from_its_start_through_its_end_and_not_from_the_day_it_stops()
    {
        var course = Order(start: Today.AddDays(-2), end: Today);
        Assert.False(course.ActiveOn(Today.AddDays(-3)));
        Assert.True(course.ActiveOn(Today.AddDays(-2)));
        Assert.True(course.ActiveOn(Today));
        Assert.False(course.ActiveOn(Today.AddDays(1)));
        var stopped = Order(stopped: Today);
        Assert.True(stopped.ActiveOn(Today.AddDays(-1)));
        Assert.False(stopped.ActiveOn(Today));
        Assert.True(Order().DueAt(Today, Shift.Night));
        Assert.False(Order().DueAt(Today, Shift.Noon));
        Assert.True(Order(times: DoseTimes.None, asNeeded: true).DueAt(Today, Shift.Noon));
    }

    [Fact]
    public void Rounds_go_to_flags_and_back()
    {
        var times = MedicationRules.TimesOf([Shift.Morning, Shift.Afternoon]);
        Assert.Equal(DoseTimes.Morning | DoseTimes.Afternoon, times);
        Assert.Equal([Shift.Morning, Shift.Afternoon], MedicationRules.ShiftsOf(times));
    }

    [Fact]
    public void An_order_needs_a_drug_a_dose_a_route_and_a_round_or_when_needed()
    {
        var errors = MedicationRules.ValidateOrder(new MedicationOrderInput { StartDate = Today }, Born, Today);
        Assert.NotNull(errors["drugName"]);
        Assert.NotNull(errors["dose"]);
        Assert.NotNull(errors["form"]);
        Assert.NotNull(errors["route"]);
        Assert.Contains("khi cần", errors["times"]);
        var prn = new MedicationOrderInput
        {
            DrugName = "Paracetamol", Dose = "1 viên", Form = DoseForm.Tablet, Route = MedicationRoute.Oral, AsNeeded = true, StartDate = Today,
        };
        Assert.True(MedicationRules.ValidateOrder(prn, Born, Today).IsValid);
        prn.StartDate = Today.AddDays(MedicationRules.MaxDaysAhead + 1);
        Assert.NotNull(MedicationRules.ValidateOrder(prn, Born, Today)["startDate"]);
        prn.StartDate = Today.AddDays(MedicationRules.MaxDaysAhead);
        Assert.True(MedicationRules.ValidateOrder(prn, Born, Today).IsValid);
        prn.EndDate = Today;
        Assert.NotNull(MedicationRules.ValidateOrder(prn, Born, Today)["endDate"]);
        prn.Times = [(Shift)3];
        Assert.Contains("không hợp lệ", MedicationRules.ValidateOrder(prn, Born, Today)["times"]);
    }

    [Theory]
    [InlineData("Given", null, true)]
    [InlineData("Refused", null, false)]
    [InlineData("Held", "  ", false)]
    [InlineData("Held", "Nhịn ăn làm xét nghiệm", true)]
    public void Refused_and_held_doses_need_a_reason(string status, string? reason, bool valid)
    {
        var input = new AdministrationInput { Date = Today, Shift = Shift.Morning, Status = Enum.Parse<AdministrationStatus>(status), Reason = reason };
        Assert.Equal(valid, MedicationRules.ValidateAdministration(input, Order(), Today).IsValid);
    }

    [Fact]
    public void A_dose_is_refused_in_the_future_outside_the_order_and_out_of_its_rounds()
    {
        AdministrationInput Dose(DateOnly date, Shift shift = Shift.Morning) => new() { Date = date, Shift = shift, Status = AdministrationStatus.Given };
        Assert.Contains("chưa đến", MedicationRules.ValidateAdministration(Dose(Today.AddDays(1)), Order(), Today)["date"]);
        Assert.Contains("ngoài thời gian", MedicationRules.ValidateAdministration(Dose(Today.AddDays(-11)), Order(), Today)["date"]);
        Assert.Contains("đã ngừng", MedicationRules.ValidateAdministration(Dose(Today), Order(stopped: Today), Today)["date"]);
        Assert.True(MedicationRules.ValidateAdministration(Dose(Today.AddDays(-1)), Order(stopped: Today), Today).IsValid);
        Assert.NotNull(MedicationRules.ValidateAdministration(Dose(Today, Shift.Noon), Order(), Today)["shift"]);
        Assert.True(MedicationRules.ValidateAdministration(Dose(Today, Shift.Noon), Order(times: DoseTimes.None, asNeeded: true), Today).IsValid);
    }

    [Fact]
    public void A_stop_needs_a_date_from_the_start_and_a_reason_and_happens_once()
    {
        Assert.NotNull(MedicationRules.ValidateStop(new StopOrderInput { StoppedOn = Today.AddDays(-11), Reason = "x" }, Order(), Today)["stoppedOn"]);
        Assert.NotNull(MedicationRules.ValidateStop(new StopOrderInput { StoppedOn = Today }, Order(), Today)["reason"]);
        Assert.True(MedicationRules.ValidateStop(new StopOrderInput { StoppedOn = Today, Reason = "Hết triệu chứng" }, Order(), Today).IsValid);
        Assert.Contains("đã ngừng", MedicationRules.ValidateStop(new StopOrderInput { StoppedOn = Today, Reason = "x" }, Order(stopped: Today), Today)[""]);
    }

    private static Allergy Allergy(string substance, AllergyCategory category = AllergyCategory.Medication) =>
        new() { Substance = substance, Category = category, RecordedBy = "dd", Severity = AllergySeverity.Severe };

    [Theory]
    [InlineData("Amoxicilin 500 mg", "Amoxicilin", true)]
    [InlineData("AMOXICILIN", "amoxicilin", true)]
    [InlineData("Augmentin (amoxicilin + acid clavulanic) 625 mg", "Amoxicilin", true)]
    [InlineData("Amoxicilin", "Amoxicilin và các kháng sinh nhóm penicilin", true)]
    [InlineData("Cotrimoxazol 480 mg", "Co-trimoxazol", false)]
    [InlineData("Paracetamol 500 mg", "Amoxicilin", false)]
    [InlineData("Aspirin 81 mg", "Aspirin", true)]
    [InlineData("Metformin 500 mg", "500 mg", false)] // a strength is not a substance
    public void An_order_matches_an_allergy_by_the_words_of_the_substance(string drug, string substance, bool matches) =>
        Assert.Equal(matches, AllergyMatch.Matching(drug, null, [Allergy(substance)]).Count == 1);

    [Fact]
    public void A_food_allergy_does_not_warn_on_a_medicine_and_a_code_matches_exactly()
    {
        Assert.Empty(AllergyMatch.Matching("Dầu cá omega-3", null, [Allergy("Cá", AllergyCategory.Food)]));
        Assert.Single(AllergyMatch.Matching("Thuốc X", "VN-12345-20", [Allergy("VN-12345-20")]));
    }

    [Fact]
    public void Withdrawing_an_allergy_needs_a_known_reason_and_its_grounds()
    {
        Assert.True(MedicationRules.ValidateAllergyEnd(new AllergyEndInput { Reason = AllergyEnd.Refuted, Note = "Test lẩy da âm tính" }).IsValid);
        Assert.NotNull(MedicationRules.ValidateAllergyEnd(new AllergyEndInput { Note = "Test lẩy da âm tính" })["reason"]);
        Assert.NotNull(MedicationRules.ValidateAllergyEnd(new AllergyEndInput { Reason = (AllergyEnd)9, Note = "x" })["reason"]);
        Assert.NotNull(MedicationRules.ValidateAllergyEnd(new AllergyEndInput { Reason = AllergyEnd.EnteredInError, Note = "  " })["note"]);
        Assert.NotNull(MedicationRules.ValidateAllergyEnd(new AllergyEndInput { Reason = AllergyEnd.Resolved, Note = new string('x', 501) })["note"]);
    }

    [Theory]
    [InlineData("Ghi nhầm người", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void Striking_out_a_dose_needs_a_reason(string? reason, bool valid)
    {
        Assert.Equal(valid, MedicationRules.ValidateRetraction(reason).IsValid);
        Assert.Equal(valid, MedicationRules.ValidateDoseRetraction(reason).IsValid);
    }

    [Fact]
    public void A_round_dose_struck_out_says_what_kind_of_reason_is_wanted_and_refuses_control_characters()
    {
        Assert.Contains("liều thuốc", MedicationRules.ValidateDoseRetraction(" ")["reason"]);
        Assert.Contains("mũi tiêm", MedicationRules.ValidateRetraction(" ")["reason"]);
        Assert.NotNull(MedicationRules.ValidateDoseRetraction("Nhầm\u0000cữ")["reason"]);
        Assert.NotNull(MedicationRules.ValidateDoseRetraction(new string('x', 501))["reason"]);
        Assert.True(MedicationRules.ValidateDoseRetraction(" " + new string('x', 500) + " ").IsValid);
    }

    [Fact]
    public void A_back_referral_cannot_precede_the_referral_or_be_in_the_future()
    {
        var referred = Today.AddDays(-5);
        ReferralOutcomeInput Outcome(DateOnly back) => new() { OutcomeDate = Today, Outcome = "Ổn định", BackReferredOn = back };
        Assert.NotNull(ReferralRules.ValidateOutcome(Outcome(referred.AddDays(-1)), referred, Today)["backReferredOn"]);
        Assert.NotNull(ReferralRules.ValidateOutcome(Outcome(Today.AddDays(1)), referred, Today)["backReferredOn"]);
        Assert.True(ReferralRules.ValidateOutcome(Outcome(referred), referred, Today).IsValid);
        var bad = new ReferralInput { Date = Today, Destination = "BV tỉnh", Urgency = (ReferralUrgency)7, ClinicalSigns = new string('x', 2001) };
        var errors = ReferralRules.Validate(bad, Born, Today);
        Assert.NotNull(errors["urgency"]);
        Assert.NotNull(errors["clinicalSigns"]);
    }
}
