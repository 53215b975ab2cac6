using AnSinh.Web.Features.Fhir;
using Hl7.Fhir.Model;

namespace AnSinh.Web.Tests;

/// <summary>FHIR search values as AnSinh reads them: dates with prefixes and precision, patient references, local days.</summary>
public sealed class FhirSearchTests
{
    [Theory]
    [InlineData("2024-03-05", "eq", "2024-03-05", "2024-03-05")]
    [InlineData("ge2024-03", "ge", "2024-03-01", "2024-03-31")]
    [InlineData("le2024", "le", "2024-01-01", "2024-12-31")]
    [InlineData("lt2024-02", "lt", "2024-02-01", "2024-02-29")]
    [InlineData("sa2024-03-05", "gt", "2024-03-05", "2024-03-05")]
    [InlineData("eb2024-03-05", "lt", "2024-03-05", "2024-03-05")]
    [InlineData("gt2024-03-05T10:00:00+07:00", "gt", "2024-03-05", "2024-03-05")]
    public void A_date_value_covers_the_days_its_precision_names(string value, string prefix, string from, string to)
    {
        Assert.True(FhirSearch.TryDateRange(value, out var first, out var last, out var read));
        Assert.Equal((prefix, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
            (read, first, last));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10/01/2024")]
    [InlineData("ne2024-01-01")]
    [InlineData("2024-13-01")]
    [InlineData("2024-01-01Tgarbage")]
    [InlineData("20240")]
    public void A_date_value_that_is_not_one_is_refused(string value) =>
        Assert.False(FhirSearch.TryDateRange(value, out _, out _, out _));

    [Theory]
    [InlineData("12", true)]
    [InlineData("Patient/12", true)]
    [InlineData("http://ansinh.local/fhir/Patient/12", true)]
    [InlineData("http://other.example/fhir/Patient/12", false)]
    [InlineData("Organization/12", false)]
    [InlineData("Patient/12/_history/1", false)]
    public void A_patient_reference_is_local_or_refused(string value, bool local)
    {
        Assert.Equal(local, FhirSearch.TryPatientId(value, "http://ansinh.local/fhir", out var id));
        Assert.Equal(local ? 12 : 0, local ? id : 0);
    }

    [Theory]
    [InlineData("2024-03-05", "2024-03-05")]
    [InlineData("2024-03-04T20:30:00Z", "2024-03-05")] // 03:30 the next morning in Viet Nam
    [InlineData("2024-03-05T09:30:10+01:00", "2024-03-05")]
    public void A_moment_falls_on_its_day_in_viet_nam(string value, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), FhirSearch.LocalDate(new FhirDateTime(value)));

    [Theory]
    [InlineData("gt2026-11-28T09:30:10Z", "2026-11-28T09:30:10.0000000Z", "2026-11-28T09:30:11.0000000Z")]
    [InlineData("ge2026-11-28T16:30:10.250+07:00", "2026-11-28T09:30:10.2500000Z", "2026-11-28T09:30:10.2510000Z")]
    [InlineData("lt2026-11-28T09:30:10.1234567Z", "2026-11-28T09:30:10.1234567Z", "2026-11-28T09:30:10.1234568Z")]
    public void A_moment_covers_the_precision_it_is_written_to(string value, string from, string until)
    {
        Assert.True(FhirSearch.TryInstantRange(value, out var first, out var end, out _));
        Assert.Equal((from, until), (first.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            end.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_partial_date_is_not_a_day() => Assert.Null(FhirSearch.LocalDate(new FhirDateTime("2024-03")));
}
