using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13: medicine orders, doses given, referrals, facilities as places and their staff, read and searched through
/// Firely's FhirClient within the caller's scope; writes of these read-only types are refused with an OperationOutcome.
/// </summary>
public abstract class FhirCareResourceTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Orders_doses_and_referrals_read_as_viet_nam_core_resources_within_scope()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Đào Văn Y Lệnh"));
        var today = Today.ToString("yyyy-MM-dd");
        var order = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", new
        {
            drugName = "Metformin", strength = "500 mg", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning", "Night" },
            startDate = today, instructions = "Uống sau ăn",
        }))).GetProperty("id").GetInt32();
        var dose = await client.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = today, shift = "Night", status = "Refused", reason = "Người bệnh ngủ" });
        Assert.Equal(HttpStatusCode.Created, dose.StatusCode);
        var referral = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals", new
        {
            date = today, time = "09:30", destination = "Bệnh viện Đa khoa tỉnh Quảng Ninh", destinationLevel = "Basic", urgency = "Urgent",
            diagnosisCode = "E11", diagnosis = "Đái tháo đường type 2", reason = "Đường huyết cao kéo dài",
        }))).GetProperty("id").GetInt32();
        var fhir = await FhirAsync("demo.clinician");

        var request = (await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{order}"))!;
        Assert.Equal((MedicationRequest.MedicationrequestStatus.Active, MedicationRequest.MedicationRequestIntent.Order, "Metformin 500 mg", $"Patient/{person}"),
            (request.Status, request.Intent, ((CodeableConcept)request.Medication).Text, request.Subject.Reference));
        // The demo clinician who ordered it, known by name: a contained Practitioner.
        Assert.Equal("#prescriber", request.Requester!.Reference);
        Assert.Contains("Nguyễn Thị Hoa", ((Practitioner)request.Contained.Single()).Name.Single().Text, StringComparison.Ordinal);
        var dosage = request.DosageInstruction.Single();
        Assert.Equal([Timing.EventTiming.MORN, Timing.EventTiming.NIGHT], dosage.Timing!.Repeat!.When.Select(w => w!.Value));
        Assert.Equal(today, ((Period)dosage.Timing!.Repeat!.Bounds!).Start);
        Assert.Contains("Uống sau ăn", dosage.Text, StringComparison.Ordinal);
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-medication-request", request.Meta!.Profile.Single());

        var given = (MedicationAdministration)Assert.Single((await fhir.SearchAsync<MedicationAdministration>([$"patient={person}"]))!.Entry).Resource!;
        Assert.Equal((MedicationAdministration.MedicationAdministrationStatusCodes.NotDone, "Từ chối: Người bệnh ngủ", $"MedicationRequest/{order}", "1 viên", 1m, "viên"),
            (given.Status, given.StatusReason.Single().Text, given.Request!.Reference, given.Dosage!.Text, given.Dosage.Dose!.Value, given.Dosage.Dose.Unit));

        var sent = (await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{referral}"))!;
        Assert.Equal((RequestStatus.Active, RequestPriority.Urgent, "Bệnh viện Đa khoa tỉnh Quảng Ninh", $"{today}T09:30:00+07:00"),
            (sent.Status, sent.Priority, sent.LocationReference.Single().Display, sent.AuthoredOn));
        Assert.Equal("Bệnh viện Đa khoa tỉnh Quảng Ninh", sent.Contained.OfType<Location>().Single().Name);
        Assert.Contains(sent.Note, n => n.Text == "Chẩn đoán: E11 – Đái tháo đường type 2");
        Assert.Equal(1, (await fhir.SearchAsync<ServiceRequest>([$"patient={person}"]))!.Total);
        Assert.Equal(1, (await fhir.SearchAsync<MedicationRequest>([$"patient={person}"]))!.Total);

        // Doses are recorded (CareWriteTests) and only struck out when written in error: what was served, sent back, changes
        // nothing; a delete is 405.
        Assert.Equal(MedicationAdministration.MedicationAdministrationStatusCodes.NotDone, (await fhir.UpdateAsync(given))!.Status);
        Assert.Null(await App.QueryAsync(db => db.MedicationAdministrations.Where(d => d.Id == long.Parse(given.Id!)).Select(d => d.RetractedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"ServiceRequest/{referral}"))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"MedicationAdministration/{given.Id}"))).Status);
        Assert.Equal(1, await App.QueryAsync(db => db.MedicationOrders.CountAsync(o => o.BeneficiaryId == person)));

        // Another centre's records are not found; a search must name a person.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var theirs = await App.QueryAsync(db => db.Referrals.Where(r => r.FacilityId == hanoi).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{theirs}"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MedicationRequest>())).Status);

        // Each read of a person's record is audited.
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(a => a.BeneficiaryId == person && a.Action == "record.read"
            && a.Detail != null && a.Detail.Contains($"fhir:ServiceRequest/{referral}"))));
    }

    [SkippableFact]
    public async Task Rehabilitation_plans_and_screenings_read_as_care_plans_and_questionnaire_responses()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Tạ Văn Phục Hồi"));
        var today = Today.ToString("yyyy-MM-dd");
        (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans", new
        {
            startDate = today, baselineBarthel = 45, assessment = "Liệt nửa người phải sau đột quỵ", goals = new[] { "Tự đi lại trong phòng", "Tự ăn" },
            interventions = "Tập vận động 30 phút mỗi ngày",
        })).EnsureSuccessStatusCode();
        var screening = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings", new { instrument = "PHQ-9", date = today, answers = new[] { 1, 2, 1, 0, 0, 1, 2, 0, 0 } });
        Assert.Equal(HttpStatusCode.Created, screening.StatusCode);
        var fhir = await FhirAsync("demo.clinician");

        var plan = (CarePlan)Assert.Single((await fhir.SearchAsync<CarePlan>([$"patient={person}"]))!.Entry).Resource!;
        Assert.Equal((RequestStatus.Active, CarePlan.CarePlanIntent.Plan, today), (plan.Status, plan.Intent, plan.Period!.Start));
        Assert.Contains("Barthel ban đầu: 45/100.", plan.Description, StringComparison.Ordinal);
        var goals = plan.Contained.OfType<Goal>().ToList();
        Assert.Equal(["Tự đi lại trong phòng", "Tự ăn"], goals.Select(g => g.Description.Text));
        Assert.Equal(goals.Select(g => "#" + g.Id), plan.Goal.Select(g => g.Reference));
        Assert.All(goals, g => Assert.Equal("in-progress", g.AchievementStatus!.Coding[0].Code));

        var phq9 = (await fhir.ReadAsync<Questionnaire>("Questionnaire/PHQ-9"))!;
        Assert.Equal(9, phq9.Item.Count(i => i.Type == Questionnaire.QuestionnaireItemType.Integer && i.ReadOnly != true));
        Assert.Equal([0, 1, 2, 3], phq9.Item[0].AnswerOption.Select(o => ((Integer)o.Value).Value!.Value));
        var response = (QuestionnaireResponse)Assert.Single((await fhir.SearchAsync<QuestionnaireResponse>([$"patient={person}"]))!.Entry).Resource!;
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);
        Assert.StartsWith("https://ansinh.vn/fhir/Questionnaire/PHQ-9", response.Questionnaire, StringComparison.Ordinal);
        Assert.Equal(7, ((Integer)response.Item.Single(i => i.LinkId == "total").Answer.Single().Value!).Value);
        Assert.Equal(2, ((Integer)response.Item.Single(i => i.LinkId == "2").Answer.Single().Value!).Value);
        Assert.Equal(response.Id, (await fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{response.Id}"))!.Id);

        // A screening is kept as given: the one change it takes is being struck out as entered in error (FhirCareWriteTests).
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, (await fhir.UpdateAsync(response))!.Status); // sent back as served: nothing changes
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Amended;
        var changed = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(response));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "QuestionnaireResponse.status"), (changed.Status, changed.Outcome!.Issue.Single().Expression.Single()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"QuestionnaireResponse/{response.Id}"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Questionnaire>("Questionnaire/khong-co"))).Status);
        // A screening at the Hà Nội centre is not the Quảng Ninh clinician's to read.
        using var admin = await App.ClientForAsync("demo.admin");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        // A person of its own (the first Hà Nội resident is EndpointAuthorizationTests' "nothing written today").
        var resident = await CreatePersonAsync(admin, new
        {
            fullName = "Hà Văn Ngoài Phạm Vi", sex = "Male", birthDate = "1950-04-12", nationalId = NewNationalId(), registeredFacilityId = hanoi,
        });
        (await admin.PostAsJsonAsync($"/api/beneficiaries/{resident}/screenings", new { instrument = "PHQ-9", date = today, answers = new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 } }))
            .EnsureSuccessStatusCode();
        var hidden = await App.QueryAsync(db => db.ScreeningResults.Where(x => x.BeneficiaryId == resident).OrderByDescending(x => x.Id).Select(x => x.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{hidden}"))).Status);
    }

    [SkippableFact]
    public async Task Facilities_read_as_locations_and_their_staff_as_practitioners_within_scope()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        using var admin = await App.ClientForAsync("demo.admin");
        var nurse = (await JsonAsync(await admin.PostAsJsonAsync($"/api/facilities/{facility}/staff", new
        {
            fullName = "Lương Thị Điều Dưỡng", profession = "Nurse", practisingCertificateNumber = "001234/QN-CCHN", startDate = "2020-03-01",
        }))).GetProperty("id").GetInt32();
        var outsider = (await JsonAsync(await admin.PostAsJsonAsync($"/api/facilities/{hanoi}/staff", new { fullName = "Phí Văn Hà Nội", profession = "Doctor" })))
            .GetProperty("id").GetInt32();
        var fhir = await FhirAsync("demo.province");

        var place = (await fhir.ReadAsync<Location>($"Location/{facility}"))!;
        Assert.Equal((Location.LocationStatus.Active, $"Organization/{facility}", "si"), (place.Status, place.ManagingOrganization!.Reference, place.PhysicalType!.Coding[0].Code));
        Assert.StartsWith("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh", place.Name, StringComparison.Ordinal);
        Assert.EndsWith("· Công lập", place.Type.Single().Text, StringComparison.Ordinal); // the kind in words, not the Organization's fixed "prov"
        var found = await fhir.SearchAsync<Location>(["name=bao tro xa hoi tinh quang ninh"]);
        Assert.Contains(found!.Entry, e => e.Resource!.Id == facility.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Location>($"Location/{hanoi}"))).Status);

        var practitioner = (await fhir.ReadAsync<Practitioner>($"Practitioner/{nurse}"))!;
        Assert.Equal(("Lương Thị Điều Dưỡng", true, "001234/QN-CCHN"),
            (practitioner.Name.Single().Text, practitioner.Active, practitioner.Qualification.Single().Identifier.Single().Value));
        var role = (await fhir.ReadAsync<PractitionerRole>($"PractitionerRole/{nurse}"))!;
        Assert.Equal(($"Practitioner/{nurse}", $"Organization/{facility}", "nurse"), (role.Practitioner!.Reference, role.Organization!.Reference, role.Code.Single().Coding[0].Code));
        var nurses = await fhir.SearchAsync<PractitionerRole>([$"organization={facility}", "role=nurse"]);
        Assert.Contains(nurses!.Entry, e => e.Resource!.Id == nurse.ToString());
        Assert.All(nurses.Entry, e => Assert.Equal("nurse", ((PractitionerRole)e.Resource!).Code.Single().Coding[0].Code));
        Assert.Contains((await fhir.SearchAsync<Practitioner>(["name=luong thi dieu duong"]))!.Entry, e => e.Resource!.Id == nurse.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Practitioner>($"Practitioner/{outsider}"))).Status);
        Assert.DoesNotContain((await fhir.SearchAsync<Practitioner>(["name=phi van ha noi"]))!.Entry, e => e.Resource!.Id == outsider.ToString());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(practitioner))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"Location/{facility}"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Location>(["near=21|107"]))).Status);
        var unknown = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(new Basic { Code = new CodeableConcept { Text = "x" } }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        // A method a served type does not take is 405 with what it does take, not "no such type".
        using var http = await App.ClientForAsync("demo.province");
        var patch = await http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/fhir/Patient/{facility}"));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET, PUT"), (patch.StatusCode, string.Join(", ", patch.Content.Headers.Allow)));
        var put = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/fhir/Observation"));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET, POST"), (put.StatusCode, string.Join(", ", put.Content.Headers.Allow)));

        // The CapabilityStatement says so.
        var capabilities = (await fhir.CapabilityStatementAsync())!;
        var served = capabilities.Rest.Single().Resource.ToDictionary(r => r.Type!);
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-location", served["Location"].SupportedProfile.Single());
        Assert.All(new[] { "MedicationRequest", "MedicationAdministration", "ServiceRequest", "Practitioner", "PractitionerRole", "Measure", "MeasureReport",
            "CarePlan", "Questionnaire", "QuestionnaireResponse" }, t => Assert.True(served.ContainsKey(t), t));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirCareResourceTests(SqliteAppFactory app) : FhirCareResourceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirCareResourceTests(PostgresAppFactory app) : FhirCareResourceTests(app);
