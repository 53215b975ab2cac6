namespace AnSinh.Domain.Indicators;

/// <summary>The date windows of INDICATORS.md ("Precise rules").</summary>
public static class Windows
{
    /// <summary>"N months before D": D.AddMonths(-N) &lt; d ≤ D — exactly N months before is outside, D itself inside.</summary>
    public static bool InMonthsBefore(DateOnly date, DateOnly asOf, int months) => date > asOf.AddMonths(-months) && date <= asOf;

    /// <summary>"The period": 1 January of D's year up to and including D.</summary>
    public static bool InPeriod(DateOnly date, DateOnly asOf) => date >= new DateOnly(asOf.Year, 1, 1) && date <= asOf;

    /// <summary>Active or valid on D: started on or before D and not ended before D.</summary>
    public static bool ActiveOn(DateOnly? from, DateOnly? to, DateOnly asOf) => (from is null || from <= asOf) && (to is null || to >= asOf);

    /// <summary>Whole years on D.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly asOf)
    {
        var age = asOf.Year - birthDate.Year;
        return birthDate > asOf.AddYears(-age) ? age - 1 : age;
    }

    /// <summary>100 × n ÷ d rounded half away from zero to one decimal; no denominator, no percent.</summary>
    public static decimal? Percent(int numerator, int denominator) =>
        denominator == 0 ? null : Math.Round(100m * numerator / denominator, 1, MidpointRounding.AwayFromZero);
}
