namespace AnSinh.Domain.HealthRecords;

/// <summary>An ICD-10 category (three characters) or subcategory with its Vietnamese name.</summary>
public class Icd10Code
{
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? Chapter { get; set; }
    /// <summary>"†" (aetiology) or "*" (manifestation) as the list publishes it.</summary>
    public string? Sign { get; set; }
    /// <summary>The list version the current name comes from.</summary>
    public string? ListVersion { get; set; }
    /// <summary>Valid from this date (null: since before any record); a successor list sets it for codes it adds.</summary>
    public DateOnly? ValidFrom { get; set; }
    /// <summary>Valid until this date: set when a successor list drops the code. Records keep it.</summary>
    public DateOnly? ValidTo { get; set; }
    public string SearchText { get; set; } = "";

    public bool IsValidOn(DateOnly date) => (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || ValidTo >= date);

    /// <summary>"In the list in force on D", for queries.</summary>
    public static System.Linq.Expressions.Expression<Func<Icd10Code, bool>> ValidOn(DateOnly date) =>
        c => (c.ValidFrom == null || c.ValidFrom <= date) && (c.ValidTo == null || c.ValidTo >= date);
}

/// <summary>A coded observation kind (LOINC) with its unit and Vietnamese label.</summary>
public class ObservationCode
{
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public required string Unit { get; set; }
    public bool IsVitalSign { get; set; }
    public int SortOrder { get; set; }
}
