using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// What AnSinh serves, validated with Firely's validator against R4 (Hl7.Fhir.Specification.Data.R4) and the Viet Nam
/// Core StructureDefinitions in VnCoreIg/: the Patient with its VN Core extensions, the vital-sign Observations
/// against R4's vital-sign profiles they declare, and an Encounter with a diagnosis against vn-core-encounter.
/// </summary>
public abstract class FhirValidationTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var ig = new DirectorySource(Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "VnCoreIg"),
            new DirectorySourceSettings { IncludeSubDirectories = false });
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(ig, ZipSource.CreateValidationSource())));
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

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

        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Where(i => i.Details?.Text?.Contains("uv/ips", StringComparison.Ordinal) != true && i.Diagnostics?.Contains("uv/ips", StringComparison.Ordinal) != true)
            .Where(i => !(i.Details?.Text ?? i.Diagnostics ?? "").Contains("vn-core-condition", StringComparison.Ordinal)
                        && !(i.Details?.Text ?? i.Diagnostics ?? "").Contains("vn-core-patient", StringComparison.Ordinal))
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
        AssertValid(served, "http://hl7.org/fhir/StructureDefinition/Patient");

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
        AssertValid((await fhir.ReadAsync<Condition>($"Condition/{diagnosis.Id}"))!, "http://hl7.org/fhir/StructureDefinition/Condition");
        var visit = (await fhir.ReadAsync<Encounter>(diagnosis.Encounter!.Reference!))!;
        Assert.Equal("http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-encounter", Assert.Single(visit.Meta!.Profile));
        AssertValid(visit, "http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-encounter");

        // The validator does find faults: a reading without its unit code fails R4's bodytemp profile.
        var broken = (await fhir.ReadAsync<Observation>($"Observation/{(await fhir.SearchAsync<Observation>([$"patient={created.Id}", "code=8310-5"]))!.Entry[0].Resource!.Id}"))!;
        ((Quantity)broken.Value!).Code = null;
        Assert.NotEmpty(Errors(broken, "http://hl7.org/fhir/StructureDefinition/bodytemp"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirValidationTests(SqliteAppFactory app) : FhirValidationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirValidationTests(PostgresAppFactory app) : FhirValidationTests(app);
