using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Tests;

public class RecordCustodyTests
{
    private const int Centre = 1, Other = 2, Station = 3;
    private const int ReadDays = 90;
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static Custody Of(int facility, int? registered, params StaySpan[] stays) =>
        RecordCustody.Of(facility, registered, stays, Today, ReadDays);

    [Fact]
    public void The_facility_with_the_open_stay_owns_the_record()
    {
        var custody = Of(Centre, Station, new StaySpan(Centre, new(2025, 1, 1), null));
        Assert.True(custody.CanWrite);
        Assert.Null(custody.LeftOn);
    }

    [Fact]
    public void After_a_transfer_the_former_facility_reads_what_stood_on_the_day_it_left_and_cannot_write()
    {
        var left = new DateOnly(2026, 10, 1);
        var stays = new[] { new StaySpan(Centre, new(2024, 3, 1), left), new StaySpan(Other, left, null) };

        var former = Of(Centre, Centre, stays);
        Assert.Equal(CustodyKind.Former, former.Kind);
        Assert.Equal(left, former.LeftOn);
        Assert.True(former.CanRead);
        Assert.False(former.CanWrite);
        Assert.True(Of(Other, Centre, stays).CanWrite);
    }

    [Fact]
    public void The_read_period_ends_readDays_after_the_day_the_person_left()
    {
        // Left on 29/08/2026: 90 days later is 27/11/2026 (still readable); left a day earlier, no longer.
        Assert.True(Of(Centre, null, new StaySpan(Centre, new(2026, 1, 1), new(2026, 8, 29))).CanRead);
        Assert.Equal(Custody.None, Of(Centre, null, new StaySpan(Centre, new(2026, 1, 1), new(2026, 8, 28))));
    }

    [Fact]
    public void When_nobody_has_the_person_in_care_the_registering_facility_keeps_the_record()
    {
        var discharged = new StaySpan(Other, new(2026, 2, 1), new(2026, 11, 1));
        Assert.True(Of(Station, Station, discharged).CanWrite);
        Assert.Equal(new Custody(CustodyKind.Former, new(2026, 11, 1)), Of(Other, Station, discharged));
        // A person registered and never admitted anywhere.
        Assert.True(Of(Station, Station).CanWrite);
    }

    [Fact]
    public void The_registering_facility_becomes_former_when_another_takes_the_person_in()
    {
        var admitted = new DateOnly(2026, 9, 15);
        Assert.Equal(new Custody(CustodyKind.Former, admitted), Of(Station, Station, new StaySpan(Centre, admitted, null)));
        // Admitted elsewhere longer ago than the read period: the registering facility no longer sees the person.
        Assert.Equal(Custody.None, Of(Station, Station, new StaySpan(Centre, new(2026, 1, 2), null)));
    }

    [Fact]
    public void A_facility_that_never_had_the_person_has_no_access()
    {
        Assert.Equal(Custody.None, Of(Other, Station, new StaySpan(Centre, new(2026, 1, 1), null)));
    }
}
