using AnSinh.Domain.Validation;

namespace AnSinh.Domain.Instruments;

/// <summary>A result band: a stable code (kept with the result) and its Vietnamese name.</summary>
public sealed record Band(string Code, string NameVi);

/// <summary>One substance's involvement score and risk (WHO ASSIST).</summary>
public sealed record SubstanceScore(string Substance, string NameVi, int Score, Band Band);

/// <summary>
/// What an instrument says of a set of answers. An incomplete set has no score and no band — never a partial sum that
/// reads like a real one. Flags are codes a reader must not miss (PHQ-9 item 9).
/// </summary>
public sealed record InstrumentScore(bool Complete, int? Score, Band? Band, IReadOnlyList<string> Flags, IReadOnlyList<SubstanceScore>? Substances = null)
{
    public static InstrumentScore Incomplete(IReadOnlyList<string>? flags = null) => new(false, null, null, flags ?? []);
}

/// <summary>One item: its key, a short Vietnamese label, the point values it may take (as published) and, where the
/// form words them, what each value means.</summary>
public sealed record InstrumentItem(string Key, string LabelVi, IReadOnlyList<int> Values, IReadOnlyDictionary<int, string>? OptionsVi = null)
{
    /// <summary>"2 – Hằng tuần" where the value has words, else the points.</summary>
    public string OptionLabelVi(int value) => OptionsVi?.GetValueOrDefault(value) is { } words ? $"{value} – {words}" : $"{value} điểm";
}

/// <summary>
/// A scored instrument as published: its items in the published order, their point values, the scoring and the bands.
/// Answers are the published point values in item order, null for an item not answered.
/// </summary>
public abstract class Instrument
{
    public abstract string Code { get; }
    /// <summary>The published version the scoring follows; kept with every result.</summary>
    public abstract string Version { get; }
    public abstract string NameVi { get; }
    /// <summary>The publication the items, points and bands come from.</summary>
    public abstract string Source { get; }
    public abstract IReadOnlyList<InstrumentItem> Items { get; }

    /// <summary>Checks the answers' count and values (Vietnamese errors keyed answers / answers[i]), then scores them.</summary>
    public (InstrumentScore? Result, ValidationErrors Errors) Score(IReadOnlyList<int?>? answers)
    {
        var errors = new ValidationErrors();
        if (answers is null || answers.Count != Items.Count)
        {
            errors.Add("answers", $"{Code} có {Items.Count} câu, theo đúng thứ tự đã công bố; đã nhận {answers?.Count ?? 0} câu trả lời.");
            return (null, errors);
        }

        for (var i = 0; i < Items.Count; i++)
        {
            if (answers[i] is { } value && !Items[i].Values.Contains(value))
            {
                errors.Add($"answers[{i}]", $"Câu {i + 1} ({Items[i].LabelVi}) chỉ nhận các điểm {string.Join(", ", Items[i].Values)}; đã nhận {value}.");
            }
        }

        Validate(answers, errors);
        return errors.IsValid ? (Compute(answers), errors) : (null, errors);
    }

    /// <summary>The highest total the instrument gives; null when it gives no single total (ASSIST).</summary>
    public virtual int? MaxScore => Items.Sum(i => i.Values.Max());

    /// <summary>The band of a total counted on paper, for the instruments whose band depends on the total alone; else null.</summary>
    public virtual Band? BandForTotal(int total) => null;

    /// <summary>The totals at which a new band begins (PHQ-9: 5, 10, 15, 20), for drawing the bands on a chart.</summary>
    public IReadOnlyList<int> BandStarts => Enumerable.Range(1, Math.Max(0, MaxScore ?? 0))
        .Where(t => BandForTotal(t)?.Code != BandForTotal(t - 1)?.Code).ToList();

    /// <summary>Rules across items (MNA-SF's BMI or calf circumference).</summary>
    protected virtual void Validate(IReadOnlyList<int?> answers, ValidationErrors errors)
    {
    }

    /// <summary>Most instruments: the sum of the item points once every item is answered, banded by the total.</summary>
    protected virtual InstrumentScore Compute(IReadOnlyList<int?> answers)
    {
        if (answers.Any(a => a is null))
        {
            return InstrumentScore.Incomplete();
        }

        var total = answers.Sum(a => a!.Value);
        return new InstrumentScore(true, total, BandForTotal(total), []);
    }

    /// <summary>The band whose lower bound is the highest one at or below the score.</summary>
    protected static Band BandOf(int score, params (int From, Band Band)[] bands) => bands.Last(b => score >= b.From).Band;

    protected static InstrumentItem Item(string key, string label, params int[] values) => new(key, label, values);

    protected static InstrumentItem Item(string key, string label, params (int Value, string Words)[] options) =>
        new(key, label, options.Select(o => o.Value).ToList(), options.ToDictionary(o => o.Value, o => o.Words));
}

/// <summary>Every instrument AnSinh scores, by code.</summary>
public static class InstrumentCatalog
{
    public static readonly IReadOnlyDictionary<string, Instrument> All = new Instrument[]
    {
        new Phq9(), new Gds15(), new BarthelIndex(), new Assist(), new BradenScale(), new MorseFallScale(), new MnaShortForm(),
    }.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);

    public static Instrument? Find(string? code) => code is not null && All.TryGetValue(code.Trim(), out var instrument) ? instrument : null;
}
