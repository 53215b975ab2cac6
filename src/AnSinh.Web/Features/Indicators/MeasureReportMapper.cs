using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AnSinh.Web.Features.Indicators;

/// <summary>An indicator result as an HL7 FHIR R4 MeasureReport (summary), for the interoperability facade.</summary>
public static class MeasureReportMapper
{
    public const string MeasureBase = "https://ansinh.vn/fhir/Measure/";
    public const string UnitSystem = "urn:ansinh:admin-unit";
    public const string IndicatorSystem = "urn:ansinh:indicator";
    private const string PopulationSystem = "http://terminology.hl7.org/CodeSystem/measure-population";

    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(ModelInfo.ModelInspector);

    public static MeasureReport ToMeasureReport(IndicatorRow row, string unitCode, string unitName, DateOnly asOf, DateTimeOffset generated)
    {
        var group = new MeasureReport.GroupComponent { Code = new CodeableConcept(IndicatorSystem, row.Code, row.Name) };
        if (row.Numerator is { } numerator)
        {
            group.Population.Add(Population("numerator", numerator));
        }

        if (row.Denominator is { } denominator)
        {
            group.Population.Add(Population("denominator", denominator));
        }

        if (row.Percent is { } percent)
        {
            group.MeasureScore = new Quantity(percent, "%", "http://unitsofmeasure.org");
        }
        else if (row.Value is { } value)
        {
            group.MeasureScore = new Quantity { Value = value };
        }

        return new MeasureReport
        {
            Status = MeasureReport.MeasureReportStatus.Complete,
            Type = MeasureReport.MeasureReportType.Summary,
            Measure = MeasureBase + row.Code,
            Subject = new ResourceReference { Identifier = new Identifier(UnitSystem, unitCode), Display = unitName },
            Date = generated.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Period = new Period
            {
                Start = new DateOnly(asOf.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                End = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            Group = [group],
        };
    }

    public static string ToJson(Resource resource) => Engine.SerializeToJson(resource);

    public static Resource FromJson(string json) => Engine.DeserializeFromJson(json) ?? throw new InvalidDataException("empty FHIR resource");

    private static MeasureReport.PopulationComponent Population(string code, int count) => new()
    {
        Code = new CodeableConcept(PopulationSystem, code),
        Count = count,
    };
}
