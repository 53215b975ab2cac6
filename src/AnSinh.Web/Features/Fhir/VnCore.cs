using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// The Viet Nam Core implementation guide's addresses (hl7.fhir.vn.core, canonical http://fhir.ehealth.gov.vn/core;
/// ../shared/data/vn-core-ig): the profiles AnSinh declares in meta.profile and the identifier and code systems it uses.
/// </summary>
public static class VnCore
{
    public const string Canonical = "http://fhir.ehealth.gov.vn/core";
    public const string PatientProfile = Canonical + "/StructureDefinition/vn-core-patient";
    /// <summary>A health or social-care facility (the IG's "provider" Organization).</summary>
    public const string ProviderProfile = Canonical + "/StructureDefinition/vn-core-provider";
    public const string ProviderLicenceSystem = Canonical + "/sid/provider-license-number";
    public const string NationalIdSystem = Canonical + "/sid/national_id";
    public const string InsuranceNumberSystem = Canonical + "/sid/insurance_number";
    public const string PatientInternalIdSystem = Canonical + "/sid/patient-internal-id";
    /// <summary>Ethnic group: the IG's "race" extension and code system (codes 01–54 are the GSO's, as AnSinh keeps them).</summary>
    public const string RaceExtension = Canonical + "/StructureDefinition/extension-race";
    public const string RaceSystem = Canonical + "/CodeSystem/vn-core-race";
    public const string AdministrativeAddressExtension = Canonical + "/StructureDefinition/extension-administrative-address";
    public const string AdministrativeAddressSystem = Canonical + "/CodeSystem/vn-core-administrative-address";

    /// <summary>The IG's administrative-address extension naming the commune or ward by its code.</summary>
    public static Hl7.Fhir.Model.Extension AdministrativeAddress(AdminUnitCode unit) => new()
    {
        Url = AdministrativeAddressExtension,
        Extension = [new Hl7.Fhir.Model.Extension("ward", Coded(AdministrativeAddressSystem, unit.Code, unit.Name))],
    };

    /// <summary>The commune or ward code an address's administrative-address extension names, if any.</summary>
    public static string? WardCode(Hl7.Fhir.Model.Address address) =>
        address.GetExtension(AdministrativeAddressExtension)?.GetExtension("ward")?.Value is Hl7.Fhir.Model.CodeableConcept ward
            ? ward.Coding.FirstOrDefault(c => c.System == AdministrativeAddressSystem)?.Code
            : null;

    /// <summary>The one commune or ward in force today with this code, or null (none, or the code is ambiguous).</summary>
    public static async System.Threading.Tasks.Task<int?> UnitInForceAsync(AnSinh.Data.AnSinhDbContext db, string code, DateOnly today, CancellationToken ct)
    {
        var units = await db.AdminUnits.AsNoTracking()
            .Where(u => u.Code == code && (u.ValidFrom == null || u.ValidFrom <= today) && (u.ValidTo == null || u.ValidTo >= today))
            .Select(u => u.Id).Take(2).ToListAsync(ct);
        return units is [var unit] ? unit : null;
    }

    /// <summary>A code with its display on the coding (where clients look for it) and as the concept's text.</summary>
    public static Hl7.Fhir.Model.CodeableConcept Coded(string system, string code, string? display) => new()
    {
        Coding = [new Hl7.Fhir.Model.Coding(system, code, display)],
        Text = display,
    };
}
