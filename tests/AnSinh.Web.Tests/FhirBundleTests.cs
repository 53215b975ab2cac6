using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13: transaction Bundles save all or nothing and name the bad entry; batch Bundles answer per entry.</summary>
public abstract class FhirBundleTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string NationalIdSystem = "http://fhir.ehealth.gov.vn/core/sid/national_id";

    /// <summary>A synthetic patient with a temperature and a diagnosis that refer to the patient by its urn:uuid.</summary>
    private static Bundle PatientBundle(string nationalId, string icd = "I10", Bundle.BundleType type = Bundle.BundleType.Transaction)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var bundle = new Bundle { Type = type };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = patientUrl,
            Resource = new Patient
            {
                Name = [new HumanName { Text = "Hồ Văn Gói Tin" }], Gender = AdministrativeGender.Male, BirthDate = "1950-04-12",
                Identifier = [new Identifier(NationalIdSystem, nationalId)],
            },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = new Observation
            {
                Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8310-5"), Subject = new ResourceReference(patientUrl),
                Effective = new FhirDateTime("2025-06-01"), Value = new Quantity(37.2m, "Cel") { System = "http://unitsofmeasure.org", Code = "Cel" },
            },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = new Condition
            {
                Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10", icd), Subject = new ResourceReference(patientUrl), Onset = new FhirDateTime("2025-06-01"),
            },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Condition" },
        });
        return bundle;
    }

    [SkippableFact]
    public async Task A_transaction_bundle_saves_a_patient_with_records_and_one_bad_entry_saves_nothing()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var nationalId = NewNationalId();

        var response = (await fhir.TransactionAsync(PatientBundle(nationalId)))!;
        Assert.Equal(Bundle.BundleType.TransactionResponse, response.Type);
        Assert.All(response.Entry, e => Assert.StartsWith("201", e.Response!.Status));
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == nationalId).Select(b => b.Id).SingleAsync());
        Assert.Equal($"Patient/{person}", ((Observation)response.Entry[1].Resource!).Subject!.Reference);
        Assert.True(await App.QueryAsync(db => db.Observations.AnyAsync(o => o.BeneficiaryId == person && o.Code == "8310-5")));
        Assert.True(await App.QueryAsync(db => db.Conditions.AnyAsync(c => c.BeneficiaryId == person && c.IcdCode == "I10")));

        // The same patient with a code not in the ICD-10 list: nothing is saved, and the outcome names entry 2.
        var other = NewNationalId();
        var counts = await CountsAsync();
        var failed = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.TransactionAsync(PatientBundle(other, icd: "Q99.9X")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Status);
        Assert.Contains("Bundle.entry[2]", failed.Outcome!.Issue[0].Diagnostics);
        Assert.Equal("Bundle.entry[2].resource.code", failed.Outcome.Issue[0].Expression.Single());
        Assert.False(await App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == other)));
        Assert.Equal(counts, await CountsAsync());
    }

    [SkippableFact]
    public async Task A_visit_sent_with_its_diagnoses_and_readings_in_one_bundle_is_one_visit()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var nationalId = NewNationalId();
        var bundle = PatientBundle(nationalId);
        var patientUrl = bundle.Entry[0].FullUrl;
        var visitUrl = $"urn:uuid:{Guid.NewGuid()}";
        bundle.Entry.Insert(1, new Bundle.EntryComponent
        {
            FullUrl = visitUrl,
            Resource = new Encounter
            {
                Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
                Type = [new CodeableConcept { Text = "Khám bệnh" }], Subject = new ResourceReference(patientUrl), Period = new Period { Start = "2025-06-01" },
                ReasonCode = [new CodeableConcept { Text = "Sốt, ho" }],
            },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Encounter" },
        });
        ((Observation)bundle.Entry[2].Resource!).Encounter = new ResourceReference(visitUrl);
        ((Condition)bundle.Entry[3].Resource!).Encounter = new ResourceReference(visitUrl);
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = new Condition { Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10", "J20"), Subject = new ResourceReference(patientUrl), Encounter = new ResourceReference(visitUrl) },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Condition" },
        });

        var response = (await fhir.TransactionAsync(bundle))!;
        Assert.All(response.Entry, e => Assert.StartsWith("201", e.Response!.Status));
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == nationalId).Select(b => b.Id).SingleAsync());
        var visit = await App.QueryAsync(db => db.Encounters.Where(e => e.BeneficiaryId == person).Select(e => e.Id).SingleAsync());
        Assert.Equal(["I10", "J20"], await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == visit).OrderBy(c => c.Id).Select(c => c.IcdCode).ToListAsync()));
        Assert.True(await App.QueryAsync(db => db.Observations.AnyAsync(o => o.EncounterId == visit && o.Code == "8310-5")));
        var served = (await fhir.ReadAsync<Encounter>($"Encounter/{visit}"))!;
        Assert.Equal(["CC", "CM"], served.Diagnosis.Select(d => d.Use!.Coding.Single().Code));

        // The same with the second diagnosis repeating the first's code: nothing is saved, the outcome names that entry.
        var again = NewNationalId();
        var repeated = PatientBundle(again);
        var repeatedVisit = $"urn:uuid:{Guid.NewGuid()}";
        repeated.Entry.Insert(1, new Bundle.EntryComponent
        {
            FullUrl = repeatedVisit, Resource = (Resource)bundle.Entry[1].Resource!.DeepCopy(),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Encounter" },
        });
        ((Encounter)repeated.Entry[1].Resource!).Subject = new ResourceReference(repeated.Entry[0].FullUrl);
        ((Condition)repeated.Entry[3].Resource!).Encounter = new ResourceReference(repeatedVisit);
        var twice = (Condition)repeated.Entry[3].Resource!.DeepCopy();
        repeated.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = twice, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Condition" } });
        var counts = await CountsAsync();
        var failed = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.TransactionAsync(repeated));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Status);
        Assert.Contains("Bundle.entry[4]", failed.Outcome!.Issue[0].Diagnostics);
        Assert.False(await App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == again)));
        Assert.Equal(counts, await CountsAsync());
    }

    [SkippableFact]
    public async Task Everything_returns_the_persons_record_in_one_bundle_within_scope()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var nationalId = NewNationalId();
        await fhir.TransactionAsync(PatientBundle(nationalId));
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == nationalId).Select(b => b.Id).SingleAsync());

        var everything = (Bundle)(await fhir.GetAsync($"Patient/{person}/$everything"))!;
        var types = everything.Entry.Select(e => e.Resource!.TypeName).ToList();
        Assert.Equal(1, types.Count(t => t == "Patient"));
        Assert.Contains("Organization", types);
        Assert.Equal(2, types.Count(t => t == "Encounter")); // the reading's visit and the diagnosis's
        Assert.Equal(1, types.Count(t => t == "Observation"));
        Assert.Equal(1, types.Count(t => t == "Condition"));

        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.GetAsync($"Patient/{outsider}/$everything"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    private Task<(int People, int Encounters, int Observations, int Conditions)> CountsAsync() => App.QueryAsync(async db =>
        (await db.Beneficiaries.CountAsync(), await db.Encounters.CountAsync(), await db.Observations.CountAsync(), await db.Conditions.CountAsync()));

    [SkippableFact]
    public async Task A_batch_bundle_answers_each_entry_on_its_own()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.clinician");
        var nationalId = NewNationalId();
        var bundle = PatientBundle(nationalId, icd: "Q99.9X", type: Bundle.BundleType.Batch);

        var response = (await fhir.TransactionAsync(bundle))!; // posts the Bundle as it is: a batch
        Assert.Equal(Bundle.BundleType.BatchResponse, response.Type);
        Assert.Equal(new[] { "201", "201", "422" }, response.Entry.Select(e => e.Response!.Status![..3]));
        Assert.IsType<OperationOutcome>(response.Entry[2].Response!.Outcome);
        Assert.True(await App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == nationalId)));

        // A value the database could not hold is refused for its entry (422), not a 500 for the whole batch.
        var longAddress = PatientBundle(NewNationalId(), type: Bundle.BundleType.Batch);
        ((Patient)longAddress.Entry[0].Resource!).Address = [new Address { Line = [new string('x', 301)] }];
        var answered = (await fhir.TransactionAsync(longAddress))!;
        Assert.StartsWith("422", answered.Entry[0].Response!.Status);
    }

    [SkippableFact]
    public async Task Bundles_that_are_not_transactions_or_hold_unsupported_entries_are_refused()
    {
        RequireProvider();
        using var http = await App.ClientForAsync("demo.clinician");
        var serializer = new FhirJsonSerializer();
        async Task<HttpStatusCode> PostAsync(Bundle bundle)
        {
            using var content = new StringContent(serializer.SerializeToString(bundle));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
            return (await http.PostAsync("/fhir", content)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(new Bundle { Type = Bundle.BundleType.Collection }));
        var twice = PatientBundle(NewNationalId());
        twice.Entry[1].FullUrl = twice.Entry[0].FullUrl; // a reading that could land on either
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(twice));
        var delete = PatientBundle(NewNationalId());
        delete.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = "Patient/1" } });
        var before = await CountsAsync();
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(delete));
        Assert.Equal(before, await CountsAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirBundleTests(SqliteAppFactory app) : FhirBundleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirBundleTests(PostgresAppFactory app) : FhirBundleTests(app);
