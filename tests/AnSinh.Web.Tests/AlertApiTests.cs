using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AnSinh.Data;
using AnSinh.Domain.Alerts;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Issue #12: alerts raised on save and by the scheduled run, once per rule and person, scoped, acknowledged and resolved.</summary>
public abstract class AlertApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<(HttpClient Client, int Person, int Facility)> ResidentAsync(object? person = null, int admittedDaysAgo = 60)
    {
        var client = await App.ClientForAsync("demo.clinician");
        var id = await CreatePersonAsync(client, person);
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{id}/stays",
            new { facilityId = facility, admittedOn = Iso(Today.AddDays(-admittedDaysAgo)) })).StatusCode);
        return (client, id, facility);
    }

    private static Task<HttpResponseMessage> BloodPressureAsync(HttpClient client, int person, int systolic, int diastolic) =>
        client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = Iso(Today), observations = new[] { new { code = "8480-6", value = systolic }, new { code = "8462-4", value = diastolic } },
        });

    /// <summary>The person's alerts, of one rule when given (a resident admitted 60 days ago without an intake screening has that reminder too).</summary>
    private static async Task<JsonElement[]> AlertsAsync(HttpClient client, int person, string status = "open", string? rule = null)
    {
        var response = await client.GetAsync($"/api/alerts?status={status}&beneficiaryId={person}{(rule is null ? "" : "&rule=" + rule)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await JsonAsync(response);
        var items = body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(items.Length, body.GetProperty("total").GetInt32());
        return items;
    }

    [SkippableFact]
    public async Task One_high_reading_raises_one_alert_a_second_does_not_add_another_and_a_normal_one_does_not_close_it()
    {
        RequireProvider();
        var (client, person, facility) = await ResidentAsync();
        Assert.Equal(HttpStatusCode.Created, (await BloodPressureAsync(client, person, 150, 85)).StatusCode);
        var alert = Assert.Single(await AlertsAsync(client, person, rule: "BP-HIGH"));
        Assert.Equal(("BP-HIGH", "Attention", "Open", person, facility),
            (alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString(), alert.GetProperty("status").GetString(),
                alert.GetProperty("beneficiaryId").GetInt32(), alert.GetProperty("facilityId").GetInt32()));
        Assert.Contains("150/85", alert.GetProperty("message").GetString());
        Assert.True(alert.TryGetProperty("raisedAt", out _));

        // Two urgent readings saved at once: still one alert, now urgent.
        var both = await Task.WhenAll(BloodPressureAsync(client, person, 185, 100), BloodPressureAsync(client, person, 190, 112));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        alert = Assert.Single(await AlertsAsync(client, person, rule: "BP-HIGH"));
        Assert.Equal("Urgent", alert.GetProperty("severity").GetString());
        Assert.Equal(1, await App.QueryAsync(db => db.Alerts.CountAsync(a => a.BeneficiaryId == person && a.Rule == "BP-HIGH")));
        Assert.Contains(await AlertsAsync(client, person), a => a.GetProperty("rule").GetString() == "INTAKE-MISSING");

        // A normal reading does not close it: a clinician does.
        Assert.Equal(HttpStatusCode.Created, (await BloodPressureAsync(client, person, 120, 75)).StatusCode);
        Assert.Single(await AlertsAsync(client, person, rule: "BP-HIGH"));
    }

    [SkippableFact]
    public async Task A_self_harm_answer_is_urgent_and_needs_a_note_to_resolve()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync(admittedDaysAgo: 2);
        var saved = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = Iso(Today), answers = new int?[] { 1, 1, 0, 1, 0, 0, 0, 0, 1 } });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var alert = Assert.Single(await AlertsAsync(client, person));
        Assert.Equal(("SELF-HARM", "Urgent"), (alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString()));
        var id = alert.GetProperty("id").GetInt32();

        var acknowledged = await client.PostAsync($"/api/alerts/{id}/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        alert = Assert.Single(await AlertsAsync(client, person));
        Assert.Equal(("Acknowledged", "demo.clinician"), (alert.GetProperty("status").GetString(), alert.GetProperty("acknowledgedBy").GetString()));

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "  " }), "note", "Cảnh báo khẩn");
        Assert.Single(await AlertsAsync(client, person));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "Bác sĩ đã khám, chuyển tư vấn tâm lý" })).StatusCode);
        Assert.Empty(await AlertsAsync(client, person));
        var closed = Assert.Single(await AlertsAsync(client, person, "closed"));
        Assert.Equal(("Resolved", "Bác sĩ đã khám, chuyển tư vấn tâm lý"), (closed.GetProperty("status").GetString(), closed.GetProperty("resolutionNote").GetString()));
        // A note of control characters or of invisible ones is no note (and never reaches the database).
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "ok \u0000 nul" }), "note", "ký tự điều khiển");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "\u200b\u200b" }), "note", "vô hình");
        // Twice: the second answers that it is closed already.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "lần hai" })).StatusCode);
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.BeneficiaryId == person && e.EntityType == "Alert")));
    }

    [SkippableFact]
    public async Task Alerts_raised_by_a_visit_or_screening_struck_out_as_entered_in_error_close_with_the_reason()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync(admittedDaysAgo: 2);
        // A self-harm answer typed for the wrong person, acknowledged before the mistake was seen: closed with the reason.
        (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = Iso(Today), answers = new int?[] { 1, 1, 0, 1, 0, 0, 0, 0, 1 } })).EnsureSuccessStatusCode();
        var selfHarm = Assert.Single(await AlertsAsync(client, person, rule: "SELF-HARM")).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/alerts/{selfHarm}/acknowledge", null)).StatusCode);
        var screening = await App.QueryAsync(db => db.ScreeningResults.Where(s => s.BeneficiaryId == person).Select(s => s.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/screenings/{screening}/strike-out", new { reason = "Ghi nhầm người" })).StatusCode);
        var closed = await App.QueryAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.Id == selfHarm));
        Assert.Equal(AlertStatus.Closed, closed.Status);
        Assert.EndsWith("Lý do: Ghi nhầm người", closed.ResolutionNote, StringComparison.Ordinal);

        // A crisis blood pressure from a visit recorded twice: the copy's alert was the same alert found again, so striking
        // out the first visit leaves it open; striking out a lone wrong visit closes its own.
        var first = (await JsonAsync(await BloodPressureAsync(client, person, 185, 100))).GetProperty("id").GetInt32();
        var pressure = Assert.Single(await AlertsAsync(client, person, rule: "BP-HIGH")).GetProperty("id").GetInt32();
        (await BloodPressureAsync(client, person, 185, 100)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/encounters/{first}/strike-out", new { reason = "Ghi hai lần" })).StatusCode);
        Assert.Equal("Open", Assert.Single(await AlertsAsync(client, person, rule: "BP-HIGH")).GetProperty("status").GetString());

        var (other, alone, _) = await ResidentAsync(admittedDaysAgo: 2);
        var wrong = (await JsonAsync(await BloodPressureAsync(other, alone, 190, 110))).GetProperty("id").GetInt32();
        Assert.Single(await AlertsAsync(other, alone, rule: "BP-HIGH"));
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsJsonAsync($"/api/encounters/{wrong}/strike-out", new { reason = "Ghi nhầm người" })).StatusCode);
        Assert.Empty(await AlertsAsync(other, alone, rule: "BP-HIGH"));
        Assert.Equal(pressure, await App.QueryAsync(db => db.Alerts.Where(a => a.BeneficiaryId == person && a.Rule == "BP-HIGH").Select(a => a.Id).SingleAsync()));

        // One reading struck out of a visit that stays: its fever alert closes, the blood pressure's stays.
        var visit = (await JsonAsync(await other.PostAsJsonAsync($"/api/beneficiaries/{alone}/encounters", new
        {
            kind = "SickVisit", date = Iso(Today),
            observations = new[] { new { code = "8480-6", value = 185m }, new { code = "8462-4", value = 100m }, new { code = "8310-5", value = 39.4m } },
        }))).GetProperty("id").GetInt32();
        Assert.Single(await AlertsAsync(other, alone, rule: "FEVER"));
        var temperature = await App.QueryAsync(db => db.Observations.Where(o => o.EncounterId == visit && o.Code == "8310-5").Select(o => o.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsJsonAsync($"/api/observations/{temperature}/strike-out", new { reason = "Đo nhầm người" })).StatusCode);
        Assert.Empty(await AlertsAsync(other, alone, rule: "FEVER"));
        Assert.Single(await AlertsAsync(other, alone, rule: "BP-HIGH"));
    }

    [SkippableFact]
    public async Task The_scheduled_run_raises_the_overdue_check_and_the_expiring_card_once_and_closes_them_when_done()
    {
        RequireProvider();
        var card = new
        {
            fullName = "Đỗ Văn Nhắc Lịch", sex = "Male", birthDate = "1950-04-12", nationalId = NewNationalId(), healthInsuranceNumber = "BT2221234567890",
            healthInsuranceValidFrom = Iso(Today.AddYears(-1)), healthInsuranceValidTo = Iso(Today.AddDays(10)),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        };
        var (client, person, _) = await ResidentAsync(card, admittedDaysAgo: 430);
        using var admin = await App.ClientForAsync("demo.admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/alerts/run", null)).StatusCode);
        for (var run = 0; run < 2; run++)
        {
            var response = await admin.PostAsync("/api/alerts/run", null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // The command line runs the same rules: nothing new for this person.
        var (exit, output) = await RunCliAsync("alerts", "run");
        Assert.True(exit == 0, output);
        Assert.Contains("người đang được chăm sóc", output);
        var alerts = await AlertsAsync(client, person);
        Assert.Equal(["BHYT-EXPIRING", "CHECK-OVERDUE"], alerts.Select(a => a.GetProperty("rule").GetString()!).Order());
        Assert.All(alerts, a => Assert.Equal("Reminder", a.GetProperty("severity").GetString()));
        Assert.Equal(2, await App.QueryAsync(db => db.Alerts.CountAsync(a => a.BeneficiaryId == person)));

        // The periodic check done closes its reminder at once; the card's stays until it is renewed.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "PeriodicCheck", date = Iso(Today), classification = "II", observations = new[] { new { code = "29463-7", value = 58 } } })).StatusCode);
        Assert.Equal("BHYT-EXPIRING", Assert.Single(await AlertsAsync(client, person)).GetProperty("rule").GetString());
        var closed = Assert.Single(await AlertsAsync(client, person, "closed"));
        Assert.Equal(("CHECK-OVERDUE", "Closed"), (closed.GetProperty("rule").GetString(), closed.GetProperty("status").GetString()));

        // The nurse deals with the card and says so: the next run does not raise it again for the same card.
        var cardAlert = Assert.Single(await AlertsAsync(client, person)).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/alerts/{cardAlert}/resolve", new { note = "Đã hướng dẫn gia đình gia hạn thẻ" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/alerts/run", null)).StatusCode);
        Assert.Empty(await AlertsAsync(client, person));
    }

    [SkippableFact]
    public async Task Another_facilitys_clinician_can_neither_see_nor_resolve_it_and_an_officer_sees_counts_not_people()
    {
        RequireProvider();
        var (client, person, facility) = await ResidentAsync(admittedDaysAgo: 2);
        Assert.Equal(HttpStatusCode.Created, (await BloodPressureAsync(client, person, 200, 120)).StatusCode);
        var id = Assert.Single(await AlertsAsync(client, person)).GetProperty("id").GetInt32();

        var name = $"dd.hn.{Guid.NewGuid():N}"[..16];
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        using var outsider = await App.ClientForNewUserAsync(name, "Điều dưỡng Hà Nội (thử)", Roles.Clinician, ScopeKind.Facility, facilityId: hanoi);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/alerts?beneficiaryId={person}")).StatusCode);
        Assert.Equal(0, (await JsonAsync(await outsider.GetAsync("/api/alerts"))).GetProperty("items").EnumerateArray().Count(a => a.GetProperty("id").GetInt32() == id));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/alerts?facility={facility}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "không phải của tôi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/alerts/{id}/acknowledge", null)).StatusCode);
        Assert.Equal(AlertStatus.Open, await App.QueryAsync(db => db.Alerts.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        using var province = await App.ClientForAsync("demo.province");
        Assert.Equal(HttpStatusCode.Forbidden, (await province.GetAsync("/api/alerts")).StatusCode);
        var summary = await JsonAsync(await province.GetAsync("/api/alerts/summary"));
        var line = summary.EnumerateArray().Single(l => l.GetProperty("facilityId").GetInt32() == facility && l.GetProperty("rule").GetString() == "BP-HIGH");
        Assert.True(line.GetProperty("urgent").GetInt32() >= 1);
        Assert.DoesNotContain("Lê Văn Thử", summary.GetRawText());

        await AssertFieldErrorAsync(await client.GetAsync("/api/alerts?severity=Loud"), "severity", "Urgent, Attention hoặc Reminder");
        await AssertFieldErrorAsync(await client.GetAsync("/api/alerts?status=maybe"), "status", "open, closed");
        await AssertFieldErrorAsync(await client.GetAsync("/api/alerts?rule=NOPE"), "rule", "danh mục");
    }
}

/// <summary>A threshold out of range stops the site at start-up and says which, in Vietnamese (issue #12, bad input).</summary>
public sealed class AlertThresholdStartupTests
{
    [Fact]
    public async Task A_threshold_out_of_range_stops_the_site_saying_which()
    {
        await using var app = new SqliteSiteWith(("Alerts:Thresholds:SpO2Below", "120"), ("Demo:SeedOnEmptyDatabase", "false"));
        var refused = Assert.ThrowsAny<Exception>(() => app.StartServer());
        var messages = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains("Alerts:Thresholds: Ngưỡng SpO2 phải trong 70–100 %.", messages);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAlertApiTests(SqliteAppFactory app) : AlertApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertApiTests(PostgresAppFactory app) : AlertApiTests(app);
