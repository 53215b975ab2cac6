using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.Medicines;
using MedicationAdministration = Hl7.Fhir.Model.MedicationAdministration;
using AnSinh.Domain.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Medicine orders and doses, referrals, screenings, visits and rehabilitation plans created with Firely's FhirClient (issue #13):
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

        var withCode = Order(person, "Amlodipin 5 mg", dose: 0.5m);
        ((CodeableConcept)withCode.Medication).Coding.Add(new Coding("http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-medicationCode", "VD-12345-10"));
        var created = (await fhir.CreateAsync(withCode))!;
        // The drug code sent is kept and served back (checked against the drug list once one is loaded).
        Assert.Equal("VD-12345-10", ((CodeableConcept)created.Medication).Coding.Single().Code);
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
        await RefusedAsync(() => fhir.CreateAsync(Order(person, "Paracetamol 500 mg", dose: -2)), HttpStatusCode.UnprocessableEntity,
            "MedicationRequest.dosageInstruction.doseAndRate.dose");
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
        var labOrder = Referral();
        labOrder.Code = new CodeableConcept("http://loinc.org", "4548-4", "Hemoglobin A1c");
        await RefusedAsync(() => fhir.CreateAsync(labOrder), HttpStatusCode.UnprocessableEntity, "ServiceRequest.code");
        var proposal = Referral();
        proposal.Intent = RequestIntent.Proposal;
        await RefusedAsync(() => fhir.CreateAsync(proposal), HttpStatusCode.UnprocessableEntity, "ServiceRequest.intent");
        Assert.Equal(2, await App.QueryAsync(db => db.Referrals.CountAsync(r => r.BeneficiaryId == person)));
    }

    [SkippableFact]
    public async Task A_screening_sent_as_a_questionnaire_response_is_scored_by_the_instrument()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Lâm Thị Sàng Lọc"));
        var fhir = await FhirAsync("demo.clinician");
        QuestionnaireResponse Phq9(params int?[] points)
        {
            var response = new QuestionnaireResponse
            {
                Questionnaire = "https://ansinh.vn/fhir/Questionnaire/PHQ-9",
                Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                Subject = new ResourceReference($"Patient/{person}"),
                Authored = Day(Today),
            };
            for (var i = 0; i < points.Length; i++)
            {
                var item = new QuestionnaireResponse.ItemComponent { LinkId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (points[i] is { } p)
                {
                    item.Answer.Add(new QuestionnaireResponse.AnswerComponent { Value = new Integer(p) });
                }

                response.Item.Add(item);
            }

            return response;
        }

        // Scored by AnSinh (the total and band a client sends are not taken): 10, moderate, and item 9 raises its flag.
        var sent = Phq9(1, 1, 1, 1, 1, 1, 1, 1, 2);
        sent.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "total", Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Integer(3) }] });
        var created = (await fhir.CreateAsync(sent))!;
        var stored = await App.QueryAsync(db => db.ScreeningResults.SingleAsync(s => s.BeneficiaryId == person));
        Assert.Equal(("PHQ-9", 10, "moderate", true, "self-harm-thoughts", "demo.clinician"),
            (stored.Instrument, stored.TotalScore!.Value, stored.Band, stored.Complete, stored.Flags, stored.RecordedBy));
        Assert.Equal(10, ((Integer)created.Item.Single(i => i.LinkId == "total").Answer.Single().Value!).Value);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "screening.create")));

        // What AnSinh served goes back in as the same screening on another day.
        var again = (await fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{created.Id}"))!;
        again.Id = null;
        again.Authored = Day(Today.AddDays(-7));
        await fhir.CreateAsync(again);
        Assert.Equal([10, 10], await App.QueryAsync(db => db.ScreeningResults.Where(s => s.BeneficiaryId == person).Select(s => s.TotalScore!.Value).ToListAsync()));

        // A question left out is an incomplete form, kept without a score.
        var partial = Phq9(1, 1, null, 1, 1, 1, 1, 1, 0);
        partial.Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        await fhir.CreateAsync(partial);
        Assert.Equal(1, await App.QueryAsync(db => db.ScreeningResults.CountAsync(s => s.BeneficiaryId == person && !s.Complete)));

        await RefusedAsync(() => fhir.CreateAsync(Phq9(1, 1, 1, 1, 1, 1, 1, 1, 7)), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.item.where(linkId='9')");
        var unknown = Phq9(1, 1, 1, 1, 1, 1, 1, 1, 1);
        unknown.Questionnaire = "http://loinc.org/q/44249-1";
        await RefusedAsync(() => fhir.CreateAsync(unknown), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.questionnaire");
        var extra = Phq9(1, 1, 1, 1, 1, 1, 1, 1, 1);
        extra.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "10", Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Integer(1) }] });
        await RefusedAsync(() => fhir.CreateAsync(extra), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.item.where(linkId='10')");
        var worded = Phq9(1, 1, 1, 1, 1, 1, 1, 1);
        worded.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "9", Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirString("vài ngày") }] });
        await RefusedAsync(() => fhir.CreateAsync(worded), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.item.where(linkId='9')");
        var future = Phq9(0, 0, 0, 0, 0, 0, 0, 0, 0);
        future.Authored = Day(Today.AddDays(1));
        await RefusedAsync(() => fhir.CreateAsync(future), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.authored");
        Assert.Equal(3, await App.QueryAsync(db => db.ScreeningResults.CountAsync(s => s.BeneficiaryId == person)));

        // Entered twice: struck out with its reason (the Note extension: a QuestionnaireResponse has no note), kept whole,
        // no longer listed or counted; its address answers entered-in-error.
        var copy = await App.QueryAsync(db => db.ScreeningResults.Where(s => s.BeneficiaryId == person && s.Date == Today.AddDays(-7)).Select(s => s.Id).SingleAsync());
        var twice = (await fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{copy}"))!;
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, (await fhir.UpdateAsync(twice))!.Status); // as served: nothing changes
        twice.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Amended;
        await RefusedAsync(() => fhir.UpdateAsync(twice), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.status"); // kept as given
        twice.Status = QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError;
        await RefusedAsync(() => fhir.UpdateAsync(twice), HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.extension");
        var elsewhere = (QuestionnaireResponse)twice.DeepCopy();
        elsewhere.Subject = new ResourceReference($"Patient/{person + 100000}");
        elsewhere.Questionnaire = "https://ansinh.vn/fhir/Questionnaire/GDS-15";
        elsewhere.AddExtension("http://hl7.org/fhir/StructureDefinition/note", new Annotation { Text = "Nhầm" });
        var mixedUp = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(elsewhere));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, 2), (mixedUp.Status, mixedUp.Outcome!.Issue.Count(i => i.Expression.Any(e => e is "QuestionnaireResponse.subject" or "QuestionnaireResponse.questionnaire"))));
        twice.AddExtension("http://hl7.org/fhir/StructureDefinition/note", new Annotation { Text = "Ghi hai lần: cùng lần sàng lọc ngày trước" });
        await RefusedAsync(async () => await (await FhirAsync("demo.province")).UpdateAsync(twice), HttpStatusCode.Forbidden, "");
        var struck = (await fhir.UpdateAsync(twice))!;
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError, struck.Status);
        Assert.EndsWith(": Ghi hai lần: cùng lần sàng lọc ngày trước", ((Annotation)struck.GetExtension("http://hl7.org/fhir/StructureDefinition/note").Value!).Text, StringComparison.Ordinal);
        Assert.Equal(10, ((Integer)struck.Item.Single(i => i.LinkId == "total").Answer.Single().Value!).Value); // served as it stood
        var moved = await App.QueryAsync(db => db.StruckOutRecords.AsNoTracking().SingleAsync(r => r.RecordId == copy && r.Kind == AnSinh.Domain.HealthRecords.StruckOutKind.Screening));
        Assert.Equal((person, Today.AddDays(-7), "demo.clinician", "Ghi hai lần: cùng lần sàng lọc ngày trước"), (moved.BeneficiaryId, moved.Date, moved.StruckOutBy, moved.Reason));
        Assert.False(await App.QueryAsync(db => db.ScreeningResults.AnyAsync(s => s.Id == copy)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "screening.strike-out" && e.EntityId == copy.ToString())));
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError, (await fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{copy}"))!.Status);
        Assert.DoesNotContain((await fhir.SearchAsync<QuestionnaireResponse>([$"patient={person}"]))!.Entry, e => e.Resource!.Id == copy.ToString());
        Assert.DoesNotContain($"\"id\":{copy},", await client.GetStringAsync($"/api/beneficiaries/{person}/screenings"), StringComparison.Ordinal);
        // Sent again: nothing changes; not reopened.
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError, (await fhir.UpdateAsync(struck))!.Status);
        struck.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed;
        await RefusedAsync(() => fhir.UpdateAsync(struck), HttpStatusCode.UnprocessableEntity, "không mở lại");

        // Through the API: a reason is required (no control characters); twice at once, one strikes it out and the other is told.
        var first = await App.QueryAsync(db => db.ScreeningResults.Where(s => s.BeneficiaryId == person && s.Complete).Select(s => s.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/screenings/{first}/strike-out", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/screenings/{first}/strike-out", new { reason = "a\u0000b" })).StatusCode);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsJsonAsync($"/api/screenings/{first}/strike-out", new { reason = "Nhầm người" })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], both.Select(r => r.StatusCode).Order());
        Assert.Equal(2, await App.QueryAsync(db => db.StruckOutRecords.CountAsync(r => r.BeneficiaryId == person)));
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "screening.strike-out")));
        Assert.Equal(1, await App.QueryAsync(db => db.ScreeningResults.CountAsync(s => s.BeneficiaryId == person)));
    }

    [SkippableFact]
    public async Task A_visit_entered_twice_is_struck_out_with_its_readings_and_its_address_answers_entered_in_error()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Hồ Văn Khám Hai Lần"));
        var fhir = await FhirAsync("demo.clinician");
        const string note = "http://hl7.org/fhir/StructureDefinition/note";
        var day = Day(Today.AddDays(-1));
        async Task<int> VisitAsync(object body) => (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", body))).GetProperty("id").GetInt32();
        object Readings() => new
        {
            kind = "SickVisit", date = day,
            observations = new[] { new { code = "8480-6", value = 150m }, new { code = "8462-4", value = 90m }, new { code = "29463-7", value = 52m } },
        };
        var first = await VisitAsync(Readings());
        var copy = await VisitAsync(Readings());
        var diagnosed = await VisitAsync(new { kind = "SickVisit", date = day, diagnoses = new[] { new { icdCode = "J00" } } });
        var copyReadings = await App.QueryAsync(db => db.Observations.Where(o => o.EncounterId == copy).Select(o => o.Id).OrderBy(o => o).ToListAsync());

        var visit = (await fhir.ReadAsync<Encounter>($"Encounter/{copy}"))!;
        Assert.Equal(Encounter.EncounterStatus.Finished, (await fhir.UpdateAsync(visit))!.Status); // as served: nothing changes
        visit.Status = Encounter.EncounterStatus.Cancelled;
        await RefusedAsync(() => fhir.UpdateAsync(visit), HttpStatusCode.UnprocessableEntity, "Encounter.status"); // kept as recorded
        visit.Status = Encounter.EncounterStatus.EnteredInError;
        await RefusedAsync(() => fhir.UpdateAsync(visit), HttpStatusCode.UnprocessableEntity, "Encounter.extension");
        // The body must name this visit: another person, day or kind of visit is not its strike-out.
        var someoneElse = (Encounter)visit.DeepCopy();
        someoneElse.Subject = new ResourceReference($"Patient/{person + 100000}");
        someoneElse.Period = new Period { Start = Day(Today.AddDays(-3)) };
        someoneElse.Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP");
        someoneElse.AddExtension(note, new Annotation { Text = "Nhầm" });
        var mixedUp = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(someoneElse));
        Assert.Equal(["Encounter.class", "Encounter.period", "Encounter.subject"], mixedUp.Outcome!.Issue.SelectMany(i => i.Expression).Order());
        visit.AddExtension(note, new Annotation { Text = "Ghi hai lần cùng một lần khám" });
        await RefusedAsync(async () => await (await FhirAsync("demo.province")).UpdateAsync(visit), HttpStatusCode.Forbidden, "");
        Assert.Equal(3, copyReadings.Count);

        var struck = (await fhir.UpdateAsync(visit))!;
        Assert.Equal(Encounter.EncounterStatus.EnteredInError, struck.Status);
        Assert.EndsWith(": Ghi hai lần cùng một lần khám", ((Annotation)struck.GetExtension(note).Value!).Text, StringComparison.Ordinal);
        // The visit and its readings moved out whole; the first visit untouched.
        Assert.False(await App.QueryAsync(db => db.Encounters.AnyAsync(e => e.Id == copy)));
        Assert.Equal(copyReadings, await App.QueryAsync(db => db.StruckOutReadings.Where(o => o.EncounterId == copy && o.Reason == "Ghi hai lần cùng một lần khám")
            .Select(o => o.Id).OrderBy(o => o).ToListAsync()));
        Assert.Equal(3, await App.QueryAsync(db => db.Observations.CountAsync(o => o.BeneficiaryId == person)));
        var moved = await App.QueryAsync(db => db.StruckOutRecords.AsNoTracking().SingleAsync(r => r.RecordId == copy && r.Kind == AnSinh.Domain.HealthRecords.StruckOutKind.Encounter));
        Assert.Equal((person, Today.AddDays(-1), "demo.clinician"), (moved.BeneficiaryId, moved.Date, moved.StruckOutBy));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "encounter.strike-out" && e.EntityId == copy.ToString())));
        // Its address and its readings' answer entered-in-error; the searches no longer list them.
        Assert.Equal(Encounter.EncounterStatus.EnteredInError, (await fhir.ReadAsync<Encounter>($"Encounter/{copy}"))!.Status);
        Assert.Equal(ObservationStatus.EnteredInError, (await fhir.ReadAsync<Observation>($"Observation/{copyReadings[0]}"))!.Status);
        var visits = (await fhir.SearchAsync<Encounter>([$"patient={person}"]))!;
        Assert.Equal([first, diagnosed], visits.Entry.Select(e => int.Parse(e.Resource!.Id!)).Order());
        // Sent again: nothing changes; not reopened.
        Assert.Equal(Encounter.EncounterStatus.EnteredInError, (await fhir.UpdateAsync(struck))!.Status);
        struck.Status = Encounter.EncounterStatus.Finished;
        await RefusedAsync(() => fhir.UpdateAsync(struck), HttpStatusCode.UnprocessableEntity, "không mở lại");

        // A visit with a diagnosis is refused (the diagnosis is a record of its own); a reason is required; twice at once, one wins.
        var withDiagnosis = await client.PostAsJsonAsync($"/api/encounters/{diagnosed}/strike-out", new { reason = "Nhầm người" });
        Assert.Equal(HttpStatusCode.BadRequest, withDiagnosis.StatusCode);
        Assert.Contains("chẩn đoán J00", await withDiagnosis.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/encounters/{first}/strike-out", new { reason = "\u0000" })).StatusCode);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsJsonAsync($"/api/encounters/{first}/strike-out", new { reason = "Bấm hai lần" })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], both.Select(r => r.StatusCode).Order());
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "encounter.strike-out")));
        Assert.Equal(0, await App.QueryAsync(db => db.Observations.CountAsync(o => o.BeneficiaryId == person)));
        Assert.Equal([diagnosed], await App.QueryAsync(db => db.Encounters.Where(e => e.BeneficiaryId == person).Select(e => e.Id).ToListAsync()));

        // The diagnosis entered in error is struck out first (verificationStatus entered-in-error, the reason as a note);
        // then its visit can be.
        var dxId = await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == diagnosed).Select(c => c.Id).SingleAsync());
        var dx = (await fhir.ReadAsync<Condition>($"Condition/{dxId}"))!;
        dx.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error");
        await RefusedAsync(() => fhir.UpdateAsync(dx), HttpStatusCode.UnprocessableEntity, "Condition.note");
        dx.Note.Add(new Annotation { Text = "Nhầm người: chẩn đoán của ông Hồ Văn Một" });
        await RefusedAsync(async () => await (await FhirAsync("demo.province")).UpdateAsync(dx), HttpStatusCode.Forbidden, "");
        var struckDx = (await fhir.UpdateAsync(dx))!;
        Assert.Equal(("entered-in-error", null), (struckDx.VerificationStatus!.Coding.Single().Code, struckDx.ClinicalStatus));
        Assert.EndsWith(": Nhầm người: chẩn đoán của ông Hồ Văn Một", struckDx.Note.Last().Text, StringComparison.Ordinal);
        Assert.Equal("entered-in-error", (await fhir.ReadAsync<Condition>($"Condition/{dxId}"))!.VerificationStatus!.Coding.Single().Code);
        Assert.Equal(0, (await fhir.SearchAsync<Condition>([$"patient={person}"]))!.Total);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "condition.strike-out")));
        Assert.Equal("entered-in-error", (await fhir.UpdateAsync(struckDx))!.VerificationStatus!.Coding.Single().Code); // sent again: nothing changes
        var again = await client.PostAsJsonAsync($"/api/conditions/{dxId}/strike-out", new { reason = "Lần nữa" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("đã được hủy", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/encounters/{diagnosed}/strike-out", new { reason = "Nhầm người" })).StatusCode);
        Assert.Empty(await App.QueryAsync(db => db.Encounters.Where(e => e.BeneficiaryId == person).Select(e => e.Id).ToListAsync()));

        // A diagnosis the chronic register follows is not struck out from under it: the enrolment ends first.
        var hypertension = await VisitAsync(new { kind = "SickVisit", date = day, diagnoses = new[] { new { icdCode = "I10" } } });
        var htn = await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == hypertension).Select(c => c.Id).SingleAsync());
        var enrolment = await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = htn, enrolledOn = day }));
        var enrolled = await client.PostAsJsonAsync($"/api/conditions/{htn}/strike-out", new { reason = "Nhầm mã" });
        Assert.Equal(HttpStatusCode.BadRequest, enrolled.StatusCode);
        Assert.Contains("sổ quản lý bệnh mạn tính", await enrolled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await App.QueryAsync(db => db.Conditions.AnyAsync(c => c.Id == htn)));
        // Once the enrolment has ended, as the refusal says, the diagnosis is struck out; the ended enrolment stays as history.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/chronic/{enrolment.GetProperty("id").GetInt32()}/end",
            new { endedOn = Day(Today), reason = "Chẩn đoán nhầm" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/conditions/{htn}/strike-out", new { reason = "Nhầm mã" })).StatusCode);
        Assert.False(await App.QueryAsync(db => db.Conditions.AnyAsync(c => c.Id == htn)));
        Assert.True(await App.QueryAsync(db => db.ChronicEnrolments.AnyAsync(e => e.ConditionId == htn && e.EndedOn != null)));
    }

    [SkippableFact]
    public async Task A_visit_done_elsewhere_is_recorded_as_an_encounter_and_a_check_without_readings_is_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Ninh Văn Khám Bệnh"));
        var facility = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.RegisteredFacilityId!.Value).SingleAsync());
        var fhir = await FhirAsync("demo.clinician");
        var day = Today.AddDays(-3);
        Encounter Check(string kind = "Khám bệnh") => new()
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Type = [new CodeableConcept { Text = kind }],
            Subject = new ResourceReference($"Patient/{person}"),
            Period = new Period { Start = Day(day), End = Day(day) },
            ServiceProvider = new ResourceReference($"Organization/{facility}"),
            ReasonCode = [new CodeableConcept { Text = "Ho khan 5 ngày, phổi ran rít hai đáy" }],
        };

        var created = (await fhir.CreateAsync(Check("KHÁM bệnh")))!;
        var visit = await App.QueryAsync(db => db.Encounters.SingleAsync(e => e.BeneficiaryId == person && e.Kind == AnSinh.Domain.HealthRecords.EncounterKind.SickVisit));
        Assert.Equal((day, facility, "Ho khan 5 ngày, phổi ran rít hai đáy"), (visit.Date, visit.FacilityId, visit.Findings));
        Assert.Equal("Ho khan 5 ngày, phổi ran rít hai đáy", created.ReasonCode.Single().Text);
        Assert.Equal(("Khám bệnh", Day(day), $"Organization/{facility}"), (created.Type.Single().Text, created.Period!.Start, created.ServiceProvider!.Reference));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "encounter.create")));
        Assert.Equal(created.Id, Assert.Single((await fhir.SearchAsync<Encounter>([$"patient={person}", $"date={Day(day)}"]))!.Entry).Resource!.Id);
        // What changed since a moment (a client's next sync): recorded now, whatever day the visit was.
        var since = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(created.Id, Assert.Single((await fhir.SearchAsync<Encounter>([$"patient={person}", $"_lastUpdated=ge{since}"]))!.Entry).Resource!.Id);
        Assert.Equal(0, (await fhir.SearchAsync<Encounter>([$"patient={person}", $"_lastUpdated=lt{since}"]))!.Total);
        Assert.Equal(0, (await fhir.SearchAsync<Observation>([$"patient={person}", $"_lastUpdated=gt{Day(Today)}"]))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(
            () => fhir.SearchAsync<Encounter>([$"patient={person}", "_lastUpdated=hôm qua"]))).Status);

        // A periodic check is a check with readings and a health grade, as on the form: on its own it is refused, saying so.
        await RefusedAsync(() => fhir.CreateAsync(Check("Khám sức khỏe định kỳ")), HttpStatusCode.UnprocessableEntity, "chỉ số sinh tồn");
        await RefusedAsync(() => fhir.CreateAsync(Check("Tiêm chủng")), HttpStatusCode.UnprocessableEntity, "Encounter.type");
        var planned = Check();
        planned.Status = Encounter.EncounterStatus.Planned;
        await RefusedAsync(() => fhir.CreateAsync(planned), HttpStatusCode.UnprocessableEntity, "Encounter.status");
        var ahead = Check();
        ahead.Period = new Period { Start = Day(Today.AddDays(5)) };
        await RefusedAsync(() => fhir.CreateAsync(ahead), HttpStatusCode.UnprocessableEntity, "Encounter.period.start");
        var undated = Check();
        undated.Period = null;
        await RefusedAsync(() => fhir.CreateAsync(undated), HttpStatusCode.UnprocessableEntity, "Encounter.period.start");
        var elsewhere = Check();
        elsewhere.ServiceProvider = new ResourceReference($"Organization/{await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội")}");
        await RefusedAsync(() => fhir.CreateAsync(elsewhere), HttpStatusCode.UnprocessableEntity, "Encounter.serviceProvider");
        var empty = Check();
        empty.ReasonCode.Clear();
        await RefusedAsync(() => fhir.CreateAsync(empty), HttpStatusCode.UnprocessableEntity, "Encounter.reasonCode");
        var bell = Check();
        bell.ReasonCode = [new CodeableConcept { Text = "Sốt \u202E cao" }];
        await RefusedAsync(() => fhir.CreateAsync(bell), HttpStatusCode.UnprocessableEntity, "Encounter.reasonCode");
        var diagnosed = Check();
        diagnosed.Diagnosis = [new Encounter.DiagnosisComponent { Condition = new ResourceReference("Condition/1") }];
        await RefusedAsync(() => fhir.CreateAsync(diagnosed), HttpStatusCode.UnprocessableEntity, "Encounter.diagnosis");
        Assert.Equal(1, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person)));
    }

    [SkippableFact]
    public async Task A_visit_and_its_readings_arrive_as_an_encounter_and_observations_that_name_it()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Quách Văn Đo Sau"));
        var other = await CreatePersonAsync(client, NewPerson(NewNationalId(), name: "Quách Văn Người Khác"));
        var fhir = await FhirAsync("demo.clinician");
        var day = Today.AddDays(-2);
        const string visitUrl = "urn:uuid:7d1a0c52-0000-4000-8000-00000000e001";
        static Quantity Ucum(decimal value, string unit) => new(value, unit) { System = "http://unitsofmeasure.org", Code = unit };
        Observation Reading(string code, decimal value, string unit, string encounter, int? who = null, DateOnly? on = null) => new()
        {
            Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", code), Subject = new ResourceReference($"Patient/{who ?? person}"),
            Encounter = new ResourceReference(encounter), Effective = new FhirDateTime(Day(on ?? day)), Value = Ucum(value, unit),
        };

        // A hospital's usual shape: the visit, then each reading naming it, in one transaction (the readings listed first).
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var reading in new[] { Reading("29463-7", 60m, "kg", visitUrl), Reading("8302-2", 160m, "cm", visitUrl) })
        {
            bundle.AddResourceEntry(reading, $"urn:uuid:{Guid.NewGuid()}").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" };
        }

        var pressure = new Observation
        {
            Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "85354-9"), Subject = new ResourceReference($"Patient/{person}"),
            Encounter = new ResourceReference(visitUrl), Effective = new FhirDateTime(Day(day)),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = Ucum(185m, "mm[Hg]") },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8462-4"), Value = Ucum(115m, "mm[Hg]") },
            ],
        };
        bundle.AddResourceEntry(pressure, $"urn:uuid:{Guid.NewGuid()}").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" };
        bundle.AddResourceEntry(new Encounter
        {
            Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Type = [new CodeableConcept { Text = "Khám bệnh" }], Subject = new ResourceReference($"Patient/{person}"),
            Period = new Period { Start = Day(day) }, ReasonCode = [new CodeableConcept { Text = "Chóng mặt, nhức đầu" }],
        }, visitUrl).Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Encounter" };
        var response = (await fhir.TransactionAsync(bundle))!;
        Assert.All(response.Entry, e => Assert.StartsWith("201", e.Response!.Status, StringComparison.Ordinal));
        var visit = await App.QueryAsync(db => db.Encounters.Include(e => e.Observations).SingleAsync(e => e.BeneficiaryId == person));
        Assert.Equal(
            [("29463-7", 60m), ("39156-5", 23.4m), ("8302-2", 160m), ("8462-4", 115m), ("8480-6", 185m)],
            visit.Observations.OrderBy(o => o.Code, StringComparer.Ordinal).Select(o => (o.Code, o.Value)));
        Assert.True(visit.HasVitalSigns);
        Assert.All(visit.Observations, o => Assert.Equal(day, o.Date));
        Assert.Equal($"Encounter/{visit.Id}", ((Observation)response.Entry[2].Resource!).Encounter!.Reference);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "encounter.readings")));
        // The readings' rules ran: 185/115 is an alert, sourced from the visit.
        Assert.True(await App.QueryAsync(db => db.Alerts.AnyAsync(a => a.BeneficiaryId == person && a.Source == $"Encounter/{visit.Id}")));

        // One value per measure in a visit; the visit's day; its person; a visit that exists in scope.
        var encounter = $"Encounter/{visit.Id}";
        await RefusedAsync(() => fhir.CreateAsync(Reading("29463-7", 61m, "kg", encounter)), HttpStatusCode.UnprocessableEntity, "đã có chỉ số này");
        await RefusedAsync(() => fhir.CreateAsync(Reading("8310-5", 37.5m, "Cel", encounter, on: day.AddDays(1))), HttpStatusCode.UnprocessableEntity, "Observation.effective");
        await RefusedAsync(() => fhir.CreateAsync(Reading("8310-5", 37.5m, "Cel", encounter, who: other)), HttpStatusCode.UnprocessableEntity, "Observation.subject");
        await RefusedAsync(() => fhir.CreateAsync(Reading("8310-5", 37.5m, "Cel", "Encounter/987654321")), HttpStatusCode.NotFound, "Encounter/987654321");
        await RefusedAsync(() => fhir.CreateAsync(Reading("8310-5", 37.5m, "Cel", "Encounter/abc")), HttpStatusCode.UnprocessableEntity, "Observation.encounter");
        await RefusedAsync(() => fhir.CreateAsync(Reading("8310-5", 47.5m, "Cel", encounter)), HttpStatusCode.UnprocessableEntity, "Observation.value");
        // Three clients sending the same measure at once: one is kept, the others are told (no 500, no second value).
        var glucose = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            try
            {
                await (await FhirAsync("demo.clinician")).CreateAsync(Reading("2339-0", 6.1m + i / 10m, "mmol/L", encounter));
                return HttpStatusCode.Created;
            }
            catch (FhirOperationException e)
            {
                return e.Status;
            }
        }));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity], glucose.Order());
        Assert.Equal(1, await App.QueryAsync(db => db.Observations.CountAsync(o => o.EncounterId == visit.Id && o.Code == "2339-0")));
        var temperature = (await fhir.CreateAsync(Reading("8310-5", 37.5m, "Cel", encounter)))!;
        Assert.Equal((encounter, 37.5m), (temperature.Encounter!.Reference, ((Quantity)temperature.Value!).Value!.Value));
        // A reading added now to a visit recorded a month ago is what a client syncing "changed since" must find; the
        // visit's own reading is not.
        var earlier = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = Day(day.AddDays(-3)), observations = new[] { new { code = "8867-4", value = 72 } },
        }))).GetProperty("id").GetInt32();
        await App.QueryAsync(db => db.Encounters.Where(e => e.Id == earlier).ExecuteUpdateAsync(u => u.SetProperty(e => e.RecordedAt, DateTimeOffset.UtcNow.AddDays(-30))));
        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var late = (await fhir.CreateAsync(Reading("9279-1", 18m, "/min", $"Encounter/{earlier}", on: day.AddDays(-3))))!;
        var changed = (await fhir.SearchAsync<Observation>([$"patient={person}", $"_lastUpdated=ge{since}", "_count=50"]))!.Entry
            .Select(e => ((Observation)e.Resource!).Code.Coding[0].Code).ToList();
        Assert.Contains("9279-1", changed);
        Assert.DoesNotContain("8867-4", changed);
        Assert.True(late.Meta!.LastUpdated > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(7, await App.QueryAsync(db => db.Observations.CountAsync(o => o.EncounterId == visit.Id)));
        Assert.Equal(2, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person))); // the visit and the earlier one: no visit made by a reading
        // An officer does not write readings.
        var province = await FhirAsync("demo.province");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(
            () => province.CreateAsync(Reading("9279-1", 18m, "/min", encounter)))).Status);

        // A pressure typed wrong is struck out with its reason (required): both halves leave the record, the latest
        // values and the searches; its address answers entered-in-error. A reading is otherwise kept as measured.
        var systolic = visit.Observations.Single(o => o.Code == "8480-6").Id;
        var bp = (await fhir.ReadAsync<Observation>($"Observation/bp-{systolic}"))!;
        bp.Status = ObservationStatus.EnteredInError;
        await RefusedAsync(() => fhir.UpdateAsync(bp), HttpStatusCode.UnprocessableEntity, "Observation.note");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => province.UpdateAsync(bp))).Status);
        bp.Note = [new Annotation { Text = "Gõ nhầm 185/115 thay vì 135/85" }];
        // The body names the reading it means: another person's or another measure's is a mix-up, refused.
        var mixedUp = (Observation)bp.DeepCopy()!;
        mixedUp.Subject = new ResourceReference($"Patient/{other}");
        await RefusedAsync(() => fhir.UpdateAsync(mixedUp), HttpStatusCode.UnprocessableEntity, "Observation.subject");
        mixedUp = (Observation)bp.DeepCopy()!;
        mixedUp.Code = new CodeableConcept("http://loinc.org", "29463-7");
        await RefusedAsync(() => fhir.UpdateAsync(mixedUp), HttpStatusCode.UnprocessableEntity, "Observation.code");
        var struck = (await fhir.UpdateAsync(bp))!;
        Assert.True(struck.Meta!.LastUpdated > DateTimeOffset.UtcNow.AddMinutes(-5)); // its last change: the strike-out
        Assert.Equal(ObservationStatus.EnteredInError, struck.Status);
        Assert.Equal($"Hủy ngày {Today:dd/MM/yyyy}: Gõ nhầm 185/115 thay vì 135/85", struck.Note.Single().Text);
        Assert.Equal(ObservationStatus.EnteredInError, (await fhir.ReadAsync<Observation>($"Observation/{systolic}"))!.Status);
        Assert.Equal(0, (await fhir.SearchAsync<Observation>([$"patient={person}", "code=85354-9"]))!.Total);
        Assert.Equal(2, await App.QueryAsync(db => db.StruckOutReadings.CountAsync(o => o.EncounterId == visit.Id && o.StruckOutBy == "demo.clinician")));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "observation.strike-out")));
        var chart = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/chart"));
        var latest = chart.GetProperty("latestVitals").EnumerateArray().Select(v => v.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain("8480-6", latest);
        Assert.Contains("29463-7", latest);
        Assert.Equal(ObservationStatus.EnteredInError, (await fhir.UpdateAsync(struck))!.Status); // sent again: nothing changes
        struck.Status = ObservationStatus.Final;
        await RefusedAsync(() => fhir.UpdateAsync(struck), HttpStatusCode.UnprocessableEntity, "không mở lại");
        temperature.Status = ObservationStatus.Amended;
        ((Quantity)temperature.Value!).Value = 37.0m;
        await RefusedAsync(() => fhir.UpdateAsync(temperature), HttpStatusCode.UnprocessableEntity, "Observation.status");

        // A weight struck out through the API takes its BMI along; sent twice at once, one strikes it out and the other is told.
        var weight = visit.Observations.Single(o => o.Code == "29463-7").Id;
        var twice = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync($"/api/observations/{weight}/strike-out", new { reason = "Cân nhầm người" })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], twice.Select(r => r.StatusCode).Order());
        Assert.Equal(["2339-0", "8302-2", "8310-5"], await App.QueryAsync(db => db.Observations.Where(o => o.EncounterId == visit.Id).Select(o => o.Code).OrderBy(c => c).ToListAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/observations/{temperature.Id}/strike-out", new { reason = " " })).StatusCode);
        var again = await client.PostAsJsonAsync($"/api/observations/{weight}/strike-out", new { reason = "Lần nữa" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("đã được hủy ngày", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Doses_of_a_round_are_recorded_against_their_order_once_each()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Đinh Văn Uống Thuốc"));
        var fhir = await FhirAsync("demo.clinician");
        var today = Day(Today);
        var day = Day(Today.AddDays(-1)); // rounds already given, whatever the hour the test runs
        MedicationAdministration Dose(string order, string at, MedicationAdministration.MedicationAdministrationStatusCodes status, string? reason = null) => new()
        {
            Status = status,
            Medication = new CodeableConcept { Text = "Metformin 500 mg" },
            Subject = new ResourceReference($"Patient/{person}"),
            Request = new ResourceReference(order),
            Effective = new FhirDateTime(at),
            StatusReason = reason is null ? [] : [new CodeableConcept { Text = reason }],
        };

        // The order and its morning dose in one transaction: the dose names the order by its fullUrl.
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var order = Order(person, "Metformin 500 mg");
        order.DosageInstruction[0].Timing!.Repeat!.When = [Timing.EventTiming.MORN, Timing.EventTiming.NIGHT];
        ((Period)order.DosageInstruction[0].Timing!.Repeat!.Bounds!).Start = Day(Today.AddDays(-2)); // a day before the rounds below, for the retried strike-out
        bundle.AddResourceEntry(order, "urn:uuid:9b2d7c10-0000-4000-8000-000000000001").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "MedicationRequest" };
        bundle.AddResourceEntry(Dose("urn:uuid:9b2d7c10-0000-4000-8000-000000000001", $"{day}T07:30:00+07:00", MedicationAdministration.MedicationAdministrationStatusCodes.Completed),
            "urn:uuid:9b2d7c10-0000-4000-8000-000000000002").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "MedicationAdministration" };
        // Listed dose first: each entry still runs after the entry it names.
        bundle.Entry.Reverse();
        var response = (await fhir.TransactionAsync(bundle))!;
        var orderId = response.Entry[1].Resource!.Id!;
        var given = (MedicationAdministration)response.Entry[0].Resource!;
        Assert.Equal(($"MedicationRequest/{orderId}", MedicationAdministration.MedicationAdministrationStatusCodes.Completed), (given.Request!.Reference, given.Status));
        var morning = await App.QueryAsync(db => db.MedicationAdministrations.SingleAsync(d => d.BeneficiaryId == person));
        Assert.Equal((Shift.Morning, AdministrationStatus.Given, Today.AddDays(-1), "demo.clinician"), (morning.Shift, morning.Status, morning.Date, morning.RecordedBy));

        // The night dose refused, with the reason; the status's name leads the reason, as AnSinh serves it.
        var refused = (await fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", $"{day}T20:15:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.NotDone, "Từ chối: ngủ sớm")))!;
        Assert.Equal("Từ chối: ngủ sớm", refused.StatusReason.Single().Text);
        var night = await App.QueryAsync(db => db.MedicationAdministrations.SingleAsync(d => d.BeneficiaryId == person && d.Shift == Shift.Night));
        Assert.Equal((AdministrationStatus.Refused, "ngủ sớm"), (night.Status, night.Reason));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "medication.dose")));

        // A round recorded once; a round the order does not have; a day without the time; another person's order.
        await RefusedAsync(() => fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", $"{day}T08:00:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)), HttpStatusCode.PreconditionFailed, "đã được ghi");
        await RefusedAsync(() => fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", $"{day}T12:00:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.effective");
        await RefusedAsync(() => fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", today,
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.effective");
        var tomorrowNight = $"{Day(Today.AddDays(1))}T20:00:00+07:00";
        await RefusedAsync(() => fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", tomorrowNight,
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.effective");
        var doubled = Dose($"MedicationRequest/{orderId}", $"{day}T07:00:00+07:00", MedicationAdministration.MedicationAdministrationStatusCodes.Completed);
        doubled.Dosage = new MedicationAdministration.DosageComponent { Dose = new Quantity { Value = 2, Unit = "viên" } };
        await RefusedAsync(() => fhir.CreateAsync(doubled), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.dosage.dose");
        var someoneElse = Dose($"MedicationRequest/{orderId}", $"{day}T07:30:00+07:00", MedicationAdministration.MedicationAdministrationStatusCodes.Completed);
        someoneElse.Subject = new ResourceReference($"Patient/{person + 100000}");
        await RefusedAsync(() => fhir.CreateAsync(someoneElse), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.subject");
        await RefusedAsync(() => fhir.CreateAsync(Dose("MedicationRequest/999999999", $"{day}T07:30:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)), HttpStatusCode.NotFound, "phạm vi");
        Assert.Equal(2, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(d => d.BeneficiaryId == person)));

        // Written in error: struck out with its reason (PUT, status entered-in-error), kept, and the round recorded again.
        var wrong = (await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{given.Id}"))!;
        wrong.Status = MedicationAdministration.MedicationAdministrationStatusCodes.NotDone;
        await RefusedAsync(() => fhir.UpdateAsync(wrong), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.status");
        wrong.Status = MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
        await RefusedAsync(() => fhir.UpdateAsync(wrong), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.note"); // the served note is not a reason
        var misfiled = (MedicationAdministration)wrong.DeepCopy();
        misfiled.Subject = new ResourceReference($"Patient/{person + 100000}");
        misfiled.Note.Add(new Annotation { Text = "Nhầm" });
        await RefusedAsync(() => fhir.UpdateAsync(misfiled), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.subject");
        misfiled.Subject = wrong.Subject;
        misfiled.Request = new ResourceReference("MedicationRequest/999999999");
        await RefusedAsync(() => fhir.UpdateAsync(misfiled), HttpStatusCode.UnprocessableEntity, "MedicationAdministration.request");
        var province = await FhirAsync("demo.province");
        wrong.Note.Add(new Annotation { Text = "Ghi nhầm cữ: thuốc uống cữ trưa" });
        await RefusedAsync(() => province.UpdateAsync(wrong), HttpStatusCode.Forbidden, "");
        Assert.Null(await App.QueryAsync(db => db.MedicationAdministrations.Where(d => d.Id == long.Parse(given.Id!)).Select(d => d.RetractedAt).SingleAsync()));
        var struck = (await fhir.UpdateAsync(wrong))!;
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError, struck.Status);
        Assert.EndsWith(": Ghi nhầm cữ: thuốc uống cữ trưa", struck.Note.Last().Text, StringComparison.Ordinal);
        var row = await App.QueryAsync(db => db.MedicationAdministrations.AsNoTracking().SingleAsync(d => d.Id == long.Parse(given.Id!)));
        Assert.Equal(("Ghi nhầm cữ: thuốc uống cữ trưa", "demo.clinician", AdministrationStatus.Given), (row.RetractReason, row.RetractedBy, row.Status));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "dose.retract" && e.EntityId == given.Id)));
        // Not reopened; sending the struck-out record again changes nothing.
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError, (await fhir.UpdateAsync(struck))!.Status);
        struck.Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed;
        await RefusedAsync(() => fhir.UpdateAsync(struck), HttpStatusCode.UnprocessableEntity, "không mở lại");
        // The morning round is free again: recorded anew, and the search returns both, the struck one marked.
        var redone = (await fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", $"{day}T07:45:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)))!;
        var search = (await fhir.SearchAsync<MedicationAdministration>([$"patient={person}"]))!;
        Assert.Equal([(given.Id!, MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError), (redone.Id!, MedicationAdministration.MedicationAdministrationStatusCodes.Completed)],
            search.Entry.Select(e => (MedicationAdministration)e.Resource!).Where(d => d.Id != refused.Id).Select(d => (d.Id!, d.Status!.Value)).OrderBy(d => long.Parse(d.Item1)));
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "dose.retract")));

        // In a transaction, all or nothing: the night record's strike-out is not saved when another entry is refused.
        var nightDose = (await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{refused.Id}"))!;
        nightDose.Status = MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
        nightDose.Note.Add(new Annotation { Text = "Nhầm người" });
        var pair = new Bundle { Type = Bundle.BundleType.Transaction };
        pair.AddResourceEntry(nightDose, $"{fhir.Endpoint}MedicationAdministration/{refused.Id}").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"MedicationAdministration/{refused.Id}" };
        pair.AddResourceEntry(struck, $"{fhir.Endpoint}MedicationAdministration/{given.Id}").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"MedicationAdministration/{given.Id}" };
        await RefusedAsync(() => fhir.TransactionAsync(pair), HttpStatusCode.UnprocessableEntity, "Bundle.entry[1].resource.status");
        Assert.Null(await App.QueryAsync(db => db.MedicationAdministrations.Where(d => d.Id == long.Parse(refused.Id!)).Select(d => d.RetractedAt).SingleAsync()));

        // The same PUT sent three times at once (a client's retries): each answered 200, the record struck out once.
        var retried = (await fhir.CreateAsync(Dose($"MedicationRequest/{orderId}", $"{Day(Today.AddDays(-2))}T07:10:00+07:00",
            MedicationAdministration.MedicationAdministrationStatusCodes.Completed)))!;
        retried.Status = MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
        retried.Note.Add(new Annotation { Text = "Ghi nhầm ngày" });
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => (await (await FhirAsync("demo.clinician")).UpdateAsync(retried))!.Status));
        Assert.All(retries, s => Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError, s));
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "dose.retract" && e.EntityId == retried.Id)));

        // Twice at once through the API: one strikes it out, the other is told it already was; nothing without a reason.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/administrations/{refused.Id}/retract", new { reason = "\u0000" })).StatusCode);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync($"/api/administrations/{refused.Id}/retract", new { reason = "Bấm hai lần" })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], both.Select(r => r.StatusCode).Order());
        Assert.Contains("đã được hủy", await both.Single(r => r.StatusCode == HttpStatusCode.BadRequest).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "dose.retract")));
        Assert.Equal(1, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(d => d.BeneficiaryId == person && d.RetractedAt == null)));
    }

    [SkippableFact]
    public async Task A_rehabilitation_plan_is_opened_once_with_its_goals_and_what_ansinh_serves_goes_back_in()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Vi Văn Phục Hồi"));
        var other = await CreatePersonAsync(client, NewPerson(name: "Vi Thị Phục Hồi"));
        var fhir = await FhirAsync("demo.clinician");
        CarePlan Plan(int who, params string[] goals)
        {
            var plan = new CarePlan
            {
                Status = RequestStatus.Active, Intent = CarePlan.CarePlanIntent.Plan, Subject = new ResourceReference($"Patient/{who}"),
                Period = new Period { Start = Day(Today.AddDays(-1)) },
                Description = "Yếu nửa người phải sau tai biến",
                Activity = [new CarePlan.ActivityComponent { Detail = new CarePlan.DetailComponent { Status = CarePlan.CarePlanActivityStatus.InProgress, Description = "Tập vận động thụ động 2 lần/ngày" } }],
            };
            for (var i = 0; i < goals.Length; i++)
            {
                plan.Contained.Add(new Goal
                {
                    Id = $"g{i}", LifecycleStatus = Goal.GoalLifecycleStatus.Active, Description = new CodeableConcept { Text = goals[i] },
                    Subject = new ResourceReference($"Patient/{who}"),
                });
                plan.Goal.Add(new ResourceReference($"#g{i}"));
            }

            return plan;
        }

        var created = (await fhir.CreateAsync(Plan(person, "Tự ngồi dậy", "Đi lại trong phòng với khung tập đi")))!;
        var saved = await App.QueryAsync(db => db.RehabPlans.Include(p => p.Goals).SingleAsync(p => p.BeneficiaryId == person));
        Assert.Equal(("Yếu nửa người phải sau tai biến", "Tập vận động thụ động 2 lần/ngày", Today.AddDays(-1), "demo.clinician"),
            (saved.Assessment, saved.Interventions, saved.StartDate, saved.CreatedBy));
        Assert.Equal(["Tự ngồi dậy", "Đi lại trong phòng với khung tập đi"], saved.Goals.OrderBy(g => g.Id).Select(g => g.Description));
        Assert.Equal(2, created.Goal.Count);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "rehab.plan")));

        // One open plan per person, as on the page, even when three are sent at once.
        await RefusedAsync(() => fhir.CreateAsync(Plan(person, "Tự ăn")), HttpStatusCode.UnprocessableEntity, "kế hoạch cũ");
        var fourth = await CreatePersonAsync(client, NewPerson(name: "Vi Văn Ba Lần"));
        var together = Enumerable.Range(0, 3).Select(_ => fhir.CreateAsync(Plan(fourth, "Tự ngồi"))).ToList();
        await Task.WhenAll(together.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal(1, together.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(1, await App.QueryAsync(db => db.RehabPlans.CountAsync(p => p.BeneficiaryId == fourth)));

        // The plan as AnSinh serves it, given to another person, keeps its assessment, interventions and goals.
        var served = (await fhir.ReadAsync<CarePlan>($"CarePlan/{created.Id}"))!;
        served.Id = null;
        served.Subject = new ResourceReference($"Patient/{other}");
        await fhir.CreateAsync(served);
        var copy = await App.QueryAsync(db => db.RehabPlans.Include(p => p.Goals).SingleAsync(p => p.BeneficiaryId == other));
        Assert.Equal((saved.Assessment, saved.Interventions), (copy.Assessment, copy.Interventions));
        Assert.Equal(saved.Goals.OrderBy(g => g.Id).Select(g => g.Description), copy.Goals.OrderBy(g => g.Id).Select(g => g.Description));

        var third = await CreatePersonAsync(client, NewPerson(name: "Vi Văn Chưa Kế Hoạch"));
        await RefusedAsync(() => fhir.CreateAsync(Plan(third)), HttpStatusCode.UnprocessableEntity, "CarePlan.goal");
        var done = Plan(third, "Tự đứng");
        done.Status = RequestStatus.Completed;
        await RefusedAsync(() => fhir.CreateAsync(done), HttpStatusCode.UnprocessableEntity, "CarePlan.status");
        var ahead = Plan(third, "Tự đứng");
        ahead.Period = new Period { Start = Day(Today.AddDays(3)) };
        await RefusedAsync(() => fhir.CreateAsync(ahead), HttpStatusCode.UnprocessableEntity, "CarePlan.period.start");
        Assert.False(await App.QueryAsync(db => db.RehabPlans.AnyAsync(p => p.BeneficiaryId == third)));
    }

    [SkippableFact]
    public async Task An_order_is_stopped_a_referral_answered_and_a_plan_closed_with_put_and_other_changes_are_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Kha Văn Kết Thúc"));
        var fhir = await FhirAsync("demo.clinician");

        // An order: a change of dose is a new order, refused here; a stop with its reason is written.
        var order = (await fhir.CreateAsync(Order(person, "Captopril 25 mg")))!;
        var redosed = (await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{order.Id}"))!;
        ((Quantity)redosed.DosageInstruction[0].DoseAndRate[0].Dose!).Value = 2;
        redosed.Status = MedicationRequest.MedicationrequestStatus.Stopped;
        redosed.StatusReason = new CodeableConcept { Text = "Huyết áp ổn định" };
        await RefusedAsync(() => fhir.UpdateAsync(redosed), HttpStatusCode.UnprocessableEntity, "MedicationRequest.dosageInstruction");
        var stop = (await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{order.Id}"))!;
        stop.Status = MedicationRequest.MedicationrequestStatus.Stopped;
        stop.StatusReason = new CodeableConcept { Text = "Huyết áp ổn định" };
        var stopped = (await fhir.UpdateAsync(stop))!;
        Assert.Equal(MedicationRequest.MedicationrequestStatus.Stopped, stopped.Status);
        var kept = await App.QueryAsync(db => db.MedicationOrders.SingleAsync(o => o.BeneficiaryId == person));
        Assert.Equal((Today, "Huyết áp ổn định", "demo.clinician"), (kept.StoppedOn!.Value, kept.StopReason, kept.StoppedBy));
        // Sent back as served ("Ngừng ngày …: …"), a stopped order stays stopped: nothing reopens it.
        stopped.Status = MedicationRequest.MedicationrequestStatus.Active;
        await RefusedAsync(() => fhir.UpdateAsync(stopped), HttpStatusCode.UnprocessableEntity, "MedicationRequest.status");

        // A referral's answer.
        var referral = (await fhir.CreateAsync(new ServiceRequest
        {
            Status = RequestStatus.Active, Intent = RequestIntent.Order, Subject = new ResourceReference($"Patient/{person}"),
            AuthoredOn = Day(Today.AddDays(-4)), LocationReference = [new ResourceReference { Display = "Bệnh viện Đa khoa tỉnh Quảng Ninh" }],
        }))!;
        var answered = (await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{referral.Id}"))!;
        answered.Status = RequestStatus.Completed;
        answered.Occurrence = new Period { Start = Day(Today.AddDays(-4)), End = Day(Today.AddDays(-1)) };
        answered.Note.Add(new Annotation { Text = "Điều trị nội trú 3 ngày, ra viện ổn định" });
        var done = (await fhir.UpdateAsync(answered))!;
        Assert.Equal(RequestStatus.Completed, done.Status);
        var outcome = await App.QueryAsync(db => db.Referrals.SingleAsync(r => r.Id == int.Parse(referral.Id!)));
        Assert.Equal((Today.AddDays(-1), "Điều trị nội trú 3 ngày, ra viện ổn định"), (outcome.OutcomeDate!.Value, outcome.Outcome));
        var moved = (await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{referral.Id}"))!;
        moved.LocationReference = [new ResourceReference { Display = "Bệnh viện Bạch Mai" }];
        await RefusedAsync(() => fhir.UpdateAsync(moved), HttpStatusCode.UnprocessableEntity, "ServiceRequest.locationReference");

        // A plan closed on its day with the remarks.
        var plan = (await fhir.CreateAsync(new CarePlan
        {
            Status = RequestStatus.Active, Intent = CarePlan.CarePlanIntent.Plan, Subject = new ResourceReference($"Patient/{person}"),
            Period = new Period { Start = Day(Today.AddDays(-30)) }, Goal = [new ResourceReference { Display = "Tự đi lại trong nhà" }],
        }))!;
        var closing = (await fhir.ReadAsync<CarePlan>($"CarePlan/{plan.Id}"))!;
        closing.Status = RequestStatus.Completed;
        closing.Period = new Period { Start = Day(Today.AddDays(-30)), End = Day(Today) };
        closing.Note = [new Annotation { Text = "Đạt mục tiêu, tự đi lại được" }];
        Assert.Equal(RequestStatus.Completed, (await fhir.UpdateAsync(closing))!.Status);
        var closed = await App.QueryAsync(db => db.RehabPlans.SingleAsync(p => p.Id == int.Parse(plan.Id!)));
        Assert.Equal((Today, "Đạt mục tiêu, tự đi lại được"), (closed.ClosedOn!.Value, closed.ClosingNote));
        await RefusedAsync(() => fhir.UpdateAsync(closing), HttpStatusCode.UnprocessableEntity, "CarePlan.status");
        Assert.Equal(3, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person
            && (e.Action == "medication.stop" || e.Action == "referral.outcome" || e.Action == "rehab.plan-close"))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirCareWriteTests(SqliteAppFactory app) : FhirCareWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirCareWriteTests(PostgresAppFactory app) : FhirCareWriteTests(app);
