using AnSinh.Domain.ChronicCare;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Rehabilitation;

namespace AnSinh.Domain.Tests;

public class ChronicRegisterTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData("I10", ChronicDisease.Hypertension)]
    [InlineData("I15.9", ChronicDisease.Hypertension)]
    [InlineData("E11.9", ChronicDisease.Diabetes)]
    [InlineData("J44.9", ChronicDisease.CopdAsthma)]
    [InlineData("J45", ChronicDisease.CopdAsthma)]
    [InlineData("F20.0", ChronicDisease.MentalIllness)]
    [InlineData("F32", ChronicDisease.MentalIllness)]
    [InlineData("G40.9", ChronicDisease.Epilepsy)]
    [InlineData("A15.0", ChronicDisease.Tuberculosis)]
    [InlineData("B20", ChronicDisease.Hiv)]
    [InlineData("Z21", ChronicDisease.Hiv)]
    [InlineData("N18.5", ChronicDisease.ChronicKidneyDisease)]
    [InlineData("I16", null)]
    [InlineData("E15", null)]
    [InlineData("F40", null)]
    [InlineData("J00", null)]
    [InlineData("N19", null)]
    public void A_diagnosis_belongs_to_the_register_by_its_ICD10_range(string code, ChronicDisease? disease) =>
        Assert.Equal(disease, ChronicRegister.DiseaseOf(code));

    private static ChronicEnrolment Enrolment(ChronicDisease disease, DateOnly enrolled, int days = 30) =>
        new() { Disease = disease, IcdCode = "I10", EnrolledOn = enrolled, FollowUpDays = days, EnrolledBy = "bs" };

    [Fact]
    public void The_next_visit_is_the_interval_after_the_last_one_and_is_overdue_the_day_after()
    {
        var e = Enrolment(ChronicDisease.Hypertension, Today.AddDays(-100));
        // A visit before enrolment does not count; without a visit since, the interval runs from enrolment.
        var none = ChronicRegister.StateOn(e, [Today.AddDays(-120)], [], Today);
        Assert.Equal((null, Today.AddDays(-70), true), (none.LastVisit, none.NextDue, none.Overdue));
        var onTheDay = ChronicRegister.StateOn(e, [Today.AddDays(-30)], [], Today);
        Assert.Equal((Today, false), (onTheDay.NextDue, onTheDay.Overdue));
        var dayAfter = ChronicRegister.StateOn(e, [Today.AddDays(-31)], [], Today);
        Assert.True(dayAfter.Overdue);
    }

    [Theory]
    [InlineData(139, 89, ControlStatus.Controlled)]
    [InlineData(140, 80, ControlStatus.Uncontrolled)]
    [InlineData(130, 90, ControlStatus.Uncontrolled)]
    public void Hypertension_is_controlled_by_the_last_reading_under_140_over_90(int systolic, int diastolic, ControlStatus expected)
    {
        var e = Enrolment(ChronicDisease.Hypertension, Today.AddDays(-100));
        var readings = new List<(string, decimal, DateOnly)>
        {
            (Loinc.Systolic, 180, Today.AddDays(-40)), (Loinc.Diastolic, 110, Today.AddDays(-40)),
            (Loinc.Systolic, systolic, Today.AddDays(-3)), (Loinc.Diastolic, diastolic, Today.AddDays(-3)),
        };
        Assert.Equal(expected, ChronicRegister.StateOn(e, [], readings, Today).Control);
    }

    [Fact]
    public void Diabetes_reads_the_last_glucose_or_HbA1c_and_other_diseases_have_no_reading_rule()
    {
        var dm = Enrolment(ChronicDisease.Diabetes, Today.AddDays(-100));
        Assert.Equal(ControlStatus.Controlled, ChronicRegister.StateOn(dm, [], [(Loinc.Glucose, 8.2m, Today.AddDays(-20)), (Loinc.HbA1c, 6.9m, Today.AddDays(-2))], Today).Control);
        Assert.Equal(ControlStatus.Uncontrolled, ChronicRegister.StateOn(dm, [], [(Loinc.Glucose, 7.0m, Today)], Today).Control);
        Assert.Equal(ControlStatus.Unknown, ChronicRegister.StateOn(dm, [], [], Today).Control);
        Assert.Equal(ControlStatus.Unknown, ChronicRegister.StateOn(Enrolment(ChronicDisease.Epilepsy, Today), [], [(Loinc.Systolic, 120, Today)], Today).Control);
    }

    [Fact]
    public void An_enrolment_needs_a_register_diagnosis_a_date_from_onset_and_a_sane_interval()
    {
        Assert.NotNull(ChronicRegister.ValidateEnrolment("J00", Today, 30, Today.AddYears(-1), Today)["conditionId"]);
        Assert.NotNull(ChronicRegister.ValidateEnrolment("I10", Today.AddYears(-2), 30, Today.AddYears(-1), Today)["enrolledOn"]);
        Assert.NotNull(ChronicRegister.ValidateEnrolment("I10", Today.AddDays(1), 30, Today.AddYears(-1), Today)["enrolledOn"]);
        Assert.NotNull(ChronicRegister.ValidateEnrolment("I10", Today, 6, Today.AddYears(-1), Today)["followUpDays"]);
        Assert.True(ChronicRegister.ValidateEnrolment("I10", Today, 7, Today.AddYears(-1), Today).IsValid);
    }
}

public class RehabRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly Born = new(1950, 1, 1);

    [Fact]
    public void A_plan_needs_a_start_and_a_goal_and_a_Barthel_in_steps_of_five()
    {
        var errors = RehabRules.ValidatePlan(new RehabPlanInput { StartDate = Today, Goals = ["  "], BaselineBarthel = 42, ReviewDate = Today }, Born, Today);
        Assert.NotNull(errors["goals"]);
        Assert.NotNull(errors["baselineBarthel"]);
        Assert.NotNull(errors["reviewDate"]);
        Assert.True(RehabRules.ValidatePlan(new RehabPlanInput { StartDate = Today, Goals = ["Tự ăn"], BaselineBarthel = 45, ReviewDate = Today.AddDays(30) }, Born, Today).IsValid);
    }

    [Fact]
    public void A_session_is_refused_for_a_plan_that_ended_before_its_start_and_in_the_future()
    {
        var plan = new RehabPlan { StartDate = Today.AddDays(-10), CreatedBy = "ktv" };
        RehabSessionInput Session(DateOnly d, int? minutes = 30) => new() { Date = d, Minutes = minutes, Activities = "Tập đi" };
        Assert.True(RehabRules.ValidateSession(Session(Today), plan, Today).IsValid);
        Assert.NotNull(RehabRules.ValidateSession(Session(Today.AddDays(-11)), plan, Today)["date"]);
        Assert.NotNull(RehabRules.ValidateSession(Session(Today.AddDays(1)), plan, Today)["date"]);
        Assert.NotNull(RehabRules.ValidateSession(Session(Today, 4), plan, Today)["minutes"]);
        plan.ClosedOn = Today.AddDays(-1);
        Assert.Contains("đã kết thúc", RehabRules.ValidateSession(Session(Today), plan, Today)[""]);
    }

    [Fact]
    public void A_device_returns_once_and_not_before_it_was_issued()
    {
        var device = new AssistiveDevice { Kind = DeviceKind.Wheelchair, IssuedOn = Today.AddDays(-30), RecordedBy = "ktv" };
        Assert.NotNull(RehabRules.ValidateReturn(Today.AddDays(-31), device, Today)["returnedOn"]);
        Assert.True(RehabRules.ValidateReturn(Today, device, Today).IsValid);
        device.ReturnedOn = Today;
        Assert.NotNull(RehabRules.ValidateReturn(Today, device, Today)[""]);
        Assert.NotNull(RehabRules.ValidateDevice(new DeviceInput { Kind = (DeviceKind)42, IssuedOn = Today }, Born, Today)["kind"]);
    }

    [Fact]
    public void Each_instrument_says_where_its_bands_begin()
    {
        Assert.Equal([5, 10, 15, 20], InstrumentCatalog.Find("PHQ-9")!.BandStarts);
        Assert.Equal([5], InstrumentCatalog.Find("GDS-15")!.BandStarts);
    }
}
