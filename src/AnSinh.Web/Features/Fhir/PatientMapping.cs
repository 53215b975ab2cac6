using AnSinh.Domain.Beneficiaries;
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
            b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo, b.AddressLine, unit, b.RegisteredFacilityId), b.LastUpdated);

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
        // VN Core's slices fix each identifier's use: the facility's own code secondary, CCCD and BHYT card official.
        patient.Identifier.Add(new Identifier(VnCore.PatientInternalIdSystem, Id(b.Id)) { Use = Identifier.IdentifierUse.Secondary });
        if (b.NationalId is { } cccd)
        {
            patient.Identifier.Add(new Identifier(VnCore.NationalIdSystem, cccd) { Use = Identifier.IdentifierUse.Official });
        }

        if (b.HealthInsuranceNumber is { } card)
        {
            var insurance = new Identifier(VnCore.InsuranceNumberSystem, card) { Use = Identifier.IdentifierUse.Official };
            if (b.HealthInsuranceValidFrom is not null || b.HealthInsuranceValidTo is not null)
            {
                insurance.Period = new Period { Start = Date(b.HealthInsuranceValidFrom), End = Date(b.HealthInsuranceValidTo) };
            }

            patient.Identifier.Add(insurance);
        }

        patient.Name.Add(Name(b.FullName));
        if (b.FacilityId is { } facility)
        {
            patient.ManagingOrganization = new ResourceReference($"Organization/{Id(facility)}");
        }

        if (b.EthnicityCode is { } ethnicity)
        {
            patient.Extension.Add(new Extension(VnCore.RaceExtension, VnCore.Coded(VnCore.RaceSystem, ethnicity, b.EthnicityName)));
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

    /// <summary>
    /// What AnSinh keeps of a Patient a client sent: the official name (text, or family then given names), sex, a full
    /// birth date, CCCD and BHYT identifiers (the card's period), the ethnic group, the home address's lines and
    /// commune/ward code, and the managing facility. Other identifier systems, telecom, photos and the like are not kept
    /// (docs/api.md). Categories and contacts are not in a Patient and are left as they are on an update.
    /// </summary>
    public static IncomingPatient FromFhir(Patient patient)
    {
        var problems = new List<(string Expression, string Message)>();
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var fullName = name is null ? null
            : !string.IsNullOrWhiteSpace(name.Text) ? name.Text.Trim()
            : string.Join(' ', new[] { name.Family }.Concat(name.Given).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        DateOnly? birth = null;
        if (patient.BirthDate is { } text)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                birth = day;
            }
            else
            {
                problems.Add(("Patient.birthDate", $"Ngày sinh \"{text}\" phải đủ ngày, tháng, năm (yyyy-MM-dd)."));
            }
        }

        if (patient.Active == false)
        {
            problems.Add(("Patient.active", "AnSinh không đánh dấu hồ sơ ngừng hoạt động qua FHIR: ra viện hoặc tử vong được ghi trên AnSinh."));
        }

        var input = new BeneficiaryInput
        {
            FullName = string.IsNullOrWhiteSpace(fullName) ? null : fullName,
            Sex = patient.Gender switch { AdministrativeGender.Male => Sex.Male, AdministrativeGender.Female => Sex.Female, _ => null },
            BirthDate = birth,
        };
        foreach (var identifier in patient.Identifier)
        {
            switch (identifier.System)
            {
                case VnCore.NationalIdSystem:
                    input.NationalId = identifier.Value?.Trim();
                    break;
                case VnCore.InsuranceNumberSystem:
                    input.HealthInsuranceNumber = identifier.Value?.Trim();
                    input.HealthInsuranceValidFrom = Day(identifier.Period?.Start, "Patient.identifier.period.start", problems);
                    input.HealthInsuranceValidTo = Day(identifier.Period?.End, "Patient.identifier.period.end", problems);
                    break;
            }
        }

        if (patient.GetExtension(VnCore.RaceExtension)?.Value is CodeableConcept race)
        {
            input.EthnicityCode = race.Coding.FirstOrDefault(c => c.System == VnCore.RaceSystem)?.Code;
            if (input.EthnicityCode is null)
            {
                problems.Add(("Patient.extension('race')", $"Dân tộc phải được mã hóa theo hệ mã {VnCore.RaceSystem}."));
            }
        }

        var address = patient.Address.FirstOrDefault(a => a.Use == Address.AddressUse.Home) ?? patient.Address.FirstOrDefault();
        string? unitCode = null;
        if (address is not null)
        {
            input.AddressLine = address.Line.Any() ? string.Join(", ", address.Line.Where(l => !string.IsNullOrWhiteSpace(l))) : null;
            unitCode = VnCore.WardCode(address);
        }

        int? facility = null;
        if (patient.ManagingOrganization?.Reference is { } reference)
        {
            if (reference.StartsWith("Organization/", StringComparison.Ordinal)
                && int.TryParse(reference["Organization/".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fid))
            {
                facility = fid;
            }
            else
            {
                problems.Add(("Patient.managingOrganization", $"\"{reference}\" không phải Organization/<mã cơ sở> của AnSinh."));
            }
        }

        return new IncomingPatient(input, unitCode, facility, problems);
    }

    /// <summary>Where in a Patient each field of <see cref="BeneficiaryInput"/> comes from, for an OperationOutcome.</summary>
    public static string Expression(string field) => field switch
    {
        "fullName" => "Patient.name",
        "sex" => "Patient.gender",
        "birthDate" => "Patient.birthDate",
        "nationalId" => $"Patient.identifier.where(system='{VnCore.NationalIdSystem}')",
        "healthInsuranceNumber" or "healthInsuranceValidFrom" or "healthInsuranceValidTo" => $"Patient.identifier.where(system='{VnCore.InsuranceNumberSystem}')",
        "ethnicityCode" => $"Patient.extension('{VnCore.RaceExtension}')",
        "addressUnitId" or "addressLine" => "Patient.address",
        "registeredFacilityId" => "Patient.managingOrganization",
        _ => "Patient",
    };

    private static DateOnly? Day(string? text, string expression, List<(string, string)> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add((expression, $"\"{text}\" phải là ngày yyyy-MM-dd."));
        return null;
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a Patient is made of: a read takes it from the record, a search from one query for the whole page.</summary>
public sealed record PatientFacts(int Id, int Version, string FullName, Sex Sex, DateOnly BirthDate, string? EthnicityCode, string? EthnicityName,
    string? NationalId, string? HealthInsuranceNumber, DateOnly? HealthInsuranceValidFrom, DateOnly? HealthInsuranceValidTo, string? AddressLine,
    AdminUnitCode? Unit, int? FacilityId = null);

/// <summary>The code and name of a person's commune or ward, and its province's name.</summary>
public sealed record AdminUnitCode(string Code, string Name, string? ProvinceName);

/// <summary>A Patient read into AnSinh's terms, with the commune/ward code and facility still to be looked up.</summary>
public sealed record IncomingPatient(BeneficiaryInput Input, string? UnitCode, int? FacilityId, IReadOnlyList<(string Expression, string Message)> Problems);
