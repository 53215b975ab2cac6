using System.Globalization;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Where care is given and by whom: each facility as a Location (vn-core-location, the place; its Organization is the
/// provider), and its staff as Practitioners with a PractitionerRole at the facility (one per staff record, same id).
/// Facilities and staff in the caller's scope only; no person's health record is read, so nothing is audited.
/// </summary>
public static class FacilityResources
{
    public const string LocationProfile = VnCore.Canonical + "/StructureDefinition/vn-core-location";
    public const string PractitionerProfile = VnCore.Canonical + "/StructureDefinition/vn-core-practitioner";
    public const string PractitionerRoleProfile = VnCore.Canonical + "/StructureDefinition/vn-core-practitioner-role";
    // Codes from FHIR R4's own code systems (specification package, valuesets.xml).
    private const string PhysicalTypeSystem = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    private const string PractitionerRoleSystem = "http://terminology.hl7.org/CodeSystem/practitioner-role";

    public sealed class StaffRow
    {
        public required StaffMember Staff { get; init; }
        public required string FacilityName { get; init; }
    }

    public static void MapFacilityResources(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Location/{id}", async (string id, HttpContext http, AccessScope scope, CancellationToken ct) =>
                int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                && await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), f => f.Id == key, ct) is [var facility]
                    ? FhirApi.Send(http, ToLocation(facility))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có Location/{id}, hoặc cơ sở không thuộc phạm vi của bạn."))
            .WithName("FhirLocationRead").WithSummary("A facility as the place where care is given (vn-core-location), managed by its Organization.");
        fhir.MapGet("/Location", async (HttpContext http, AccessScope scope, CancellationToken ct) =>
            {
                if (FhirSearch.RefuseUnknown(http, "Location", "_id", "name", "organization") is { } refused)
                {
                    return refused;
                }

                var facilities = await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), _ => true, ct);
                var q = http.Request.Query;
                var wanted = Ids(q["_id"]).Concat(Ids(q["organization"]).Select(o => o.Replace("Organization/", "", StringComparison.Ordinal))).ToHashSet();
                if (wanted.Count > 0)
                {
                    facilities = facilities.Where(f => wanted.Contains(f.Id.ToString(CultureInfo.InvariantCulture))).ToList();
                }

                if (q["name"].ToString() is { Length: > 0 } name)
                {
                    var folded = VietnameseText.Fold(name);
                    facilities = facilities.Where(f => VietnameseText.Fold(f.Name).Contains(folded, StringComparison.Ordinal)).ToList();
                }

                return FhirSearch.Page(http, "Location", facilities, f => ToLocation(f));
            })
            .WithName("FhirLocationSearch").WithSummary("Facilities in scope as places: _id, name (with or without diacritics), organization.");

        fhir.MapGet("/Practitioner/{id}", async (string id, HttpContext http, AccessScope scope, Clock clock, CancellationToken ct) =>
                await StaffAsync(scope, RecordResources.Key(id), ct) is [var row]
                    ? FhirApi.Send(http, ToPractitioner(row, clock.Today))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có Practitioner/{id}, hoặc nhân viên không thuộc cơ sở trong phạm vi của bạn."))
            .WithName("FhirPractitionerRead").WithSummary("A staff member: name, profession and practising certificate.");
        fhir.MapGet("/Practitioner", async (HttpContext http, AccessScope scope, Clock clock, CancellationToken ct) =>
                FhirSearch.RefuseUnknown(http, "Practitioner", "_id", "name") ?? FhirSearch.Page(http, "Practitioner", await SearchStaffAsync(http, scope, ct), r => ToPractitioner(r, clock.Today)))
            .WithName("FhirPractitionerSearch").WithSummary("Staff of the facilities in scope: _id, name (with or without diacritics).");
        fhir.MapGet("/PractitionerRole/{id}", async (string id, HttpContext http, AccessScope scope, Clock clock, CancellationToken ct) =>
                await StaffAsync(scope, RecordResources.Key(id), ct) is [var row]
                    ? FhirApi.Send(http, ToRole(row, clock.Today))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có PractitionerRole/{id}, hoặc nhân viên không thuộc cơ sở trong phạm vi của bạn."))
            .WithName("FhirPractitionerRoleRead").WithSummary("A staff member's role at their facility, with the dates they worked there.");
        fhir.MapGet("/PractitionerRole", async (HttpContext http, AccessScope scope, Clock clock, CancellationToken ct) =>
                FhirSearch.RefuseUnknown(http, "PractitionerRole", "_id", "organization", "practitioner", "role")
                ?? FhirSearch.Page(http, "PractitionerRole", await SearchStaffAsync(http, scope, ct), r => ToRole(r, clock.Today)))
            .WithName("FhirPractitionerRoleSearch").WithSummary("Roles at the facilities in scope: _id, organization, practitioner, role (doctor, nurse, pharmacist).");
    }

    /// <summary>
    /// Methods a served type does not take (writes of a read-only type, PATCH, PUT without an id, …): 405 with an
    /// OperationOutcome and the Allow header, not the framework's bare 405; a type AnSinh does not serve is 404.
    /// </summary>
    public static void MapReadOnlyRefusals(this RouteGroupBuilder fhir)
    {
        // What each type takes, on the type and on an instance (the routes above; the rest is refused here).
        var allowed = new Dictionary<string, (string Type, string Instance)>(StringComparer.Ordinal)
        {
            ["Patient"] = ("GET, POST", "GET, PUT"),
            ["Observation"] = ("GET, POST", "GET, PUT"),
            ["Condition"] = ("GET, POST", "GET, PUT"),
            ["AllergyIntolerance"] = ("GET, POST", "GET, PUT"),
            ["Immunization"] = ("GET, POST", "GET, PUT"),
            ["Coverage"] = ("GET, POST", "GET, PUT"),
            ["MedicationRequest"] = ("GET, POST", "GET, PUT"),
            ["MedicationAdministration"] = ("GET, POST", "GET, PUT"),
            ["ServiceRequest"] = ("GET, POST", "GET, PUT"),
            ["QuestionnaireResponse"] = ("GET, POST", "GET, PUT"),
            ["Encounter"] = ("GET, POST", "GET, PUT"),
            ["Organization"] = ("GET, POST", "GET, PUT"),
            ["CarePlan"] = ("GET, POST", "GET, PUT"),
            ["PractitionerRole"] = ("GET, POST", "GET, PUT"),
        };
        foreach (var type in new[]
                 {
                     "Location", "Practitioner",
                     "Measure", "MeasureReport", "Questionnaire",
                 })
        {
            allowed[type] = ("GET", "GET");
        }

        fhir.MapMethods("/{type}/{id?}", ["POST", "PUT", "DELETE", "PATCH"], (string type, string? id, HttpContext http) =>
            {
                if (!allowed.TryGetValue(type, out var methods))
                {
                    return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotSupported,
                        $"AnSinh không phục vụ loại tài nguyên \"{type}\" (xem /fhir/metadata).");
                }

                var allow = id is null ? methods.Type : methods.Instance;
                return FhirApi.NotAllowed(http, allow, type switch
                {
                    // Written through the resource they are part of.
                    "Practitioner" => "Người làm việc ở cơ sở được thêm bằng POST PractitionerRole (Practitioner chứa trong đó, organization là cơ sở).",
                    "Location" => $"Location là địa điểm của cơ sở: đăng ký hay sửa cơ sở bằng Organization{(id is null ? "" : "/" + id)}.",
                    _ when methods.Type == "GET" => $"{type} chỉ đọc được qua /fhir: ghi nhận trong AnSinh (trang hồ sơ hoặc /api).",
                    _ => $"{http.Request.Method} {type}{(id is null ? "" : "/" + id)} không được hỗ trợ: hồ sơ đã ghi được giữ (không xóa qua /fhir); địa chỉ này nhận {allow}.",
                });
            })
            .WithName("FhirReadOnlyRefusal").WithSummary("405 (with Allow) for the methods a served type does not take, 404 for types AnSinh does not serve.");
    }

    private static IEnumerable<string> Ids(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The staff of the facilities in scope with their facility's name (a join: SQLite cannot run the nested form).</summary>
    private static async Task<IQueryable<StaffRow>> StaffInScopeAsync(AccessScope scope, CancellationToken ct)
    {
        var facilities = await scope.FacilitiesAsync(ct);
        return facilities.AsNoTracking().Join(facilities.SelectMany(f => f.Staff), f => f.Id, s => s.FacilityId, (f, s) => new StaffRow { Staff = s, FacilityName = f.Name });
    }

    internal static async Task<List<StaffRow>> StaffAsync(AccessScope scope, int id, CancellationToken ct) =>
        await (await StaffInScopeAsync(scope, ct)).Where(x => x.Staff.Id == id).ToListAsync(ct);

    private static async Task<List<StaffRow>> SearchStaffAsync(HttpContext http, AccessScope scope, CancellationToken ct)
    {
        var q = http.Request.Query;
        var staff = await StaffInScopeAsync(scope, ct);
        var ids = Ids(q["_id"]).Concat(Ids(q["practitioner"]).Select(p => p.Replace("Practitioner/", "", StringComparison.Ordinal)))
            .Select(RecordResources.Key).ToList();
        if (ids.Count > 0)
        {
            staff = staff.Where(x => ids.Contains(x.Staff.Id));
        }

        var organizations = Ids(q["organization"]).Select(o => RecordResources.Key(o.Replace("Organization/", "", StringComparison.Ordinal))).ToList();
        if (organizations.Count > 0)
        {
            staff = staff.Where(x => organizations.Contains(x.Staff.FacilityId));
        }

        if (q["role"].Count > 0)
        {
            var roles = Ids(q["role"]).Select(r => r[(r.IndexOf('|', StringComparison.Ordinal) + 1)..])
                .Select(code => Enum.GetValues<Profession>().Cast<Profession?>().FirstOrDefault(p => RoleCode(p!.Value) == code)).ToList();
            var professions = roles.OfType<Profession>().ToList();
            staff = staff.Where(x => professions.Contains(x.Staff.Profession));
        }

        var rows = await staff.OrderBy(x => x.Staff.Id).ToListAsync(ct);
        if (q["name"].ToString() is { Length: > 0 } name)
        {
            // Staff of a scope are a few thousand at most: folded and matched here, with or without diacritics.
            var folded = VietnameseText.Fold(name);
            rows = rows.Where(r => VietnameseText.Fold(r.Staff.FullName).Contains(folded, StringComparison.Ordinal)).ToList();
        }

        return rows;
    }

    public static R4.Location ToLocation(OrganizationFacts f)
    {
        var organization = OrganizationMapping.ToFhir(f);
        return new R4.Location
        {
            Id = organization.Id,
            Meta = new R4.Meta { Profile = [LocationProfile] },
            Status = f.ClosedOn is null ? R4.Location.LocationStatus.Active : R4.Location.LocationStatus.Inactive,
            Name = f.Name,
            Mode = R4.Location.LocationMode.Instance,
            // The place's kind in words (the Organization's type is VN Core's fixed "prov").
            Type = [new R4.CodeableConcept { Text = OrganizationMapping.Kind(f) }],
            Address = organization.Address.FirstOrDefault(),
            PhysicalType = VnCore.Coded(PhysicalTypeSystem, "si", "Site"),
            ManagingOrganization = new R4.ResourceReference($"Organization/{f.Id}", f.Name),
        };
    }

    private static bool Active(StaffMember s, DateOnly today) => (s.StartDate is null || s.StartDate <= today) && (s.EndDate is null || s.EndDate >= today);

    public static R4.Practitioner ToPractitioner(StaffRow row, DateOnly today)
    {
        var s = row.Staff;
        var practitioner = new R4.Practitioner
        {
            Id = s.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [PractitionerProfile] },
            Active = Active(s, today),
            Name = [new R4.HumanName { Text = s.FullName, Use = R4.HumanName.NameUse.Official }],
        };
        // The practising certificate (chứng chỉ hành nghề) is a qualification, not an employee number.
        practitioner.Qualification.Add(new R4.Practitioner.QualificationComponent
        {
            Code = new R4.CodeableConcept { Text = Labels.Of(s.Profession) },
            Identifier = s.PractisingCertificateNumber is { } certificate
                ? [new R4.Identifier { Value = certificate, Type = new R4.CodeableConcept { Text = "Chứng chỉ hành nghề" } }]
                : [],
        });
        return practitioner;
    }

    public static R4.PractitionerRole ToRole(StaffRow row, DateOnly today)
    {
        var s = row.Staff;
        var code = RoleCode(s.Profession);
        return new R4.PractitionerRole
        {
            Id = s.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [PractitionerRoleProfile] },
            Active = Active(s, today),
            Period = s.StartDate is null && s.EndDate is null ? null : new R4.Period
            {
                Start = s.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                End = s.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            Practitioner = new R4.ResourceReference($"Practitioner/{s.Id}", s.FullName),
            Organization = new R4.ResourceReference($"Organization/{s.FacilityId}", row.FacilityName),
            Location = [new R4.ResourceReference($"Location/{s.FacilityId}", row.FacilityName)],
            Code = [code is null
                ? new R4.CodeableConcept { Text = Labels.Of(s.Profession) }
                : new R4.CodeableConcept { Coding = [new R4.Coding(PractitionerRoleSystem, code)], Text = Labels.Of(s.Profession) }],
        };
    }

    /// <summary>FHIR's practitioner-role codes where one fits; the other professions are said in words.</summary>
    private static string? RoleCode(Profession p) => p switch
    {
        Profession.Doctor => "doctor",
        Profession.Nurse => "nurse",
        Profession.Pharmacist => "pharmacist",
        _ => null,
    };
}
