using AnSinh.Domain.Identity;
using AnSinh.Web.Features.Beneficiaries;
using Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// A beneficiary as a Viet Nam Core Patient: identifiers with the IG's systems (CCCD, BHYT card, AnSinh's own id), the
/// name (family name first, as Vietnamese names are written), sex, birth date, ethnic group (extension-race, GSO codes)
/// and the address with its administrative unit's code. docs/api.md lists what is kept.
/// </summary>
public static class PatientMapping
{
    public static Patient ToFhir(BeneficiaryDetail b, AdminUnitCode? unit) =>
        ToFhir(new PatientFacts(b.Id, b.Version, b.FullName, b.Sex, b.BirthDate, b.EthnicityCode, b.EthnicityName, b.NationalId, b.HealthInsuranceNumber,
            b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo, b.AddressLine, unit));

    public static Patient ToFhir(PatientFacts b, DateTimeOffset? lastUpdated = null)
    {
        var unit = b.Unit;
        var patient = new Patient
        {
            Id = Id(b.Id),
            Meta = new Meta { Profile = [VnCore.PatientProfile], VersionId = b.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), LastUpdated = lastUpdated },
            Active = true,
            Gender = b.Sex switch { Sex.Male => AdministrativeGender.Male, Sex.Female => AdministrativeGender.Female, _ => AdministrativeGender.Unknown },
            BirthDate = b.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        patient.Identifier.Add(new Identifier(VnCore.PatientInternalIdSystem, Id(b.Id)) { Use = Identifier.IdentifierUse.Usual });
        if (b.NationalId is { } cccd)
        {
            patient.Identifier.Add(new Identifier(VnCore.NationalIdSystem, cccd) { Use = Identifier.IdentifierUse.Official });
        }

        if (b.HealthInsuranceNumber is { } card)
        {
            var insurance = new Identifier(VnCore.InsuranceNumberSystem, card) { Use = Identifier.IdentifierUse.Secondary };
            if (b.HealthInsuranceValidFrom is not null || b.HealthInsuranceValidTo is not null)
            {
                insurance.Period = new Period { Start = Date(b.HealthInsuranceValidFrom), End = Date(b.HealthInsuranceValidTo) };
            }

            patient.Identifier.Add(insurance);
        }

        patient.Name.Add(Name(b.FullName));
        if (b.EthnicityCode is { } ethnicity)
        {
            patient.Extension.Add(new Extension(VnCore.RaceExtension, new CodeableConcept(VnCore.RaceSystem, ethnicity, b.EthnicityName)));
        }

        if (b.AddressLine is not null || unit is not null)
        {
            var address = new Address
            {
                Use = Address.AddressUse.Home,
                Text = string.Join(", ", new[] { b.AddressLine, unit?.Name }.Where(x => !string.IsNullOrWhiteSpace(x))),
                Country = "VN",
            };
            if (b.AddressLine is { } line)
            {
                address.Line = [line];
            }

            if (unit is not null)
            {
                address.City = unit.ProvinceName;
                address.Extension.Add(VnCore.AdministrativeAddress(unit));
            }

            patient.Address.Add(address);
        }

        return patient;
    }

    /// <summary>"Nguyễn Văn An": family "Nguyễn", given "Văn", "An"; the whole name as text.</summary>
    public static HumanName Name(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new HumanName
        {
            Use = HumanName.NameUse.Official,
            Text = fullName,
            Family = parts.Length > 1 ? parts[0] : null,
            Given = parts.Length > 1 ? parts[1..] : parts,
        };
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a Patient is made of: a read takes it from the record, a search from one query for the whole page.</summary>
public sealed record PatientFacts(int Id, int Version, string FullName, Sex Sex, DateOnly BirthDate, string? EthnicityCode, string? EthnicityName,
    string? NationalId, string? HealthInsuranceNumber, DateOnly? HealthInsuranceValidFrom, DateOnly? HealthInsuranceValidTo, string? AddressLine,
    AdminUnitCode? Unit);

/// <summary>The code and name of a person's commune or ward, and its province's name.</summary>
public sealed record AdminUnitCode(string Code, string Name, string? ProvinceName);
