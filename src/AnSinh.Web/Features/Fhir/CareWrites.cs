using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Referrals;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.Medicines;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Medicine orders (MedicationRequest) and referrals (ServiceRequest) created through FHIR: read into the input the
/// record page's form fills and saved by the same service, so the allergy check, the facility the order is written in,
/// scope, write refusals and audit are the form's. The prescriber or referrer is the caller, as on the form.
/// </summary>
public static partial class CareWrites
{
    internal const string DrugCodeSystem = VnCore.Canonical + "/CodeSystem/vn-core-medicationCode";

    public static void MapCareWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/MedicationRequest", CreateOrderAsync).WithName("FhirMedicationRequestCreate")
            .WithSummary("Order a medicine: subject, medication (text, VN Core drug code), one dosageInstruction with doseQuantity, route (text), timing.repeat.when or asNeeded, boundsPeriod.");
        fhir.MapPut("/MedicationRequest/{id}", UpdateOrderAsync).WithName("FhirMedicationRequestUpdate")
            .WithSummary("Stop an order: status stopped, statusReason the reason (\"Ngừng ngày dd/MM/yyyy: …\" names the day; else today). Other changes are a new order.");
        fhir.MapPut("/ServiceRequest/{id}", UpdateReferralAsync).WithName("FhirServiceRequestUpdate")
            .WithSummary("Record a referral's outcome: status completed, a note with the outcome, occurrencePeriod.end the day it came back.");
        fhir.MapPost("/MedicationAdministration", CreateDoseAsync).WithName("FhirMedicationAdministrationCreate")
            .WithSummary("Record a dose of a round: request (the MedicationRequest), status completed or not-done (statusReason), effectiveDateTime with the time.");
        fhir.MapPut("/MedicationAdministration/{id}", UpdateDoseAsync).WithName("FhirMedicationAdministrationUpdate")
            .WithSummary("Strike out a dose record written in error: status entered-in-error, the reason as note. A dose recorded stays as recorded otherwise.");
        fhir.MapPost("/ServiceRequest", CreateReferralAsync).WithName("FhirServiceRequestCreate")
            .WithSummary("Refer a person: subject, authoredOn, the place (locationReference display or contained Location), priority, ICD-10 reasonCode, note.");
    }

    internal static async Task<IResult> CreateOrderAsync(HttpContext http, AnSinhDbContext db, MedicineService medicines, Clock clock, CancellationToken ct)
    {
        var (request, refusal) = await FhirBody.ReadAsync<R4.MedicationRequest>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "MedicationRequest")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = RecordWrites.Patient(http, request!.Subject, "MedicationRequest.subject", problems);
        if (request.Status is not R4.MedicationRequest.MedicationrequestStatus.Active)
        {
            problems.Add(("MedicationRequest.status", "AnSinh ghi y lệnh đang dùng (status active); y lệnh ngừng hay nhập nhầm được ghi trên trang thuốc."));
        }

        if (request.Intent is not R4.MedicationRequest.MedicationRequestIntent.Order)
        {
            problems.Add(("MedicationRequest.intent", "AnSinh ghi y lệnh (intent order); đề xuất hay kế hoạch chưa được ghi."));
        }

        string? drugName = null, drugCode = null;
        if (request.Medication is R4.CodeableConcept medication)
        {
            if (medication.Coding.FirstOrDefault(c => c.System != DrugCodeSystem) is { } other)
            {
                problems.Add(("MedicationRequest.medication", $"Hệ mã \"{other.System}\" chưa được AnSinh ghi: dùng mã thuốc VN Core ({DrugCodeSystem}) và/hoặc tên thuốc (text)."));
            }

            drugCode = medication.Coding.FirstOrDefault(c => c.System == DrugCodeSystem)?.Code?.Trim();
            drugName = medication.Text ?? medication.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        }

        if (string.IsNullOrWhiteSpace(drugName))
        {
            problems.Add(("MedicationRequest.medication", "Cần tên thuốc: medicationCodeableConcept.text (hoặc coding.display)."));
        }

        if (request.DosageInstruction.Count != 1)
        {
            problems.Add(("MedicationRequest.dosageInstruction", "Cần đúng một dosageInstruction (liều, đường dùng, cữ dùng): mỗi cách dùng là một y lệnh."));
        }

        var dosage = request.DosageInstruction.FirstOrDefault() ?? new R4.Dosage();
        string? dose = null;
        if (dosage.DoseAndRate.FirstOrDefault()?.Dose is R4.Quantity { Value: { } amount } quantity && !string.IsNullOrWhiteSpace(quantity.Unit ?? quantity.Code))
        {
            dose = $"{VietnameseInput.FormatDecimal(amount)} {(quantity.Unit ?? quantity.Code)!.Trim()}";
            if (amount is <= 0 or > 1000)
            {
                problems.Add(("MedicationRequest.dosageInstruction.doseAndRate.dose", $"Liều mỗi lần phải lớn hơn 0 và không quá 1.000 {(quantity.Unit ?? quantity.Code)!.Trim()}."));
            }
        }
        else if (request.DosageInstruction.Count == 1)
        {
            problems.Add(("MedicationRequest.dosageInstruction.doseAndRate.dose", "Cần liều mỗi lần: doseQuantity có value và unit (ví dụ 1 viên, 5 ml)."));
        }

        MedicationRoute? route = null;
        var routeText = dosage.Route?.Text ?? dosage.Route?.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        if (routeText is not null)
        {
            route = Enum.GetValues<MedicationRoute>().Cast<MedicationRoute?>()
                .FirstOrDefault(r => VietnameseText.Fold(Labels.Of(r!.Value)) == VietnameseText.Fold(routeText) || string.Equals(r.ToString(), routeText.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (route is null && request.DosageInstruction.Count == 1)
        {
            problems.Add(("MedicationRequest.dosageInstruction.route", "Cần đường dùng (route.text) là một trong: "
                                                                      + string.Join(", ", Enum.GetValues<MedicationRoute>().Select(r => Labels.Of(r))) + "."));
        }

        var times = new List<Shift>();
        foreach (var when in dosage.Timing?.Repeat?.When ?? [])
        {
            Shift? shift = when switch
            {
                R4.Timing.EventTiming.MORN => Shift.Morning,
                R4.Timing.EventTiming.NOON => Shift.Noon,
                R4.Timing.EventTiming.AFT => Shift.Afternoon,
                R4.Timing.EventTiming.NIGHT => Shift.Night,
                _ => null,
            };
            if (shift is { } s)
            {
                times.Add(s);
            }
            else
            {
                problems.Add(("MedicationRequest.dosageInstruction.timing.repeat.when", $"Cữ \"{when}\" không phải một ca phát thuốc: dùng MORN, NOON, AFT hoặc NIGHT."));
            }
        }

        var bounds = dosage.Timing?.Repeat?.Bounds as R4.Period;
        var start = FhirSearch.FullDay(bounds?.StartElement, "MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start", problems);
        var end = FhirSearch.FullDay(bounds?.EndElement, "MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.end", problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var input = new MedicationOrderInput
        {
            DrugName = drugName, DrugCode = drugCode,
            // A MedicationRequest names no dose form (that is a Medication's); the order says "other" rather than guess one.
            Form = DoseForm.Other,
            Dose = dose, Route = route, Times = times.Distinct().ToList(),
            AsNeeded = dosage.AsNeeded is R4.FhirBoolean { Value: true },
            Instructions = dosage.PatientInstruction
                           ?? (string.Join(" ", request.Note.Select(n => n.Text?.ToString()).Where(t => !string.IsNullOrWhiteSpace(t))) is { Length: > 0 } note ? note : null),
            // Without a start the order starts today, as on the form.
            StartDate = start ?? clock.Today, EndDate = end,
        };
        var result = await medicines.OrderAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "drugName" or "drugCode" or "strength" or "allergyOverrideReason" => "MedicationRequest.medication",
                "dose" => "MedicationRequest.dosageInstruction.doseAndRate.dose",
                "route" => "MedicationRequest.dosageInstruction.route",
                "times" => "MedicationRequest.dosageInstruction.timing.repeat.when",
                "instructions" => "MedicationRequest.dosageInstruction.patientInstruction",
                "startDate" => "MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start",
                "endDate" => "MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.end",
                _ => "MedicationRequest",
            });
        }

        var saved = await db.MedicationOrders.AsNoTracking().Where(o => o.Id == result.Value)
            .Join(db.Facilities, o => o.FacilityId, f => f.Id, (o, f) => new CareResources.OrderRow { Order = o, FacilityName = f.Name }).FirstAsync(ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/MedicationRequest/{saved.Order.Id}";
        return FhirApi.Send(http, CareResources.ToFhir(saved, clock.Today), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> UpdateOrderAsync(string id, HttpContext http, AnSinhDbContext db, MedicineService medicines, AccessScope scope, Clock clock,
        CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = RecordResources.Key(id);
        var current = await db.MedicationOrders.AsNoTracking().Where(o => o.Id == key && people.Any(b => b.Id == o.BeneficiaryId))
            .Join(db.Facilities, o => o.FacilityId, f => f.Id, (o, f) => new CareResources.OrderRow { Order = o, FacilityName = f.Name }).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound(http, "MedicationRequest", id);
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.MedicationRequest>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var request = read!;

        // Only the order's end is written here: a change of drug, dose or rounds is a new order that replaces it (as on the page).
        var served = CareResources.ToFhir(current, clock.Today);
        var problems = new List<(string, string)>();
        if (Text(request.Medication as R4.CodeableConcept) != Text(served.Medication as R4.CodeableConcept))
        {
            problems.Add(("MedicationRequest.medication", "Đổi thuốc là một y lệnh mới: ngừng y lệnh này (status stopped) rồi tạo y lệnh mới."));
        }

        var (sent, kept) = (request.DosageInstruction.FirstOrDefault(), served.DosageInstruction.Single());
        // What the client states is compared; what it leaves out is not a change.
        if (sent is not null && ((DoseOf(sent) is { } dose && dose != DoseOf(kept))
                                 || (sent.Timing?.Repeat?.When.ToList() is { Count: > 0 } when && !when.SequenceEqual(kept.Timing!.Repeat!.When))
                                 || (sent.Route?.Text is { } route && VietnameseText.Fold(route) != VietnameseText.Fold(kept.Route?.Text))))
        {
            problems.Add(("MedicationRequest.dosageInstruction", "Đổi liều, cữ hay đường dùng là một y lệnh mới (trang thuốc: \"Đổi y lệnh\"), không sửa y lệnh đã ra."));
        }

        if (request.Status is not (R4.MedicationRequest.MedicationrequestStatus.Stopped or R4.MedicationRequest.MedicationrequestStatus.Active)
            || (request.Status == R4.MedicationRequest.MedicationrequestStatus.Active && served.Status != R4.MedicationRequest.MedicationrequestStatus.Active))
        {
            problems.Add(("MedicationRequest.status", "Y lệnh chỉ được ngừng (status stopped); y lệnh đã ngừng hay đã hết không mở lại: tạo y lệnh mới."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (request.Status == R4.MedicationRequest.MedicationrequestStatus.Active)
        {
            return FhirApi.Send(http, served); // nothing to change
        }

        // "Ngừng ngày dd/MM/yyyy: lý do" (as AnSinh serves a stopped order) names the day; any other reason stops it today.
        var reason = request.StatusReason?.Text ?? request.StatusReason?.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        var stoppedOn = clock.Today;
        if (reason is not null && StopNote().Match(reason) is { Success: true } own)
        {
            stoppedOn = DateOnly.ParseExact(own.Groups["day"].Value, "dd/MM/yyyy", CultureInfo.InvariantCulture);
            reason = own.Groups["reason"].Value;
        }

        var result = await medicines.StopAsync(current.Order.Id, new StopOrderInput { StoppedOn = stoppedOn, Reason = reason }, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field is "reason" or "stoppedOn" ? "MedicationRequest.statusReason" : "MedicationRequest.status");
        }

        var saved = await db.MedicationOrders.AsNoTracking().Where(o => o.Id == current.Order.Id)
            .Join(db.Facilities, o => o.FacilityId, f => f.Id, (o, f) => new CareResources.OrderRow { Order = o, FacilityName = f.Name }).FirstAsync(ct);
        return FhirApi.Send(http, CareResources.ToFhir(saved, clock.Today));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Ngừng ngày (?<day>\d{2}/\d{2}/\d{4})(?::\s*(?<reason>.*))?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex StopNote();

    internal static async Task<IResult> UpdateReferralAsync(string id, HttpContext http, AnSinhDbContext db, CareRecordService care, AccessScope scope, Clock clock,
        CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = RecordResources.Key(id);
        var current = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == key && people.Any(b => b.Id == r.BeneficiaryId), ct);
        if (current is null)
        {
            return NotFound(http, "ServiceRequest", id);
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.ServiceRequest>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var request = read!;

        var served = CareResources.ToFhir(current);
        var problems = new List<(string, string)>();
        var destination = request.LocationReference.FirstOrDefault() is { } place
            ? (place.Reference is { } r && r.StartsWith('#') ? request.Contained.OfType<R4.Location>().FirstOrDefault(l => l.Id == r[1..])?.Name : place.Display)
            : null;
        if (destination is not null && VietnameseText.Fold(destination) != VietnameseText.Fold(current.Destination))
        {
            problems.Add(("ServiceRequest.locationReference", "Chuyển tới nơi khác là một lần chuyển tuyến mới: tạo ServiceRequest mới."));
        }

        var outcome = string.Join(" ", request.Note.Select(n => n.Text?.ToString() ?? "")
            .Where(t => t.Length > 0 && !t.StartsWith("Chẩn đoán: ", StringComparison.Ordinal) && !t.StartsWith(ReasonNote, StringComparison.Ordinal))
            .Select(t => OutcomeNote().Match(t) is { Success: true } own ? own.Groups["text"].Value : t));
        switch (request.Status)
        {
            case R4.RequestStatus.Active when served.Status == R4.RequestStatus.Active:
                return problems.Count > 0 ? FhirSearch.Unprocessable(http, problems) : FhirApi.Send(http, served); // nothing to change
            case R4.RequestStatus.Completed when served.Status == R4.RequestStatus.Active:
                break;
            case R4.RequestStatus.Completed:
                problems.Add(("ServiceRequest.status", $"Kết quả chuyển tuyến đã được ghi ngày {current.OutcomeDate:dd/MM/yyyy}: sửa trên trang chuyển tuyến."));
                break;
            default:
                problems.Add(("ServiceRequest.status", "Ghi kết quả chuyển tuyến bằng status completed (kèm ghi chú kết quả và occurrencePeriod.end)."));
                break;
        }

        if (outcome.Length == 0 && request.Status == R4.RequestStatus.Completed)
        {
            problems.Add(("ServiceRequest.note", "Cần kết quả chuyển tuyến: một ghi chú (note) nói người bệnh được điều trị ra sao."));
        }

        var day = FhirSearch.FullDay((request.Occurrence as R4.Period)?.EndElement, "ServiceRequest.occurrencePeriod.end", problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var result = await care.RecordReferralOutcomeAsync(current.Id, new ReferralOutcomeInput { OutcomeDate = day ?? clock.Today, Outcome = outcome }, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "outcomeDate" => "ServiceRequest.occurrencePeriod.end",
                "outcome" => "ServiceRequest.note",
                _ => "ServiceRequest",
            });
        }

        return FhirApi.Send(http, CareResources.ToFhir(await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == current.Id, ct)));
    }

    // AnSinh's own outcome note: "Kết quả (dd/MM/yyyy): …" or "Kết quả: …".
    [System.Text.RegularExpressions.GeneratedRegex(@"^Kết quả(?: \(\d{2}/\d{2}/\d{4}\))?: (?<text>.*)$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex OutcomeNote();

    private static string? Text(R4.CodeableConcept? concept) => concept?.Text is { } text ? VietnameseText.Fold(text) : null;

    private static decimal? DoseOf(R4.Dosage dosage) => (dosage.DoseAndRate.FirstOrDefault()?.Dose as R4.Quantity)?.Value;

    internal static IResult NotFound(HttpContext http, string type, string id) =>
        FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có {type}/{id}, hoặc hồ sơ không thuộc phạm vi của bạn.");

    internal static async Task<IResult> CreateDoseAsync(HttpContext http, AnSinhDbContext db, MedicineService medicines, AccessScope scope, Clock clock, CancellationToken ct)
    {
        var (administration, refusal) = await FhirBody.ReadAsync<R4.MedicationAdministration>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "MedicationAdministration")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        int? orderId = FhirSearch.TryLocal(administration!.Request?.Reference, "MedicationRequest", FhirApi.Base(http), out var key) ? key : null;
        if (orderId is null)
        {
            problems.Add(("MedicationAdministration.request", "request phải là MedicationRequest/<id> — y lệnh trên AnSinh mà liều này thuộc về."));
        }

        // Given, or not: the reason's first words say which ("Từ chối: …", "Hoãn: …", as AnSinh serves them); any other reason is a dose held.
        var reason = administration.StatusReason.Select(r => r.Text ?? r.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)))
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();
        AdministrationStatus? status = administration.Status switch
        {
            R4.MedicationAdministration.MedicationAdministrationStatusCodes.Completed => AdministrationStatus.Given,
            R4.MedicationAdministration.MedicationAdministrationStatusCodes.NotDone => StatusNamed(reason, out reason),
            _ => null,
        };
        if (status is null)
        {
            problems.Add(("MedicationAdministration.status", "AnSinh ghi liều đã cho (completed) hoặc không cho (not-done, kèm statusReason)."));
        }

        DateTimeOffset? at = null;
        if (administration.Effective is R4.FhirDateTime { Value.Length: > 10 } when && when.TryToDateTimeOffset(out var moment))
        {
            at = moment;
            // A round is recorded when the dose was given, not before: a later time would take the round from its nurse.
            if (moment > clock.Now.AddMinutes(5))
            {
                problems.Add(("MedicationAdministration.effective", "Thời điểm cho thuốc chưa đến: ghi liều sau khi đã cho."));
            }
        }
        else
        {
            problems.Add(("MedicationAdministration.effective", "Cần thời điểm cho thuốc có giờ (effectiveDateTime, ví dụ 2026-11-28T07:30:00+07:00): giờ cho biết cữ thuốc."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        // The person named must be the order's (checked only for an order the caller may see).
        var people = await scope.BeneficiariesAsync(ct);
        var orderOf = await db.MedicationOrders.AsNoTracking().Where(o => o.Id == orderId && people.Any(b => b.Id == o.BeneficiaryId))
            .Select(o => new { o.BeneficiaryId, o.Dose }).FirstOrDefaultAsync(ct);
        if (orderOf is null)
        {
            return CareWrites.NotFound(http, "MedicationRequest", orderId!.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (administration.Subject?.Reference is not null
            && (!FhirSearch.TryLocalPatient(administration.Subject.Reference, FhirApi.Base(http), out var subject) || subject != orderOf.BeneficiaryId))
        {
            problems.Add(("MedicationAdministration.subject", $"MedicationRequest/{orderId} là y lệnh của Patient/{orderOf.BeneficiaryId}."));
        }

        // The round gives the order's dose; another dose is another order, not a note on this one.
        if (administration.Dosage?.Dose?.Value is { } given && CareResources.DoseQuantity(orderOf.Dose)?.Value is { } ordered && given != ordered)
        {
            problems.Add(("MedicationAdministration.dosage.dose", $"Y lệnh cho {orderOf.Dose} mỗi lần: liều khác là một y lệnh mới (ghi y lệnh trước, rồi ghi liều)."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var localTime = Clock.ToLocal(at!.Value);
        var input = new AdministrationInput
        {
            Date = DateOnly.FromDateTime(localTime.DateTime), Time = TimeOnly.FromDateTime(localTime.DateTime), Shift = MedicineService.ShiftAt(at.Value),
            Status = status, Reason = reason,
        };
        var result = await medicines.RecordDoseAsync(orderId!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "date" or "shift" or "time" => "MedicationAdministration.effective",
                "status" => "MedicationAdministration.status",
                "reason" => "MedicationAdministration.statusReason",
                _ => "MedicationAdministration",
            });
        }

        var saved = await Dose(db).FirstAsync(d => d.Dose.Id == result.Value, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/MedicationAdministration/{saved.Dose.Id}";
        return FhirApi.Send(http, CareResources.ToFhir(saved), StatusCodes.Status201Created);
    }

    /// <summary>
    /// A round's dose record is kept as written; one written in error (the wrong resident, round or drug) is struck out
    /// with its reason, as on the round page, and the round's dose may then be recorded again. Not reopened.
    /// </summary>
    internal static async Task<IResult> UpdateDoseAsync(string id, HttpContext http, AnSinhDbContext db, MedicineService medicines, AccessScope scope,
        CurrentUser user, CancellationToken ct)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var key = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        if (await Dose(db).FirstOrDefaultAsync(d => d.Dose.Id == key && people.Any(b => b.Id == d.Dose.BeneficiaryId), ct) is not { } current)
        {
            return NotFound(http, "MedicationAdministration", id);
        }

        if (RecordWrites.NoClinicalWrites(http, user) is { } forbidden)
        {
            return forbidden;
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.MedicationAdministration>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var dose = current.Dose;
        var problems = new List<(string, string)>();
        if (read!.Subject?.Reference is not null && (!FhirSearch.TryLocalPatient(read.Subject.Reference, FhirApi.Base(http), out var subject) || subject != dose.BeneficiaryId))
        {
            problems.Add(("MedicationAdministration.subject", $"MedicationAdministration/{id} là liều của Patient/{dose.BeneficiaryId}: liều ghi nhầm người thì hủy (status entered-in-error) rồi ghi cho đúng người."));
        }

        if (read.Request?.Reference is not null && (!FhirSearch.TryLocal(read.Request.Reference, "MedicationRequest", FhirApi.Base(http), out var order) || order != dose.OrderId))
        {
            problems.Add(("MedicationAdministration.request", $"MedicationAdministration/{id} là liều của MedicationRequest/{dose.OrderId}: liều của thuốc khác là một bản ghi khác."));
        }

        var retract = read.Status == R4.MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
        var standing = dose.Status == AdministrationStatus.Given
            ? R4.MedicationAdministration.MedicationAdministrationStatusCodes.Completed
            : R4.MedicationAdministration.MedicationAdministrationStatusCodes.NotDone;
        if (dose.RetractedAt is { } at && !retract)
        {
            problems.Add(("MedicationAdministration.status", $"Liều này đã được hủy lúc {Clock.ToLocal(at):HH:mm dd/MM/yyyy} và không mở lại: ghi liều của cữ đó một lần nữa (POST)."));
        }
        else if (!retract && read.Status != standing)
        {
            problems.Add(("MedicationAdministration.status",
                "Liều đã ghi được giữ như đã ghi: ghi nhầm thì gửi status entered-in-error với lý do ở note, rồi ghi lại liều của cữ đó."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (!retract || dose.RetractedAt is not null)
        {
            return FhirApi.Send(http, CareResources.ToFhir(current)); // nothing to change
        }

        // The reason is the note the client added: the note AnSinh serves (round, day, what was recorded) comes back with it.
        var served = CareResources.ToFhir(current).Note.Select(n => n.Text?.ToString()).ToHashSet(StringComparer.Ordinal);
        var reason = string.Join(" ", read.Note.Select(n => n.Text?.ToString()?.Trim() ?? "").Where(t => t.Length > 0 && !served.Contains(t)));
        var result = await medicines.RetractDoseAsync(dose.Id, reason, ct);
        // Struck out at the same moment by another request: the same answer as a retry.
        var now = await Dose(db).FirstAsync(d => d.Dose.Id == dose.Id, ct);
        return result.Succeeded || (now.Dose.RetractedAt is not null && result.Errors is not null)
            ? FhirApi.Send(http, CareResources.ToFhir(now))
            : FhirSearch.Refused(http, result, _ => "MedicationAdministration.note");
    }

    private static IQueryable<CareResources.DoseRow> Dose(AnSinhDbContext db) =>
        db.MedicationAdministrations.AsNoTracking()
            .Join(db.MedicationOrders, d => d.OrderId, o => o.Id, (d, o) => new CareResources.DoseRow { Dose = d, DrugName = o.DrugName, Strength = o.Strength, DoseText = o.Dose });

    /// <summary>Refused or held, from a reason that starts with the status's name; what follows the name is the reason kept.</summary>
    private static AdministrationStatus StatusNamed(string? text, out string? reason)
    {
        foreach (var status in new[] { AdministrationStatus.Refused, AdministrationStatus.Held })
        {
            var label = Labels.Of(status);
            if (text is not null && VietnameseText.Fold(text).StartsWith(VietnameseText.Fold(label), StringComparison.Ordinal))
            {
                var rest = text[label.Length..].TrimStart(':', ' ', '-', '–');
                reason = rest.Length > 0 ? rest : null;
                return status;
            }
        }

        reason = text;
        return AdministrationStatus.Held;
    }

    internal static async Task<IResult> CreateReferralAsync(HttpContext http, AnSinhDbContext db, CareRecordService care, Clock clock, CancellationToken ct)
    {
        var (request, refusal) = await FhirBody.ReadAsync<R4.ServiceRequest>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "ServiceRequest")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        var person = RecordWrites.Patient(http, request!.Subject, "ServiceRequest.subject", problems);
        if (request.Status is not R4.RequestStatus.Active)
        {
            problems.Add(("ServiceRequest.status", "AnSinh ghi chuyển tuyến đã quyết định (status active); kết quả chuyển tuyến được ghi trên trang chuyển tuyến."));
        }

        if (request.Intent is not R4.RequestIntent.Order)
        {
            problems.Add(("ServiceRequest.intent", "AnSinh ghi chuyển tuyến đã quyết định (intent order)."));
        }

        // A ServiceRequest here is a referral: a coded request (a test, a procedure) is not one.
        if (request.Code?.Coding.FirstOrDefault() is { } asked)
        {
            problems.Add(("ServiceRequest.code", $"AnSinh ghi ServiceRequest là chuyển tuyến; yêu cầu \"{asked.Display ?? asked.Code}\" ({asked.System}) chưa được ghi: bỏ code hoặc chỉ ghi code.text."));
        }

        // The place: a reference's display, or the name of the contained Location it points to.
        var place = request.LocationReference.FirstOrDefault();
        var destination = place?.Reference is { } reference && reference.StartsWith('#')
            ? request.Contained.OfType<R4.Location>().FirstOrDefault(l => l.Id == reference[1..])?.Name
            : null;
        destination ??= place?.Display ?? request.LocationCode.Select(c => c.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (string.IsNullOrWhiteSpace(destination))
        {
            problems.Add(("ServiceRequest.locationReference", "Cần nơi chuyển đến: locationReference (display, hoặc Location chứa trong tài nguyên có name)."));
        }

        DateOnly? date = null;
        TimeOnly? time = null;
        if (request.AuthoredOnElement is { Value: not null } authored)
        {
            if (FhirSearch.LocalDate(authored) is { } day)
            {
                date = day;
                // A time of day is kept when one was given (in Viet Nam time, as the form takes it).
                if (authored.Value.Length > 10 && authored.TryToDateTimeOffset(out var at))
                {
                    time = TimeOnly.FromDateTime(Clock.ToLocal(at).DateTime);
                }
            }
            else
            {
                problems.Add(("ServiceRequest.authoredOn", $"\"{authored.Value}\" không phải một ngày đủ (yyyy-MM-dd)."));
            }
        }

        var codings = request.ReasonCode.SelectMany(r => r.Coding).ToList();
        if (codings.FirstOrDefault(c => c.System is not (ConditionResources.IcdSystem or ConditionResources.OtherIcdSystem)) is { } unknown)
        {
            problems.Add(("ServiceRequest.reasonCode", $"Hệ mã \"{unknown.System}\" chưa được AnSinh ghi cho chẩn đoán: dùng ICD-10 ({ConditionResources.IcdSystem})."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var icd = codings.FirstOrDefault();
        var input = new ReferralInput
        {
            Date = date ?? clock.Today, Time = time, Destination = destination,
            Urgency = request.Priority switch
            {
                R4.RequestPriority.Stat => ReferralUrgency.Emergency,
                R4.RequestPriority.Urgent or R4.RequestPriority.Asap => ReferralUrgency.Urgent,
                R4.RequestPriority.Routine => ReferralUrgency.Routine,
                _ => null,
            },
            DiagnosisCode = icd?.Code,
            Diagnosis = request.ReasonCode.Select(r => r.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? icd?.Display,
            // What AnSinh writes in its own notes ("Chẩn đoán: …") is not read back as the reason.
            Reason = string.Join(" ", request.Note.Select(n => n.Text?.ToString() ?? "")
                .Select(t => t.StartsWith(ReasonNote, StringComparison.Ordinal) ? t[ReasonNote.Length..] : t)
                .Where(t => t.Length > 0 && !t.StartsWith("Chẩn đoán: ", StringComparison.Ordinal) && !t.StartsWith("Kết quả", StringComparison.Ordinal))) is { Length: > 0 } reason
                ? reason : null,
        };
        var result = await care.AddReferralAsync(person!.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "date" => "ServiceRequest.authoredOn",
                "destination" => "ServiceRequest.locationReference",
                "reason" => "ServiceRequest.note",
                "diagnosisCode" or "diagnosis" => "ServiceRequest.reasonCode",
                _ => "ServiceRequest",
            });
        }

        var saved = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == result.Value, ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/ServiceRequest/{saved.Id}";
        return FhirApi.Send(http, CareResources.ToFhir(saved), StatusCodes.Status201Created);
    }

    internal const string ReasonNote = "Lý do chuyển tuyến: ";

}
