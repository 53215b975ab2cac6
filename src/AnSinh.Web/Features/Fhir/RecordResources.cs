using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Medicines;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// The rest of a person's record a client most often asks for: allergies and intolerances
/// (AllergyIntolerance), vaccinations (Immunization, CVX-coded when the vaccine was), and the health-insurance card
/// (Coverage, one per person with a card: Coverage/{person id}). Scoped like the person; each read audited. Creating
/// allergies and doses: <see cref="RecordWrites"/>; the card: <see cref="CoverageWrites"/>.
/// </summary>
public static class RecordResources
{
    private const string CvxSystem = "http://hl7.org/fhir/sid/cvx";
    private static readonly HashSet<string> Parameters = ["patient", "subject", "beneficiary", "_count", "_offset"];

    public static void MapRecordResources(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/AllergyIntolerance/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                ReadAsync(http, "AllergyIntolerance", id, async people => await Allergies(db, people.Select(b => b.Id)).Where(a => a.Id == Key(id)).ToListAsync(ct), ToFhir, a => a.BeneficiaryId,
                    scope, clinical, ct))
            .WithName("FhirAllergyRead").WithSummary("An allergy or intolerance (substance as text, category, criticality, reaction).");
        fhir.MapGet("/AllergyIntolerance", async (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                StatusFilter<Allergy>(http, AllergyStatuses) is var (filter, refusal) && refusal is not null
                    ? refusal
                    : await SearchAsync(http, "AllergyIntolerance", (people, who) => filter(Allergies(db, people.Select(b => b.Id)).Where(a => who.Contains(a.BeneficiaryId))).OrderBy(a => a.Id),
                        ToFhir, a => a.BeneficiaryId, scope, clinical, audit, ct, AllergyStatuses.Keys))
            .WithName("FhirAllergySearch").WithSummary("Search: patient, clinical-status (active, inactive, resolved), verification-status (confirmed, refuted, entered-in-error), _count, _offset.");
        fhir.MapGet("/Immunization/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                ReadAsync(http, "Immunization", id, async people => await Immunizations(db, people.Select(b => b.Id)).Where(i => i.Id == Key(id)).ToListAsync(ct), ToFhir, i => i.BeneficiaryId,
                    scope, clinical, ct))
            .WithName("FhirImmunizationRead").WithSummary("A vaccine dose (CVX code when recorded, name as text, dose number, lot, site).");
        fhir.MapGet("/Immunization", async (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                StatusFilter<Immunization>(http, ImmunizationStatuses) is var (filter, refusal) && refusal is not null
                    ? refusal
                    : await SearchAsync(http, "Immunization", (people, who) => filter(Immunizations(db, people.Select(b => b.Id)).Where(i => who.Contains(i.BeneficiaryId)))
                            .OrderBy(i => i.Date).ThenBy(i => i.Id),
                        ToFhir, i => i.BeneficiaryId, scope, clinical, audit, ct, ImmunizationStatuses.Keys))
            .WithName("FhirImmunizationSearch").WithSummary("Search: patient, status (completed, entered-in-error), _count, _offset.");
        fhir.MapGet("/Coverage/{id}", (string id, HttpContext http, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                ReadAsync(http, "Coverage", id, async people => await Cards(people.Where(b => b.Id == Key(id))).ToListAsync(ct), ToFhir, c => c.Id, scope, clinical, ct))
            .WithName("FhirCoverageRead").WithSummary("A person's health-insurance (BHYT) card.");
        fhir.MapGet("/Coverage", (HttpContext http, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                SearchAsync(http, "Coverage", (people, who) => Cards(people.Where(b => who.Contains(b.Id)).OrderBy(b => b.Id)), ToFhir, c => c.Id, scope, clinical, audit, ct))
            .WithName("FhirCoverageSearch").WithSummary("Search: patient or beneficiary, _count, _offset.");
    }

    internal static int Key(string id) => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : -1;

    internal sealed record CardRow(int Id, string Number, DateOnly? From, DateOnly? To, int Version);

    /// <summary>How each status code AnSinh serves reads as a condition on the stored record (ToFhir's mapping, reversed).</summary>
    private static readonly Dictionary<string, Dictionary<string, System.Linq.Expressions.Expression<Func<Allergy, bool>>>> AllergyStatuses = new()
    {
        ["clinical-status"] = new()
        {
            ["active"] = a => a.EndReason == null,
            ["inactive"] = a => a.EndReason == AllergyEnd.Refuted,
            ["resolved"] = a => a.EndReason == AllergyEnd.Resolved,
        },
        ["verification-status"] = new()
        {
            ["confirmed"] = a => a.EndReason == null || a.EndReason == AllergyEnd.Resolved,
            ["refuted"] = a => a.EndReason == AllergyEnd.Refuted,
            ["entered-in-error"] = a => a.EndReason == AllergyEnd.EnteredInError,
        },
    };

    /// <summary>The code system of each status parameter: a token naming another system matches nothing AnSinh serves.</summary>
    private static readonly Dictionary<string, string> StatusSystems = new(StringComparer.Ordinal)
    {
        ["clinical-status"] = AllergyClinicalSystem,
        ["verification-status"] = AllergyVerificationSystem,
        ["status"] = "http://hl7.org/fhir/event-status",
    };

    private static readonly Dictionary<string, Dictionary<string, System.Linq.Expressions.Expression<Func<Immunization, bool>>>> ImmunizationStatuses = new()
    {
        ["status"] = new()
        {
            ["completed"] = i => i.RetractedOn == null,
            ["entered-in-error"] = i => i.RetractedOn != null,
        },
    };

    /// <summary>
    /// Token searches on a status: each occurrence of a parameter is ANDed, the codes in one (comma-separated, with or
    /// without their system) ORed; a code AnSinh never serves is a 400 that lists the ones it does.
    /// </summary>
    private static (Func<IQueryable<T>, IQueryable<T>> Filter, IResult? Refusal) StatusFilter<T>(HttpContext http,
        Dictionary<string, Dictionary<string, System.Linq.Expressions.Expression<Func<T, bool>>>> parameters)
    {
        var conditions = new List<System.Linq.Expressions.Expression<Func<T, bool>>>();
        foreach (var (name, codes) in parameters)
        {
            foreach (var value in http.Request.Query[name])
            {
                var tokens = (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => (System: t.LastIndexOf('|') is var bar and >= 0 ? t[..bar] : "", Code: t[(t.LastIndexOf('|') + 1)..])).ToList();
                var system = StatusSystems[name];
                if (tokens.Count == 0 || tokens.Any(t => !codes.ContainsKey(t.Code) || (t.System.Length > 0 && t.System != system)))
                {
                    return (q => q, FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Value,
                        $"{name}={value}: dùng {string.Join(", ", codes.Keys)} (hệ mã {system}, có thể bỏ)."));
                }

                var asked = tokens.Select(t => t.Code).ToList();

                conditions.Add(asked.Select(c => codes[c]).Aggregate(FhirSearch.Or));
            }
        }

        return (q => conditions.Aggregate(q, (acc, c) => acc.Where(c)), null);
    }

    private static IQueryable<Allergy> Allergies(AnSinhDbContext db, IQueryable<int> people) =>
        db.Allergies.AsNoTracking().Where(a => people.Contains(a.BeneficiaryId));

    private static IQueryable<Immunization> Immunizations(AnSinhDbContext db, IQueryable<int> people) =>
        db.Immunizations.AsNoTracking().Where(i => people.Contains(i.BeneficiaryId));

    /// <summary>The cards of the people selected (filter and order the people first: a projected record cannot be filtered in SQL).</summary>
    private static IQueryable<CardRow> Cards(IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        people.AsNoTracking().Where(b => b.HealthInsuranceNumber != null)
            .Select(b => new CardRow(b.Id, b.HealthInsuranceNumber!, b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo, b.Version));

    /// <summary>One resource of a person's record, found among the people in the caller's scope; the read is audited.</summary>
    internal static async Task<IResult> ReadAsync<T>(HttpContext http, string type, string id, Func<IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary>, Task<List<T>>> find,
        Func<T, R4.Resource> toFhir, Func<T, int> person, AccessScope scope, ClinicalScope clinical, CancellationToken ct)
    {
        if (await find(await scope.BeneficiariesAsync(ct)) is not [var row])
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có {type}/{id}, hoặc hồ sơ không thuộc phạm vi của bạn.");
        }

        await clinical.AuditReadAsync([person(row)], $"fhir:{type}/{id}", ct);
        return FhirApi.Send(http, toFhir(row));
    }

    /// <summary>A search of one or more people's records (patient=… is required), paged and audited.</summary>
    internal static async Task<IResult> SearchAsync<T>(HttpContext http, string type, Func<IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary>, List<int>, IQueryable<T>> query,
        Func<T, R4.Resource> toFhir, Func<T, int> person, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct,
        IEnumerable<string>? more = null)
    {
        var q = http.Request.Query;
        var extra = more?.ToList() ?? [];
        if (q.Keys.FirstOrDefault(k => !Parameters.Contains(k) && !extra.Contains(k) && !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho {type}; dùng: patient (hoặc subject), {string.Concat(extra.Select(e => e + ", "))}_count, _offset.");
        }

        // A person's record, not a population: the patient is required.
        var subject = q["patient"].Concat(q["subject"]).Concat(q["beneficiary"]).ToList();
        if (subject.Count != 1 || !FhirSearch.TryPatientIds(subject[0] ?? "", FhirApi.Base(http), out var who))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Required,
                $"Tìm {type} theo người: patient=<id>[,<id>…].");
        }

        if (FhirSearch.Paging(http) is not { } paging)
        {
            return FhirSearch.BadPaging(http);
        }

        var (count, offset) = paging;
        var selected = query(await scope.BeneficiariesAsync(ct), who);
        var total = await selected.CountAsync(ct);
        var page = await selected.Skip(offset).Take(count).ToListAsync(ct);
        var bundle = FhirSearch.Searchset(http, total, offset, count);
        foreach (var resource in page.Select(toFhir))
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/{type}/{resource.Id}", Resource = resource,
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        await clinical.AuditSearchAsync(http, type, offset, count, page.Count, total, page.Select(person), ct);
        return FhirApi.Send(http, bundle);
    }

    internal const string AllergyClinicalSystem = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    internal const string AllergyVerificationSystem = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";

    /// <summary>How a withdrawn allergy's reason is written in its note, and read back from a client's PUT.</summary>
    internal static string EndNoteText(Allergy a) => $"Gỡ ngày {a.EndedOn:dd/MM/yyyy}: {a.EndNote}";

    internal static string RetractNoteText(Immunization i) => $"Hủy ngày {i.RetractedOn:dd/MM/yyyy}: {i.RetractReason}";

    internal const string AllergyProfile = VnCore.Canonical + "/StructureDefinition/vn-core-allergy-intolerance";

    internal static R4.AllergyIntolerance ToFhir(Allergy a) => new()
    {
        Id = a.Id.ToString(CultureInfo.InvariantCulture),
        Meta = new R4.Meta { Profile = [AllergyProfile] },
        // A withdrawn allergy keeps its entry: passed (resolved), disproved (refuted, inactive) or written in error (no clinical status: ait-2).
        ClinicalStatus = a.EndReason switch
        {
            null => VnCore.Coded(AllergyClinicalSystem, "active", "Active"),
            AllergyEnd.Resolved => VnCore.Coded(AllergyClinicalSystem, "resolved", "Resolved"),
            AllergyEnd.Refuted => VnCore.Coded(AllergyClinicalSystem, "inactive", "Inactive"),
            _ => null,
        },
        VerificationStatus = a.EndReason switch
        {
            AllergyEnd.Refuted => VnCore.Coded(AllergyVerificationSystem, "refuted", "Refuted"),
            AllergyEnd.EnteredInError => VnCore.Coded(AllergyVerificationSystem, "entered-in-error", "Entered in Error"),
            _ => VnCore.Coded(AllergyVerificationSystem, "confirmed", "Confirmed"),
        },
        Note = a.EndedOn is null ? [] : [new R4.Annotation { Text = EndNoteText(a) }],
        Type = a.Kind == AllergyKind.Intolerance ? R4.AllergyIntolerance.AllergyIntoleranceType.Intolerance : R4.AllergyIntolerance.AllergyIntoleranceType.Allergy,
        Category = [a.Category switch
        {
            AllergyCategory.Medication => R4.AllergyIntolerance.AllergyIntoleranceCategory.Medication,
            AllergyCategory.Food => R4.AllergyIntolerance.AllergyIntoleranceCategory.Food,
            _ => R4.AllergyIntolerance.AllergyIntoleranceCategory.Environment,
        }],
        Criticality = a.Severity == AllergySeverity.Severe ? R4.AllergyIntolerance.AllergyIntoleranceCriticality.High : R4.AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        // Substances are free text until an official list is supplied (issue #11).
        Code = new R4.CodeableConcept { Text = a.Substance },
        Patient = new R4.ResourceReference($"Patient/{a.BeneficiaryId}"),
        RecordedDate = a.RecordedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Reaction = a.Reaction is null ? [] :
        [
            new R4.AllergyIntolerance.ReactionComponent
            {
                Manifestation = [new R4.CodeableConcept { Text = a.Reaction }],
                Severity = a.Severity switch
                {
                    AllergySeverity.Mild => R4.AllergyIntolerance.AllergyIntoleranceSeverity.Mild,
                    AllergySeverity.Moderate => R4.AllergyIntolerance.AllergyIntoleranceSeverity.Moderate,
                    _ => R4.AllergyIntolerance.AllergyIntoleranceSeverity.Severe,
                },
            },
        ],
    };

    internal static R4.Immunization ToFhir(Immunization i)
    {
        var immunization = new R4.Immunization
        {
            Id = i.Id.ToString(CultureInfo.InvariantCulture),
            Status = i.RetractedOn is null ? R4.Immunization.ImmunizationStatusCodes.Completed : R4.Immunization.ImmunizationStatusCodes.EnteredInError,
            Note = i.RetractedOn is null ? [] : [new R4.Annotation { Text = RetractNoteText(i) }],
            VaccineCode = i.VaccineCode is { } cvx
                ? new R4.CodeableConcept { Coding = [new R4.Coding(CvxSystem, cvx)], Text = i.Vaccine }
                : new R4.CodeableConcept { Text = i.Vaccine },
            Patient = new R4.ResourceReference($"Patient/{i.BeneficiaryId}"),
            Occurrence = new R4.FhirDateTime(i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            LotNumber = i.Lot,
            Site = i.Site is { } site ? new R4.CodeableConcept { Text = Components.Shared.Labels.Of(site) } : null,
        };
        if (i.FacilityId is { } facility)
        {
            immunization.Performer = [new R4.Immunization.PerformerComponent { Actor = new R4.ResourceReference($"Organization/{facility}") }];
        }

        if (i.DoseNumber is { } dose)
        {
            immunization.ProtocolApplied = [new R4.Immunization.ProtocolAppliedComponent { DoseNumber = new R4.PositiveInt(dose) }];
        }

        return immunization;
    }

    /// <summary>The card as a Coverage; its version is the person's record's (the card is part of it), for If-Match on PUT.</summary>
    internal static R4.Coverage ToFhir(CardRow c) => new()
    {
        Id = c.Id.ToString(CultureInfo.InvariantCulture),
        Meta = new R4.Meta { VersionId = c.Version.ToString(CultureInfo.InvariantCulture) },
        Status = R4.FinancialResourceStatusCodes.Active,
        Identifier = [new R4.Identifier(VnCore.InsuranceNumberSystem, c.Number)],
        SubscriberId = c.Number,
        Beneficiary = new R4.ResourceReference($"Patient/{c.Id}"),
        Period = new R4.Period
        {
            Start = c.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            End = c.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        Contained = [new R4.Organization { Id = "payor", Name = "Bảo hiểm xã hội Việt Nam" }],
        Payor = [new R4.ResourceReference("#payor", "Bảo hiểm xã hội Việt Nam")],
        Type = new R4.CodeableConcept { Text = "Bảo hiểm y tế" },
    };
}
