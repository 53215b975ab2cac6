namespace AnSinh.Domain.Geography;

public enum AdminLevel
{
    Nation = 0,
    Province = 1,
    District = 2,
    Commune = 3,
}

/// <summary>
/// An administrative unit as it stood over a period. The 2025 reorganisation ends the old units
/// (valid to 30/06/2025) and starts new ones (valid from 01/07/2025); a province that kept its code
/// (Quảng Ninh, 22) has one row per period, linked by a succession.
/// </summary>
public class AdminUnit
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Type { get; set; }
    public AdminLevel Level { get; set; }
    public int? ParentId { get; set; }
    public AdminUnit? Parent { get; set; }
    /// <summary>Code of the province the unit lies in (its own code for a province).</summary>
    public string? ProvinceCode { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string SearchName { get; set; } = "";
    public List<AdminUnitSuccession> Successors { get; set; } = [];
    public List<AdminUnitSuccession> Predecessors { get; set; } = [];

    public bool IsValidOn(DateOnly date) =>
        (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || ValidTo >= date);

    /// <summary>The words of level a unit's name may begin with ("Tỉnh Quảng Ninh", "Phường Hồng Gai").</summary>
    public static readonly IReadOnlyList<string> LevelWords = ["Thành phố", "Tỉnh", "Huyện", "Quận", "Thị xã", "Thị trấn", "Xã", "Phường", "Đặc khu"];

    /// <summary>The level word the name begins with, or null ("Quảng Ninh" after the reform has none).</summary>
    public static string? LevelWordOf(string name) => LevelWords.FirstOrDefault(w => name.StartsWith(w + " ", StringComparison.Ordinal));

    /// <summary>The name without its level word: "Tỉnh Quảng Ninh" → "Quảng Ninh".</summary>
    public static string WithoutLevel(string name) => LevelWordOf(name) is { } word ? name[(word.Length + 1)..] : name;

    /// <summary>"Unit valid on D" for queries: the one rule the in-memory <see cref="IsValidOn"/> also states.</summary>
    public static System.Linq.Expressions.Expression<Func<AdminUnit, bool>> ValidOn(DateOnly date) =>
        u => (u.ValidFrom == null || u.ValidFrom <= date) && (u.ValidTo == null || u.ValidTo >= date);
}

public enum SuccessionKind
{
    /// <summary>The whole predecessor went into the successor.</summary>
    Full = 1,
    /// <summary>The predecessor was split; part of it went into the successor.</summary>
    Partial = 2,
}

public class AdminUnitSuccession
{
    public int PredecessorId { get; set; }
    public AdminUnit? Predecessor { get; set; }
    public int SuccessorId { get; set; }
    public AdminUnit? Successor { get; set; }
    public SuccessionKind Kind { get; set; }
    public DateOnly EffectiveOn { get; set; }
}
