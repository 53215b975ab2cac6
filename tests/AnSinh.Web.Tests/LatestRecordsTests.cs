using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.HealthRecords;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Each person's latest records (read by today's figures) follow every saved encounter. (The row lock that orders two saves for one person is not forced here: the race window is too narrow to hit on purpose.)</summary>
public abstract class LatestRecordsTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task Every_saved_encounter_reaches_the_latest_records_also_when_posted_together()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var personId = await DemoResidentIdAsync();

        for (var round = 0; round < 3; round++)
        {
            var periodicOn = Today.AddDays(-20 + round);
            var visitOn = Today.AddDays(-10 + round);
            var posts = await Task.WhenAll(
                clinician.PostAsJsonAsync($"/api/beneficiaries/{personId}/encounters", new
                {
                    kind = "PeriodicCheck",
                    date = periodicOn.ToString("yyyy-MM-dd"),
                    observations = new object[] { new { code = Loinc.Systolic, value = 131 + round }, new { code = Loinc.Diastolic, value = 81 } },
                    classification = "II",
                }),
                clinician.PostAsJsonAsync($"/api/beneficiaries/{personId}/encounters", new
                {
                    kind = "SickVisit",
                    date = visitOn.ToString("yyyy-MM-dd"),
                    observations = new object[] { new { code = Loinc.Systolic, value = 145 + round }, new { code = Loinc.Diastolic, value = 92 } },
                }));
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
        }

        var (latest, lastPeriodic, lastEncounter, lastSystolic) = await App.QueryAsync(async db =>
        {
            var row = await db.LatestRecords.AsNoTracking().SingleAsync(l => l.BeneficiaryId == personId);
            var encounters = await db.Encounters.Where(e => e.BeneficiaryId == personId).Select(e => new { e.Kind, e.Date }).ToListAsync();
            var systolic = await db.Observations.Where(o => o.BeneficiaryId == personId && o.Code == Loinc.Systolic)
                .OrderByDescending(o => o.Date).ThenBy(o => o.Id).Select(o => o.Value).FirstAsync();
            return (row, encounters.Where(e => e.Kind == EncounterKind.PeriodicCheck).Max(e => e.Date), encounters.Max(e => e.Date), systolic);
        });
        Assert.Equal(lastPeriodic, latest.LastPeriodicCheckOn);
        Assert.Equal(lastEncounter, latest.LastEncounterOn);
        Assert.Equal(lastSystolic, latest.LastSystolic);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLatestRecordsTests(SqliteAppFactory app) : LatestRecordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLatestRecordsTests(PostgresAppFactory app) : LatestRecordsTests(app);
