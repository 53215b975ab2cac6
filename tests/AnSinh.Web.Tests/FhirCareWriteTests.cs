using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Medicine orders (MedicationRequest) and referrals (ServiceRequest) created with Firely's FhirClient (issue #13):
/// saved by the record page's own services — the allergy check, scope and audit included — read back as written, and
/// refused with an OperationOutcome naming the element when AnSinh cannot keep them.
/// </summary>
public abstract class FhirCareWriteTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task RefusedAsync(Func<Task> call, HttpStatusCode status, string expression)
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(call);
        Assert.Equal(status, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Expression.Any(e => e == expression) || (i.Diagnostics ?? "").Contains(expression, StringComparison.Ordinal));
    }

    private static MedicationRequest Order(int person, string drug, string route = "Uống", Timing.EventTiming when = Timing.EventTiming.MORN, decimal dose = 1m) => new()
    {
        Status = MedicationRequest.MedicationrequestStatus.Active,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new CodeableConcept { Text = drug },
        Subject = new ResourceReference($"Patient/{person}"),
        DosageInstruction =
        [
            new Dosage
            {
                Timing = new Timing { Repeat = new Timing.RepeatComponent { When = [when], Bounds = new Period { Start = Day(Today) } } },
                Route = new CodeableConcept { Text = route },
                DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = dose, Unit = "viên" } }],
                PatientInstruction = "Uống sau ăn sáng",
            },
        ],
    };

    [SkippableFact]
    public async Task A_medicine_order_is_created_checked_against_allergies_and_read_back()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Lục Văn Kê Đơn"));
        var fhir = await FhirAsync("demo.clinician");

        var created = (await fhir.CreateAsync(Order(person, "Amlodipin 5 mg", dose: 0.5m)))!;
        var read = (await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{created.Id}"))!;
        Assert.Equal("Amlodipin 5 mg", ((CodeableConcept)read.Medication).Text);
        var dosage = read.DosageInstruction.Single();
        var quantity = (Quantity)dosage.DoseAndRate.Single().Dose!;
        Assert.Equal((0.5m, "viên", "Uống", Timing.EventTiming.MORN), (quantity.Value, quantity.Unit, dosage.Route!.Text, dosage.Timing!.Repeat!.When.Single()));
        Assert.Contains("Uống sau ăn sáng", dosage.Text, StringComparison.Ordinal);
        var order = await App.QueryAsync(db => db.MedicationOrders.SingleAsync(o => o.BeneficiaryId == person));
        Assert.Equal(("0,5 viên", MedicationRoute.Oral, DoseTimes.Morning, DoseForm.Other, "demo.clinician", Today),
            (order.Dose, order.Route, order.Times, order.Form, order.PrescribedBy, order.StartDate));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "medication.order")));

        // The allergy check of the form: an order for a drug the person is allergic to is refused, naming the allergy.
        var allergy = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies",
            new { substance = "Amoxicilin", category = "Medication", kind = "Allergy", severity = "Severe", reaction = "Phù mặt, khó thở" });
        Assert.Equal(HttpStatusCode.Created, allergy.StatusCode);
        await RefusedAsync(() => fhir.CreateAsync(Order(person, "Amoxicilin 500 mg")), HttpStatusCode.UnprocessableEntity, "dị ứng Amoxicilin");

        // What AnSinh cannot keep is named.
        await RefusedAsync(() => fhir.CreateAsync(Order(person, "Paracetamol 500 mg", route: "bay hơi")), HttpStatusCode.UnprocessableEntity, "MedicationRequest.dosageInstruction.route");
        await RefusedAsync(() => fhir.CreateAsync(Order(person, "Paracetamol 500 mg", when: Timing.EventTiming.ACM)), HttpStatusCode.UnprocessableEntity,
            "MedicationRequest.dosageInstruction.timing.repeat.when");
        var coded = Order(person, "Paracetamol 500 mg");
        coded.Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "313782", "Paracetamol");
        await RefusedAsync(() => fhir.CreateAsync(coded), HttpStatusCode.UnprocessableEntity, "MedicationRequest.medication");
        var undosed = Order(person, "Paracetamol 500 mg");
        undosed.DosageInstruction.Clear();
        await RefusedAsync(() => fhir.CreateAsync(undosed), HttpStatusCode.UnprocessableEntity, "MedicationRequest.dosageInstruction");
        var late = Order(person, "Paracetamol 500 mg");
        ((Period)late.DosageInstruction[0].Timing!.Repeat!.Bounds!).Start = Day(Today.AddDays(400));
        await RefusedAsync(() => fhir.CreateAsync(late), HttpStatusCode.UnprocessableEntity, "MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start");
        Assert.Equal(1, await App.QueryAsync(db => db.MedicationOrders.CountAsync(o => o.BeneficiaryId == person)));

        // Another centre's resident is not found; a province officer does not order medicines.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).Select(b => b.Id).FirstAsync());
        await RefusedAsync(() => fhir.CreateAsync(Order(outsider, "Paracetamol 500 mg")), HttpStatusCode.NotFound, "phạm vi");
        var province = await FhirAsync("demo.province");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => province.CreateAsync(Order(person, "Paracetamol 500 mg")))).Status);
        Assert.Equal(0, await App.QueryAsync(db => db.MedicationOrders.CountAsync(o => o.BeneficiaryId == outsider && o.DrugName == "Paracetamol 500 mg")));
    }

    [SkippableFact]
    public async Task A_referral_is_created_with_its_place_urgency_and_icd10_diagnosis()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Mạc Thị Chuyển Tuyến"));
        var fhir = await FhirAsync("demo.clinician");
        ServiceRequest Referral() => new()
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Priority = RequestPriority.Stat,
            Subject = new ResourceReference($"Patient/{person}"),
            AuthoredOn = $"{Day(Today)}T08:15:00+07:00",
            LocationReference = [new ResourceReference { Display = "Bệnh viện Bãi Cháy" }],
            ReasonCode = [new CodeableConcept("http://hl7.org/fhir/sid/icd-10", "I10", "Bệnh lý tăng huyết áp vô căn (nguyên phát)")],
            Note = [new Annotation { Text = "Huyết áp 190/110 không hạ sau điều trị" }],
        };

        var created = (await fhir.CreateAsync(Referral()))!;
        var referral = await App.QueryAsync(db => db.Referrals.SingleAsync(r => r.BeneficiaryId == person));
        Assert.Equal(("Bệnh viện Bãi Cháy", ReferralUrgency.Emergency, "I10", "Huyết áp 190/110 không hạ sau điều trị", new TimeOnly(8, 15), Today, "demo.clinician"),
            (referral.Destination, referral.Urgency, referral.DiagnosisCode, referral.Reason, referral.Time!.Value, referral.Date, referral.ReferredBy));
        Assert.Equal((RequestPriority.Stat, "Bệnh viện Bãi Cháy"), (created.Priority, created.LocationReference.Single().Display));
        Assert.Contains(created.Note, n => n.Text == "Lý do chuyển tuyến: Huyết áp 190/110 không hạ sau điều trị");
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "referral.create")));

        // What AnSinh returned, sent back as a new referral, keeps the place (its contained Location) and the reason.
        var again = (await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{created.Id}"))!;
        again.Id = null;
        again.Meta = null;
        var copy = (await fhir.CreateAsync(again))!;
        var second = await App.QueryAsync(db => db.Referrals.SingleAsync(r => r.Id == int.Parse(copy.Id!)));
        Assert.Equal((referral.Destination, referral.Reason, referral.Urgency, referral.Time), (second.Destination, second.Reason, second.Urgency, second.Time));

        var unknownCode = Referral();
        unknownCode.ReasonCode = [new CodeableConcept("http://hl7.org/fhir/sid/icd-10", "X99.99")];
        await RefusedAsync(() => fhir.CreateAsync(unknownCode), HttpStatusCode.UnprocessableEntity, "ServiceRequest.reasonCode");
        var snomed = Referral();
        snomed.ReasonCode = [new CodeableConcept("http://snomed.info/sct", "38341003")];
        await RefusedAsync(() => fhir.CreateAsync(snomed), HttpStatusCode.UnprocessableEntity, "ServiceRequest.reasonCode");
        var tomorrow = Referral();
        tomorrow.AuthoredOn = Day(Today.AddDays(2));
        await RefusedAsync(() => fhir.CreateAsync(tomorrow), HttpStatusCode.UnprocessableEntity, "ServiceRequest.authoredOn");
        var nowhere = Referral();
        nowhere.LocationReference.Clear();
        await RefusedAsync(() => fhir.CreateAsync(nowhere), HttpStatusCode.UnprocessableEntity, "ServiceRequest.locationReference");
        var proposal = Referral();
        proposal.Intent = RequestIntent.Proposal;
        await RefusedAsync(() => fhir.CreateAsync(proposal), HttpStatusCode.UnprocessableEntity, "ServiceRequest.intent");
        Assert.Equal(2, await App.QueryAsync(db => db.Referrals.CountAsync(r => r.BeneficiaryId == person)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirCareWriteTests(SqliteAppFactory app) : FhirCareWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirCareWriteTests(PostgresAppFactory app) : FhirCareWriteTests(app);
