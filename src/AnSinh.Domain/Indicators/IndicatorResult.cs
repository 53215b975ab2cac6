namespace AnSinh.Domain.Indicators;

/// <summary>
/// One indicator for one unit on one date: numerator, denominator, percent (or value for counts),
/// the ids behind both, and secondary figures (e.g. CHR-HTN's "controlled").
/// </summary>
public sealed record IndicatorResult(
    string Code,
    int? Numerator,
    int? Denominator,
    decimal? Percent,
    decimal? Value,
    IReadOnlyList<int> NumeratorMembers,
    IReadOnlyList<int> DenominatorMembers,
    IReadOnlyDictionary<string, decimal> Secondary)
{
    public IndicatorDefinition Definition => IndicatorCodes.Get(Code);

    /// <summary>Who or which facility is in the denominator but not the numerator: the list an officer acts on.</summary>
    public IReadOnlyList<int> MissingMembers =>
        Definition.NumeratorMembers == Definition.DenominatorMembers
            ? DenominatorMembers.Except(NumeratorMembers).ToList()
            : [];

    /// <summary>The figure a target is compared with: the percent, or the value of a count indicator.</summary>
    public decimal? Figure => Definition.Kind == IndicatorKind.Percent ? Percent : Value;

    public static IndicatorResult Ratio(string code, IReadOnlyCollection<int> numerator, IReadOnlyCollection<int> denominator,
        IReadOnlyDictionary<string, decimal>? secondary = null) =>
        new(code, numerator.Count, denominator.Count, Windows.Percent(numerator.Count, denominator.Count), null,
            numerator.Order().ToList(), denominator.Order().ToList(), secondary ?? new Dictionary<string, decimal>());
}
