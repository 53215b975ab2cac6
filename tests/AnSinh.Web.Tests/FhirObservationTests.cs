using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13: vital signs as FHIR Observations (LOINC, UCUM, R4 vital-sign profiles) through FhirClient, on both providers.</summary>
public abstract class FhirObservationTests(AnSinhAppFactory app) : HttpTestBase(app)
{

    private async Task<int> PersonAsync(string name)
    {
        using var client = await App.ClientForAsync("demo.clinician");
        return await CreatePersonAsync(client, new
        {
            fullName = name, sex = "Male", birthDate = "1950-04-12", nationalId = NewNationalId(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        });
    }

    private static Observation Example(string name, int person)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "FhirExamples", $"Observation-{name}.json");
        var observation = new FhirJsonDeserializer().Deserialize<Observation>(File.ReadAllText(path));
        observation.Id = null;
        observation.Subject = new ResourceReference($"Patient/{person}");
        return observation;
    }

    [SkippableTheory]
    [InlineData("body-temperature", "8310-5", "36.5", "Cel", "1999-07-02")]
    [InlineData("heart-rate", "8867-4", "44", "/min", "1999-07-02")]
    [InlineData("satO2", "59408-5", "95", "%", "2014-12-05")]
    [InlineData("bmi", "39156-5", "16.2", "kg/m2", "1999-07-02")]
    public async Task The_official_vital_sign_examples_are_accepted_and_read_back(string example, string code, string value, string unit, string date)
    {
        RequireProvider();
        var person = await PersonAsync($"Đinh Văn Mẫu {example}");
        var fhir = await FhirAsync("demo.clinician");

        var created = (await fhir.CreateAsync(Example(example, person)))!;
        var back = (await fhir.ReadAsync<Observation>($"Observation/{created.Id}"))!;
        Assert.Contains(back.Code.Coding, c => c.System == "http://loinc.org" && c.Code == code);
        var quantity = (Quantity)back.Value!;
        Assert.Equal((decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit, "http://unitsofmeasure.org"), (quantity.Value!.Value, quantity.Code, quantity.System));
        Assert.Equal(date, ((FhirDateTime)back.Effective!).Value);
        Assert.Equal($"Patient/{person}", back.Subject!.Reference);
        Assert.Equal(ObservationStatus.Final, back.Status);
        Assert.Equal("vital-signs", back.Category[0].Coding[0].Code);
        Assert.StartsWith("http://hl7.org/fhir/StructureDefinition/", Assert.Single(back.Meta!.Profile));

        // Kept as a reading of a visit on that day, which the chart shows.
        Assert.True(await App.QueryAsync(db => db.Observations.AnyAsync(o => o.BeneficiaryId == person && o.Code == code
            && o.Date == DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [SkippableFact]
    public async Task A_blood_pressure_panel_is_kept_as_two_readings_and_served_as_a_panel()
    {
        RequireProvider();
        var person = await PersonAsync("Đinh Văn Huyết Áp");
        var fhir = await FhirAsync("demo.clinician");

        var created = (await fhir.CreateAsync(Example("blood-pressure", person)))!;
        Assert.StartsWith("bp-", created.Id);
        var back = (await fhir.ReadAsync<Observation>($"Observation/{created.Id}"))!;
        Assert.Equal("85354-9", back.Code.Coding[0].Code);
        var values = back.Component.ToDictionary(c => c.Code.Coding[0].Code!, c => ((Quantity)c.Value!).Value);
        Assert.Equal((107m, 60m), (values["8480-6"]!.Value, values["8462-4"]!.Value));
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/bp", Assert.Single(back.Meta!.Profile));

        var panels = (await fhir.SearchAsync<Observation>([$"patient={person}", "code=http://loinc.org|85354-9"]))!;
        Assert.Equal(created.Id, Assert.Single(panels.Entry).Resource!.Id);
        var systolic = (await fhir.SearchAsync<Observation>([$"patient={person}", "code=8480-6"]))!;
        Assert.Equal(107m, ((Quantity)((Observation)Assert.Single(systolic.Entry).Resource!).Value!).Value);
    }

    [SkippableFact]
    public async Task Readings_are_searched_by_patient_code_and_date_sorted_and_include_the_patient()
    {
        RequireProvider();
        var person = await PersonAsync("Đinh Văn Tìm Chỉ Số");
        var fhir = await FhirAsync("demo.clinician");
        foreach (var (day, value) in new[] { ("2024-01-10", 36.6m), ("2024-03-05", 37.9m), ("2025-02-01", 36.8m) })
        {
            var reading = Example("body-temperature", person);
            reading.Effective = new FhirDateTime(day);
            ((Quantity)reading.Value!).Value = value;
            await fhir.CreateAsync(reading);
        }

        var in2024 = (await fhir.SearchAsync<Observation>([$"subject=Patient/{person}", "code=8310-5", "date=ge2024-01-01", "date=le2024-12-31", "_sort=-date"]))!;
        Assert.Equal(2, in2024.Total);
        Assert.Equal(new[] { "2024-03-05", "2024-01-10" }, in2024.Entry.Select(e => ((FhirDateTime)((Observation)e.Resource!).Effective!).Value));

        var withPatient = (await fhir.SearchAsync<Observation>([$"patient={person}", "date=2025-02", "_include=Observation:patient"]))!;
        Assert.Single(withPatient.Entry, e => e.Search!.Mode == Bundle.SearchEntryMode.Match);
        var included = Assert.Single(withPatient.Entry, e => e.Search!.Mode == Bundle.SearchEntryMode.Include);
        Assert.Equal(person.ToString(System.Globalization.CultureInfo.InvariantCulture), included.Resource!.Id);

        var paged = (await fhir.SearchAsync<Observation>([$"patient={person}", "_sort=date"], pageSize: 2))!;
        Assert.Equal(2, paged.Entry.Count);
        var next = (await fhir.ContinueAsync(paged))!;
        Assert.Equal("2025-02-01", ((FhirDateTime)((Observation)Assert.Single(next.Entry).Resource!).Effective!).Value);

        var badDate = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Observation>(["date=10/01/2024"]));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.Status);
        var badSystem = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<Observation>(["code=http://snomed.info/sct|386725007"]));
        Assert.Equal(HttpStatusCode.BadRequest, badSystem.Status);
    }

    [SkippableFact]
    public async Task Bad_readings_are_refused_naming_the_element_and_another_facility_cannot_see_them()
    {
        RequireProvider();
        var person = await PersonAsync("Đinh Văn Sai Chỉ Số");
        var fhir = await FhirAsync("demo.clinician");
        var before = await App.QueryAsync(db => db.Observations.CountAsync(o => o.BeneficiaryId == person));

        async Task<OperationOutcome> RefusedAsync(Observation observation, string expression)
        {
            var e = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(observation));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
            Assert.Contains(e.Outcome!.Issue, i => i.Expression.Contains(expression));
            return e.Outcome;
        }

        var unknownSystem = Example("body-temperature", person);
        unknownSystem.Code = new CodeableConcept("http://example.org/my-codes", "temp");
        Assert.Contains("http://example.org/my-codes", (await RefusedAsync(unknownSystem, "Observation.code")).Issue[0].Diagnostics);
        var fahrenheit = Example("body-temperature", person);
        fahrenheit.Value = new Quantity(97.7m, "[degF]");
        await RefusedAsync(fahrenheit, "Observation.value");
        var implausible = Example("body-temperature", person);
        ((Quantity)implausible.Value!).Value = 60m;
        await RefusedAsync(implausible, "Observation.value");
        var atLeast = Example("body-temperature", person);
        ((Quantity)atLeast.Value!).Comparator = Quantity.QuantityComparator.GreaterThan;
        await RefusedAsync(atLeast, "Observation.value");
        var foreign = Example("body-temperature", person);
        foreign.Subject = new ResourceReference($"http://other.example/fhir/Patient/{person}");
        await RefusedAsync(foreign, "Observation.subject");
        var noDate = Example("body-temperature", person);
        noDate.Effective = null;
        await RefusedAsync(noDate, "Observation.effective");

        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        await RefusedAsync(Example("body-temperature", outsider), "Observation.subject");
        Assert.Equal(before, await App.QueryAsync(db => db.Observations.CountAsync(o => o.BeneficiaryId == person)));

        // A reading the Hà Nội centre recorded is not found from Quảng Ninh, by id or by search.
        var theirs = await App.QueryAsync(db => db.Observations.Where(o => o.BeneficiaryId == outsider).Select(o => o.Id).FirstOrDefaultAsync());
        if (theirs == 0)
        {
            using var admin = await App.ClientForAsync("demo.admin");
            var encounter = await admin.PostAsJsonAsync($"/api/beneficiaries/{outsider}/encounters",
                new { kind = "SickVisit", date = Today.ToString("yyyy-MM-dd"), observations = new[] { new { code = "8867-4", value = 80 } } });
            encounter.EnsureSuccessStatusCode();
            theirs = await App.QueryAsync(db => db.Observations.Where(o => o.BeneficiaryId == outsider).Select(o => o.Id).FirstAsync());
        }

        var hidden = await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<Observation>($"Observation/{theirs}"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal(0, (await fhir.SearchAsync<Observation>([$"patient={outsider}"]))!.Total);
        var national = await FhirAsync("demo.national");
        Assert.Equal(theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), (await national.ReadAsync<Observation>($"Observation/{theirs}"))!.Id);
    }

    [SkippableFact]
    public async Task A_reading_names_its_visit_as_an_encounter_and_an_old_reading_raises_no_alert()
    {
        RequireProvider();
        var person = await PersonAsync("Đinh Văn Lần Khám");
        var fhir = await FhirAsync("demo.clinician");
        var old = Example("blood-pressure", person);
        old.Component[0].Value = new Quantity(200m, "mm[Hg]") { System = "http://unitsofmeasure.org", Code = "mm[Hg]" };
        old.Component[1].Value = new Quantity(120m, "mm[Hg]") { System = "http://unitsofmeasure.org", Code = "mm[Hg]" };
        var created = (await fhir.CreateAsync(old))!;

        var encounter = (await fhir.ReadAsync<Encounter>(created.Encounter!.Reference!))!;
        Assert.Equal(($"Patient/{person}", "2012-09-17"), (encounter.Subject!.Reference, encounter.Period!.Start));
        Assert.StartsWith("Organization/", encounter.ServiceProvider!.Reference);
        Assert.Equal(encounter.Id, Assert.Single((await fhir.SearchAsync<Encounter>([$"patient={person}", "date=2012"]))!.Entry).Resource!.Id);
        // 200/120 in 2012 is history: nothing on today's worklist.
        Assert.False(await App.QueryAsync(db => db.Alerts.AnyAsync(a => a.BeneficiaryId == person)));

        using var http = await App.ClientForAsync("demo.clinician");
        var location = (await http.PostAsync("/fhir/Observation", new StringContent(
            new FhirJsonSerializer().SerializeToString(Example("heart-rate", person)), System.Text.Encoding.UTF8, "application/fhir+json"))).Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(location)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirObservationTests(SqliteAppFactory app) : FhirObservationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirObservationTests(PostgresAppFactory app) : FhirObservationTests(app);
