using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13, a first slice: /fhir/metadata and Patient read and search, through Firely's FhirClient, on both providers.</summary>
public abstract class FhirPatientTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string NationalIdSystem = "http://fhir.ehealth.gov.vn/core/sid/national_id";


    private async Task<(int Id, string NationalId)> PersonAsync(string name)
    {
        using var client = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        var id = await CreatePersonAsync(client, new
        {
            fullName = name, sex = "Male", birthDate = "1950-04-12", nationalId, ethnicityCode = "01",
            healthInsuranceNumber = "BT2221234567890", healthInsuranceValidFrom = $"{Today.Year}-01-01", healthInsuranceValidTo = $"{Today.Year}-12-31",
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
        return (id, nationalId);
    }

    [SkippableFact]
    public async Task A_patient_reads_as_a_viet_nam_core_patient_in_json_and_xml()
    {
        RequireProvider();
        var (id, nationalId) = await PersonAsync("Trương Văn Liên Thông");
        foreach (var format in new[] { ResourceFormat.Json, ResourceFormat.Xml })
        {
            var fhir = await FhirAsync("demo.clinician", format);
            var patient = await fhir.ReadAsync<Patient>($"Patient/{id}");
            Assert.NotNull(patient);
            Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-patient", Assert.Single(patient.Meta!.Profile));
            Assert.Equal(nationalId, patient.Identifier.Single(i => i.System == NationalIdSystem).Value);
            Assert.Equal("BT2221234567890", patient.Identifier.Single(i => i.System == "http://fhir.ehealth.gov.vn/core/sid/insurance_number").Value);
            Assert.Equal(("Trương", "Văn Liên Thông"), (patient.Name[0].Family, string.Join(' ', patient.Name[0].Given)));
            Assert.Equal((AdministrativeGender.Male, "1950-04-12"), (patient.Gender, patient.BirthDate));
            var race = (CodeableConcept)patient.GetExtension("http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race")!.Value!;
            Assert.Equal(("http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race", "01"), (race.Coding[0].System, race.Coding[0].Code));
        }

        var capabilities = (await (await FhirAsync("demo.clinician")).CapabilityStatementAsync())!;
        Assert.Equal(FHIRVersion.N4_0_1, capabilities.FhirVersion);
        Assert.Contains(capabilities.Rest[0].Resource, r => r.Type == "Patient");
    }

    [SkippableFact]
    public async Task Patients_are_found_by_identifier_and_by_name_without_diacritics_page_by_page()
    {
        RequireProvider();
        var (id, nationalId) = await PersonAsync("Quách Văn Tìm Kiếm");
        await PersonAsync("Quách Văn Tìm Kiếm Em");
        var fhir = await FhirAsync("demo.clinician");

        var byCccd = await fhir.SearchAsync<Patient>([$"identifier={NationalIdSystem}|{nationalId}"]);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(byCccd!.Entry).Resource!.Id);

        var byName = await fhir.SearchAsync<Patient>(["name=quach van tim kiem"], pageSize: 1);
        Assert.True(byName!.Total >= 2);
        Assert.Single(byName.Entry);
        var next = await fhir.ContinueAsync(byName);
        Assert.NotNull(next);
        Assert.NotEqual(byName.Entry[0].Resource!.Id, next!.Entry[0].Resource!.Id);

        var born = await fhir.SearchAsync<Patient>(["birthdate=eq1950-04-12", "name=Quách Văn Tìm"]);
        Assert.Contains(born!.Entry, e => e.Resource!.Id == id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The same searches by POST (_search, the parameters as a form: a CCCD kept out of the address), with the same answers.
        var posted = await fhir.SearchUsingPostAsync<Patient>([$"identifier={NationalIdSystem}|{nationalId}"]);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(posted!.Entry).Resource!.Id);
        Assert.Equal(byName.Total, (await fhir.SearchUsingPostAsync<Patient>(["name=quach van tim kiem"]))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchUsingPostAsync<Patient>(["gender=female"]))).Status);
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "record.search" && e.Detail != null && e.Detail.Contains(nationalId)))); // the GET and the POST
        // Scoped like the GET: another facility's resident is not found by POST either.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        Assert.Equal(0, (await fhir.SearchUsingPostAsync<Patient>([$"_id={outsider}"]))!.Total);
        Assert.Equal(1, (await (await FhirAsync("demo.admin")).SearchUsingPostAsync<Patient>([$"_id={outsider}"]))!.Total);

        // A body that is not a form is refused as such (415), a form too large to read is a 400, both as OperationOutcomes;
        // no one is read a body before signing in (401); the ends of the calendar are no error.
        using var http = await App.ClientForAsync("demo.clinician");
        var json = await http.PostAsync("/fhir/Patient/_search", new StringContent("{\"name\":\"an\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("OperationOutcome", (await json.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("resourceType").GetString());
        var many = new FormUrlEncodedContent(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("name", $"a{i}")));
        var tooMany = await http.PostAsync("/fhir/Patient/_search", many);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("OperationOutcome", (await tooMany.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("resourceType").GetString());
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/fhir/Patient/_search",
            new FormUrlEncodedContent(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("name", $"a{i}"))))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/fhir/Patient/_search?_id={id}", null)).StatusCode); // the address alone
        Assert.Equal(1, (await fhir.SearchAsync<Patient>([$"_id={id}", "_lastUpdated=ge0001-01-01"]))!.Total);
        Assert.Equal(0, (await fhir.SearchAsync<Patient>([$"_id={id}", "_lastUpdated=gt9999"]))!.Total);
        Assert.Equal(1, (await fhir.SearchAsync<Patient>([$"_id={id}", "_lastUpdated=le9999-12-31"]))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(
            () => fhir.SearchAsync<Patient>([$"_id={id}", "_lastUpdated=le0001-01-01T00:00:00+07:00"]))).Status);
    }

    [SkippableFact]
    public async Task Facilities_read_as_viet_nam_core_organizations_within_scope()
    {
        RequireProvider();
        var own = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var fhir = await FhirAsync("demo.clinician");
        var organization = (await fhir.ReadAsync<Organization>($"Organization/{own}"))!;
        Assert.Equal(("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh", true), (organization.Name, organization.Active));
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-provider", Assert.Single(organization.Meta!.Profile));
        var outside = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Organization>($"Organization/{hanoi}"));
        Assert.Equal(HttpStatusCode.NotFound, outside.Status);

        // The province officer finds it by a name typed without diacritics; the clinician's search holds only its own centre.
        var province = await FhirAsync("demo.province");
        var found = (await province.SearchAsync<Organization>(["name=bao tro xa hoi tinh quang ninh"]))!;
        Assert.Contains(found.Entry, e => e.Resource!.Id == own.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var mine = (await fhir.SearchAsync<Organization>())!;
        Assert.Equal(own.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(mine.Entry).Resource!.Id);
    }

    [SkippableFact]
    public async Task Errors_are_operation_outcomes_and_another_facilitys_patient_is_not_found()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => System.Threading.Tasks.Task.FromResult(db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).First()));
        var fhir = await FhirAsync("demo.clinician");
        var missing = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Patient>($"Patient/{outsider}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("không thuộc phạm vi", missing.Outcome!.Issue[0].Diagnostics);

        var unknown = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Patient>(["gender=female"]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("gender", unknown.Outcome!.Issue[0].Diagnostics);
        var badDate = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Patient>(["birthdate=12/04/1950"]));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.Status);

        using var anonymous = App.CreateClient();
        var refused = await anonymous.GetAsync("/fhir/Patient/1");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("OperationOutcome", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("resourceType").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirPatientTests(SqliteAppFactory app) : FhirPatientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirPatientTests(PostgresAppFactory app) : FhirPatientTests(app);
