namespace AnSinh.Domain.HealthRecords;

/// <summary>How a UCUM unit is written for a Vietnamese reader.</summary>
public static class UnitDisplay
{
    public static string For(string ucum) => ucum switch
    {
        "mm[Hg]" => "mmHg",
        "/min" => "lần/phút",
        "Cel" => "°C",
        "kg/m2" => "kg/m²",
        _ => ucum,
    };
}
