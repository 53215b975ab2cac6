using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Referrals;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Care given and asked for, read-only: medicine orders (MedicationRequest), the rounds' records of each dose
/// (MedicationAdministration) and referrals to another level of care (ServiceRequest), each declaring its Viet Nam Core
/// profile. Scoped like the person; each read audited.
/// </summary>
public static class CareResources
{
    public const string MedicationRequestProfile = VnCore.Canonical + "/StructureDefinition/vn-core-medication-request";
    public const string MedicationAdministrationProfile = VnCore.Canonical + "/StructureDefinition/vn-core-medication-administration";
    public const string ServiceRequestProfile = VnCore.Canonical + "/StructureDefinition/vn-core-service-request";

    // Built with initialisers rather than constructors, so that EF Core can still filter and order on their members.
    public sealed class OrderRow
    {
        public required MedicationOrder Order { get; init; }
        public required string FacilityName { get; init; }
    }

    public sealed class DoseRow
    {
        public required MedicationAdministration Dose { get; init; }
        public required string DrugName { get; init; }
        public string? Strength { get; init; }
        public required string DoseText { get; init; }
    }

    public static void MapCareResources(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/MedicationRequest/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Clock clock, CancellationToken ct) =>
                RecordResources.ReadAsync(http, "MedicationRequest", id,
                    async people => await Orders(db, people).Where(o => o.Order.Id == RecordResources.Key(id)).ToListAsync(ct),
                    o => ToFhir(o, clock.Today), o => o.Order.BeneficiaryId, scope, clinical, ct))
            .WithName("FhirMedicationRequestRead").WithSummary("A medicine order: drug as text, dose, rounds (Timing.when), route, as needed, start and end, who ordered it, why it was stopped.");
        fhir.MapGet("/MedicationRequest", (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, Clock clock, CancellationToken ct) =>
                RecordResources.SearchAsync(http, "MedicationRequest",
                    (people, who) => Orders(db, people).Where(o => who.Contains(o.Order.BeneficiaryId)).OrderBy(o => o.Order.StartDate).ThenBy(o => o.Order.Id),
                    o => ToFhir(o, clock.Today), o => o.Order.BeneficiaryId, scope, clinical, audit, ct))
            .WithName("FhirMedicationRequestSearch").WithSummary("Search: patient, _count, _offset.");
        fhir.MapGet("/MedicationAdministration/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                RecordResources.ReadAsync(http, "MedicationAdministration", id,
                    async people => await Doses(db, people).Where(d => d.Dose.Id == LongKey(id)).ToListAsync(ct),
                    ToFhir, d => d.Dose.BeneficiaryId, scope, clinical, ct))
            .WithName("FhirMedicationAdministrationRead").WithSummary("One dose of a round: given, refused or held (with the reason), when and by whom, for which order.");
        fhir.MapGet("/MedicationAdministration", (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                RecordResources.SearchAsync(http, "MedicationAdministration",
                    (people, who) => Doses(db, people).Where(d => who.Contains(d.Dose.BeneficiaryId)).OrderBy(d => d.Dose.Date).ThenBy(d => d.Dose.Shift).ThenBy(d => d.Dose.Id),
                    ToFhir, d => d.Dose.BeneficiaryId, scope, clinical, audit, ct))
            .WithName("FhirMedicationAdministrationSearch").WithSummary("Search: patient, _count, _offset.");
        fhir.MapGet("/ServiceRequest/{id}", (string id, HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, CancellationToken ct) =>
                RecordResources.ReadAsync(http, "ServiceRequest", id,
                    async people => await Referrals(db, people).Where(r => r.Id == RecordResources.Key(id)).ToListAsync(ct),
                    ToFhir, r => r.BeneficiaryId, scope, clinical, ct))
            .WithName("FhirServiceRequestRead").WithSummary("A referral to another level of care: where, how urgent, the diagnosis, who referred, and its outcome when known.");
        fhir.MapGet("/ServiceRequest", (HttpContext http, AnSinhDbContext db, AccessScope scope, ClinicalScope clinical, Audit.AuditLog audit, CancellationToken ct) =>
                RecordResources.SearchAsync(http, "ServiceRequest",
                    (people, who) => Referrals(db, people).Where(r => who.Contains(r.BeneficiaryId)).OrderBy(r => r.Date).ThenBy(r => r.Id),
                    ToFhir, r => r.BeneficiaryId, scope, clinical, audit, ct))
            .WithName("FhirServiceRequestSearch").WithSummary("Search: patient, _count, _offset.");
    }

    private static long LongKey(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : -1;

    private static IQueryable<OrderRow> Orders(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        db.MedicationOrders.AsNoTracking().Where(o => people.Select(b => b.Id).Contains(o.BeneficiaryId))
            .Join(db.Facilities, o => o.FacilityId, f => f.Id, (o, f) => new OrderRow { Order = o, FacilityName = f.Name });

    private static IQueryable<DoseRow> Doses(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        db.MedicationAdministrations.AsNoTracking().Where(d => people.Select(b => b.Id).Contains(d.BeneficiaryId))
            .Join(db.MedicationOrders, d => d.OrderId, o => o.Id, (d, o) => new DoseRow { Dose = d, DrugName = o.DrugName, Strength = o.Strength, DoseText = o.Dose });

    private static IQueryable<Referral> Referrals(AnSinhDbContext db, IQueryable<AnSinh.Domain.Beneficiaries.Beneficiary> people) =>
        db.Referrals.AsNoTracking().Where(r => people.Select(b => b.Id).Contains(r.BeneficiaryId));

    internal static R4.Quantity? DoseQuantity(string dose)
    {
        var match = System.Text.RegularExpressions.Regex.Match(dose.Trim(), @"^(\d+(?:[.,]\d+)?)\s+(\S.*)$");
        return match.Success && decimal.TryParse(match.Groups[1].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new R4.Quantity { Value = value, Unit = match.Groups[2].Value }
            : null;
    }

    /// <summary>A practitioner AnSinh knows only by name, contained in the resource that names them.</summary>
    /// <summary>A person known only by name (the records keep who, not a staff record): a contained Practitioner.</summary>
    internal static R4.Practitioner Named(string id, string name) => new() { Id = id, Name = [new R4.HumanName { Text = name }] };

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The drug as written, with its VN Core drug code when the order has one (it was checked against the loaded list).</summary>
    private static R4.CodeableConcept Drug(string name, string? strength, string? code = null) => new()
    {
        Text = strength is null ? name : $"{name} {strength}",
        Coding = code is null ? [] : [new R4.Coding(CareWrites.DrugCodeSystem, code)],
    };

    public static R4.MedicationRequest ToFhir(OrderRow row, DateOnly today)
    {
        var o = row.Order;
        var rounds = Enum.GetValues<DoseTimes>().Where(t => t != DoseTimes.None && o.Times.HasFlag(t)).ToList();
        var request = new R4.MedicationRequest
        {
            Id = o.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [MedicationRequestProfile] },
            Status = o.StoppedOn is not null ? R4.MedicationRequest.MedicationrequestStatus.Stopped
                : o.EndDate is { } end && end < today ? R4.MedicationRequest.MedicationrequestStatus.Completed
                : R4.MedicationRequest.MedicationrequestStatus.Active,
            Intent = R4.MedicationRequest.MedicationRequestIntent.Order,
            // Drugs are named as the facility wrote them until a national drug list is supplied (issue #11).
            Medication = Drug(o.DrugName, o.Strength, o.DrugCode),
            Subject = new R4.ResourceReference($"Patient/{o.BeneficiaryId}"),
            // In Viet Nam time, as the facility wrote it: a date cut from UTC would be the previous day before 07:00.
            AuthoredOn = Clock.ToLocal(o.OrderedAt).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            // The prescriber is known by name only (an account, not a staff record): a contained Practitioner.
            Contained = [Named("prescriber", o.PrescriberName ?? o.PrescribedBy)],
            Requester = new R4.ResourceReference("#prescriber", o.PrescriberName ?? o.PrescribedBy),
            Performer = new R4.ResourceReference($"Organization/{o.FacilityId}", row.FacilityName),
            DosageInstruction =
            [
                new R4.Dosage
                {
                    Text = string.Join(" · ", new[] { o.Dose, Labels.Of(o.Route), string.Join(", ", rounds.Select(r => Labels.Of((Shift)(int)r))), o.Instructions }
                        .Where(x => !string.IsNullOrWhiteSpace(x))),
                    Timing = new R4.Timing
                    {
                        Repeat = new R4.Timing.RepeatComponent
                        {
                            When = rounds.Select(r => (R4.Timing.EventTiming?)(r switch
                            {
                                DoseTimes.Morning => R4.Timing.EventTiming.MORN,
                                DoseTimes.Noon => R4.Timing.EventTiming.NOON,
                                DoseTimes.Afternoon => R4.Timing.EventTiming.AFT,
                                _ => R4.Timing.EventTiming.NIGHT,
                            })).ToList(),
                            Bounds = new R4.Period { Start = Day(o.StartDate), End = o.EndDate is { } until ? Day(until) : null },
                        },
                    },
                    AsNeeded = new R4.FhirBoolean(o.AsNeeded),
                    Route = new R4.CodeableConcept { Text = Labels.Of(o.Route) },
                    // As a quantity when the dose was written as one ("1 viên", "0,5 ml"); in the text always.
                    DoseAndRate = DoseQuantity(o.Dose) is { } quantity ? [new R4.Dosage.DoseAndRateComponent { Dose = quantity }] : [],
                },
            ],
        };
        if (o.StoppedOn is { } stopped)
        {
            request.StatusReason = new R4.CodeableConcept { Text = $"Ngừng ngày {stopped:dd/MM/yyyy}" + (o.StopReason is { } why ? $": {why}" : "") };
        }

        if (o.ReplacesOrderId is { } replaced)
        {
            request.PriorPrescription = new R4.ResourceReference($"MedicationRequest/{replaced}");
        }

        return request;
    }

    public static R4.MedicationAdministration ToFhir(DoseRow row)
    {
        var d = row.Dose;
        var administration = new R4.MedicationAdministration
        {
            Id = d.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [MedicationAdministrationProfile] },
            Status = d.Status == AdministrationStatus.Given
                ? R4.MedicationAdministration.MedicationAdministrationStatusCodes.Completed
                : R4.MedicationAdministration.MedicationAdministrationStatusCodes.NotDone,
            Medication = Drug(row.DrugName, row.Strength),
            Subject = new R4.ResourceReference($"Patient/{d.BeneficiaryId}"),
            Effective = new R4.FhirDateTime(Clock.ToLocal(d.At)),
            Contained = [Named("recorder", d.RecordedBy)],
            Performer = [new R4.MedicationAdministration.PerformerComponent { Actor = new R4.ResourceReference("#recorder", d.RecordedBy) }],
            Request = new R4.ResourceReference($"MedicationRequest/{d.OrderId}"),
            Note = [new R4.Annotation { Text = $"Ca {Labels.Of(d.Shift).ToLowerInvariant()} ngày {d.Date:dd/MM/yyyy}: {Labels.Of(d.Status)} ({row.DoseText})" }],
        };
        // FHIR wants a dose as a quantity (mad-1): "1 viên", "0,5 ml" become one; a dose written otherwise ("1/2 viên")
        // stays in the note only.
        if (DoseQuantity(row.DoseText) is { } quantity)
        {
            administration.Dosage = new R4.MedicationAdministration.DosageComponent { Text = row.DoseText, Dose = quantity };
        }
        if (d.Status != AdministrationStatus.Given)
        {
            // The status's name first ("Từ chối: người bệnh ngủ"): not-done alone does not say refused or held.
            administration.StatusReason = [new R4.CodeableConcept { Text = d.Reason is { } why ? $"{Labels.Of(d.Status)}: {why}" : Labels.Of(d.Status) }];
        }

        if (d.RetractedAt is { } struck)
        {
            // Struck out as written in error: kept, with who, when and why.
            administration.Status = R4.MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
            administration.Meta.LastUpdated = struck;
            administration.Note.Add(new R4.Annotation
            {
                Author = new R4.FhirString(d.RetractedBy), Time = new R4.FhirDateTime(Clock.ToLocal(struck)).Value,
                Text = $"Hủy (ghi nhầm) lúc {Clock.ToLocal(struck):HH:mm dd/MM/yyyy}: {d.RetractReason}",
            });
        }

        return administration;
    }

    public static R4.ServiceRequest ToFhir(Referral r)
    {
        var request = new R4.ServiceRequest
        {
            Id = r.Id.ToString(CultureInfo.InvariantCulture),
            Meta = new R4.Meta { Profile = [ServiceRequestProfile] },
            Status = r.OutcomeDate is not null || r.Outcome is not null ? R4.RequestStatus.Completed : R4.RequestStatus.Active,
            Intent = R4.RequestIntent.Order,
            Priority = r.Urgency switch
            {
                ReferralUrgency.Emergency => R4.RequestPriority.Stat,
                ReferralUrgency.Urgent => R4.RequestPriority.Urgent,
                _ => R4.RequestPriority.Routine,
            },
            // No code from the IG's procedure list fits a referral; said in words.
            Code = new R4.CodeableConcept { Text = "Chuyển tuyến" + (r.DestinationLevel is { } level ? $" ({Labels.Of(level).ToLowerInvariant()})" : "") },
            Subject = new R4.ResourceReference($"Patient/{r.BeneficiaryId}"),
            AuthoredOn = r.Time is { } time
                ? new DateTimeOffset(r.Date.ToDateTime(time), TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)
                : Day(r.Date),
            // The destination is a place AnSinh knows by name: a contained Location, where the IG wants the place asked for.
            LocationReference = [new R4.ResourceReference("#destination", r.Destination)],
        };
        request.Contained.Add(new R4.Location { Id = "destination", Name = r.Destination });
        if ((r.ReferredByName ?? r.ReferredBy) is { } by)
        {
            request.Contained.Add(Named("referrer", by));
            request.Requester = new R4.ResourceReference("#referrer", by);
        }
        // The IG binds reasonCode to SNOMED CT; AnSinh's diagnoses are ICD-10, so the diagnosis goes in a note.
        var notes = new[]
        {
            r.DiagnosisCode is not null || r.Diagnosis is not null ? $"Chẩn đoán: {string.Join(" – ", new[] { r.DiagnosisCode, r.Diagnosis }.Where(x => x is not null))}" : null,
            r.Reason is { } reason ? CareWrites.ReasonNote + reason : null,
            r.Outcome is { } outcome ? $"Kết quả{(r.OutcomeDate is { } on ? $" ({on:dd/MM/yyyy})" : "")}: {outcome}" : null,
        };
        request.Note = notes.OfType<string>().Select(n => new R4.Annotation { Text = n }).ToList();
        if (r.OutcomeDate is not null)
        {
            request.Occurrence = new R4.Period { Start = Day(r.Date), End = Day(r.OutcomeDate.Value) };
        }

        return request;
    }
}
