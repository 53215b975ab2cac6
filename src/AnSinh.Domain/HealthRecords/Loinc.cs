namespace AnSinh.Domain.HealthRecords;

/// <summary>LOINC codes that rules refer to by meaning. Names, units and plausible ranges are reference data.</summary>
public static class Loinc
{
    public const string Systolic = "8480-6";
    public const string Diastolic = "8462-4";
    public const string Pulse = "8867-4";
    public const string Temperature = "8310-5";
    public const string RespiratoryRate = "9279-1";
    public const string OxygenSaturation = "59408-5";
    public const string Weight = "29463-7";
    public const string Height = "8302-2";
    public const string Bmi = "39156-5";
    public const string Glucose = "2339-0";
    public const string HbA1c = "4548-4";

    /// <summary>The readings CHR-HTN and CHR-DM look at: blood pressure, fasting glucose, HbA1c.</summary>
    public static readonly IReadOnlyList<string> ChronicDiseaseCodes = [Systolic, Diastolic, Glucose, HbA1c];
}
