using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Allergies and vaccine doses written through /fhir with Firely's FhirClient (issue #13): saved by the record page's
/// own service (same rules, scope and audit), read back with what AnSinh keeps, refused with an OperationOutcome
/// naming the element; in a transaction Bundle with a new Patient, all or nothing.
/// </summary>
public abstract class FhirRecordWriteTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<FhirOperationException> RefusedAsync(Func<Task> call, HttpStatusCode status, string contains)
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(call);
        Assert.Equal(status, refused.Status);
        Assert.NotNull(refused.Outcome);
        Assert.Contains(refused.Outcome!.Issue, i => (i.Diagnostics ?? "").Contains(contains, StringComparison.Ordinal)
                                                    || i.Expression.Any(e => (e ?? "").Contains(contains, StringComparison.Ordinal)));
        return refused;
    }

    [SkippableFact]
    public async Task An_allergy_and_a_dose_are_created_read_back_and_searched_and_bad_ones_are_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Tạ Thị Dị Ứng"));
        var fhir = await FhirAsync("demo.clinician");

        var allergy = await fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{person}"),
            Code = new CodeableConcept { Text = "Penicilin" },
            Category = [AllergyIntolerance.AllergyIntoleranceCategory.Medication],
            Type = AllergyIntolerance.AllergyIntoleranceType.Allergy,
            Reaction = [new AllergyIntolerance.ReactionComponent { Manifestation = [new CodeableConcept { Text = "Nổi mẩn toàn thân" }], Severity = AllergyIntolerance.AllergyIntoleranceSeverity.Severe }],
        });
        var read = (await fhir.ReadAsync<AllergyIntolerance>($"AllergyIntolerance/{allergy!.Id}"))!;
        Assert.Equal("Penicilin", read.Code!.Text);
        Assert.Equal(AllergyIntolerance.AllergyIntoleranceCriticality.High, read.Criticality);
        Assert.Equal("Nổi mẩn toàn thân", read.Reaction.Single().Manifestation.Single().Text);
        Assert.Equal(AllergyIntolerance.AllergyIntoleranceCategory.Medication, read.Category.Single());
        // The record page shows it: the same row the API lists.
        Assert.Equal("Penicilin", await App.QueryAsync(db => db.Allergies.Where(a => a.BeneficiaryId == person).Select(a => a.Substance).SingleAsync()));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "allergy.create")));
        // The same substance again (written another way) is the allergy already recorded, not a second one.
        await RefusedAsync(() => fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{person}"), Code = new CodeableConcept { Text = "PENICILIN" },
            Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        }), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.code");

        // A CVX code alone: the name is the Ministry list's.
        var today = Today;
        var dose = await fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed,
            Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept { Coding = [new Coding("http://hl7.org/fhir/sid/cvx", "88")] },
            Occurrence = new FhirDateTime(Day(today)),
            LotNumber = "FLU2026B",
            Site = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActSite", "LA"),
            ProtocolApplied = [new Immunization.ProtocolAppliedComponent { DoseNumber = new PositiveInt(1) }],
        });
        var shot = (await fhir.ReadAsync<Immunization>($"Immunization/{dose!.Id}"))!;
        Assert.Equal("88", shot.VaccineCode.Coding.Single().Code);
        Assert.Equal("influenza virus vaccine, unspecified formulation", shot.VaccineCode.Text);
        Assert.Equal("FLU2026B", shot.LotNumber);
        Assert.Equal(1, ((PositiveInt)shot.ProtocolApplied.Single().DoseNumber).Value);
        var found = (await fhir.SearchAsync<Immunization>([$"patient={person}"]))!;
        Assert.Equal(dose.Id, Assert.Single(found.Entry).Resource!.Id);

        // The same vaccine the same day is the same dose entered twice.
        await RefusedAsync(() => fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept("http://hl7.org/fhir/sid/cvx", "88", "Vắc xin cúm"), Occurrence = new FhirDateTime(Day(today)),
        }), HttpStatusCode.UnprocessableEntity, "Immunization.vaccineCode");
        await RefusedAsync(() => fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.NotDone, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept { Text = "Sởi" }, Occurrence = new FhirDateTime(Day(today)),
        }), HttpStatusCode.UnprocessableEntity, "Immunization.status");
        await RefusedAsync(() => fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept("http://snomed.info/sct", "871751006"), Occurrence = new FhirString("mùa xuân năm ngoái"),
        }), HttpStatusCode.UnprocessableEntity, "Immunization.occurrence");
        await RefusedAsync(() => fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept { Text = "Sởi" }, Occurrence = new FhirDateTime(Day(today.AddDays(3))),
        }), HttpStatusCode.UnprocessableEntity, "Immunization.occurrence");
        await RefusedAsync(() => fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{person}"), Code = new CodeableConcept { Text = "Tôm" },
        }), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.reaction.severity");
        await RefusedAsync(() => fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference("Patient/abc"), Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        }), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.code");

        // Out of scope (a Hà Nội resident) is not found; a province officer does not write records.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).Select(b => b.Id).FirstAsync());
        var lowRisk = new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{outsider}"), Code = new CodeableConcept { Text = "Hải sản" }, Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        };
        await RefusedAsync(() => fhir.CreateAsync(lowRisk), HttpStatusCode.NotFound, "phạm vi");
        var province = await FhirAsync("demo.province");
        lowRisk.Patient = new ResourceReference($"Patient/{person}");
        var denied = await Assert.ThrowsAsync<FhirOperationException>(() => province.CreateAsync(lowRisk));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal(1, await App.QueryAsync(db => db.Allergies.CountAsync(a => a.BeneficiaryId == person)));
        Assert.Equal(1, await App.QueryAsync(db => db.Immunizations.CountAsync(i => i.BeneficiaryId == person)));

        // Kept, not deleted through FHIR (withdrawn or struck out instead: the next test).
        var delete = await client.DeleteAsync($"/fhir/AllergyIntolerance/{allergy.Id}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(["GET", "PUT"], delete.Content.Headers.Allow.Order());
    }

    [SkippableFact]
    public async Task An_allergy_is_withdrawn_and_a_dose_struck_out_with_their_reasons_and_both_stay_on_the_record()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Khổng Thị Gỡ Nhầm"));
        var fhir = await FhirAsync("demo.clinician");
        var allergy = (await fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{person}"), Code = new CodeableConcept { Text = "Cefalexin" },
            Category = [AllergyIntolerance.AllergyIntoleranceCategory.Medication], Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.High,
        }))!;
        object Cefalexin() => new
        {
            drugName = "Cefalexin 500 mg", form = "Capsule", dose = "1 viên", route = "Oral", times = new[] { "Morning" }, startDate = Day(Today),
        };
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Cefalexin()), "allergyOverrideReason", "Cefalexin");

        // A status AnSinh does not take is named, not ignored; officers may not write, even a PUT that changes nothing.
        allergy.VerificationStatus = new CodeableConcept { Coding = [new Coding { Code = "unconfirmed" }] };
        await RefusedAsync(() => fhir.UpdateAsync(allergy), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.verificationStatus");
        allergy.VerificationStatus = new CodeableConcept { Text = "Refuted" };
        await RefusedAsync(() => fhir.UpdateAsync(allergy), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.verificationStatus");
        allergy.VerificationStatus = null;
        var officer = await FhirAsync("demo.province");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => officer.UpdateAsync(allergy))).Status);

        // Refuted needs its grounds; a change of substance is another allergy; neither changes anything.
        allergy.VerificationStatus = new CodeableConcept { Coding = [new Coding { Code = "refuted" }] }; // the system may be left out
        allergy.ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "inactive");
        await RefusedAsync(() => fhir.UpdateAsync(allergy), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.note");
        var other = (AllergyIntolerance)allergy.DeepCopy()!;
        other.Code = new CodeableConcept { Text = "Cefuroxim" };
        other.Note = [new Annotation { Text = "Nhầm thuốc" }];
        await RefusedAsync(() => fhir.UpdateAsync(other), HttpStatusCode.UnprocessableEntity, "AllergyIntolerance.code");
        Assert.Null(await App.QueryAsync(db => db.Allergies.Where(a => a.BeneficiaryId == person).Select(a => a.EndedOn).SingleAsync()));

        allergy.Note = [new Annotation { Text = "Test lẩy da\u0000 âm tính" }];
        await RefusedAsync(() => fhir.UpdateAsync(allergy), HttpStatusCode.UnprocessableEntity, "ký tự điều khiển");
        allergy.Note = [new Annotation { Text = "Test lẩy da âm tính, đã dùng lại không phản ứng" }];
        var withdrawn = (await fhir.UpdateAsync(allergy))!;
        Assert.Equal("refuted", withdrawn.VerificationStatus!.Coding.Single().Code);
        Assert.Equal("inactive", withdrawn.ClinicalStatus!.Coding.Single().Code);
        Assert.Equal($"Gỡ ngày {Today:dd/MM/yyyy}: Test lẩy da âm tính, đã dùng lại không phản ứng", withdrawn.Note.Single().Text);
        var row = await App.QueryAsync(db => db.Allergies.AsNoTracking().SingleAsync(a => a.BeneficiaryId == person));
        Assert.Equal((Today, AnSinh.Domain.Medicines.AllergyEnd.Refuted, "demo.clinician"), (row.EndedOn!.Value, row.EndReason!.Value, row.EndedBy!));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "allergy.end")));

        // Off the prescribing check and the banner; still listed, as withdrawn; not reopened; sending it again changes nothing.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Cefalexin())).StatusCode);
        var page = await client.GetStringAsync($"/beneficiaries/{person}/medicines");
        Assert.DoesNotContain("data-testid=\"allergy-banner\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"withdrawn-allergies\"", page, StringComparison.Ordinal);
        Assert.Equal("refuted", (await fhir.UpdateAsync(withdrawn))!.VerificationStatus!.Coding.Single().Code);
        withdrawn.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed");
        withdrawn.ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active");
        await RefusedAsync(() => fhir.UpdateAsync(withdrawn), HttpStatusCode.UnprocessableEntity, "không mở lại");
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "allergy.end")));
        // Withdrawn, the substance can be recorded again (a new reaction).
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies",
            new { substance = "cefalexin", category = "Medication", kind = "Allergy", severity = "Mild" })).StatusCode);

        // A dose recorded in error is struck out with its reason; then the right one can be recorded for that day.
        var dose = (await fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept { Text = "Cúm mùa" }, Occurrence = new FhirDateTime(Day(Today.AddDays(-1))),
        }))!;
        dose.Status = Immunization.ImmunizationStatusCodes.EnteredInError;
        await RefusedAsync(() => fhir.UpdateAsync(dose), HttpStatusCode.UnprocessableEntity, "Immunization.note");
        var moved = (Immunization)dose.DeepCopy()!;
        moved.Occurrence = new FhirDateTime(Day(Today.AddDays(-2)));
        moved.Note = [new Annotation { Text = "Nhầm ngày" }];
        await RefusedAsync(() => fhir.UpdateAsync(moved), HttpStatusCode.UnprocessableEntity, "Immunization.occurrence");
        dose.Note = [new Annotation { Text = "Ghi nhầm người" }];
        var struck = (await fhir.UpdateAsync(dose))!;
        Assert.Equal(Immunization.ImmunizationStatusCodes.EnteredInError, struck.Status);
        Assert.Equal($"Hủy ngày {Today:dd/MM/yyyy}: Ghi nhầm người", struck.Note.Single().Text);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "immunization.retract")));
        struck.Status = Immunization.ImmunizationStatusCodes.Completed;
        await RefusedAsync(() => fhir.UpdateAsync(struck), HttpStatusCode.UnprocessableEntity, "không mở lại");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/immunizations",
            new { vaccine = "Cúm mùa", date = Day(Today.AddDays(-1)) })).StatusCode);
        var search = (await fhir.SearchAsync<Immunization>([$"patient={person}"]))!;
        Assert.Equal([Immunization.ImmunizationStatusCodes.EnteredInError, Immunization.ImmunizationStatusCodes.Completed],
            search.Entry.Select(e => ((Immunization)e.Resource!).Status!.Value).OrderByDescending(s => s == Immunization.ImmunizationStatusCodes.EnteredInError));

        // Twice at once through the API: one strikes it out, the other is told it already was.
        var second = (await fhir.CreateAsync(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference($"Patient/{person}"),
            VaccineCode = new CodeableConcept { Text = "Phế cầu" }, Occurrence = new FhirDateTime(Day(Today.AddDays(-3))),
        }))!;
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync($"/api/immunizations/{second.Id}/retract", new { reason = "Bấm hai lần" })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], both.Select(r => r.StatusCode).Order());
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.Action == "immunization.retract")));

        // Officers do not withdraw (out of scope is not found: the authorization table).
        var province = await FhirAsync("demo.province");
        var fresh = (await fhir.CreateAsync(new AllergyIntolerance
        {
            Patient = new ResourceReference($"Patient/{person}"), Code = new CodeableConcept { Text = "Tôm" }, Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.Low,
        }))!;
        fresh.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "entered-in-error");
        fresh.ClinicalStatus = null;
        fresh.Note = [new Annotation { Text = "Ghi nhầm người" }];
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(() => province.UpdateAsync(fresh))).Status);
        var erased = (await fhir.UpdateAsync(fresh))!;
        Assert.Equal("entered-in-error", erased.VerificationStatus!.Coding.Single().Code);
        Assert.Null(erased.ClinicalStatus);

        // A client asks for what stands (or what was withdrawn) by the statuses it reads.
        async Task<string[]> SubstancesAsync(params string[] criteria) =>
            (await fhir.SearchAsync<AllergyIntolerance>([$"patient={person}", .. criteria]))!.Entry
                .Select(e => ((AllergyIntolerance)e.Resource!).Code!.Text ?? "").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["cefalexin"], await SubstancesAsync("clinical-status=active"));
        Assert.Equal(["Cefalexin", "Tôm"], await SubstancesAsync("verification-status=refuted,http://terminology.hl7.org/CodeSystem/allergyintolerance-verification|entered-in-error"));
        Assert.Equal(["Cefalexin"], await SubstancesAsync("clinical-status=inactive,resolved", "verification-status=refuted"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => SubstancesAsync("clinical-status=đang"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => SubstancesAsync("clinical-status=http://loinc.org|active"))).Status);
        // The chart's latest immunizations leave out the doses struck out.
        var chart = await client.GetStringAsync($"/beneficiaries/{person}");
        Assert.DoesNotContain("Phế cầu", chart, StringComparison.Ordinal);
        Assert.Contains("Cúm mùa", chart, StringComparison.Ordinal);
        Assert.Equal(2, (await fhir.SearchAsync<Immunization>([$"patient={person}", "status=entered-in-error"]))!.Total);
        Assert.Equal(1, (await fhir.SearchAsync<Immunization>([$"patient={person}", "status=completed"]))!.Total);
    }

    [SkippableFact]
    public async Task A_health_insurance_card_is_recorded_renewed_with_the_version_read_and_bad_cards_are_refused()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, new
        {
            fullName = "Hà Văn Chưa Thẻ", sex = "Male", birthDate = "1950-02-03", nationalId = NewNationalId(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
        var fhir = await FhirAsync("demo.clinician");
        const string InsuranceSystem = "http://fhir.ehealth.gov.vn/core/sid/insurance_number";
        Coverage Card(string number, DateOnly from, DateOnly to) => new()
        {
            Status = FinancialResourceStatusCodes.Active,
            Beneficiary = new ResourceReference($"Patient/{person}"),
            Identifier = [new Identifier(InsuranceSystem, number)],
            Payor = [new ResourceReference { Display = "Bảo hiểm xã hội Việt Nam" }],
            Period = new Period { Start = Day(from), End = Day(to) },
        };

        var year = Today.Year;
        var created = (await fhir.CreateAsync(Card("HT3011234567891", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))))!;
        Assert.Equal(person.ToString(System.Globalization.CultureInfo.InvariantCulture), created.Id);
        Assert.Equal("HT3011234567891", created.SubscriberId);
        var record = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person)
            .Select(b => new { b.HealthInsuranceNumber, b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo }).SingleAsync());
        Assert.Equal(("HT3011234567891", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
            (record.HealthInsuranceNumber, record.HealthInsuranceValidFrom!.Value, record.HealthInsuranceValidTo!.Value));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "record.update"
                                                                          && e.Detail!.Contains("HT3011234567891"))));

        // A number is one person's card.
        var someoneElse = Card("HT3011234567891", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var neighbour = await CreatePersonAsync(client, new
        {
            fullName = "Hà Văn Hàng Xóm", sex = "Male", birthDate = "1950-02-03", nationalId = NewNationalId(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
        someoneElse.Beneficiary = new ResourceReference($"Patient/{neighbour}");
        await RefusedAsync(() => fhir.CreateAsync(someoneElse), HttpStatusCode.UnprocessableEntity, "Coverage.identifier");

        // The same card again is the card kept; another card is a renewal, made with PUT and the version read.
        Assert.Equal(created.Meta!.VersionId, (await fhir.CreateAsync(Card("HT3011234567891", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))))!.Meta!.VersionId);
        await RefusedAsync(() => fhir.CreateAsync(Card("HT3011234567892", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))), HttpStatusCode.Conflict, "If-Match");
        var read = (await fhir.ReadAsync<Coverage>($"Coverage/{person}"))!;
        read.Identifier = [new Identifier(InsuranceSystem, "HT3011234567892")];
        read.SubscriberId = null;
        read.Period = new Period { Start = Day(new DateOnly(year + 1, 1, 1)), End = Day(new DateOnly(year + 1, 12, 31)) };
        var renewed = (await fhir.UpdateAsync(read, versionAware: true))!;
        Assert.Equal("HT3011234567892", renewed.SubscriberId);
        Assert.NotEqual(read.Meta!.VersionId, renewed.Meta!.VersionId);
        // An edit that started from the old version would overwrite the renewal: refused.
        await RefusedAsync(() => fhir.UpdateAsync(read, versionAware: true), HttpStatusCode.PreconditionFailed, "");
        Assert.Equal("HT3011234567892", await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.HealthInsuranceNumber).SingleAsync()));

        // Bad cards: the element named, nothing changed.
        renewed.Identifier = [new Identifier(InsuranceSystem, "HT30112345")];
        renewed.SubscriberId = null;
        await RefusedAsync(() => fhir.UpdateAsync(renewed, versionAware: true), HttpStatusCode.UnprocessableEntity, "Coverage.identifier");
        renewed.Identifier = [new Identifier(InsuranceSystem, "HT3011234567893")];
        renewed.Period = new Period { Start = Day(new DateOnly(year, 12, 31)), End = Day(new DateOnly(year, 1, 1)) };
        await RefusedAsync(() => fhir.UpdateAsync(renewed, versionAware: true), HttpStatusCode.UnprocessableEntity, "Coverage.period");
        renewed.Period = new Period { Start = $"{year}-05" };
        await RefusedAsync(() => fhir.UpdateAsync(renewed, versionAware: true), HttpStatusCode.UnprocessableEntity, "Coverage.period.start");
        renewed.Period = null;
        renewed.Status = FinancialResourceStatusCodes.Cancelled;
        await RefusedAsync(() => fhir.UpdateAsync(renewed, versionAware: true), HttpStatusCode.UnprocessableEntity, "Coverage.status");
        await RefusedAsync(() => fhir.CreateAsync(new Coverage { Status = FinancialResourceStatusCodes.Active, Beneficiary = new ResourceReference($"Patient/{person}"), Payor = [new ResourceReference { Display = "BHXH" }] }),
            HttpStatusCode.UnprocessableEntity, "Coverage.identifier");
        Assert.Equal("HT3011234567892", await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.HealthInsuranceNumber).SingleAsync()));

        // The same number with a new period, posted as hospitals renew cards: the card renewed, not ignored.
        var nextYear = Card("HT3011234567892", new DateOnly(year + 2, 1, 1), new DateOnly(year + 2, 12, 31));
        Assert.Equal(Day(new DateOnly(year + 2, 12, 31)), (await fhir.CreateAsync(nextYear))!.Period!.End);
        Assert.Equal(new DateOnly(year + 2, 12, 31), await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.HealthInsuranceValidTo!.Value).SingleAsync()));

        // What the parser refuses is said in Vietnamese, with FHIRPath from the type, and a long value is not echoed back.
        var unparsed = await client.PostAsync("/fhir/Coverage", new StringContent(
            $"{{\"resourceType\":\"Coverage\",\"beneficiary\":{{\"reference\":\"Patient/{person}\"}},\"payor\":[{{\"display\":\"BHXH\"}}],\"period\":{{\"start\":\"{new string('x', 20000)}\"}}}}",
            Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.BadRequest, unparsed.StatusCode);
        var said = await unparsed.Content.ReadAsStringAsync();
        Assert.Contains("Thiếu phần tử bắt buộc Coverage.status", said, StringComparison.Ordinal);
        Assert.Contains("không đúng kiểu FHIR", said, StringComparison.Ordinal);
        Assert.DoesNotContain("$this", said, StringComparison.Ordinal);
        Assert.True(said.Length < 10000, $"{said.Length} characters answered");

        // Out of scope is not found; a card is not deleted through FHIR.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi)).Select(b => b.Id).FirstAsync());
        var theirs = Card("HT3011234567894", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        theirs.Beneficiary = new ResourceReference($"Patient/{outsider}");
        await RefusedAsync(() => fhir.CreateAsync(theirs), HttpStatusCode.NotFound, "phạm vi");
        theirs.Id = outsider.ToString(System.Globalization.CultureInfo.InvariantCulture);
        theirs.Meta = new Meta { VersionId = "1" };
        await RefusedAsync(() => fhir.UpdateAsync(theirs, versionAware: true), HttpStatusCode.NotFound, "phạm vi");
        var delete = await client.DeleteAsync($"/fhir/Coverage/{person}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal("GET, PUT", string.Join(", ", delete.Content.Headers.Allow));
    }

    [SkippableFact]
    public async Task A_transaction_with_a_new_patient_their_allergy_dose_and_card_saves_all_or_nothing()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        Bundle Transaction(string nationalId, DateOnly doseDay)
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            var patient = new Patient
            {
                Identifier = [new Identifier("http://fhir.ehealth.gov.vn/core/sid/national_id", nationalId)],
                Name = [new HumanName { Text = "Mai Văn Giao Dịch" }],
                Gender = AdministrativeGender.Male,
                BirthDate = "1950-04-12",
            };
            bundle.AddResourceEntry(patient, "urn:uuid:6f3c8a60-0000-4000-8000-000000000001").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" };
            bundle.AddResourceEntry(new AllergyIntolerance
            {
                Patient = new ResourceReference("urn:uuid:6f3c8a60-0000-4000-8000-000000000001"), Code = new CodeableConcept { Text = "Aspirin" },
                Type = AllergyIntolerance.AllergyIntoleranceType.Intolerance, Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.Low,
            }, "urn:uuid:6f3c8a60-0000-4000-8000-000000000002").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "AllergyIntolerance" };
            bundle.AddResourceEntry(new Immunization
            {
                Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference("urn:uuid:6f3c8a60-0000-4000-8000-000000000001"),
                VaccineCode = new CodeableConcept { Text = "Vắc xin phế cầu" }, Occurrence = new FhirDateTime(Day(doseDay)),
            }, "urn:uuid:6f3c8a60-0000-4000-8000-000000000003").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Immunization" };
            bundle.AddResourceEntry(new Coverage
            {
                Status = FinancialResourceStatusCodes.Active, Beneficiary = new ResourceReference("urn:uuid:6f3c8a60-0000-4000-8000-000000000001"),
                SubscriberId = "CB2011234567899", Payor = [new ResourceReference { Display = "Bảo hiểm xã hội Việt Nam" }],
                Period = new Period { Start = Day(new DateOnly(Today.Year, 1, 1)), End = Day(new DateOnly(Today.Year, 12, 31)) },
            }, "urn:uuid:6f3c8a60-0000-4000-8000-000000000004").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Coverage" };
            return bundle;
        }

        // A dose dated next week: the whole Bundle is refused, naming the entry and the element, and nothing is saved.
        var badId = NewNationalId();
        var refused = await RefusedAsync(() => fhir.TransactionAsync(Transaction(badId, Today.AddDays(7))), HttpStatusCode.UnprocessableEntity, "Bundle.entry[2].resource.occurrence");
        Assert.False(await App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == badId)));

        var goodId = NewNationalId();
        var response = (await fhir.TransactionAsync(Transaction(goodId, Today.AddDays(-30))))!;
        Assert.All(response.Entry, e => Assert.StartsWith("201", e.Response!.Status));
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == goodId).Select(b => b.Id).SingleAsync());
        Assert.Equal("Aspirin", await App.QueryAsync(db => db.Allergies.Where(a => a.BeneficiaryId == person).Select(a => a.Substance).SingleAsync()));
        Assert.Equal("Vắc xin phế cầu", await App.QueryAsync(db => db.Immunizations.Where(i => i.BeneficiaryId == person).Select(i => i.Vaccine).SingleAsync()));
        Assert.Equal($"Patient/{person}", ((AllergyIntolerance)response.Entry[1].Resource!).Patient.Reference);
        Assert.Equal("CB2011234567899", await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.HealthInsuranceNumber).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_transaction_correcting_a_person_and_giving_them_a_card_saves_both()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, new
        {
            fullName = "Đàm Văn Sửa Tên", sex = "Male", birthDate = "1950-06-07", nationalId = NewNationalId(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
        var fhir = await FhirAsync("demo.clinician");
        var patient = (await fhir.ReadAsync<Patient>($"Patient/{person}"))!;
        patient.Name = [new HumanName { Text = "Đàm Văn Sửa Tên Mới", Use = HumanName.NameUse.Official }];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        // The card listed first: it is still written after the correction, which names the version it read.
        bundle.AddResourceEntry(new Coverage
        {
            Status = FinancialResourceStatusCodes.Active, Beneficiary = new ResourceReference($"Patient/{person}"), SubscriberId = "GD4011234567801",
            Payor = [new ResourceReference { Display = "Bảo hiểm xã hội Việt Nam" }],
            Period = new Period { Start = Day(new DateOnly(Today.Year, 1, 1)), End = Day(new DateOnly(Today.Year, 12, 31)) },
        }, "urn:uuid:3c7a1e40-0000-4000-8000-000000000001").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Coverage" };
        bundle.AddResourceEntry(patient, $"{fhir.Endpoint}Patient/{person}").Request = new Bundle.RequestComponent
        {
            Method = Bundle.HTTPVerb.PUT, Url = $"Patient/{person}", IfMatch = $"W/\"{patient.Meta!.VersionId}\"",
        };
        var response = (await fhir.TransactionAsync(bundle))!;
        Assert.All(response.Entry, e => Assert.StartsWith("20", e.Response!.Status));
        var saved = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => new { b.FullName, b.HealthInsuranceNumber }).SingleAsync());
        Assert.Equal(("Đàm Văn Sửa Tên Mới", "GD4011234567801"), (saved.FullName, saved.HealthInsuranceNumber));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirRecordWriteTests(SqliteAppFactory app) : FhirRecordWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirRecordWriteTests(PostgresAppFactory app) : FhirRecordWriteTests(app);
