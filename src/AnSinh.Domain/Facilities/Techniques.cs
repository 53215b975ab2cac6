namespace AnSinh.Domain.Facilities;

/// <summary>A version of the commune-level technique catalog (danh mục kỹ thuật tuyến xã), in force from a date.</summary>
public class TechniqueCatalog
{
    public int Id { get; set; }
    public required string Version { get; set; }
    public DateOnly ValidFrom { get; set; }
    public string? Source { get; set; }
    public List<Technique> Techniques { get; set; } = [];
}

public class Technique
{
    public int Id { get; set; }
    public int CatalogId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Group { get; set; }
}

/// <summary>A facility's dated confirmation that it performs a technique.</summary>
public class FacilityTechnique
{
    public int Id { get; set; }
    public int FacilityId { get; set; }
    public required string TechniqueCode { get; set; }
    public DateOnly ConfirmedOn { get; set; }
    public string? ConfirmedBy { get; set; }
}

public class TrainingRecord
{
    public int Id { get; set; }
    public int FacilityId { get; set; }
    public required string Course { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public decimal Hours { get; set; }
    public int Participants { get; set; }
}

public class EquipmentItem
{
    public int Id { get; set; }
    public int FacilityId { get; set; }
    public required string Name { get; set; }
    public int Quantity { get; set; }
    public DateOnly? AcquiredOn { get; set; }
    public string? Condition { get; set; }
}
