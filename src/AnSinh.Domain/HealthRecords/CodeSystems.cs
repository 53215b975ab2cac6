namespace AnSinh.Domain.HealthRecords;

/// <summary>An ICD-10 category (three characters) or subcategory with its Vietnamese name.</summary>
public class Icd10Code
{
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? Chapter { get; set; }
    public string SearchText { get; set; } = "";
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
