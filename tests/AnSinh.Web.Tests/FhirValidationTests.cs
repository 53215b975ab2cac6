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
/// What AnSinh serves, validated with Firely's validator against R4 (Hl7.Fhir.Specification.Data.R4), with the Viet Nam
/// Core extensions it uses, and checked against each declared VN Core profile's own requirements (the elements its
/// differential makes required). The VN Core profiles themselves cannot be compiled here: every one of them reaches,
/// directly or through a reference's target profile, a profile built on the IPS IG (hl7.fhir.uv.ips), which is not in
/// the workspace (VnCoreIg/SOURCE.md).
/// </summary>
public abstract class FhirValidationTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly DirectorySource Ig = new(Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "VnCoreIg"),
        new DirectorySourceSettings { IncludeSubDirectories = false });

    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(Ig, ZipSource.CreateValidationSource())));
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private const string Core = "http://fhir.ehealth.gov.vn/core/StructureDefinition/";
    private const string R4 = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>
    /// The elements a VN Core profile's differential requires (min ≥ 1, outside slices) that the resource lacks; a
    /// required child of an optional element counts only where that element is present.
    /// </summary>
    private static async Task<List<string>> MissingRequiredAsync(Resource resource, string profile)
    {
        var definition = Assert.IsType<StructureDefinition>(await Ig.ResolveByCanonicalUriAsync(profile));
        var missing = new List<string>();
        foreach (var element in definition.Differential!.Element.Where(e => e.Min >= 1 && e.ElementId?.Contains(':') != true && e.Path!.Contains('.')))
        {
            var path = element.Path!.Replace("[x]", "", StringComparison.Ordinal);
            var parent = path[..path.LastIndexOf('.')];
            if ((!parent.Contains('.') || resource.Select(parent).Any()) && !resource.Select(path).Any())
            {
                missing.Add(element.Path);
            }
        }

        return missing;
    }

    /// <summary>Valid R4 (the base profile, with the extensions), and nothing the declared VN Core profile requires is missing.</summary>
    private static async Task AssertConformsAsync(Resource resource, string vnCoreProfile)
    {
        Assert.Contains(vnCoreProfile, resource.Meta!.Profile);
        Assert.Empty(await MissingRequiredAsync(resource, vnCoreProfile));
        var copy = (Resource)resource.DeepCopy();
        copy.Meta = null;
        AssertValid(copy, R4 + resource.TypeName);
    }

    /// <summary>The errors (not warnings) of validating against the profile; the IPS-based profiles AnSinh declares cannot be resolved here.</summary>
    private static readonly object Gate = new();

    private static List<string> Errors(Resource resource, string profile)
    {
        OperationOutcome outcome;
        // The validator builds snapshots as it goes and that is not safe from two threads at once (the SQLite and
        // PostgreSQL classes run side by side: "Invalid snapshot generator state" in a clean-clone run).
        lock (Gate)
        {
            outcome = Validator.Value.Validate(resource, profile);
        }

        // Set aside: only that a profile the resource declares (not the one asked for) cannot be compiled here.
        var asked = $"Unable to resolve reference to profile '{profile}'";
        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => (Issue: i, Text: i.Details?.Text ?? i.Diagnostics ?? ""))
            .Where(x => x.Text.Contains(asked, StringComparison.Ordinal) || !(x.Text.Contains("uv/ips", StringComparison.Ordinal)
                || x.Text.Contains("vn-core-condition", StringComparison.Ordinal) || x.Text.Contains("vn-core-patient", StringComparison.Ordinal)))
            .Select(x => $"{string.Join(",", x.Issue.Expression)}: {x.Text}")
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
            Identifier = [new Identifier("http://fhir.ehealth.gov.vn/core/sid/national_id", NewNationalId())],
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
        await AssertConformsAsync(served, Core + "vn-core-patient");

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
        await AssertConformsAsync(condition, condition.Meta!.Profile.Single()!);
        var visit = (await fhir.ReadAsync<Encounter>(diagnosis.Encounter!.Reference!))!;
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-encounter", Assert.Single(visit.Meta!.Profile));
        await AssertConformsAsync(visit, Core + "vn-core-encounter");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        await AssertConformsAsync((await fhir.ReadAsync<Organization>($"Organization/{facility}"))!, Core + "vn-core-provider");

        // The validator does find faults: a reading without its unit code fails R4's bodytemp profile.
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
        await AssertConformsAsync((await fhir.ReadAsync<MedicationRequest>($"MedicationRequest/{order}"))!, Core + "vn-core-medication-request");
        await AssertConformsAsync((await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{dose}"))!, Core + "vn-core-medication-administration");
        await AssertConformsAsync((await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{referral}"))!, Core + "vn-core-service-request");
        await AssertConformsAsync((await fhir.ReadAsync<ServiceRequest>($"ServiceRequest/{answered}"))!, Core + "vn-core-service-request");
        await AssertConformsAsync((await fhir.ReadAsync<Location>($"Location/{facility}"))!, Core + "vn-core-location");
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
        // No VN Core profile is declared for staff (the IG's are IPS-based): R4's.
        AssertValid((await fhir.ReadAsync<Practitioner>($"Practitioner/{staff}"))!, R4 + "Practitioner");
        AssertValid((await fhir.ReadAsync<PractitionerRole>($"PractitionerRole/{staff}"))!, R4 + "PractitionerRole");

        // The checks bite: a Location without its managing organization lacks what vn-core-location requires (R4's
        // Location would not mind), and a dose without a quantity breaks R4's mad-1.
        var place = (await fhir.ReadAsync<Location>($"Location/{facility}"))!;
        place.ManagingOrganization = null;
        Assert.Equal(["Location.managingOrganization"], await MissingRequiredAsync(place, Core + "vn-core-location"));
        var given = (await fhir.ReadAsync<MedicationAdministration>($"MedicationAdministration/{dose}"))!;
        given.Meta = null;
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
            var copy = (Resource)resource.DeepCopy();
            copy.Meta = null;
            AssertValid(copy, R4 + resource.TypeName);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirValidationTests(SqliteAppFactory app) : FhirValidationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirValidationTests(PostgresAppFactory app) : FhirValidationTests(app);
