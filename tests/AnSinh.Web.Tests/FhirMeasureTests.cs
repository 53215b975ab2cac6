using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #13: the programme's indicators as FHIR Measures, and their figures as MeasureReports searchable by subject
/// (an area or a facility) and period, through Firely's FhirClient; the figures are those of /api/indicators.
/// </summary>
public abstract class FhirMeasureTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Indicators_read_as_measures_and_their_figures_as_measure_reports_within_scope()
    {
        RequireProvider();
        var fhir = await FhirAsync("demo.province");
        var measure = (await fhir.ReadAsync<Measure>("Measure/BEN-PERIODIC"))!;
        Assert.Equal(("https://ansinh.vn/fhir/Measure/BEN-PERIODIC", "proportion"), (measure.Url, measure.Scoring!.Coding[0].Code));
        Assert.Equal(["numerator", "denominator"], measure.Group.Single().Population.Select(p => p.Code!.Coding[0].Code));
        Assert.Equal(15, (await fhir.SearchAsync<Measure>())!.Total);
        Assert.Equal("continuous-variable", ((Measure)(await fhir.SearchAsync<Measure>(["_id=STAFF-MIX"]))!.Entry.Single().Resource!).Scoring!.Coding[0].Code);

        // The province's figures at the end of last year, as /api/indicators gives them.
        var year = Today.Year - 1;
        var reports = (await fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", $"period={year}"]))!;
        Assert.Equal(15, reports.Total);
        using var client = await App.ClientForAsync("demo.province");
        var api = JsonDocument.Parse(await client.GetStringAsync($"/api/indicators?unit=22&asOf={year}-12-31")).RootElement;
        var periodic = api.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "BEN-PERIODIC");
        var report = (MeasureReport)reports.Entry.Single(e => e.Resource!.Id == $"BEN-PERIODIC.unit-22.{year}-12-31").Resource!;
        Assert.Equal((periodic.GetProperty("numerator").GetInt32(), periodic.GetProperty("denominator").GetInt32()),
            (report.Group[0].Population.Single(p => p.Code!.Coding[0].Code == "numerator").Count!.Value,
             report.Group[0].Population.Single(p => p.Code!.Coding[0].Code == "denominator").Count!.Value));
        Assert.Equal(($"{year}-01-01", $"{year}-12-31"), (report.Period!.Start, report.Period.End));
        var read = (await fhir.ReadAsync<MeasureReport>($"MeasureReport/BEN-PERIODIC.unit-22.{year}-12-31"))!;
        Assert.Equal(report.Group[0].MeasureScore?.Value, read.Group[0].MeasureScore?.Value);
        Assert.Single((await fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "measure=https://ansinh.vn/fhir/Measure/CHR-HTN", $"period=le{year}-06-30"]))!.Entry);

        // A facility's figures; another province's are not the province officer's to read.
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var own = (await fhir.SearchAsync<MeasureReport>([$"subject=Organization/{facility}", "measure=BEN-BHYT"]))!;
        Assert.Equal($"Organization/{facility}", ((MeasureReport)own.Entry.Single().Resource!).Subject!.Reference);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MeasureReport>(["subject=Group/unit-01"]))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<MeasureReport>($"MeasureReport/BEN-BHYT.unit-01.{year}-12-31"))).Status);

        // Bad searches say what is wrong; the resources are read-only.
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MeasureReport>())).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "period=gt2025"]))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<MeasureReport>("MeasureReport/khong-co"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<MeasureReport>("MeasureReport/FAC-READY.facility-abc.2025-12-31"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<MeasureReport>("MeasureReport/FAC-READY.facility-99999999999.2025-12-31"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.ReadAsync<MeasureReport>("MeasureReport/FAC-READY.unit-22.0001-01-01"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "period=0001-01-01"]))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "measure=NOPE"]))).Status);
        var page = (await fhir.SearchAsync<MeasureReport>(["subject=Group/unit-22", "_count=5"]))!;
        Assert.Equal((15, 5), (page.Total, page.Entry.Count));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.UpdateAsync(measure))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<FhirOperationException>(() => fhir.CreateAsync(read))).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirMeasureTests(SqliteAppFactory app) : FhirMeasureTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirMeasureTests(PostgresAppFactory app) : FhirMeasureTests(app);
