using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13: diagnoses as ICD-10 coded Viet Nam Core Conditions through FhirClient, on both providers.</summary>
public abstract class FhirConditionTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string Icd = "http://hl7.org/fhir/sid/icd-10";

    private async Task<int> PersonAsync(string name)
    {
        using var client = await App.ClientForAsync("demo.clinician");
        return await CreatePersonAsync(client, new
        {
            fullName = name, sex = "Male", birthDate = "1950-04-12", nationalId = NewNationalId(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
    }

    private static Condition Hypertension(int person, string onset = "2024-05-20") => new()
    {
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        Code = new CodeableConcept { Coding = [new Coding(Icd, "I10")], Text = "Tăng huyết áp" },
        Subject = new ResourceReference($"Patient/{person}"),
        Onset = new FhirDateTime(onset),
        Note = [new Annotation { Text = "Phát hiện khi khám định kỳ" }],
    };

    [SkippableFact]
    public async Task A_diagnosis_is_recorded_read_searched_and_resolved()
    {
        RequireProvider();
        var person = await PersonAsync("Vũ Văn Chẩn Đoán");
        var fhir = await FhirAsync("demo.clinician");

        var created = (await fhir.CreateAsync(Hypertension(person)))!;
        var back = (await fhir.ReadAsync<Condition>($"Condition/{created.Id}"))!;
        Assert.Equal((Icd, "I10"), (back.Code!.Coding[0].System, back.Code.Coding[0].Code));
        Assert.False(string.IsNullOrEmpty(back.Code.Coding[0].Display)); // the Ministry of Health's Vietnamese name
        Assert.Equal(("active", "2024-05-20"), (back.ClinicalStatus!.Coding[0].Code, ((FhirDateTime)back.Onset!).Value));
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-condition-encounter-diagnosis", Assert.Single(back.Meta!.Profile));
        Assert.Equal("Phát hiện khi khám định kỳ", back.Note.Single().Text);

        var active = (await fhir.SearchAsync<Condition>([$"patient={person}", "clinical-status=active", $"code={Icd}|I10"]))!;
        Assert.Equal(created.Id, Assert.Single(active.Entry).Resource!.Id);
        Assert.Equal(1, (await fhir.SearchAsync<Condition>([$"patient={person}", "onset-date=2024-05"]))!.Total);
        Assert.Equal(0, (await fhir.SearchAsync<Condition>([$"patient={person}", "onset-date=lt2024-05-20"]))!.Total);

        // A sync by _lastUpdated: the diagnosis as recorded, then again once resolved.
        var recorded = back.Meta!.LastUpdated!.Value;
        string After(DateTimeOffset at) => "gt" + at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        Assert.Equal(1, (await fhir.SearchAsync<Condition>([$"patient={person}", "_lastUpdated=" + After(recorded.AddMinutes(-1))]))!.Total);
        Assert.Equal(0, (await fhir.SearchAsync<Condition>([$"patient={person}", "_lastUpdated=" + After(recorded.AddMilliseconds(1))]))!.Total);
        var badSince = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Condition>([$"patient={person}", "_lastUpdated=hôm qua"]));
        Assert.Equal(HttpStatusCode.BadRequest, badSince.Status);

        back.ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved");
        back.Abatement = new FhirDateTime("2025-01-15");
        var resolved = (await fhir.UpdateAsync(back))!;
        Assert.Equal(("resolved", "2025-01-15"), (resolved.ClinicalStatus!.Coding[0].Code, ((FhirDateTime)resolved.Abatement!).Value));
        Assert.True(resolved.Meta!.LastUpdated > recorded);
        Assert.Equal(created.Id, Assert.Single((await fhir.SearchAsync<Condition>([$"patient={person}", "_lastUpdated=" + After(recorded.AddMilliseconds(1))]))!.Entry).Resource!.Id);
        Assert.Equal(0, (await fhir.SearchAsync<Condition>([$"patient={person}", "clinical-status=active"]))!.Total);

        // Changing the code is not an update AnSinh takes; deleting is refused; the row stays as it was.
        resolved.Code = new CodeableConcept(Icd, "E11");
        var changed = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(resolved));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.Status);
        var delete = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"Condition/{created.Id}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.Status);
        Assert.Equal("I10", await App.QueryAsync(db => db.Conditions.Where(c => c.BeneficiaryId == person).Select(c => c.IcdCode).SingleAsync()));
    }

    [SkippableFact]
    public async Task Bad_conditions_are_refused_naming_the_element_and_nothing_is_saved()
    {
        RequireProvider();
        var person = await PersonAsync("Vũ Văn Sai Mã");
        var fhir = await FhirAsync("demo.clinician");

        async Task RefusedAsync(Condition condition, string expression)
        {
            var e = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(condition));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
            Assert.Contains(e.Outcome!.Issue, i => i.Expression.Contains(expression));
        }

        var unknownCode = Hypertension(person);
        unknownCode.Code = new CodeableConcept(Icd, "Q99.9X");
        await RefusedAsync(unknownCode, "Condition.code");
        var otherSystem = Hypertension(person);
        otherSystem.Code = new CodeableConcept("http://example.org/diseases", "htn");
        await RefusedAsync(otherSystem, "Condition.code");
        var future = Hypertension(person, Today.AddDays(3).ToString("yyyy-MM-dd"));
        await RefusedAsync(future, "Condition.onset");
        var refuted = Hypertension(person);
        refuted.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted");
        await RefusedAsync(refuted, "Condition.verificationStatus");
        var beforeBirth = Hypertension(person, "1949-01-01");
        await RefusedAsync(beforeBirth, "Condition.onset");
        var resolvedNoDate = Hypertension(person);
        resolvedNoDate.ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved");
        await RefusedAsync(resolvedNoDate, "Condition.abatement");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        await RefusedAsync(Hypertension(outsider), "Condition.subject");

        Assert.Equal(0, await App.QueryAsync(db => db.Conditions.CountAsync(c => c.BeneficiaryId == person)));
        using (var admin = await App.ClientForAsync("demo.admin"))
        {
            (await admin.PostAsJsonAsync($"/api/beneficiaries/{outsider}/encounters",
                new { kind = "SickVisit", date = Today.ToString("yyyy-MM-dd"), diagnoses = new[] { new { icdCode = "J00" } } })).EnsureSuccessStatusCode();
        }

        var theirs = await App.QueryAsync(db => db.Conditions.Where(c => c.BeneficiaryId == outsider).Select(c => c.Id).FirstAsync());
        var hidden = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Condition>($"Condition/{theirs}"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);

        Assert.Equal(0, (await fhir.SearchAsync<Condition>([$"patient={outsider}"]))!.Total);
        var bogus = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Condition>(["clinical-status=bogus"]));
        Assert.Equal(HttpStatusCode.BadRequest, bogus.Status);
    }

    [SkippableFact]
    public async Task Diagnoses_naming_a_visit_join_it_once_and_a_visit_not_theirs_is_refused()
    {
        RequireProvider();
        var person = await PersonAsync("Vũ Văn Một Lượt");
        var fhir = await FhirAsync("demo.clinician");
        var day = Today.AddDays(-2).ToString("yyyy-MM-dd");
        var visit = (await fhir.CreateAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Type = [new CodeableConcept { Text = "Khám bệnh" }], Subject = new ResourceReference($"Patient/{person}"),
            Period = new Period { Start = day }, ReasonCode = [new CodeableConcept { Text = "Đau đầu, chóng mặt" }],
        }))!;

        // The main diagnosis, then a comorbidity, as a client sends them after the visit: one visit, served CC then CM.
        Condition Named(string code) => new()
        {
            Code = new CodeableConcept(Icd, code), Subject = new ResourceReference($"Patient/{person}"), Encounter = new ResourceReference($"Encounter/{visit.Id}"),
        };
        var recorded = visit.Meta!.LastUpdated!.Value;
        var main = (await fhir.CreateAsync(Named("I10")))!;
        Assert.Equal(($"Encounter/{visit.Id}", day), (main.Encounter!.Reference, ((FhirDateTime)main.Onset!).Value));
        // The same code several times at once: one joins the visit, the others are told the visit has it.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            try
            {
                return (await fhir.CreateAsync(Named("E11")))!.Id;
            }
            catch (FhirOperationException e) when (e.Status == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Contains(e.Outcome!.Issue, i => i.Expression.Contains("Condition.code") && (i.Diagnostics ?? i.Details?.Text ?? "").Contains("đã có chẩn đoán E11"));
                return null;
            }
        }));
        Assert.Single(attempts.OfType<string>());
        var served = (await fhir.ReadAsync<Encounter>($"Encounter/{visit.Id}"))!;
        Assert.Equal(["CC", "CM"], served.Diagnosis.Select(d => d.Use!.Coding.Single().Code));
        // Its diagnoses changed, so the visit changed: a sync by _lastUpdated sees it again.
        Assert.True(served.Meta!.LastUpdated > recorded);
        var since = recorded.AddMilliseconds(1).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        Assert.Contains((await fhir.SearchAsync<Encounter>([$"patient={person}", $"_lastUpdated=gt{since}"]))!.Entry, e => e.Resource!.Id == visit.Id);
        Assert.Equal(1, await App.QueryAsync(db => db.Encounters.CountAsync(e => e.BeneficiaryId == person)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.BeneficiaryId == person && e.Action == "encounter.diagnosis" && e.UserName == "demo.clinician")));

        async Task RefusedAsync(Condition condition, HttpStatusCode status, string expression)
        {
            var e = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(condition));
            Assert.Equal(status, e.Status);
            Assert.Contains(e.Outcome!.Issue, i => expression.Length == 0 || i.Expression.Contains(expression));
        }

        var other = await PersonAsync("Vũ Văn Người Khác");
        var wrongPerson = Named("J00");
        wrongPerson.Subject = new ResourceReference($"Patient/{other}");
        await RefusedAsync(wrongPerson, HttpStatusCode.UnprocessableEntity, "Condition.subject");
        var otherDay = Named("J00");
        otherDay.RecordedDateElement = new FhirDateTime(Today.ToString("yyyy-MM-dd"));
        await RefusedAsync(otherDay, HttpStatusCode.UnprocessableEntity, "Condition.recordedDate");
        var elsewhere = Named("J00");
        elsewhere.Encounter = new ResourceReference("http://benhvien.example/fhir/Encounter/5");
        await RefusedAsync(elsewhere, HttpStatusCode.UnprocessableEntity, "Condition.encounter");
        var missing = Named("J00");
        missing.Encounter = new ResourceReference("Encounter/999999999");
        await RefusedAsync(missing, HttpStatusCode.NotFound, "");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var theirs = await App.QueryAsync(db => db.Encounters.Where(e => e.FacilityId == hanoi).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        var hidden = Named("J00");
        hidden.Encounter = new ResourceReference($"Encounter/{theirs}");
        await RefusedAsync(hidden, HttpStatusCode.NotFound, "");
        var onlyNamed = Named("J00");
        onlyNamed.Encounter = new ResourceReference { Identifier = new Identifier("http://fhir.ehealth.gov.vn/core/sid/VisitNumber", visit.Id) };
        await RefusedAsync(onlyNamed, HttpStatusCode.UnprocessableEntity, "Condition.encounter");
        var controlled = Named("J00");
        controlled.Note = [new Annotation { Text = "chuông \u0007 kêu" }];
        await RefusedAsync(controlled, HttpStatusCode.UnprocessableEntity, "Condition.note");
        Assert.Equal(["E11", "I10"], await App.QueryAsync(db => db.Conditions.Where(c => c.BeneficiaryId == person).OrderBy(c => c.IcdCode).Select(c => c.IcdCode).ToListAsync()));

        // A visit struck out as entered in error is named as such, not as unknown.
        using var client = await App.ClientForAsync("demo.clinician");
        var wrong = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = day, findings = "Ghi nhầm" }))).GetProperty("id").GetInt32();
        (await client.PostAsJsonAsync($"/api/encounters/{wrong}/strike-out", new { reason = "Ghi nhầm người" })).EnsureSuccessStatusCode();
        var struck = Named("J00");
        struck.Encounter = new ResourceReference($"Encounter/{wrong}");
        await RefusedAsync(struck, HttpStatusCode.UnprocessableEntity, "Condition.encounter");

        // A periodic check (its readings and grade recorded with it) takes a diagnosis made in it too.
        var check = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "PeriodicCheck", date = day, classification = "II", observations = new[] { new { code = "8480-6", value = 128 }, new { code = "8462-4", value = 78 } },
        }))).GetProperty("id").GetInt32();
        var atCheck = Named("E78");
        atCheck.Encounter = new ResourceReference($"Encounter/{check}");
        Assert.Equal($"Encounter/{check}", (await fhir.CreateAsync(atCheck))!.Encounter!.Reference);
        // The visit changed, its readings did not: they keep the time they were recorded, for _lastUpdated too.
        var reading = (Observation)(await fhir.SearchAsync<Observation>([$"patient={person}", "code=8480-6"]))!.Entry.Single().Resource!;
        var measured = reading.Meta!.LastUpdated!.Value.AddMilliseconds(1).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await fhir.SearchAsync<Observation>([$"patient={person}", "code=8480-6", $"_lastUpdated=gt{measured}"]))!.Total);
        Assert.Contains((await fhir.SearchAsync<Encounter>([$"patient={person}", $"_lastUpdated=gt{measured}"]))!.Entry, e => e.Resource!.Id == check.ToString(CultureInfo.InvariantCulture));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirConditionTests(SqliteAppFactory app) : FhirConditionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirConditionTests(PostgresAppFactory app) : FhirConditionTests(app);

/// <summary>Issue #13: allergies, vaccinations and the BHYT card as FHIR resources, read and searched by patient within scope.</summary>
public abstract class FhirRecordResourceTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Allergies_vaccinations_and_the_card_read_as_fhir_within_scope()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Lý Văn Dị Ứng"));
        (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies",
            new { substance = "Amoxicilin", category = "Medication", kind = "Allergy", severity = "Severe", reaction = "Phù mặt, khó thở" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/immunizations",
            new { vaccine = "Cúm mùa", vaccineCode = "88", doseNumber = 1, date = Today.ToString("yyyy-MM-dd"), lot = "FLU2026A", site = "LeftArm" })).EnsureSuccessStatusCode();
        var fhir = await FhirAsync("demo.clinician");

        var allergy = (AllergyIntolerance)Assert.Single((await fhir.SearchAsync<AllergyIntolerance>([$"patient={person}"]))!.Entry).Resource!;
        Assert.Equal(("Amoxicilin", AllergyIntolerance.AllergyIntoleranceCriticality.High), (allergy.Code!.Text, allergy.Criticality));
        Assert.Equal("Phù mặt, khó thở", allergy.Reaction.Single().Manifestation.Single().Text);
        Assert.Equal(allergy.Id, (await fhir.ReadAsync<AllergyIntolerance>($"AllergyIntolerance/{allergy.Id}"))!.Id);
        var shot = (Immunization)Assert.Single((await fhir.SearchAsync<Immunization>([$"patient={person}"]))!.Entry).Resource!;
        Assert.Equal(("http://hl7.org/fhir/sid/cvx", "88", "FLU2026A", 1),
            (shot.VaccineCode.Coding[0].System, shot.VaccineCode.Coding[0].Code, shot.LotNumber, ((PositiveInt)shot.ProtocolApplied[0].DoseNumber).Value));
        var card = (await fhir.ReadAsync<Coverage>($"Coverage/{person}"))!;
        Assert.Equal(("BT2221234567890", $"Patient/{person}", $"{Today.Year}-12-31"), (card.SubscriberId, card.Beneficiary!.Reference, card.Period!.End));

        // Outside the clinician's centre: not found, and a search must name a person.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.HealthInsuranceNumber != null && b.Stays.Any()
            && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Coverage>($"Coverage/{outsider}"))).Status);
        Assert.Equal(0, (await fhir.SearchAsync<Coverage>([$"beneficiary={outsider}"]))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Immunization>())).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirRecordResourceTests(SqliteAppFactory app) : FhirRecordResourceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirRecordResourceTests(PostgresAppFactory app) : FhirRecordResourceTests(app);
