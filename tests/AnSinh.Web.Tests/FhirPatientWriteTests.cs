using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13: Patient create, conditional create, update with a version, vread, delete refused, and bad input, with FhirClient.</summary>
public abstract class FhirPatientWriteTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string NationalIdSystem = "http://fhir.ehealth.gov.vn/core/sid/national_id";
    private const string RaceExtension = "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race";
    private const string AddressExtension = "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-administrative-address";
    private const string AddressSystem = "http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-administrative-address";


    private async Task<(string Code, string Name)> CommuneAsync() => await App.QueryAsync(db => db.AdminUnits
        .Where(u => u.Level == AnSinh.Domain.Geography.AdminLevel.Commune && u.ValidTo == null && u.ProvinceCode == "22")
        .OrderBy(u => u.Code).Select(u => new ValueTuple<string, string>(u.Code, u.Name)).FirstAsync());

    private static Patient NewPatient(string name, string nationalId, string? communeCode = null)
    {
        var patient = new Patient
        {
            Name = [new HumanName { Use = HumanName.NameUse.Official, Text = name }],
            Gender = AdministrativeGender.Male,
            BirthDate = "1950-04-12",
            Identifier = [new Identifier(NationalIdSystem, nationalId), new Identifier("urn:oid:1.2.36.146.595.217.0.1", "12345")],
            Extension = [new Extension(RaceExtension, new CodeableConcept("http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race", "01"))],
        };
        if (communeCode is not null)
        {
            var address = new Address { Use = Address.AddressUse.Home, Line = ["Tổ 3, khu 5"] };
            address.Extension.Add(new Extension { Url = AddressExtension, Extension = [new Extension("ward", new CodeableConcept(AddressSystem, communeCode))] });
            patient.Address.Add(address);
        }

        return patient;
    }

    [SkippableFact]
    public async Task A_client_creates_a_patient_once_then_updates_it_with_the_version_it_read()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var nationalId = NewNationalId();
        var (communeCode, communeName) = await CommuneAsync();

        var created = (await fhir.CreateAsync(NewPatient("Lò Văn Kết Nối", nationalId, communeCode)))!;
        Assert.NotNull(created.Id);
        var read = (await fhir.ReadAsync<Patient>($"Patient/{created.Id}"))!;
        Assert.Equal(("Lò", "Văn Kết Nối"), (read.Name[0].Family, string.Join(' ', read.Name[0].Given)));
        Assert.Equal(nationalId, read.Identifier.Single(i => i.System == NationalIdSystem).Value);
        Assert.DoesNotContain(read.Identifier, i => i.System == "urn:oid:1.2.36.146.595.217.0.1"); // not kept, as docs/api.md says
        var ward = (CodeableConcept)read.Address[0].GetExtension(AddressExtension)!.GetExtension("ward")!.Value!;
        Assert.Equal((communeCode, communeName), (ward.Coding[0].Code, ward.Coding[0].Display));
        Assert.Equal("Tổ 3, khu 5", read.Address[0].Line.Single());
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        Assert.Equal($"Organization/{facility}", read.ManagingOrganization!.Reference); // the clinician's own centre

        // The same person sent again with If-None-Exist on the CCCD is found, not registered twice.
        var again = (await fhir.ConditionalCreateAsync(NewPatient("Lò Văn Kết Nối", nationalId), new SearchParams().Add("identifier", $"{NationalIdSystem}|{nationalId}")))!;
        Assert.Equal(created.Id, again.Id);
        Assert.Equal(1, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.NationalId == nationalId)));

        // Last updated when registered; a sync asking for what changed after that does not get the person yet.
        var registered = read.Meta!.LastUpdated!.Value;
        Assert.InRange(registered, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var afterRegistration = Instant(registered.AddMilliseconds(1));
        Assert.Equal(0, (await fhir.SearchAsync<Patient>([$"_id={created.Id}", $"_lastUpdated=ge{afterRegistration}"]))!.Total);
        Assert.Equal(1, (await fhir.SearchAsync<Patient>([$"_id={created.Id}", $"_lastUpdated=lt{afterRegistration}"]))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(
            () => fhir.SearchAsync<Patient>([$"_id={created.Id}", "_lastUpdated=hôm qua"]))).Status);

        // An update carries the version read; the name changes and the version moves on.
        read.Name[0] = new HumanName { Use = HumanName.NameUse.Official, Family = "Lò", Given = ["Văn", "Đã", "Sửa"] };
        var updated = (await fhir.UpdateAsync(read, versionAware: true))!;
        Assert.Equal("Lò Văn Đã Sửa", updated.Name[0].Text);
        Assert.NotEqual(read.Meta!.VersionId, updated.Meta!.VersionId);
        // The edit is its last change: now the sync gets the person, with the edit's time.
        Assert.True(updated.Meta.LastUpdated > registered);
        var changed = Assert.Single((await fhir.SearchAsync<Patient>([$"_id={created.Id}", $"_lastUpdated=ge{afterRegistration}"]))!.Entry);
        Assert.InRange((changed.Resource!.Meta!.LastUpdated!.Value - updated.Meta.LastUpdated!.Value).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        var vread = (await fhir.ReadAsync<Patient>($"Patient/{created.Id}/_history/{updated.Meta.VersionId}"))!;
        Assert.Equal("Lò Văn Đã Sửa", vread.Name[0].Text);
        var history = (await fhir.HistoryAsync($"Patient/{created.Id}"))!;
        Assert.Equal(updated.Meta.VersionId, Assert.Single(history.Entry).Resource!.Meta!.VersionId);

        // The version read before is stale now: refused, nothing changed.
        read.Name[0] = new HumanName { Text = "Lò Văn Ghi Đè" };
        var stale = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(read, versionAware: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("Lò Văn Đã Sửa", (await fhir.ReadAsync<Patient>($"Patient/{created.Id}"))!.Name[0].Text);

        var delete = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.DeleteAsync($"Patient/{created.Id}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.Status);
        Assert.True(await App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == nationalId)));
    }

    [SkippableFact]
    public async Task An_update_keeps_the_categories_and_contacts_a_patient_does_not_carry()
    {
        RequireProvider();
        using var api = await App.ClientForAsync("demo.clinician");
        var id = await CreatePersonAsync(api, new
        {
            fullName = "Hà Thị Giữ Nguyên", sex = "Female", birthDate = "1940-02-03", nationalId = (string?)null,
            categories = new[] { new { kind = "Elderly", from = "2000-02-03" } },
            contacts = new[] { new { fullName = "Hà Văn Con", relationship = "Con", phone = "0912345678", isGuardian = true } },
        });
        var fhir = await FhirAsync("demo.clinician");
        var patient = (await fhir.ReadAsync<Patient>($"Patient/{id}"))!;
        patient.BirthDate = "1940-02-04";
        await fhir.UpdateAsync(patient, versionAware: true);

        var (birth, categories, contacts) = await App.QueryAsync(async db =>
        {
            var b = await db.Beneficiaries.Include(x => x.Categories).Include(x => x.Contacts).SingleAsync(x => x.Id == id);
            return (b.BirthDate, b.Categories.Count, b.Contacts.Count);
        });
        Assert.Equal((new DateOnly(1940, 2, 4), 1, 1), (birth, categories, contacts));
    }

    [SkippableFact]
    public async Task The_official_patient_example_is_accepted_and_round_trips_what_ansinh_keeps()
    {
        RequireProvider();
        var json = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "FhirExamples", "Patient-example.json"));
        var example = new FhirJsonDeserializer().Deserialize<Patient>(json);
        example.Id = null;
        var fhir = await FhirAsync("demo.clinician");

        var created = (await fhir.CreateAsync(example))!;
        var back = (await fhir.ReadAsync<Patient>($"Patient/{created.Id}"))!;
        Assert.Equal(("Chalmers", "Peter James"), (back.Name[0].Family, string.Join(' ', back.Name[0].Given)));
        Assert.Equal((example.Gender, example.BirthDate), (back.Gender, back.BirthDate));
        Assert.Equal(example.Address[0].Line, back.Address[0].Line);
        Assert.Equal(HumanName.NameUse.Official, back.Name[0].Use);
    }

    [SkippableFact]
    public async Task Bad_patients_are_refused_with_an_operation_outcome_that_says_where_and_nothing_is_saved()
    {
        RequireProvider();
        using var http = await App.ClientForAsync("demo.clinician");
        var before = await App.QueryAsync(db => db.Beneficiaries.CountAsync());

        async Task<(HttpStatusCode Status, OperationOutcome Outcome)> PostAsync(string body, string type = "application/fhir+json", string path = "/fhir/Patient")
        {
            using var content = new StringContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            var response = await http.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, new FhirJsonDeserializer().Deserialize<OperationOutcome>(text));
        }

        var malformed = await PostAsync("{\"resourceType\": \"Patient\", \"name\": [");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        var badXml = await PostAsync("<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"male\"", "application/fhir+xml");
        Assert.Equal(HttpStatusCode.BadRequest, badXml.Status);
        var wrongType = await PostAsync("{\"resourceType\": \"Observation\", \"status\": \"final\", \"code\": {\"text\": \"x\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("không nhận Observation", wrongType.Outcome.Issue[0].Diagnostics);
        var unknownElement = await PostAsync("{\"resourceType\": \"Patient\", \"colour\": \"blue\"}");
        Assert.Equal(HttpStatusCode.BadRequest, unknownElement.Status);
        Assert.Contains(unknownElement.Outcome.Issue, i => i.Diagnostics?.Contains("colour", StringComparison.Ordinal) == true);

        // A CCCD that does not fit the birth year, and a partial birth date: 422, each issue naming the element.
        var serializer = new FhirJsonSerializer();
        var badId = NewPatient("Phạm Văn Sai Số", "022099000001");
        var invalid = await PostAsync(serializer.SerializeToString(badId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.Contains(invalid.Outcome.Issue, i => i.Expression.Single() == $"Patient.identifier.where(system='{NationalIdSystem}')");
        var partial = NewPatient("Phạm Văn Thiếu Ngày", NewNationalId());
        partial.BirthDate = "1950";
        var partialDate = await PostAsync(serializer.SerializeToString(partial));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, partialDate.Status);
        Assert.Equal("Patient.birthDate", partialDate.Outcome.Issue[0].Expression.Single());
        var noCommune = await PostAsync(serializer.SerializeToString(NewPatient("Phạm Văn Không Xã", NewNationalId(), "99999")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCommune.Status);
        Assert.Contains("99999", noCommune.Outcome.Issue[0].Diagnostics);

        // An array, a bare value, an unknown media type, and XML nested past any real resource (it once overflowed the stack).
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("[{\"resourceType\": \"Patient\"}]")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("42")).Status);
        using (var plain = new StringContent("{\"resourceType\": \"Patient\"}"))
        {
            plain.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync("/fhir/Patient", plain)).StatusCode);
        }

        var nested = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<extension url=\"http://x\">", 20_000))
            + string.Concat(Enumerable.Repeat("</extension>", 20_000)) + "</Patient>";
        var deep = await PostAsync(nested, "application/fhir+xml");
        Assert.Equal(HttpStatusCode.BadRequest, deep.Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/fhir/metadata")).StatusCode); // still up
        var inactive = NewPatient("Phạm Văn Ngừng", NewNationalId());
        inactive.Active = false;
        Assert.Equal("Patient.active", (await PostAsync(serializer.SerializeToString(inactive))).Outcome.Issue[0].Expression.Single());
        var otherCentre = NewPatient("Phạm Văn Cơ Sở Khác", NewNationalId());
        otherCentre.ManagingOrganization = new ResourceReference($"Organization/{await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội")}");
        Assert.Equal("Patient.managingOrganization", (await PostAsync(serializer.SerializeToString(otherCentre))).Outcome.Issue[0].Expression.Single());

        // A body past the limit is refused before it is read.
        var huge = await PostAsync("{\"resourceType\": \"Patient\", \"name\": [{\"text\": \"" + new string('a', 6 * 1024 * 1024) + "\"}]}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);

        // An update whose id differs from the address, and one with no version at all.
        var someone = NewPatient("Phạm Văn Khác Số", NewNationalId());
        someone.Id = "999999";
        using (var content = new StringContent(serializer.SerializeToString(someone)))
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PutAsync("/fhir/Patient/1", content)).StatusCode);
        }

        Assert.Equal(before, await App.QueryAsync(db => db.Beneficiaries.CountAsync()));
    }

    [SkippableFact]
    public async Task A_client_cannot_update_a_patient_outside_its_scope_nor_register_a_cccd_twice()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.NationalId != null && b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null))
            .OrderBy(b => b.Id).Select(b => new { b.Id, b.NationalId, b.BirthDate, b.Sex }).FirstAsync());
        var fhir = await FhirAsync("demo.clinician");
        var patient = NewPatient("Người Ngoài Phạm Vi", NewNationalId());
        patient.Id = outsider.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        patient.Meta = new Meta { VersionId = "1" };
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(patient));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);

        // The CCCD is registered at another centre: the conditional create cannot see it, and the create says where to ask.
        var same = NewPatient("Người Trùng Số", outsider.NationalId!);
        same.BirthDate = outsider.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        same.Gender = outsider.Sex == AnSinh.Domain.Identity.Sex.Female ? AdministrativeGender.Female : AdministrativeGender.Male;
        var twice = await Assert.ThrowsAsync<FhirOperationException>(() =>
            fhir.ConditionalCreateAsync(same, new SearchParams().Add("identifier", $"{NationalIdSystem}|{outsider.NationalId}")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.Status);
        Assert.Contains("đã được đăng ký", twice.Outcome!.Issue[0].Diagnostics);
    }

    [SkippableFact]
    public async Task Conditional_creates_on_one_card_at_once_make_one_record_and_a_card_held_elsewhere_makes_none()
    {
        RequireProvider();
        const string CardSystem = "http://fhir.ehealth.gov.vn/core/sid/insurance_number";
        var card = $"BT22{Random.Shared.NextInt64(10_000_000_000, 99_999_999_999)}";
        var fhir = await FhirAsync("demo.clinician");
        var attempts = Enumerable.Range(0, 4).Select(async i =>
        {
            var patient = NewPatient("Đỗ Văn Cùng Thẻ", NewNationalId());
            patient.Identifier.RemoveAll(x => x.System == NationalIdSystem);
            patient.Identifier.Add(new Identifier(CardSystem, card) { Period = new Period { Start = $"{Today.Year}-01-01", End = $"{Today.Year}-12-31" } });
            return (await fhir.ConditionalCreateAsync(patient, new SearchParams().Add("identifier", $"{CardSystem}|{card}")))!.Id;
        });
        var ids = await Task.WhenAll(attempts);
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.HealthInsuranceNumber == card)));

        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.HealthInsuranceNumber != null && b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null))
            .OrderBy(b => b.Id).Select(b => b.HealthInsuranceNumber!).FirstAsync());
        var copy = NewPatient("Đỗ Văn Thẻ Nơi Khác", NewNationalId());
        copy.Identifier.Add(new Identifier(CardSystem, outsider) { Period = new Period { Start = $"{Today.Year}-01-01", End = $"{Today.Year}-12-31" } });
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ConditionalCreateAsync(copy, new SearchParams().Add("identifier", $"{CardSystem}|{outsider}")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(1, await App.QueryAsync(db => db.Beneficiaries.CountAsync(b => b.HealthInsuranceNumber == outsider)));
    }

    [SkippableFact]
    public async Task Repeated_search_values_must_all_match_and_commas_offer_alternatives()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var first = (await fhir.CreateAsync(NewPatient("Tạ Văn Giáp Ất", NewNationalId())))!.Id;
        var second = (await fhir.CreateAsync(NewPatient("Tạ Văn Bính Đinh", NewNationalId())))!.Id;

        var either = (await fhir.SearchAsync<Patient>(["name=giap at,binh dinh"]))!;
        Assert.Equal(new[] { first, second }.Order(), either.Entry.Select(e => e.Resource!.Id).Order());
        var both = (await fhir.SearchAsync<Patient>(["name=ta van", "name=giap at"]))!;
        Assert.Equal(first, Assert.Single(both.Entry).Resource!.Id);
        Assert.Equal(0, (await fhir.SearchAsync<Patient>([$"_id={first}", $"_id={second}"]))!.Total);
        var countOnly = (await fhir.SearchAsync<Patient>(["name=giap at,binh dinh", "_summary=count"]))!;
        Assert.Equal((2, 0), (countOnly.Total!.Value, countOnly.Entry.Count));

        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/fhir/metadata")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirPatientWriteTests(SqliteAppFactory app) : FhirPatientWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirPatientWriteTests(PostgresAppFactory app) : FhirPatientWriteTests(app);
