using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Indicators;

public enum DataQualityCheck
{
    /// <summary>Served people with no intake screening on record.</summary>
    NoIntakeScreening = 1,
    /// <summary>Served people whose periodic check is overdue for their group's interval.</summary>
    PeriodicCheckOverdue = 2,
    /// <summary>In-scope facilities with no readiness assessment in the last 12 months.</summary>
    NoRecentReadinessAssessment = 3,
    /// <summary>Served people whose health-insurance card has run out.</summary>
    ExpiredHealthInsurance = 4,
    /// <summary>Served people with no card on record at all.</summary>
    NoHealthInsurance = 5,
    /// <summary>Current stays with no encounter since admission.</summary>
    StayWithoutEncounter = 6,
}

public sealed record DataQualityFinding(DataQualityCheck Check, MemberKind Kind, IReadOnlyList<int> Ids);

/// <summary>The gaps in the records that keep a unit's figures down, each with the list to fix.</summary>
public static class DataQuality
{
    public static IReadOnlyList<DataQualityFinding> Compute(MonitoringFacts facts, DateOnly asOf, IndicatorOptions? options = null)
    {
        var o = options ?? new IndicatorOptions();
        var engine = new IndicatorEngine(facts, asOf, o);
        var served = engine.Served;
        var intake = facts.Encounters.Where(e => e.Kind == EncounterKind.IntakeScreening).Select(e => e.PersonId).ToHashSet();
        var people = facts.People.ToDictionary(p => p.Id);
        var assessed = facts.Assessments.Where(a => Windows.InMonthsBefore(a.Date, asOf, o.ReadinessWindowMonths)).Select(a => a.FacilityId).ToHashSet();
        var inScope = engine.InScopeFacilities.Select(f => f.Id).ToHashSet();
        var stations = facts.Facilities.Where(f => f.Type == Facilities.FacilityType.CommuneHealthStation).Select(f => f.Id).ToHashSet();
        var encounterDates = facts.Encounters.ToLookup(e => e.PersonId, e => e.Date);
        var currentStays = facts.Stays.Where(s => s.Kind is StayKind.Residential or StayKind.CommunityEnrolment
                && (inScope.Contains(s.FacilityId) || stations.Contains(s.FacilityId))
                && Stays.StayPeriods.IsServedOn(s.AdmittedOn, s.DischargedOn, asOf))
            .ToList();

        return
        [
            new(DataQualityCheck.NoIntakeScreening, MemberKind.Person, served.Where(p => !intake.Contains(p)).Order().ToList()),
            new(DataQualityCheck.PeriodicCheckOverdue, MemberKind.Person, engine.Compute(IndicatorCodes.BenPeriodic).MissingMembers),
            new(DataQualityCheck.NoRecentReadinessAssessment, MemberKind.Facility, inScope.Where(f => !assessed.Contains(f)).Order().ToList()),
            new(DataQualityCheck.ExpiredHealthInsurance, MemberKind.Person,
                // Not valid on the day, as BEN-BHYT counts it: expired, or issued from a later date.
                served.Where(p => people.TryGetValue(p, out var x) && x.CardValidTo is not null && !Windows.ActiveOn(x.CardValidFrom, x.CardValidTo, asOf))
                    .Order().ToList()),
            new(DataQualityCheck.NoHealthInsurance, MemberKind.Person,
                served.Where(p => people.TryGetValue(p, out var x) && x.CardValidTo is null).Order().ToList()),
            new(DataQualityCheck.StayWithoutEncounter, MemberKind.Stay,
                currentStays.Where(s => !encounterDates[s.PersonId].Any(d => d >= s.AdmittedOn && d <= asOf)).Select(s => s.Id).Order().ToList()),
        ];
    }
}
