using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Vital signs and the two laboratory readings AnSinh keeps (glucose, HbA1c) as FHIR Observations with LOINC codes and
/// UCUM units, on R4's vital-signs profiles. Blood pressure is kept as two readings; a client may send and search the
/// 85354-9 panel, served as <c>Observation/bp-{systolic id}</c> with both components.
/// </summary>
public static class ObservationResources
{
    public const string LoincSystem = "http://loinc.org";
    public const string UcumSystem = "http://unitsofmeasure.org";
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string BloodPressurePanel = "85354-9";
    private const string OlderBloodPressurePanel = "55284-4";
    private const string PanelPrefix = "bp-";
    /// <summary>R4's oxygensat profile wants SpO2 coded as 2708-6 too.</summary>
    private const string ArterialOxygenSaturation = "2708-6";

    private static readonly Dictionary<string, string> Profiles = new()
    {
        [Loinc.Pulse] = "heartrate", [Loinc.Temperature] = "bodytemp", [Loinc.RespiratoryRate] = "resprate",
        [Loinc.OxygenSaturation] = "oxygensat", [Loinc.Weight] = "bodyweight", [Loinc.Height] = "bodyheight", [Loinc.Bmi] = "bmi",
        [Loinc.Systolic] = "vitalsigns", [Loinc.Diastolic] = "vitalsigns", [BloodPressurePanel] = "bp",
    };

    private static readonly HashSet<string> Parameters = ["patient", "subject", "code", "date", "category", "_lastUpdated", "_sort", "_count", "_offset", "_include", "_format"];

    public static void MapObservations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Observation/{id}", ReadAsync).WithName("FhirObservationRead").WithSummary("A reading (vital sign, glucose, HbA1c) or a blood-pressure panel (bp-{id}).");
        fhir.MapGet("/Observation", SearchAsync).WithName("FhirObservationSearch")
            .WithSummary("Search: patient/subject, code=[system|]code (85354-9 for blood pressure), date=[eq|lt|le|gt|ge]yyyy[-MM[-dd]], category, _sort=date|-date, _include=Observation:patient, _count, _offset.");
        fhir.MapPost("/Observation", CreateAsync).WithName("FhirObservationCreate")
            .WithSummary("Record a reading (or a blood-pressure panel) as a visit on its date at the person's facility.");
        fhir.MapPut("/Observation/{id}", UpdateAsync).WithName("FhirObservationUpdate")
            .WithSummary("Strike out a reading entered in error: status entered-in-error, the reason as note. A reading is otherwise kept as measured.");
        fhir.MapDelete("/Observation/{id}", (string id, HttpContext http) => Refuse(http, id, "xóa"))
            .WithName("FhirObservationDelete").WithSummary("Refused: readings are kept.");
    }

    private sealed record Row(long Id, int PersonId, int EncounterId, string Code, decimal Value, string Unit, DateOnly Date, DateTimeOffset RecordedAt);

    private static IQueryable<Row> Rows(AnSinhDbContext db, IQueryable<Observation> observations) =>
        from o in observations
        join e in db.Encounters on o.EncounterId equals e.Id
        select new Row(o.Id, o.BeneficiaryId, o.EncounterId, o.Code, o.Value, o.Unit, o.Date, o.RecordedAt ?? e.RecordedAt);

    /// <summary>The readings a query selects, each as its own Observation (blood pressure as its two readings), for bulk export.</summary>
    internal static async Task<List<R4.Observation>> ToFhirAsync(AnSinhDbContext db, IQueryable<Observation> observations, CodeCatalog codes, CancellationToken ct)
    {
        var info = await InfoAsync(codes, ct);
        return (await Rows(db, observations.OrderBy(o => o.Id)).ToListAsync(ct)).Select(r => ToFhir(r, info)).ToList();
    }

    /// <summary>A reading struck out as entered in error, served at its own address with that status and the reason.</summary>
    private static async Task<(R4.Observation? Resource, int Person)> StruckOutAsync(AnSinhDbContext db, AnSinh.Web.Auth.AccessScope scope, CodeCatalog codes,
        long key, bool panel, CancellationToken ct)
    {
        var people = (await scope.BeneficiariesAsync(ct)).Select(b => b.Id);
        // The visit may be struck out too (with all its readings): then it is recorded when the readings were struck.
        var struck = await (from o in db.StruckOutReadings.AsNoTracking().Where(o => people.Contains(o.BeneficiaryId))
                            where o.Id == key || (panel && o.Code == Loinc.Diastolic
                                && db.StruckOutReadings.Any(s => s.Id == key && s.Code == Loinc.Systolic && s.EncounterId == o.EncounterId))
                            let recorded = db.Encounters.Where(e => e.Id == o.EncounterId).Select(e => (DateTimeOffset?)e.RecordedAt).FirstOrDefault()
                            select new { o.Id, o.BeneficiaryId, o.EncounterId, o.Code, o.Value, o.Unit, o.Date, Recorded = recorded, o.Reason, o.StruckOutAt })
            .ToListAsync(ct);
        var rows = struck.Select(o => new { Row = new Row(o.Id, o.BeneficiaryId, o.EncounterId, o.Code, o.Value, o.Unit, o.Date, o.Recorded ?? o.StruckOutAt), o.Reason, o.StruckOutAt })
            .ToList();
        var first = rows.FirstOrDefault(s => s.Row.Id == key);
        if (first is null || (panel && (first.Row.Code != Loinc.Systolic || rows.Count != 2)))
        {
            return (null, 0);
        }

        var resource = panel ? Panel(first.Row, rows.Single(s => s.Row.Code == Loinc.Diastolic).Row) : ToFhir(first.Row, await InfoAsync(codes, ct));
        resource.Status = R4.ObservationStatus.EnteredInError;
        resource.Note = [new R4.Annotation { Text = $"Hủy ngày {Clock.ToLocal(first.StruckOutAt):dd/MM/yyyy}: {first.Reason}" }];
        resource.Meta ??= new R4.Meta();
        resource.Meta.LastUpdated = first.StruckOutAt; // its last change
        return (resource, first.Row.PersonId);
    }

    /// <summary>
    /// A reading is kept as measured; the one change it takes is being struck out as entered in error (status
    /// entered-in-error, the reason as a note), through the same service as the record's own action.
    /// </summary>
    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, AnSinhDbContext db, ClinicalScope clinical, CodeCatalog codes,
        HealthRecordService records, AnSinh.Web.Auth.AccessScope scope, AnSinh.Web.Auth.CurrentUser user, CancellationToken ct)
    {
        var panel = id.StartsWith(PanelPrefix, StringComparison.Ordinal);
        if (!long.TryParse(panel ? id[PanelPrefix.Length..] : id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return NotFound(http, id);
        }

        var kept = await (await clinical.ObservationsAsync(ct)).AnyAsync(o => o.Id == key && (!panel || o.Code == Loinc.Systolic), ct);
        var (struck, _) = kept ? (null, 0) : await StruckOutAsync(db, scope, codes, key, panel, ct);
        if (!kept && struck is null)
        {
            return NotFound(http, id);
        }

        if (RecordWrites.NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.Observation>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        // The body names the reading it means: another person or measure is a mix-up, not this reading's strike-out.
        var stored = kept
            ? await db.Observations.AsNoTracking().Where(o => o.Id == key).Select(o => new { o.BeneficiaryId, o.Code }).FirstAsync(ct)
            : await db.StruckOutReadings.AsNoTracking().Where(o => o.Id == key).Select(o => new { o.BeneficiaryId, o.Code }).FirstAsync(ct);
        var mismatch = new List<(string, string)>();
        if (read!.Subject is not null && (!FhirSearch.TryLocalPatient(read.Subject.Reference, FhirApi.Base(http), out var subject) || subject != stored.BeneficiaryId))
        {
            mismatch.Add(("Observation.subject", $"Observation/{id} là chỉ số của Patient/{stored.BeneficiaryId}."));
        }

        var loinc = read.Code?.Coding.Where(c => c.System == LoincSystem).Select(c => c.Code).ToList() ?? [];
        if (loinc.Count > 0 && !loinc.Contains(panel ? BloodPressurePanel : stored.Code) && !(panel && loinc.Contains(OlderBloodPressurePanel)))
        {
            mismatch.Add(("Observation.code", $"Observation/{id} là chỉ số {(panel ? BloodPressurePanel : stored.Code)} (LOINC), không phải {string.Join(", ", loinc)}."));
        }

        if (mismatch.Count > 0)
        {
            return FhirSearch.Unprocessable(http, mismatch);
        }

        if (read.Status != R4.ObservationStatus.EnteredInError)
        {
            return FhirSearch.Unprocessable(http, [("Observation.status", struck is not null
                ? "Chỉ số này đã được hủy (ghi nhầm) và không mở lại: ghi một lần đo mới."
                : "Chỉ số được giữ như đã đo: một lần đo khác là một Observation mới; chỉ số ghi nhầm thì gửi status entered-in-error với lý do ở note.")]);
        }

        if (struck is not null)
        {
            return FhirApi.Send(http, struck); // already struck out: nothing to change
        }

        var reason = string.Join(" ", read.Note.Select(n => n.Text?.Trim() ?? "").Where(t => t.Length > 0));
        var result = await records.StrikeOutReadingAsync(key, reason, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, _ => "Observation.note");
        }

        var (served, _) = await StruckOutAsync(db, scope, codes, key, panel, ct);
        return FhirApi.Send(http, served!);
    }

    private static async Task<IResult> ReadAsync(string id, HttpContext http, AnSinhDbContext db, ClinicalScope clinical, CodeCatalog codes,
        AnSinh.Web.Auth.AccessScope scope, CancellationToken ct)
    {
        var panel = id.StartsWith(PanelPrefix, StringComparison.Ordinal);
        if (!long.TryParse(panel ? id[PanelPrefix.Length..] : id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return NotFound(http, id);
        }

        var visible = await clinical.ObservationsAsync(ct);
        var row = await Rows(db, visible.Where(o => o.Id == key)).FirstOrDefaultAsync(ct);
        if (row is null && await StruckOutAsync(db, scope, codes, key, panel, ct) is var (struck, person) && struck is not null)
        {
            await clinical.AuditReadAsync([person], $"fhir:Observation/{id}", ct);
            return FhirApi.Send(http, struck);
        }

        if (row is null || (panel && row.Code != Loinc.Systolic))
        {
            return NotFound(http, id);
        }

        var info = await InfoAsync(codes, ct);
        R4.Observation resource;
        if (panel)
        {
            var diastolic = await Rows(db, visible.Where(o => o.EncounterId == row.EncounterId && o.Code == Loinc.Diastolic)).FirstOrDefaultAsync(ct);
            if (diastolic is null)
            {
                return NotFound(http, id);
            }

            resource = Panel(row, diastolic);
        }
        else
        {
            resource = ToFhir(row, info);
        }

        await clinical.AuditReadAsync([row.PersonId], $"fhir:Observation/{id}", ct);
        return FhirApi.Send(http, resource);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, AnSinhDbContext db, ClinicalScope clinical, CodeCatalog codes,
        AnSinh.Web.Auth.AccessScope scope, AnSinh.Web.Features.Audit.AuditLog audit, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (q.Keys.FirstOrDefault(k => !Parameters.Contains(k) && !FhirSearch.Ignored.Contains(k)) is { } unknown)
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                $"Tham số tìm kiếm \"{unknown}\" không được hỗ trợ cho Observation; dùng: {string.Join(", ", Parameters.Where(p => p != "_format"))}.");
        }

        if (FhirSearch.Paging(http) is not { } paging)
        {
            return FhirSearch.BadPaging(http);
        }

        var (count, offset) = paging;

        var observations = await clinical.ObservationsAsync(ct);
        // patient and subject name the same element: each value given must match.
        foreach (var subject in q["patient"].Concat(q["subject"]))
        {
            if (!FhirSearch.TryPatientIds(subject ?? "", FhirApi.Base(http), out var listed))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, $"\"{subject}\" không phải Patient/<id> của AnSinh.");
            }

            observations = observations.Where(o => listed.Contains(o.BeneficiaryId));
        }

        var panel = false;
        if (q.TryGetValue("code", out var codeValues))
        {
            var wanted = new List<string>();
            foreach (var token in codeValues.SelectMany(v => (v ?? "").Split(',')))
            {
                var bar = token.IndexOf('|', StringComparison.Ordinal);
                var system = bar < 0 ? null : token[..bar];
                var code = bar < 0 ? token : token[(bar + 1)..];
                if (system is not (null or "" or LoincSystem))
                {
                    return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.CodeInvalid,
                        $"Hệ mã \"{system}\" không được hỗ trợ: AnSinh mã hóa chỉ số bằng LOINC ({LoincSystem}).");
                }

                wanted.Add(code);
            }

            panel = wanted.Any(c => c is BloodPressurePanel or OlderBloodPressurePanel);
            if (panel && wanted.Count > 1)
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                    "Tìm bảng huyết áp (85354-9) riêng, không cùng mã khác.");
            }

            List<string> matching = panel ? [Loinc.Systolic] : wanted;
            observations = observations.Where(o => matching.Contains(o.Code));
            if (panel)
            {
                var all = db.Observations;
                observations = observations.Where(o => all.Any(d => d.EncounterId == o.EncounterId && d.Code == Loinc.Diastolic));
            }
        }

        foreach (var category in q["category"])
        {
            // [system|]code[,…]: any of the codes listed.
            var wanted = (category ?? "").Split(',').Select(t => t[(t.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToHashSet();
            var laboratory = (await InfoAsync(codes, ct)).Values.Where(c => !c.IsVitalSign).Select(c => c.Code).ToList();
            observations = (wanted.Contains("vital-signs"), wanted.Contains("laboratory")) switch
            {
                (true, true) => observations,
                (true, false) => observations.Where(o => !laboratory.Contains(o.Code)),
                (false, true) => observations.Where(o => laboratory.Contains(o.Code)),
                _ => observations.Where(o => false),
            };
        }

        foreach (var date in q["date"])
        {
            if (!FhirSearch.TryDateRange(date, out var from, out var to, out var prefix))
            {
                return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
                    $"date \"{date}\" phải là [eq|lt|le|gt|ge]yyyy, yyyy-MM hoặc yyyy-MM-dd.");
            }

            observations = prefix switch
            {
                "lt" => observations.Where(o => o.Date < from),
                "le" => observations.Where(o => o.Date <= to),
                "gt" => observations.Where(o => o.Date > to),
                "ge" => observations.Where(o => o.Date >= from),
                _ => observations.Where(o => o.Date >= from && o.Date <= to),
            };
        }

        foreach (var value in q["_lastUpdated"])
        {
            // A reading is kept as written: it last changed when it was recorded — with its visit, or added to it later.
            if (EncounterResources.RecordedIn(db.Encounters, value) is not { } recorded || EncounterResources.InRangeCondition<Observation>(o => o.RecordedAt, value) is not { } addedThen)
            {
                return EncounterResources.BadLastUpdated(http, value);
            }

            // One condition on the reading's own row (no second pass over Observations for those added later).
            observations = observations.Where(FhirSearch.Or<Observation>(o => o.RecordedAt == null && recorded.Any(e => e.Id == o.EncounterId), addedThen));
        }

        var sort = q["_sort"].ToString();
        if (sort is not ("" or "date" or "-date"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported, "_sort chỉ nhận date hoặc -date.");
        }

        var include = q["_include"].ToString();
        if (include is not ("" or "Observation:patient" or "Observation:subject"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported, "_include chỉ nhận Observation:patient.");
        }

        var total = await observations.CountAsync(ct);
        var ordered = sort switch
        {
            "date" => observations.OrderBy(o => o.Date).ThenBy(o => o.Id),
            "-date" => observations.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id),
            _ => observations.OrderBy(o => o.Id),
        };
        var page = await Rows(db, ordered.Skip(offset).Take(count)).ToListAsync(ct);
        // The join keeps the page's order only by accident of the plan: order again here.
        page = sort switch
        {
            "date" => page.OrderBy(r => r.Date).ThenBy(r => r.Id).ToList(),
            "-date" => page.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).ToList(),
            _ => page.OrderBy(r => r.Id).ToList(),
        };
        var info = await InfoAsync(codes, ct);
        Dictionary<int, Row> diastolic = [];
        if (panel)
        {
            var encounters = page.Select(r => r.EncounterId).ToList();
            diastolic = (await Rows(db, db.Observations.Where(o => encounters.Contains(o.EncounterId) && o.Code == Loinc.Diastolic)).ToListAsync(ct))
                .GroupBy(r => r.EncounterId).ToDictionary(g => g.Key, g => g.First());
        }

        var bundle = FhirSearch.Searchset(http, total, offset, count);
        foreach (var row in page)
        {
            var resource = panel ? Panel(row, diastolic[row.EncounterId]) : ToFhir(row, info);
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{FhirApi.Base(http)}/Observation/{resource.Id}", Resource = resource,
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        var people = page.Select(r => r.PersonId).Distinct().ToList();
        if (include.Length > 0 && people.Count > 0)
        {
            foreach (var patient in await FhirApi.PatientsAsync((await scope.BeneficiariesAsync(ct)).Where(b => people.Contains(b.Id)), codes, ct))
            {
                bundle.Entry.Add(new R4.Bundle.EntryComponent
                {
                    FullUrl = $"{FhirApi.Base(http)}/Patient/{patient.Id}", Resource = patient,
                    Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Include },
                });
            }
        }

        await clinical.AuditSearchAsync(http, "Observation", offset, count, page.Count, total, people, ct);
        return FhirApi.Send(http, bundle);
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AnSinhDbContext db, ClinicalScope clinical, CodeCatalog codes,
        HealthRecordService records, AnSinh.Web.Auth.AccessScope scope, CancellationToken ct)
    {
        var (observation, refusal) = await FhirBody.ReadAsync<R4.Observation>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (http.Request.Headers.ContainsKey("If-None-Exist"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                "If-None-Exist chưa được hỗ trợ cho Observation: tìm trước theo patient, code và date nếu cần tránh ghi hai lần.");
        }

        var info = await InfoAsync(codes, ct);
        var (person, date, values, problems) = Read(observation!, info, FhirApi.Base(http));
        var visible = await scope.BeneficiariesAsync(ct);
        if (person is { } personId && !await visible.AnyAsync(b => b.Id == personId, ct))
        {
            problems.Add(("Observation.subject", $"Không có Patient/{personId} trong phạm vi của bạn."));
        }

        // A reading of a visit already recorded (by its id, or an Encounter entry's fullUrl in the same transaction).
        int? encounterId = null;
        if (observation!.Encounter is { } named)
        {
            if (FhirSearch.TryLocal(named.Reference, "Encounter", FhirApi.Base(http), out var visit))
            {
                encounterId = visit;
            }
            else
            {
                problems.Add(("Observation.encounter", "encounter phải là Encounter/<id> của một lượt khám trên AnSinh; bỏ encounter thì AnSinh ghi một lượt khám mới vào ngày đo."));
            }
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (encounterId is { } encounterKey)
        {
            return await AddToEncounterAsync(http, db, records, visible, encounterKey, person!.Value, date!.Value, values, info, ct);
        }

        var input = new EncounterInput
        {
            Kind = EncounterKind.SickVisit,
            Date = date,
            Findings = "Chỉ số nhận qua HL7 FHIR.", // where the visit came from, on the chart
            Observations = values.Select(v => new ObservationInput { Code = v.Code, Value = v.Value }).ToList(),
        };
        var result = await records.RecordEncounterAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            var panel = values.Count == 2;
            return FhirSearch.Refused(http, result, field => field switch
            {
                "date" => "Observation.effective",
                "facilityId" => "Observation.subject",
                _ when panel => "Observation.component",
                _ => "Observation.value",
            });
        }

        var created = await Rows(db, db.Observations.Where(o => o.EncounterId == result.Value)).ToListAsync(ct);
        var isPanel = values.Count == 2 && values.Any(v => v.Code == Loinc.Systolic) && values.Any(v => v.Code == Loinc.Diastolic);
        var resource = isPanel
            ? Panel(created.Single(r => r.Code == Loinc.Systolic), created.Single(r => r.Code == Loinc.Diastolic))
            : ToFhir(created.Single(r => r.Code == values[0].Code), info);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Observation/{resource.Id}";
        return FhirApi.Send(http, resource, StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddToEncounterAsync(HttpContext http, AnSinhDbContext db, HealthRecordService records,
        IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> visible, int encounterId, int person, DateOnly date, List<(string Code, decimal Value)> values,
        IReadOnlyDictionary<string, ObservationCodeItem> info, CancellationToken ct)
    {
        var (visit, problems, missing) = await EncounterResources.VisitOfAsync(http, db, visible, encounterId, person, "Observation.subject", ct);
        if (missing is not null)
        {
            return missing;
        }

        if (visit.Date != date)
        {
            problems.Add(("Observation.effective", $"Ngày đo {date:dd/MM/yyyy} khác ngày của lượt khám ({visit.Date:dd/MM/yyyy}): chỉ số đo ngày khác là một lượt khám khác."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var result = await records.AddReadingsAsync(encounterId, values.Select(v => new ObservationInput { Code = v.Code, Value = v.Value }).ToList(), ct);
        var panel = values.Count == 2 && values.Any(v => v.Code == Loinc.Systolic) && values.Any(v => v.Code == Loinc.Diastolic);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field == "date" ? "Observation.effective" : panel ? "Observation.component" : "Observation.value");
        }

        var sent = values.Select(v => v.Code).ToList();
        var created = (await Rows(db, db.Observations.Where(o => o.EncounterId == encounterId && sent.Contains(o.Code))).ToListAsync(ct))
            .GroupBy(r => r.Code).Select(g => g.MaxBy(r => r.Id)!).ToList();
        var resource = panel
            ? Panel(created.Single(r => r.Code == Loinc.Systolic), created.Single(r => r.Code == Loinc.Diastolic))
            : ToFhir(created.Single(r => r.Code == values[0].Code), info);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Observation/{resource.Id}";
        return FhirApi.Send(http, resource, StatusCodes.Status201Created);
    }

    /// <summary>What AnSinh keeps of an Observation a client sent, or the issues that stop it.</summary>
    private static (int? Person, DateOnly? Date, List<(string Code, decimal Value)> Values, List<(string Expression, string Message)> Problems) Read(
        R4.Observation o, IReadOnlyDictionary<string, ObservationCodeItem> info, string baseUrl)
    {
        var problems = new List<(string, string)>();
        var values = new List<(string Code, decimal Value)>();
        int? person = FhirSearch.TryLocalPatient(o.Subject?.Reference, baseUrl, out var id) ? id : null;
        if (person is null)
        {
            problems.Add(("Observation.subject", "subject phải là Patient/<id> của một người trên AnSinh."));
        }

        if (o.Status is not (R4.ObservationStatus.Final or R4.ObservationStatus.Amended or R4.ObservationStatus.Corrected))
        {
            problems.Add(("Observation.status", "AnSinh chỉ ghi kết quả đã có (final, amended, corrected)."));
        }

        DateOnly? date = o.Effective switch
        {
            R4.FhirDateTime dt => FhirSearch.LocalDate(dt),
            R4.Period period when period.StartElement is { } start => FhirSearch.LocalDate(start),
            _ => null,
        };
        if (date is null)
        {
            problems.Add(("Observation.effective", "Cần ngày đo (effectiveDateTime, có đủ ngày)."));
        }

        var loinc = o.Code?.Coding.Where(c => c.System == LoincSystem).Select(c => c.Code).ToList() ?? [];
        if (loinc.Count == 0)
        {
            var systems = string.Join(", ", o.Code?.Coding.Select(c => c.System).Distinct() ?? []);
            problems.Add(("Observation.code", $"Cần một mã LOINC ({LoincSystem}); hệ mã {(systems.Length == 0 ? "trống" : systems)} không được hỗ trợ."));
            return (person, date, values, problems);
        }

        if (loinc.Any(c => c is BloodPressurePanel or OlderBloodPressurePanel))
        {
            foreach (var (component, index) in o.Component.Select((c, i) => (c, i)))
            {
                var code = component.Code?.Coding.FirstOrDefault(c => c.System == LoincSystem && c.Code is Loinc.Systolic or Loinc.Diastolic)?.Code;
                if (code is null)
                {
                    continue; // other components (e.g. a mean pressure) are not kept
                }

                if (Quantity(component.Value, info[code], $"Observation.component[{index}].value", problems) is { } value)
                {
                    values.Add((code, value));
                }
            }

            if (!values.Any(v => v.Code == Loinc.Systolic) || !values.Any(v => v.Code == Loinc.Diastolic))
            {
                problems.Add(("Observation.component", "Bảng huyết áp cần cả tâm thu (8480-6) và tâm trương (8462-4)."));
            }

            return (person, date, values, problems);
        }

        if (loinc.FirstOrDefault(c => c is not null && info.ContainsKey(c)) is not { } known)
        {
            problems.Add(("Observation.code", $"Mã LOINC {string.Join(", ", loinc)} không có trong các chỉ số AnSinh ghi ({string.Join(", ", info.Keys)}, {BloodPressurePanel})."));
            return (person, date, values, problems);
        }

        if (Quantity(o.Value, info[known], "Observation.value", problems) is { } single)
        {
            values.Add((known, single));
        }

        return (person, date, values, problems);
    }

    private static decimal? Quantity(R4.DataType? value, ObservationCodeItem code, string expression, List<(string, string)> problems)
    {
        if (value is not R4.Quantity { Value: { } number } quantity)
        {
            problems.Add((expression, $"{code.NameVi} cần valueQuantity bằng số, đơn vị {code.Unit}."));
            return null;
        }

        if (quantity.Comparator is not null)
        {
            problems.Add((expression, $"{code.NameVi}: AnSinh ghi một giá trị đo được, không ghi giá trị kèm so sánh ({quantity.ComparatorElement?.JsonValue})."));
            return null;
        }

        var unit = quantity.Code ?? quantity.Unit;
        if (quantity.System is not null && quantity.System != UcumSystem)
        {
            problems.Add((expression, $"{code.NameVi}: đơn vị phải theo UCUM ({UcumSystem}), không theo \"{quantity.System}\"."));
            return null;
        }

        if (unit != code.Unit)
        {
            problems.Add((expression, $"{code.NameVi}: đơn vị phải là {code.Unit} (UCUM), không phải \"{unit}\"."));
            return null;
        }

        return number;
    }

    private static R4.Observation Base(Row row, string code)
    {
        var vital = code != Loinc.Glucose && code != Loinc.HbA1c;
        var observation = new R4.Observation
        {
            Meta = new R4.Meta { VersionId = "1", LastUpdated = row.RecordedAt },
            Status = R4.ObservationStatus.Final,
            Category = [VnCore.Coded(CategorySystem, vital ? "vital-signs" : "laboratory", vital ? "Vital Signs" : "Laboratory")],
            Subject = new R4.ResourceReference($"Patient/{row.PersonId}"),
            Encounter = new R4.ResourceReference($"Encounter/{row.EncounterId}"),
            Effective = new R4.FhirDateTime(row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        if (Profiles.TryGetValue(code, out var profile))
        {
            observation.Meta.Profile = [$"http://hl7.org/fhir/StructureDefinition/{profile}"];
        }

        return observation;
    }

    private static R4.Observation ToFhir(Row row, IReadOnlyDictionary<string, ObservationCodeItem> info)
    {
        var observation = Base(row, row.Code);
        observation.Id = row.Id.ToString(CultureInfo.InvariantCulture);
        var name = info.GetValueOrDefault(row.Code);
        observation.Code = new R4.CodeableConcept { Coding = [new R4.Coding(LoincSystem, row.Code, name?.NameEn)], Text = name?.NameVi };
        if (row.Code == Loinc.OxygenSaturation)
        {
            observation.Code.Coding.Insert(0, new R4.Coding(LoincSystem, ArterialOxygenSaturation, "Oxygen saturation in Arterial blood"));
        }

        observation.Value = Quantity(row);
        return observation;
    }

    private static R4.Observation Panel(Row systolic, Row diastolic)
    {
        var observation = Base(systolic, BloodPressurePanel);
        observation.Id = PanelPrefix + systolic.Id.ToString(CultureInfo.InvariantCulture);
        observation.Code = new R4.CodeableConcept { Coding = [new R4.Coding(LoincSystem, BloodPressurePanel, "Blood pressure panel with all children optional")], Text = "Huyết áp" };
        observation.Component =
        [
            new() { Code = new R4.CodeableConcept(LoincSystem, Loinc.Systolic, "Systolic blood pressure"), Value = Quantity(systolic) },
            new() { Code = new R4.CodeableConcept(LoincSystem, Loinc.Diastolic, "Diastolic blood pressure"), Value = Quantity(diastolic) },
        ];
        return observation;
    }

    private static R4.Quantity Quantity(Row row) => new() { Value = row.Value, Unit = row.Unit, System = UcumSystem, Code = row.Unit };

    private static async Task<IReadOnlyDictionary<string, ObservationCodeItem>> InfoAsync(CodeCatalog codes, CancellationToken ct) =>
        (await codes.ObservationCodesAsync(ct)).ToDictionary(c => c.Code);

    private static IResult NotFound(HttpContext http, string id) =>
        FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
            $"Không có Observation/{id}, hoặc hồ sơ không thuộc phạm vi của bạn.");

    private static IResult Refuse(HttpContext http, string id, string what) =>
        FhirApi.NotAllowed(http, "GET, PUT",
            $"Không {what} Observation/{id}: chỉ số đã ghi được giữ; chỉ số ghi nhầm được hủy bằng PUT (status entered-in-error, lý do ở note).");
}
