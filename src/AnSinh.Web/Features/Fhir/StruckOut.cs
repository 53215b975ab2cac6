using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Infrastructure;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// How a record struck out as entered in error is served: last updated when struck out, and who, when and why in the
/// core Note extension — QuestionnaireResponse and Encounter have no note element of their own.
/// </summary>
public static class StruckOut
{
    public const string NoteExtension = "http://hl7.org/fhir/StructureDefinition/note";

    public static void Mark(R4.DomainResource resource, StruckOutRecord struck)
    {
        resource.Meta ??= new R4.Meta();
        resource.Meta.LastUpdated = struck.StruckOutAt;
        resource.Extension.Add(new R4.Extension(NoteExtension, new R4.Annotation
        {
            Author = new R4.FhirString(struck.StruckOutBy),
            Time = new R4.FhirDateTime(Clock.ToLocal(struck.StruckOutAt)).Value,
            Text = $"Hủy (ghi nhầm) ngày {Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy}: {struck.Reason}",
        }));
    }

    /// <summary>The reason a client gives for striking a record out: the Note extensions' texts it added (not those served).</summary>
    public static string Reason(R4.DomainResource sent, R4.DomainResource served)
    {
        static IEnumerable<string> Notes(R4.DomainResource r) => r.Extension.Where(e => e.Url == NoteExtension)
            .Select(e => (e.Value as R4.Annotation)?.Text?.Trim() ?? "").Where(t => t.Length > 0);
        var known = Notes(served).ToHashSet(StringComparer.Ordinal);
        return string.Join(" ", Notes(sent).Where(t => !known.Contains(t)));
    }
}
