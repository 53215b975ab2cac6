using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13, item 5: a FHIR transaction Bundle from a file on /imports goes through the same processor as POST /fhir:
/// one bad entry saves nothing and is named; check-only saves nothing; a batch or a spreadsheet is refused.
/// </summary>
public abstract class BundleFileImportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static byte[] Json(Bundle bundle) =>
        System.Text.Encoding.UTF8.GetBytes(FhirSerializationEngineFactory.Strict(ModelInfo.ModelInspector).SerializeToJson(bundle));

    private static Bundle Record(string nationalId, DateOnly doseDay, Bundle.BundleType type = Bundle.BundleType.Transaction)
    {
        var bundle = new Bundle { Type = type };
        const string patient = "urn:uuid:9a1c2e40-0000-4000-8000-000000000001";
        bundle.AddResourceEntry(new Patient
        {
            Identifier = [new Identifier("http://fhir.ehealth.gov.vn/core/sid/national_id", nationalId)],
            Name = [new HumanName { Text = "Hồ Văn Tệp Bundle" }], Gender = AdministrativeGender.Male, BirthDate = "1950-04-12",
        }, patient).Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" };
        bundle.AddResourceEntry(new AllergyIntolerance
        {
            Patient = new ResourceReference(patient), Code = new CodeableConcept { Text = "Cephalexin" }, Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.High,
        }, "urn:uuid:9a1c2e40-0000-4000-8000-000000000002").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "AllergyIntolerance" };
        bundle.AddResourceEntry(new Immunization
        {
            Status = Immunization.ImmunizationStatusCodes.Completed, Patient = new ResourceReference(patient),
            VaccineCode = new CodeableConcept { Text = "Vắc xin cúm" }, Occurrence = new FhirDateTime(doseDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        }, "urn:uuid:9a1c2e40-0000-4000-8000-000000000003").Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Immunization" };
        return bundle;
    }

    [SkippableFact]
    public async Task A_bundle_file_with_a_bad_entry_saves_nothing_and_the_fixed_one_saves_every_entry()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var nationalId = NewNationalId();
        Task<bool> SavedAsync() => App.QueryAsync(db => db.Beneficiaries.AnyAsync(b => b.NationalId == nationalId));

        var rejected = await ImportFiles.ImportAsync(clinician, "fhir-bundle", Json(Record(nationalId, Today.AddDays(7))), "ho-so.json");
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Contains(ImportFiles.Errors(rejected), e => e.Column == "Bundle.entry[2].resource.occurrence" && e.Message.Contains("Không mục nào được lưu", StringComparison.Ordinal));
        Assert.False(await SavedAsync());

        var good = Json(Record(nationalId, Today.AddDays(-3)));
        Assert.Equal("Checked", (await ImportFiles.ImportAsync(clinician, "fhir-bundle", good, "ho-so.json", checkOnly: true)).GetProperty("status").GetString());
        Assert.False(await SavedAsync());

        var imported = await ImportFiles.ImportAsync(clinician, "fhir-bundle", good, "ho-so.json");
        Assert.True(imported.GetProperty("status").GetString() == "Imported", imported.ToString());
        Assert.Equal(3, imported.GetProperty("rowsSaved").GetInt32());
        var person = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.NationalId == nationalId).Select(b => b.Id).SingleAsync());
        Assert.Equal("Cephalexin", await App.QueryAsync(db => db.Allergies.Where(a => a.BeneficiaryId == person).Select(a => a.Substance).SingleAsync()));
        Assert.Equal(1, await App.QueryAsync(db => db.Immunizations.CountAsync(i => i.BeneficiaryId == person)));

        // A batch could save half of a file; a spreadsheet is not a Bundle; neither has a template.
        var batch = await ImportFiles.ImportAsync(clinician, "fhir-bundle", Json(Record(NewNationalId(), Today.AddDays(-3), Bundle.BundleType.Batch)), "lo.json");
        Assert.Contains(ImportFiles.Errors(batch), e => e.Message.Contains("transaction", StringComparison.Ordinal));
        var sheet = await ImportFiles.ImportAsync(clinician, "fhir-bundle", ImportFiles.Xlsx([["Họ và tên"]]), "nham.xlsx");
        Assert.Contains(ImportFiles.Errors(sheet), e => e.Message.Contains("bảng tính", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync("/api/imports/fhir-bundle/template")).StatusCode);

        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.Forbidden, (await province.PostAsync("/api/imports/fhir-bundle",
            new MultipartFormDataContent { { new ByteArrayContent(good), "file", "ho-so.json" } })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBundleFileImportTests(SqliteAppFactory app) : BundleFileImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBundleFileImportTests(PostgresAppFactory app) : BundleFileImportTests(app);
