using System.Linq.Expressions;
using AnSinh.Domain.Facilities;
using AnSinh.Web.Components.Shared;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Fhir;

/// <summary>What an Organization is made of: the facility, its commune and the commune's province.</summary>
public sealed record OrganizationFacts(int Id, int Version, string Name, FacilityType Type, Ownership Ownership, string? Address, string? LicenceNumber,
    DateOnly? ClosedOn, AdminUnitCode? Unit);

/// <summary>
/// A facility as a Viet Nam Core provider Organization (vn-core-provider): its name, type and ownership in AnSinh's
/// facility-type extension (the IG fixes Organization.type to 'prov' and has no code system for facility kinds), the licence number with the IG's system, the address with the
/// commune's code, and whether it is active.
/// </summary>
public static class OrganizationMapping
{
    /// <summary>AnSinh's extension for the facility's kind and ownership (data/reference/fhir).</summary>
    public const string FacilityTypeExtension = "https://ansinh.vn/fhir/StructureDefinition/facility-type";

    private const string OrganizationTypeSystem = "http://terminology.hl7.org/CodeSystem/organization-type";

    public static async Task<List<OrganizationFacts>> QueryAsync(IQueryable<Facility> facilities, Expression<Func<Facility, bool>> which, CancellationToken ct) =>
        await facilities.AsNoTracking().Where(which).OrderBy(f => f.Id)
            .Select(f => new OrganizationFacts(f.Id, f.Version, f.Name, f.Type, f.Ownership, f.Address, f.LicenceNumber, f.ClosedOn,
                f.AdminUnit == null ? null : new AdminUnitCode(f.AdminUnit.Code, f.AdminUnit.Name, f.AdminUnit.Parent != null ? f.AdminUnit.Parent.Name : null)))
            .ToListAsync(ct);

    /// <summary>The facility's kind and ownership as AnSinh names them: "Trạm y tế xã · Công lập".</summary>
    public static string Kind(OrganizationFacts f) => $"{Labels.Of(f.Type)} · {Labels.Of(f.Ownership)}";

    public static Organization ToFhir(OrganizationFacts f)
    {
        var organization = new Organization
        {
            Id = f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Meta = new Meta { Profile = [VnCore.ProviderProfile], VersionId = f.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Active = f.ClosedOn is null,
            Name = f.Name,
            // VN Core fixes the type to "prov"; AnSinh's kind and ownership go in its own extension.
            Type = [VnCore.Coded(OrganizationTypeSystem, "prov", "Healthcare Provider")],
            Extension = [new Extension(FacilityTypeExtension, new FhirString(Kind(f)))],
        };
        if (f.LicenceNumber is { } licence)
        {
            organization.Identifier.Add(new Identifier(VnCore.ProviderLicenceSystem, licence));
        }

        if (f.Address is not null || f.Unit is not null)
        {
            var address = new Address
            {
                Use = Address.AddressUse.Work,
                Line = f.Address is { } line ? [line] : [],
                Text = string.Join(", ", new[] { f.Address, f.Unit?.Name, f.Unit?.ProvinceName }.Where(x => !string.IsNullOrWhiteSpace(x))),
                City = f.Unit?.ProvinceName,
                Country = "VN",
            };
            if (f.Unit is { } unit)
            {
                address.Extension.Add(VnCore.AdministrativeAddress(unit));
            }

            organization.Address.Add(address);
        }

        return organization;
    }
}
