using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;

namespace AnSinh.Domain.Indicators;

/// <summary>What INDICATORS.md lets a deployment or a plan configure; the defaults are the spec's.</summary>
public sealed record IndicatorOptions
{
    public static readonly IReadOnlySet<FacilityType> DefaultFacilityTypes =
        new HashSet<FacilityType> { FacilityType.MeritoriousCareCentre, FacilityType.SocialAssistance, FacilityType.DrugRehabilitation };

    /// <summary>Default entitlement rules: social-assistance categories and people with meritorious service get allowance and insurance; poor households insurance and electricity support.</summary>
    public static readonly IReadOnlyDictionary<CategoryKind, EntitlementKind[]> DefaultEntitlementRules = new Dictionary<CategoryKind, EntitlementKind[]>
    {
        [CategoryKind.MeritoriousService] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.MeritoriousRelative] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.Elderly] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.ChildSpecialCircumstances] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.Disability] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.MentalIllness] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.Hiv] = [EntitlementKind.MonthlyAllowance, EntitlementKind.HealthInsurance],
        [CategoryKind.PoorHousehold] = [EntitlementKind.HealthInsurance, EntitlementKind.ElectricitySupport],
    };

    /// <summary>Facility types a plan covers (default: meritorious-care, social-assistance and drug-rehabilitation facilities).</summary>
    public IReadOnlySet<FacilityType> FacilityTypes { get; init; } = DefaultFacilityTypes;
    /// <summary>A plan may cover public facilities only.</summary>
    public bool PublicOnly { get; init; }
    /// <summary>Whether community enrolments at commune health stations count in the served population.</summary>
    public bool IncludeCommunity { get; init; } = true;

    public int ReadinessWindowMonths { get; init; } = 12;
    public int TechniqueWindowMonths { get; init; } = 12;
    /// <summary>FAC-TECH threshold X, from the plan's target (80 by default).</summary>
    public decimal TechniqueThresholdPercent { get; init; } = 80;
    public int EhmWindowMonths { get; init; } = 12;
    public int IntakeDays { get; init; } = 7;
    public int PeriodicMonths { get; init; } = 12;
    /// <summary>Interval for people aged 80+ and children under 6.</summary>
    public int PeriodicMonthsOldOrYoung { get; init; } = 6;
    public int ChronicWindowMonths { get; init; } = 3;
    public decimal SystolicBelow { get; init; } = 140;
    public decimal DiastolicBelow { get; init; } = 90;
    public decimal GlucoseBelow { get; init; } = 7.0m;
    public decimal HbA1cBelow { get; init; } = 7m;
    public int MentalHealthWindowMonths { get; init; } = 12;
    public string Gds15 { get; init; } = "GDS-15";
    public string Phq9 { get; init; } = "PHQ-9";
    public IReadOnlyDictionary<CategoryKind, EntitlementKind[]> EntitlementRules { get; init; } = DefaultEntitlementRules;
}
