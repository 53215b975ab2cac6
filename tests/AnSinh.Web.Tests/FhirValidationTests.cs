using System.Net.Http.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// What AnSinh serves, validated with Firely's validator against the Viet Nam Core profiles it declares (the IG's
/// files in VnCoreIg, AnSinh's own facility-type extension in data/reference/fhir) on top of R4
/// (Hl7.Fhir.Specification.Data.R4). The IPS profiles (hl7.fhir.uv.ips) some VN Core profiles build on are not in the
/// workspace: each is stood in for by its plain R4 type (IpsStandInSource), so VN Core's own rules are checked and the
/// IPS layer's are not; two of the IG's slicings are read as the HL7 validator reads them (VnCoreProfileSource).
/// </summary>
public abstract class FhirValidationTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly DirectorySource Ig = new(Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "VnCoreIg"),
        new DirectorySourceSettings { IncludeSubDirectories = false });

    private static readonly DirectorySource Own = new(Path.Combine(TestPaths.RepositoryRoot().FullName, "data", "reference", "fhir"),
        new DirectorySourceSettings { IncludeSubDirectories = false });

    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(new VnCoreProfileSource(Ig), Own, ZipSource.CreateValidationSource(), new IpsStandInSource())));
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private const string Core = "http://fhir.ehealth.gov.vn/core/StructureDefinition/";
    private const string R4 = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>Declares the VN Core profile and validates against it.</summary>
    private static void AssertConforms(Resource resource, string vnCoreProfile)
    {
        Assert.Contains(vnCoreProfile, resource.Meta!.Profile);
        AssertValid(resource, vnCoreProfile);
    }

    private static readonly object Gate = new();

    /// <summary>The errors (not warnings) of validating against the profile, the resource's own declared profiles set aside.</summary>
    private static List<string> Errors(Resource resource, string profile)
    {
        var copy = (Resource)resource.DeepCopy();
        copy.Meta = null;
        OperationOutcome outcome;
        // The validator builds snapshots as it goes and that is not safe from two threads at once (the SQLite and
        // PostgreSQL classes run side by side: "Invalid snapshot generator state" in a clean-clone run).
        lock (Gate)
        {
            outcome = Validator.Value.Validate(copy, profile);
        }

        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
    }

    private static void AssertValid(Resource resource, string profile)
    {
        var errors = Errors(resource, profile);
        Assert.True(errors.Count == 0, $"{resource.TypeName} against {profile}:\n{string.Join("\n", errors)}");
    }

    [SkippableFact]
    public async Task What_ansinh_serves_validates_against_r4_and_the_viet_nam_core_profiles()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var code = await App.QueryAsync(db => db.AdminUnits.Where(u => u.Level == AnSinh.Domain.Geography.AdminLevel.Commune && u.ValidTo == null)
            .OrderBy(u => u.Code).Select(u => u.Code).FirstAsync());
        var patient = new Patient
        {
            Name = [new HumanName { Text = "Mạc Văn Hợp Chuẩn" }], Gender = AdministrativeGender.Male, BirthDate = "1950-04-12",
            Identifier =
            [
                new Identifier("http://fhir.ehealth.gov.vn/core/sid/national_id", NewNationalId()),
                new Identifier("http://fhir.ehealth.gov.vn/core/sid/insurance_number", $"BT22{Random.Shared.NextInt64(10_000_000_000, 99_999_999_999)}")
                    { Period = new Period { Start = $"{Today.Year}-01-01", End = $"{Today.Year}-12-31" } },
            ],
            Extension = [new Extension("http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race",
                new CodeableConcept("http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race", "01"))],
        };
        var address = new Address { Use = Address.AddressUse.Home, Line = ["Tổ 1"] };
        address.Extension.Add(new Extension
        {
            Url = "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-administrative-address",
            Extension = [new Extension("ward", new CodeableConcept("http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-administrative-address", code))],
        });
        patient.Address.Add(address);
        var created = (await fhir.CreateAsync(patient))!;
        var served = (await fhir.ReadAsync<Patient>($"Patient/{created.Id}"))!;
        AssertConforms(served, Core + "vn-core-patient");

        foreach (var name in new[] { "body-temperature", "heart-rate", "satO2", "bmi", "blood-pressure" })
        {
            var example = new FhirJsonDeserializer().Deserialize<Observation>(await File.ReadAllTextAsync(
                Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "FhirExamples", $"Observation-{name}.json")));
            example.Id = null;
            example.Subject = new ResourceReference($"Patient/{created.Id}");
            var reading = (await fhir.CreateAsync(example))!;
            var back = (await fhir.ReadAsync<Observation>($"Observation/{reading.Id}"))!;
            AssertValid(back, back.Meta!.Profile.Single()!);
        }

        var diagnosis = (await fhir.CreateAsync(new Condition
        {
            Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10", "I10"), Subject = new ResourceReference($"Patient/{created.Id}"),
            Onset = new FhirDateTime("2025-06-01"),
        }))!;
        var condition = (await fhir.ReadAsync<Condition>($"Condition/{diagnosis.Id}"))!;
        AssertConforms(condition, condition.Meta!.Profile.Single()!);
        AssertConforms((await fhir.ReadAsync<Encounter>(diagnosis.Encounter!.Reference!))!, Core + "vn-core-encounter");
        // A visit with two diagnoses names the first as its main one (CC), the second as comorbid (CM).
        using var clinician = await App.ClientForAsync("demo.clinician");
        var both = (await JsonAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{created.Id}/encounters", new
        {
            kind = "SickVisit", date = Today.AddDays(-1).ToString("yyyy-MM-dd"),
            diagnoses = new[] { new { icdCode = "I10", onsetDate = "2025-06-01" }, new { icdCode = "E11", onsetDate = "2025-06-01" } },
        }))).GetProperty("id").GetInt32();
        var visit = (await fhir.ReadAsync<Encounter>($"Encounter/{both}"))!;
        Assert.Equal(["CC", "CM"], visit.Diagnosis.Select(d => d.Use!.Coding.Single().Code));
        AssertConforms(visit, Core + "vn-core-encounter");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        AssertConforms((await fhir.ReadAsync<Organization>($"Organization/{facility}"))!, Core + "vn-core-provider");

        // The validator does find faults. The IG's rules: a CCCD marked "usual" breaks its identifier slice (the use is
        // fixed to official), a visit ranking its diagnoses breaks the main-diagnosis slice, a facility typed in words
        // breaks the provider's fixed type. R4's: a reading without its unit code fails the bodytemp profile.
        served.Identifier.Single(i => i.System == "http://fhir.ehealth.gov.vn/core/sid/national_id").Use = Identifier.IdentifierUse.Usual;
        Assert.Contains(Errors(served, Core + "vn-core-patient"), e => e.Contains("TheCCCD", StringComparison.Ordinal));
        visit.Diagnosis[0].Rank = 1;
        Assert.Contains(Errors(visit, Core + "vn-core-encounter"), e => e.Contains("rank", StringComparison.Ordinal));
        var worded = (await fhir.ReadAsync<Organization>($"Organization/{facility}"))!;
        worded.Type = [new CodeableConcept { Text = "Cơ sở trợ giúp xã hội · Công lập" }];
        Assert.Contains(Errors(worded, Core + "vn-core-provider"), e => e.Contains("Organization.type", StringComparison.Ordinal));
        var broken = (await fhir.ReadAsync<Observation>($"Observation/{(await fhir.SearchAsync<Observation>([$"patient={created.Id}", "code=8310-5"]))!.Entry[0].Resource!.Id}"))!;
        ((Quantity)broken.Value!).Code = null;
        Assert.NotEmpty(Errors(broken, "http://hl7.org/fhir/StructureDefinition/bodytemp"));
    }

    [SkippableFact]
    public async Task Orders_doses_referrals_places_and_staff_validate_against_their_profiles()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.admin");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        // The demo's own records: orders with doses on the rounds, referrals with and without an outcome, staff.
        var (order, dose, referral, answered, staff) = await App.QueryAsync(async db => (
            await db.MedicationOrders.Where(o => o.FacilityId == facility).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync(),
            await db.MedicationAdministrations.Where(a => a.FacilityId == facility).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(),
            await db.Referrals.Where(r => r.FacilityId == facility && r.Outcome == null).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(),
            await db.Referrals.Where(r => r.FacilityId == facility && r.Outcome != null).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(),
            await db.StaffMembers.Where(s => s.FacilityId == facility).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync()));
        AssertConforms((await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{order}"))!, Core + "vn-core-medication-request");
        AssertConforms((await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{dose}"))!, Core + "vn-core-medication-administration");
        AssertConforms((await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{referral}"))!, Core + "vn-core-service-request");
        AssertConforms((await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{answered}"))!, Core + "vn-core-service-request");
        AssertConforms((await fhir.ReadAsync<Location>($"Location/{facility}"))!, Core + "vn-core-location");
        var card = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.HealthInsuranceNumber != null && b.RegisteredFacilityId == facility).Select(b => b.Id).FirstAsync());
        AssertValid((await fhir.ReadAsync<Coverage>($"Coverage/{card}"))!, R4 + "Coverage");
        // A rehabilitation plan with goals and a screening of a resident, as CarePlan and QuestionnaireResponse; the
        // instruments as Questionnaires; the province's figures as MeasureReports.
        using var admin = await App.ClientForAsync("demo.admin");
        var resident = await App.QueryAsync(db => db.Stays.Where(st => st.FacilityId == facility && st.DischargedOn == null).OrderByDescending(st => st.Id).Select(st => st.BeneficiaryId).FirstAsync());
        var today = Today.ToString("yyyy-MM-dd");
        await admin.PostAsJsonAsync($"/api/beneficiaries/{resident}/rehab-plans", new { startDate = today, goals = new[] { "Tự mặc áo" } });
        (await admin.PostAsJsonAsync($"/api/beneficiaries/{resident}/screenings", new { instrument = "PHQ-9", date = today, answers = new[] { 0, 1, 0, 0, 2, 0, 0, 0, 0 } })).EnsureSuccessStatusCode();
        var carePlan = (CarePlan)(await fhir.SearchAsync<CarePlan>([$"patient={resident}"]))!.Entry.First().Resource!;
        AssertValid(carePlan, R4 + "CarePlan");
        AssertValid((QuestionnaireResponse)(await fhir.SearchAsync<QuestionnaireResponse>([$"patient={resident}"]))!.Entry.Last().Resource!, R4 + "QuestionnaireResponse");
        AssertValid((await fhir.ReadAsync<Questionnaire>("Questionnaire/PHQ-9"))!, R4 + "Questionnaire");
        AssertValid((await fhir.ReadAsync<Measure>("Measure/BEN-PERIODIC"))!, R4 + "Measure");
        AssertValid((MeasureReport)(await fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "measure=BEN-PERIODIC"]))!.Entry.Single().Resource!, R4 + "MeasureReport");
        AssertConforms((await fhir.ReadAsync<Practitioner>($"Practitioner/{staff}"))!, Core + "vn-core-practitioner");
        AssertConforms((await fhir.ReadAsync<PractitionerRole>($"PractitionerRole/{staff}"))!, Core + "vn-core-practitioner-role");
        foreach (var allergy in await App.QueryAsync(db => db.Allergies.Where(a => a.EndReason == null).OrderBy(a => a.Id).Select(a => a.Id).Take(2)
                     .Concat(db.Allergies.Where(a => a.EndReason != null).OrderBy(a => a.Id).Select(a => a.Id).Take(3)).ToListAsync()))
        {
            AssertConforms((await fhir.ReadAsync<AllergyIntolerance>($"AllergyIntolerance/{allergy}"))!, Core + "vn-core-allergy-intolerance");
        }

        // No VN Core profile is declared for vaccinations: vn-core-immunization requires the visit (Immunization.encounter),
        // and AnSinh records a vaccination on its own. R4's.
        var shot = await App.QueryAsync(db => db.Immunizations.OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        AssertValid((await fhir.ReadAsync<Immunization>($"Immunization/{shot}"))!, R4 + "Immunization");

        // The checks bite: a Location without its managing organization lacks what vn-core-location requires (R4's
        // Location would not mind), and a dose without a quantity breaks R4's mad-1.
        var place = (await fhir.ReadAsync<Location>($"Location/{facility}"))!;
        place.ManagingOrganization = null;
        Assert.Contains(Errors(place, Core + "vn-core-location"), e => e.Contains("managingOrganization", StringComparison.Ordinal));
        Assert.Empty(Errors(place, R4 + "Location"));
        var given = (await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{dose}"))!;
        given.Dosage!.Dose = null;
        Assert.Contains(Errors(given, R4 + "MedicationAdministration"), e => e.Contains("mad-1", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Records_struck_out_as_entered_in_error_stay_valid_r4_with_their_note()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client, NewPerson(name: "Mạc Thị Hủy Hợp Chuẩn"));
        var day = Today.AddDays(-1).ToString("yyyy-MM-dd");
        var visit = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = day, observations = new[] { new { code = "8867-4", value = 88m } } }))).GetProperty("id").GetInt32();
        var screening = (await JsonAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "GDS-15", date = day, totalScore = 4 }))).GetProperty("id").GetInt32();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var dose = await App.QueryAsync(db => db.MedicationAdministrations.Where(a => a.FacilityId == facility && a.RetractedAt == null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        foreach (var address in new[] { $"/api/encounters/{visit}/strike-out", $"/api/screenings/{screening}/strike-out", $"/api/administrations/{dose}/retract" })
        {
            (await client.PostAsJsonAsync(address, new { reason = "Ghi nhầm người" })).EnsureSuccessStatusCode();
        }

        var fhir = await FhirAsync("demo.clinician");
        var reading = await App.QueryAsync(db => db.StruckOutReadings.Where(o => o.EncounterId == visit).Select(o => o.Id).SingleAsync());
        foreach (var resource in new Resource[]
                 {
                     (await fhir.ReadAsync<Encounter>($"Encounter/{visit}"))!, (await fhir.ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{screening}"))!,
                     (await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{dose}"))!, (await fhir.ReadAsync<Observation>($"Observation/{reading}"))!,
                 })
        {
            Assert.Equal("entered-in-error", resource.Scalar("status")?.ToString());
            AssertValid(resource, R4 + resource.TypeName);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirValidationTests(SqliteAppFactory app) : FhirValidationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirValidationTests(PostgresAppFactory app) : FhirValidationTests(app);
