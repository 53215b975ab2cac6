using System.Globalization;
using AnSinh.Data;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Features.ReferenceData;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Patient/$everything: one person's record in one Bundle — the Patient, their facility, visits, readings and
/// diagnoses — as the caller may see it (a facility the person left sees what was recorded before they left). Audited
/// as a read of the record.
/// </summary>
public static class PatientEverything
{
    public static void MapPatientEverything(this RouteGroupBuilder fhir) =>
        fhir.MapGet("/Patient/{id}/$everything", EverythingAsync).WithName("FhirPatientEverything")
            .WithSummary("The person's record in one searchset Bundle: Patient, Organization, Encounters, Observations, Conditions.");

    private static async Task<IResult> EverythingAsync(string id, HttpContext http, BeneficiaryService people, ClinicalScope clinical, AnSinhDbContext db,
        AnSinh.Web.Auth.AccessScope scope, CodeCatalog codes, CancellationToken ct)
    {
        if (http.Request.Query.Keys.FirstOrDefault(k => !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số \"{unknown}\" không được hỗ trợ cho $everything: AnSinh trả toàn bộ hồ sơ của người này.");
        }

        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            || await people.GetAsync(key, view: "fhir:$everything", ct: ct) is not { } person)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có Patient/{id}, hoặc người này không thuộc phạm vi của bạn.");
        }

        var resources = new List<R4.Resource> { PatientMapping.ToFhir(person, await FhirApi.UnitAsync(db, person.AddressUnitId, ct)) };
        if (person.RegisteredFacilityId is { } facility)
        {
            resources.AddRange((await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), f => f.Id == facility, ct)).Select(OrganizationMapping.ToFhir));
        }

        resources.AddRange(await EncounterResources.ToFhirAsync((await clinical.EncountersAsync(ct)).Where(e => e.BeneficiaryId == key), ct));
        resources.AddRange(await ObservationResources.ToFhirAsync(db, (await clinical.ObservationsAsync(ct)).Where(o => o.BeneficiaryId == key), codes, ct));
        resources.AddRange(await ConditionResources.ToFhirAsync((await clinical.ConditionsAsync(ct)).Where(c => c.BeneficiaryId == key), ct));
        var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Searchset, Total = resources.Count, Id = Guid.NewGuid().ToString("N") };
        bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "self", Url = $"{FhirApi.Base(http)}/Patient/{key}/$everything" });
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/{resource.TypeName}/{resource.Id}", Resource = resource,
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        return FhirApi.Send(http, bundle);
    }
}
