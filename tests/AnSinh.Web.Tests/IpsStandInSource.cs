using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace AnSinh.Web.Tests;

/// <summary>
/// Answers for the IPS profiles (hl7.fhir.uv.ips) the Viet Nam Core profiles build on, which are not in the workspace:
/// each IPS profile is stood in for by an empty constraint on its R4 type, so that the VN Core profiles compile and
/// their own rules (slices, fixed systems, bindings, cardinalities, extensions) are checked; the IPS layer's rules are
/// not (VnCoreIg/SOURCE.md).
/// </summary>
public sealed class IpsStandInSource : IAsyncResourceResolver
{
    private const string IpsProfiles = "http://hl7.org/fhir/uv/ips/StructureDefinition/";

    public System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) => ResolveByCanonicalUriAsync(uri);

    public System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri)
    {
        var canonical = uri.Split('|')[0];
        if (!canonical.StartsWith(IpsProfiles, StringComparison.Ordinal) || !canonical.EndsWith("-uv-ips", StringComparison.Ordinal))
        {
            return System.Threading.Tasks.Task.FromResult<Resource?>(null);
        }

        // Patient-uv-ips, Observation-results-uv-ips, Media-observation-uv-ips: the R4 type is the first word.
        var type = canonical[IpsProfiles.Length..].Split('-')[0];
        var kind = ModelInfo.IsKnownResource(type) ? StructureDefinition.StructureDefinitionKind.Resource : StructureDefinition.StructureDefinitionKind.ComplexType;
        return System.Threading.Tasks.Task.FromResult<Resource?>(new StructureDefinition
        {
            Url = canonical, Name = type + "IpsStandIn", Status = PublicationStatus.Draft, FhirVersion = FHIRVersion.N4_0_1,
            Kind = kind, Abstract = false, Type = type, Derivation = StructureDefinition.TypeDerivationRule.Constraint,
            BaseDefinition = "http://hl7.org/fhir/StructureDefinition/" + type,
            Differential = new StructureDefinition.DifferentialComponent { Element = [new ElementDefinition(type)] },
        });
    }
}
