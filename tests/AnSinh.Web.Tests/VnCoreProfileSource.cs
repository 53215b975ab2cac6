using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace AnSinh.Web.Tests;

/// <summary>
/// The Viet Nam Core IG's conformance resources (VnCoreIg, unchanged copies) as Firely's validator can compile them.
/// Two of the IG's slicings name a value discriminator no slice fixes: Patient, Organization and Practitioner slice
/// <c>identifier</c> by <c>system</c> and <c>value</c> (the value is never fixed), Encounter slices <c>diagnosis</c> by
/// <c>use.coding.system</c> and <c>use.coding.code</c> while each slice sets a pattern on <c>use</c>. The HL7 validator
/// tolerates both; Firely's refuses to compile the profile. So, as the profiles are read: a discriminator whose path no
/// slice fixes becomes a pattern discriminator on the nearest ancestor every slice patterns (diagnosis → <c>use</c>), and
/// is dropped if there is none (identifier → sliced by <c>system</c> alone). Nothing else is changed.
/// </summary>
public sealed class VnCoreProfileSource(DirectorySource files) : IAsyncResourceResolver
{
    private readonly ConcurrentDictionary<string, Resource?> repaired = new(StringComparer.Ordinal);

    public async System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) => Repair(uri, await files.ResolveByUriAsync(uri));

    public async System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri) => Repair(uri, await files.ResolveByCanonicalUriAsync(uri));

    private Resource? Repair(string uri, Resource? resource) => resource is StructureDefinition { Differential: not null } definition
        ? repaired.GetOrAdd(uri, _ => RepairSlicing((StructureDefinition)definition.DeepCopy()))
        : resource;

    /// <summary>The repairs above, made on a copy's differential.</summary>
    private static StructureDefinition RepairSlicing(StructureDefinition definition)
    {
        var elements = definition.Differential!.Element;
        foreach (var sliced in elements.Where(e => e.Slicing is not null && e.SliceName is null).ToList())
        {
            var prefix = (sliced.ElementId ?? sliced.Path) + ":";
            var slices = elements.Where(e => e.SliceName is not null && e.ElementId == prefix + e.SliceName).Select(e => e.ElementId!).ToList();
            if (slices.Count == 0)
            {
                continue;
            }

            var kept = new List<ElementDefinition.DiscriminatorComponent>();
            foreach (var discriminator in sliced.Slicing!.Discriminator)
            {
                if (discriminator.Type is not (ElementDefinition.DiscriminatorType.Value or ElementDefinition.DiscriminatorType.Pattern)
                    || slices.Any(slice => Constrains(elements, slice + "." + discriminator.Path)))
                {
                    kept.Add(discriminator);
                    continue;
                }

                var steps = discriminator.Path!.Split('.');
                var ancestor = Enumerable.Range(1, steps.Length - 1).Reverse().Select(n => string.Join('.', steps.Take(n)))
                    .FirstOrDefault(path => slices.All(slice => Constrains(elements, slice + "." + path)));
                if (ancestor is not null && !kept.Any(k => k.Path == ancestor))
                {
                    kept.Add(new ElementDefinition.DiscriminatorComponent { Type = ElementDefinition.DiscriminatorType.Pattern, Path = ancestor });
                }
            }

            sliced.Slicing!.Discriminator = kept;
        }

        return definition;
    }

    private static bool Constrains(List<ElementDefinition> elements, string id) =>
        elements.Any(e => e.ElementId == id && (e.Fixed is not null || e.Pattern is not null || e.Binding is not null));
}
