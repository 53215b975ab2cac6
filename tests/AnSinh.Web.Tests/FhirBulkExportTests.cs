using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AnSinh.Web.Features.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>Issue #13: FHIR Bulk Data $export — kick-off, status, NDJSON files holding exactly the scope, expiry — on both providers.</summary>
public abstract class FhirBulkExportTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static HttpRequestMessage KickOff(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    /// <summary>Polls the status address until the manifest comes (the worker runs one export at a time).</summary>
    private static async Task<JsonElement> ManifestAsync(HttpClient client, Uri status)
    {
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(response.Headers.Contains("X-Progress"));
            await Task.Delay(100);
        }

        throw new TimeoutException("The export did not finish in a minute.");
    }

    [SkippableFact]
    public async Task A_facility_export_holds_exactly_its_people_and_their_records_as_ndjson()
    {
        RequireProvider();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var client = await App.ClientForAsync("demo.clinician");
        var kickOff = await client.SendAsync(KickOff($"/fhir/Group/{facility}/$export?_type=Patient,Observation,Condition"));
        Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);
        var status = kickOff.Content.Headers.ContentLocation!;

        var manifest = await ManifestAsync(client, status);
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        var files = manifest.GetProperty("output").EnumerateArray().ToDictionary(o => o.GetProperty("type").GetString()!, o => o);
        Assert.Equal(["Condition", "Observation", "Patient"], files.Keys.Order());

        // The facility's people (registered there or with a stay there) that the clinician may see: someone who left
        // longer ago than the read period is no longer the centre's to export.
        var ofFacility = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.RegisteredFacilityId == facility || b.Stays.Any(s => s.FacilityId == facility)).Select(b => b.Id).ToListAsync());
        var visible = new HashSet<int>();
        var fhir = await FhirAsync("demo.clinician");
        for (var page = await fhir.SearchAsync<Patient>(["_count=100"]); page is not null; page = await fhir.ContinueAsync(page))
        {
            visible.UnionWith(page.Entry.Select(e => int.Parse(e.Resource!.Id!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var expected = ofFacility.Where(visible.Contains).ToList();
        Assert.NotEmpty(expected);
        var parser = new FhirJsonDeserializer();
        async Task<List<T>> ReadAsync<T>(string type) where T : Resource
        {
            var text = await client.GetStringAsync(files[type].GetProperty("url").GetString());
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(files[type].GetProperty("count").GetInt32(), lines.Length);
            return lines.Select(line => parser.Deserialize<T>(line)).ToList();
        }

        var patients = await ReadAsync<Patient>("Patient");
        Assert.Equal(expected.Order(), patients.Select(p => int.Parse(p.Id!, System.Globalization.CultureInfo.InvariantCulture)).Order());
        var observations = await ReadAsync<Observation>("Observation");
        var people = expected.ToHashSet();
        Assert.All(observations, o => Assert.Contains(int.Parse(o.Subject!.Reference!["Patient/".Length..], System.Globalization.CultureInfo.InvariantCulture), people));
        var expectedObservations = await App.QueryAsync(db => db.Observations.CountAsync(o => expected.Contains(o.BeneficiaryId)));
        Assert.Equal(expectedObservations, observations.Count);
        var conditions = await ReadAsync<Condition>("Condition");
        Assert.All(conditions, c => Assert.Equal("http://hl7.org/fhir/sid/icd-10", c.Code!.Coding[0].System));

        // The files are the asker's: another user of the same facility gets neither the status nor a file.
        var name = $"bac.si.{Guid.NewGuid():N}"[..18];
        using var colleague = await App.ClientForNewUserAsync(name, "Bác Sĩ Khác", "Clinician", AnSinh.Data.ScopeKind.Facility, facility, null);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(status)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(files["Patient"].GetProperty("url").GetString())).StatusCode);

        // Past its time the export is gone: files deleted, status 404.
        var id = Guid.Parse(status.Segments[^1]);
        var worker = App.Services.GetRequiredService<BulkExportWorker>();
        var expiresAt = await App.QueryAsync(db => db.BulkExports.Where(e => e.Id == id).Select(e => e.ExpiresAt).SingleAsync());
        Assert.True(expiresAt > DateTimeOffset.UtcNow.AddHours(23));
        Assert.True(await App.QueryAsync(db => worker.SweepAsync(db, expiresAt!.Value.AddSeconds(1), CancellationToken.None)) >= 1);
        Assert.False(Directory.Exists(Path.Combine(worker.Folder, id.ToString("N"))));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(status)).StatusCode);
    }

    [SkippableFact]
    public async Task An_export_since_a_moment_holds_the_people_registered_or_edited_after_it()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var before = await CreatePersonAsync(client, NewPerson(name: "Trịnh Văn Cũ"));
        await Task.Delay(50);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var after = await CreatePersonAsync(client, NewPerson(name: "Trịnh Văn Mới"));
        // Written in Viet Nam time, as a client there would: the same moment as in UTC.
        var text = since.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var kickOff = await client.SendAsync(KickOff($"/fhir/Patient/$export?_type=Patient&_since={Uri.EscapeDataString(text)}"));
        Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);
        var manifest = await ManifestAsync(client, kickOff.Content.Headers.ContentLocation!);
        var file = manifest.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "Patient");
        var parser = new FhirJsonDeserializer();
        var patients = (await client.GetStringAsync(file.GetProperty("url").GetString())).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => parser.Deserialize<Patient>(line)).ToList();
        Assert.Contains(patients, p => p.Id == after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(patients, p => p.Id == before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(patients, p => Assert.True(p.Meta!.LastUpdated >= since.AddMilliseconds(-1), $"Patient/{p.Id} last updated {p.Meta.LastUpdated:O}"));
    }

    [SkippableFact]
    public async Task A_kick_off_with_bad_parameters_or_out_of_scope_group_is_refused()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        using var client = await App.ClientForAsync("demo.clinician");
        var before = await App.QueryAsync(db => db.BulkExports.CountAsync());

        async Task<(HttpStatusCode, string)> SendAsync(HttpRequestMessage request)
        {
            var response = await client.SendAsync(request);
            var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, outcome.Issue[0].Diagnostics ?? "");
        }

        var (status, message) = await SendAsync(KickOff("/fhir/Patient/$export?_type=Patient,Medication"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, message.Contains("Medication", StringComparison.Ordinal)));
        (status, _) = await SendAsync(KickOff($"/fhir/Group/{hanoi}/$export"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await SendAsync(KickOff("/fhir/$export?_since=hôm qua"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(KickOff("/fhir/$export?_outputFormat=text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, message) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient/$export"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, message.Contains("respond-async", StringComparison.Ordinal)));
        Assert.Equal(before, await App.QueryAsync(db => db.BulkExports.CountAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/fhir/$export-status/{Guid.NewGuid()}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirBulkExportTests(SqliteAppFactory app) : FhirBulkExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirBulkExportTests(PostgresAppFactory app) : FhirBulkExportTests(app);
