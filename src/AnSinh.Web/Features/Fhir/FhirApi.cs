using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Beneficiaries;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// HL7 FHIR R4 under /fhir (issue #13), on the Firely SDK: the CapabilityStatement, Organization read and search,
/// Patient read, search and writes (<see cref="PatientWrites"/>), in JSON or XML, scoped and audited like the API;
/// every error is an OperationOutcome.
/// </summary>
public static class FhirApi
{
    public const string JsonType = "application/fhir+json";
    public const string XmlType = "application/fhir+xml";
    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(ModelInfo.ModelInspector);

    public static void MapFhirApi(this WebApplication app)
    {
        var fhir = app.MapGroup("/fhir").DisableAntiforgery().WithTags("FHIR").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.HttpContext.RequestServices.GetRequiredService<ILogger<Resource>>().LogError(e, "FHIR request failed");
                return Outcome(context.HttpContext, StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception,
                    "Đã xảy ra lỗi không mong muốn; hãy thử lại.");
            }
        });

        // Clients read the CapabilityStatement before they sign in; it names no one and no facility.
        fhir.MapGet("/metadata", (HttpContext http) => Send(http, Capabilities(http)))
            .AllowAnonymous()
            .WithName("FhirMetadata").WithSummary("The CapabilityStatement: FHIR 4.0.1, the resources, interactions and search parameters served.");

        fhir.MapGet("/Patient/{id}", async (string id, HttpContext http, BeneficiaryService people, AnSinhDbContext db, CancellationToken ct) =>
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                    || await people.GetAsync(key, view: "fhir", ct: ct) is not { } person)
                {
                    return Outcome(http, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound,
                        $"Không có Patient/{id}, hoặc người này không thuộc phạm vi của bạn.");
                }

                return Send(http, PatientMapping.ToFhir(person, await UnitAsync(db, person.AddressUnitId, ct)));
            })
            .WithName("FhirPatientRead").WithSummary("A beneficiary as a Viet Nam Core Patient.");

        fhir.MapGet("/Organization/{id}", async (string id, HttpContext http, AccessScope scope, CancellationToken ct) =>
                int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                && await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), f => f.Id == key, ct) is [var facility]
                    ? Send(http, OrganizationMapping.ToFhir(facility))
                    : Outcome(http, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"Không có Organization/{id}, hoặc cơ sở không thuộc phạm vi của bạn."))
            .WithName("FhirOrganizationRead").WithSummary("A facility as a Viet Nam Core provider Organization.");

        fhir.MapGet("/Organization", async (HttpContext http, AccessScope scope, CancellationToken ct) =>
            {
                var q = http.Request.Query;
                if (FhirSearch.RefuseUnknown(http, "Organization", "_id", "name") is { } refused)
                {
                    return refused;
                }

                var facilities = await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), _ => true, ct);
                if (q.TryGetValue("_id", out var ids))
                {
                    var wanted = ids.SelectMany(v => (v ?? "").Split(',')).ToHashSet();
                    facilities = facilities.Where(f => wanted.Contains(f.Id.ToString(CultureInfo.InvariantCulture))).ToList();
                }

                if (q.TryGetValue("name", out var name) && !string.IsNullOrWhiteSpace(name))
                {
                    // A few hundred facilities in a scope: folded and matched here, with or without diacritics.
                    var folded = VietnameseText.Fold(name.ToString().Trim());
                    facilities = facilities.Where(f => VietnameseText.Fold(f.Name).Contains(folded, StringComparison.Ordinal)).ToList();
                }

                return FhirSearch.Page(http, "Organization", facilities, f => OrganizationMapping.ToFhir(f));
            })
            .WithName("FhirOrganizationSearch").WithSummary("Facilities in scope: _id, name (any part, with or without diacritics), _count, _offset.");

        fhir.MapPatientWrites();
        fhir.MapObservations();
        fhir.MapConditions();
        fhir.MapEncounters();
        fhir.MapBundles();
        fhir.MapPatientEverything();
        fhir.MapRecordResources();
        fhir.MapRecordWrites();
        fhir.MapCoverageWrites();
        fhir.MapCareWrites();
        fhir.MapScreeningWrites();
        fhir.MapEncounterWrites();
        fhir.MapOrganizationWrites();
        fhir.MapRehabWrites();
        fhir.MapPractitionerWrites();
        fhir.MapCareResources();
        fhir.MapFacilityResources();
        fhir.MapMeasureResources();
        fhir.MapPlanAndScreeningResources();
        fhir.MapReadOnlyRefusals();
        fhir.MapBulkExport();

        fhir.MapGet("/Patient", SearchPatientsAsync)
            .WithName("FhirPatientSearch")
            .WithSummary("Search: _id, identifier=[system|]value (CCCD, BHYT, AnSinh id), name (any part, with or without diacritics), birthdate=[eq]yyyy-MM-dd, _lastUpdated=[prefix]date-or-instant, _count (≤ 100), _offset.");
    }

    private static readonly HashSet<string> PatientParameters = ["_id", "identifier", "name", "birthdate", "_lastUpdated", "_count", "_offset", "_format"];

    private static async Task<IResult> SearchPatientsAsync(HttpContext http, AccessScope scope, ReferenceData.CodeCatalog codes,
        AnSinh.Web.Features.Audit.AuditLog audit, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (q.Keys.FirstOrDefault(k => !PatientParameters.Contains(k) && !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho Patient; dùng: {string.Join(", ", PatientParameters.Where(p => p != "_format"))}.");
        }

        if (FhirSearch.Paging(http) is not { } paging)
        {
            return FhirSearch.BadPaging(http);
        }

        var (count, offset) = paging;

        // A parameter repeated must match each time (AND); values separated by commas are alternatives (OR).
        var query = (await scope.BeneficiariesAsync(ct)).AsNoTracking();
        foreach (var value in q["_id"])
        {
            var wanted = (value ?? "").Split(',').Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
            query = query.Where(b => wanted.Contains(b.Id));
        }

        foreach (var value in q["identifier"])
        {
            query = ByIdentifier(query, value ?? "");
        }

        foreach (var value in q["name"])
        {
            var patterns = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => VietnameseText.ContainsPattern(VietnameseText.Fold(n))).ToList();
            query = patterns.Count == 0 ? query : query.Where(NameLikeAny(patterns));
        }

        if (q.TryGetValue("birthdate", out var birth))
        {
            var text = birth.ToString();
            text = text.StartsWith("eq", StringComparison.Ordinal) ? text[2..] : text;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Outcome(http, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                    $"birthdate \"{birth}\" không phải ngày yyyy-MM-dd (tiền tố eq nếu có).");
            }

            query = query.Where(b => b.BirthDate == day);
        }

        // The person's own record as last changed (a client's next sync); a stay or a visit is its own resource.
        foreach (var value in q["_lastUpdated"])
        {
            if (EncounterResources.InRange(query, b => b.UpdatedAt ?? b.CreatedAt, value) is not { } changed)
            {
                return EncounterResources.BadLastUpdated(http, value);
            }

            query = changed;
        }

        var total = await query.CountAsync(ct);
        var bundle = FhirSearch.Searchset(http, total, offset, count);
        foreach (var patient in await PatientsAsync(query.OrderBy(b => b.Id).Skip(offset).Take(count), codes, ct))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{Base(http)}/Patient/{patient.Id}", Resource = patient, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        await audit.RecordSearchAsync("fhir:Patient?" + http.Request.QueryString.Value?.TrimStart('?'), offset / Math.Max(count, 1) + 1, bundle.Entry.Count, total, ct);
        return Send(http, bundle);
    }

    /// <summary>identifier=[system|]value: the CCCD, the BHYT card number or AnSinh's own id; an unknown system matches no one.</summary>
    public static IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> ByIdentifier(IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> query, string token)
    {
        var nationalIds = new List<string>();
        var cards = new List<string>();
        var own = new List<int>();
        foreach (var (system, value) in token.Split(',').Select(SplitToken))
        {
            switch (system)
            {
                case VnCore.NationalIdSystem:
                    nationalIds.Add(value);
                    break;
                case VnCore.InsuranceNumberSystem:
                    cards.Add(value);
                    break;
                case VnCore.PatientInternalIdSystem when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    own.Add(id);
                    break;
                case null:
                    nationalIds.Add(value);
                    cards.Add(value);
                    break;
            }
        }

        return query.Where(b => (b.NationalId != null && nationalIds.Contains(b.NationalId))
                                || (b.HealthInsuranceNumber != null && cards.Contains(b.HealthInsuranceNumber)) || own.Contains(b.Id));
    }

    /// <summary>The full name (folded) is like any of the patterns.</summary>
    private static System.Linq.Expressions.Expression<Func<AnSinh.Domain.Beneficiaries.Beneficiary, bool>> NameLikeAny(IReadOnlyList<string> patterns)
    {
        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
            [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        var person = System.Linq.Expressions.Expression.Parameter(typeof(AnSinh.Domain.Beneficiaries.Beneficiary), "b");
        var name = System.Linq.Expressions.Expression.Property(person, nameof(AnSinh.Domain.Beneficiaries.Beneficiary.SearchName));
        var body = patterns.Select(p => (System.Linq.Expressions.Expression)System.Linq.Expressions.Expression.Call(like,
                System.Linq.Expressions.Expression.Constant(EF.Functions), name, System.Linq.Expressions.Expression.Constant(p),
                System.Linq.Expressions.Expression.Constant(VietnameseText.LikeEscape)))
            .Aggregate(System.Linq.Expressions.Expression.OrElse);
        return System.Linq.Expressions.Expression.Lambda<Func<AnSinh.Domain.Beneficiaries.Beneficiary, bool>>(body, person);
    }

    /// <summary>The people a query selects as Patients, in its order, in one query with their communes: none per person.</summary>
    public static async Task<List<Patient>> PatientsAsync(IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> query, ReferenceData.CodeCatalog codes,
        CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Select(b => new
            {
                b.Id, b.Version, b.FullName, b.Sex, b.BirthDate, b.EthnicityCode, b.NationalId, b.HealthInsuranceNumber, b.HealthInsuranceValidFrom,
                b.HealthInsuranceValidTo, b.AddressLine, b.RegisteredFacilityId, LastUpdated = b.UpdatedAt ?? b.CreatedAt,
                Unit = b.AddressUnit == null ? null : new AdminUnitCode(b.AddressUnit.Code, b.AddressUnit.Name, b.AddressUnit.Parent != null ? b.AddressUnit.Parent.Name : null),
            })
            .ToListAsync(ct);
        var lists = await codes.ListsAsync(ct);
        return rows.Select(b => PatientMapping.ToFhir(new PatientFacts(b.Id, b.Version, b.FullName, b.Sex, b.BirthDate, b.EthnicityCode,
                ReferenceData.CodeCatalog.NameOf(lists, AnSinh.Domain.Beneficiaries.CodeLists.EthnicGroup, b.EthnicityCode), b.NationalId,
                b.HealthInsuranceNumber, b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo, b.AddressLine, b.Unit, b.RegisteredFacilityId), b.LastUpdated))
            .ToList();
    }

    private static (string? System, string Value) SplitToken(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (null, token) : (token[..bar].Length == 0 ? null : token[..bar], token[(bar + 1)..]);
    }

    public static async Task<AdminUnitCode?> UnitAsync(AnSinhDbContext db, int? unitId, CancellationToken ct) =>
        unitId is null ? null : await db.AdminUnits.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new AdminUnitCode(u.Code, u.Name, u.Parent != null ? u.Parent.Name : null)).FirstOrDefaultAsync(ct);

    public static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/fhir";

    public static string Link(HttpContext http, int offset, int count)
    {
        var kept = http.Request.Query.Where(p => p.Key is not ("_offset" or "_count"))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"));
        return $"{Base(http)}{http.Request.Path.Value?["/fhir".Length..]}?{string.Join("&", kept.Append($"_count={count}").Append($"_offset={offset}"))}";
    }

    /// <summary>Bearer tokens: people's from /api/auth/token, systems' from the client-credentials token endpoint (SMART).</summary>
    private static CapabilityStatement.SecurityComponent Security(HttpContext http)
    {
        var security = new CapabilityStatement.SecurityComponent
        {
            Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR")],
            Description = "Mọi yêu cầu (trừ /metadata) cần mã truy cập Bearer. Hệ thống kết nối lấy mã bằng client credentials "
                          + "(khóa bí mật hoặc JWT đã ký) tại token endpoint; người dùng tại /api/auth/token.",
        };
        var uris = new Extension { Url = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris" };
        uris.AddExtension("token", new FhirUri(Auth.ClientTokens.Audience(http.Request)));
        security.Extension.Add(uris);
        return security;
    }

    private static CapabilityStatement Capabilities(HttpContext http)
    {
        var patient = new CapabilityStatement.ResourceComponent
        {
            Type = "Patient",
            Profile = VnCore.PatientProfile,
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.Vread },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }, new() { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Update }, new() { Code = CapabilityStatement.TypeRestfulInteraction.HistoryInstance },
            ],
            Operation = [new CapabilityStatement.OperationComponent { Name = "everything", Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything" }],
            Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
            ConditionalCreate = true,
            ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
            SearchParam =
            [
                new() { Name = "_id", Type = SearchParamType.Token },
                new() { Name = "identifier", Type = SearchParamType.Token },
                new() { Name = "name", Type = SearchParamType.String },
                new() { Name = "birthdate", Type = SearchParamType.Date }, new() { Name = "_lastUpdated", Type = SearchParamType.Date },
            ],
        };
        var organization = new CapabilityStatement.ResourceComponent
        {
            Type = "Organization",
            Profile = VnCore.ProviderProfile,
            Interaction = [new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
            SearchParam = [new() { Name = "_id", Type = SearchParamType.Token }, new() { Name = "name", Type = SearchParamType.String }],
        };
        var observation = new CapabilityStatement.ResourceComponent
        {
            Type = "Observation",
            SupportedProfile = ["http://hl7.org/fhir/StructureDefinition/vitalsigns", "http://hl7.org/fhir/StructureDefinition/bp"],
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Create }, new() { Code = CapabilityStatement.TypeRestfulInteraction.Update },
            ],
            SearchInclude = ["Observation:patient"],
            SearchParam =
            [
                new() { Name = "patient", Type = SearchParamType.Reference }, new() { Name = "subject", Type = SearchParamType.Reference },
                new() { Name = "code", Type = SearchParamType.Token }, new() { Name = "date", Type = SearchParamType.Date },
                new() { Name = "category", Type = SearchParamType.Token }, new() { Name = "_lastUpdated", Type = SearchParamType.Date },
            ],
        };
        var condition = new CapabilityStatement.ResourceComponent
        {
            Type = "Condition",
            SupportedProfile = [ConditionResources.DiagnosisProfile, ConditionResources.ProblemListProfile],
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Create }, new() { Code = CapabilityStatement.TypeRestfulInteraction.Update },
            ],
            SearchParam =
            [
                new() { Name = "patient", Type = SearchParamType.Reference }, new() { Name = "subject", Type = SearchParamType.Reference },
                new() { Name = "code", Type = SearchParamType.Token }, new() { Name = "clinical-status", Type = SearchParamType.Token },
                new() { Name = "onset-date", Type = SearchParamType.Date }, new() { Name = "_lastUpdated", Type = SearchParamType.Date },
            ],
        };
        var encounter = new CapabilityStatement.ResourceComponent
        {
            Type = "Encounter",
            SupportedProfile = [EncounterResources.Profile],
            Interaction = [new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
            SearchParam =
            [
                new() { Name = "patient", Type = SearchParamType.Reference }, new() { Name = "subject", Type = SearchParamType.Reference },
                new() { Name = "date", Type = SearchParamType.Date }, new() { Name = "_lastUpdated", Type = SearchParamType.Date },
            ],
        };
        CapabilityStatement.ResourceComponent ByPatient(string type, string parameter = "patient") => new()
        {
            Type = type,
            Interaction = [new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
            SearchParam = [new() { Name = parameter, Type = SearchParamType.Reference }],
        };
        // A person's records searched by the patient and by their status tokens.
        CapabilityStatement.ResourceComponent ByPatientAndStatus(string type, params string[] statuses)
        {
            var resource = ByPatient(type);
            resource.SearchParam.AddRange(statuses.Select(s => new CapabilityStatement.SearchParamComponent { Name = s, Type = SearchParamType.Token }));
            return resource;
        }

        CapabilityStatement.ResourceComponent Searchable(string type, params string[] parameters) => new()
        {
            Type = type,
            Interaction = [new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
            SearchParam = parameters.Select(p => new CapabilityStatement.SearchParamComponent
            {
                Name = p,
                Type = p switch
                {
                    "name" => SearchParamType.String,
                    "organization" or "practitioner" or "subject" or "measure" => SearchParamType.Reference,
                    "url" => SearchParamType.Uri,
                    "period" => SearchParamType.Date,
                    _ => SearchParamType.Token,
                },
            }).ToList(),
        };
        static CapabilityStatement.ResourceComponent Creatable(CapabilityStatement.ResourceComponent resource)
        {
            resource.Interaction.Add(new() { Code = CapabilityStatement.TypeRestfulInteraction.Create });
            return resource;
        }

        static CapabilityStatement.ResourceComponent Updatable(CapabilityStatement.ResourceComponent resource)
        {
            resource.Interaction.Add(new() { Code = CapabilityStatement.TypeRestfulInteraction.Update });
            return resource;
        }

        // An update that must name the version it started from (If-Match), as Patient's does.
        static CapabilityStatement.ResourceComponent Versioned(CapabilityStatement.ResourceComponent resource)
        {
            resource.Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate;
            return Updatable(resource);
        }

        static CapabilityStatement.ResourceComponent Declared(CapabilityStatement.ResourceComponent resource, string profile)
        {
            resource.SupportedProfile = [profile];
            return resource;
        }

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-28",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "AnSinh" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "AnSinh FHIR R4", Url = Base(http) },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml"],
            Rest = [new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Security = Security(http),
                Interaction =
                [
                    new() { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                    new() { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                ],
                Resource =
                [
                    Declared(Updatable(Creatable(ByPatientAndStatus("AllergyIntolerance", "clinical-status", "verification-status"))), RecordResources.AllergyProfile), condition, Versioned(Creatable(ByPatient("Coverage", "beneficiary"))), Updatable(Creatable(encounter)),
                    Updatable(Creatable(ByPatientAndStatus("Immunization", "status"))),
                    Declared(Searchable("Location", "_id", "name", "organization"), FacilityResources.LocationProfile),
                    Declared(Updatable(Creatable(ByPatient("MedicationAdministration"))), CareResources.MedicationAdministrationProfile),
                    Declared(Updatable(Creatable(ByPatient("MedicationRequest"))), CareResources.MedicationRequestProfile),
                    observation, Versioned(Creatable(organization)), patient,
                    Declared(Searchable("Practitioner", "_id", "name"), FacilityResources.PractitionerProfile),
                    Declared(Updatable(Creatable(Searchable("PractitionerRole", "_id", "organization", "practitioner", "role"))), FacilityResources.PractitionerRoleProfile),
                    Declared(Updatable(Creatable(ByPatient("ServiceRequest"))), CareResources.ServiceRequestProfile),
                    Updatable(Creatable(ByPatient("CarePlan"))), Searchable("Questionnaire", "_id"), Updatable(Creatable(ByPatient("QuestionnaireResponse"))),
                    Searchable("Measure", "_id", "url"),
                    Searchable("MeasureReport", "subject", "measure", "period"),
                ],
            }],
        };
    }

    /// <summary>XML when the caller asks for it (_format or Accept), JSON otherwise.</summary>
    private static bool WantsXml(HttpContext http)
    {
        var format = http.Request.Query["_format"].ToString();
        if (format.Length > 0)
        {
            return format.Contains("xml", StringComparison.OrdinalIgnoreCase);
        }

        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    public static IResult Send(HttpContext http, Resource resource, int status = StatusCodes.Status200OK)
    {
        var xml = WantsXml(http);
        if (resource.Meta?.VersionId is { } version)
        {
            http.Response.Headers.ETag = $"W/\"{version}\"";
        }

        return Results.Text(xml ? Engine.SerializeToXml(resource) : Engine.SerializeToJson(resource), xml ? XmlType : JsonType,
            System.Text.Encoding.UTF8, status);
    }

    /// <summary>405 with the methods the address takes in Allow, as RFC 9110 asks.</summary>
    public static IResult NotAllowed(HttpContext http, string allow, string message)
    {
        http.Response.Headers.Allow = allow;
        return Outcome(http, StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported, message);
    }

    public static IResult Outcome(HttpContext http, int status, OperationOutcome.IssueType code, string diagnostics) =>
        Send(http, new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent
            {
                Severity = status >= 500 ? OperationOutcome.IssueSeverity.Fatal : OperationOutcome.IssueSeverity.Error,
                Code = code,
                Diagnostics = diagnostics,
            }],
        }, status);
}
