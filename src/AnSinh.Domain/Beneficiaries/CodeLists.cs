namespace AnSinh.Domain.Beneficiaries;

/// <summary>
/// The coded lists a person's identity and categories are written in, each loaded from
/// data/reference with its legal or statistical source (see the SOURCE.md beside each file).
/// </summary>
public static class CodeLists
{
    /// <summary>The 54 ethnic groups, GSO codes 01–54.</summary>
    public const string EthnicGroup = "ethnic-group";
    /// <summary>Pháp lệnh 02/2020/UBTVQH14, Điều 3: khoản 1 the people, khoản 2 their relatives.</summary>
    public const string MeritoriousType = "meritorious-type";
    /// <summary>Luật Người khuyết tật 2010, Điều 3 khoản 1.</summary>
    public const string DisabilityType = "disability-type";
    /// <summary>Luật Người khuyết tật 2010, Điều 3 khoản 2.</summary>
    public const string DisabilitySeverity = "disability-severity";
    /// <summary>Nghị định 20/2021/NĐ-CP, Điều 5.</summary>
    public const string SocialAssistance = "social-assistance";

    /// <summary>Vaccine codes (CVX) enumerated by the Viet Nam Core IG's vaccine ValueSet.</summary>
    public const string VaccineCvx = "vaccine-cvx";

    /// <summary>A drug list, when one is supplied (data/reference/drugs/drugs.csv); empty until then.</summary>
    public const string Drug = "drug";

    public const string MeritoriousPersonClause = "D3K1";
    public const string MeritoriousRelativeClause = "D3K2";

    public static readonly IReadOnlyList<string> All = [EthnicGroup, MeritoriousType, DisabilityType, DisabilitySeverity, SocialAssistance];

    public static bool Contains(IReadOnlyDictionary<string, IReadOnlySet<string>> lists, string list, string code) =>
        lists.TryGetValue(list, out var codes) && codes.Contains(code.Trim());
}

/// <summary>One entry of a coded list.</summary>
public class CodeListItem
{
    public required string List { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Other names (ethnic groups) or the article, clause and point it comes from.</summary>
    public string? Detail { get; set; }
    public int SortOrder { get; set; }
}
