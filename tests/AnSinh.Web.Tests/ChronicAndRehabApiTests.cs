using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>Issue #11, items 3 and 5: the chronic-disease register and rehabilitation, through the API on both providers.</summary>
public abstract class ChronicAndRehabApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string TodayIso => Today.ToString("yyyy-MM-dd");

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<(HttpClient Client, int Person, int Facility)> ResidentAsync()
    {
        var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client);
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Iso(Today.AddDays(-60)) })).StatusCode);
        return (client, person, facility);
    }

    private static async Task<int> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await JsonAsync(response)).GetProperty("id").GetInt32();
    }

    [SkippableFact]
    public async Task A_hypertension_diagnosis_enters_the_register_once_with_its_next_visit_and_control()
    {
        RequireProvider();
        var (client, person, facility) = await ResidentAsync();
        await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = Iso(Today.AddDays(-40)), observations = new[] { new { code = "8480-6", value = 165 }, new { code = "8462-4", value = 95 } }, diagnoses = new[] { new { icdCode = "I10" }, new { icdCode = "J00" } },
        }));
        var care = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/chronic"));
        var candidate = Assert.Single(care.GetProperty("candidates").EnumerateArray()); // J00 is not a register disease
        Assert.Equal(("Hypertension", 30), (candidate.GetProperty("disease").GetString(), candidate.GetProperty("defaultFollowUpDays").GetInt32()));
        var condition = candidate.GetProperty("conditionId").GetInt32();

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = condition, enrolledOn = Iso(Today.AddDays(-41)) }),
            "enrolledOn", "trước ngày phát hiện bệnh");
        var enrolment = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = condition, enrolledOn = Iso(Today.AddDays(-40)) }));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = condition, enrolledOn = TodayIso }),
            "conditionId", "đang được quản lý");

        // Enrolled 40 days ago at the visit: the next one was due 10 days ago; 165/95 is not controlled.
        care = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/chronic"));
        var row = care.GetProperty("enrolments")[0];
        Assert.Equal((Iso(Today.AddDays(-10)), true, "Uncontrolled"),
            (row.GetProperty("nextDue").GetString(), row.GetProperty("overdue").GetBoolean(), row.GetProperty("control").GetString()));
        var register = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/chronic-register?disease=Hypertension"));
        var line = register.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("beneficiaryId").GetInt32() == person);
        Assert.True(line.GetProperty("overdue").GetBoolean());

        // A check today with 128/78: seen, controlled, next visit in 30 days.
        await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "PeriodicCheck", date = TodayIso, classification = "II", observations = new[] { new { code = "8480-6", value = 128 }, new { code = "8462-4", value = 78 } } }));
        register = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/chronic-register"));
        line = register.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("beneficiaryId").GetInt32() == person);
        Assert.Equal((Iso(Today.AddDays(30)), false, "Controlled"),
            (line.GetProperty("nextDue").GetString(), line.GetProperty("overdue").GetBoolean(), line.GetProperty("control").GetString()));

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/chronic/{enrolment}/end", new { endedOn = TodayIso }), "reason", "lý do");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/chronic/{enrolment}/end", new { endedOn = TodayIso, reason = "Chuyển về gia đình" })).StatusCode);
        register = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/chronic-register"));
        Assert.DoesNotContain(register.GetProperty("lines").EnumerateArray(), l => l.GetProperty("beneficiaryId").GetInt32() == person);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/facilities/{facility}/chronic-register?disease=0")).StatusCode);
    }

    [SkippableFact]
    public async Task Two_enrolments_at_once_make_one()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "SickVisit", date = TodayIso, diagnoses = new[] { new { icdCode = "E11.9" } } }));
        var condition = await App.QueryAsync(db => db.Conditions.Where(c => c.BeneficiaryId == person).Select(c => c.Id).SingleAsync());
        using var second = await App.ClientForAsync("demo.manager");
        var responses = await Task.WhenAll(
            client.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = condition, enrolledOn = TodayIso }),
            second.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = condition, enrolledOn = TodayIso }));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await App.QueryAsync(db => db.ChronicEnrolments.CountAsync(e => e.BeneficiaryId == person)));
    }

    [SkippableFact]
    public async Task A_rehabilitation_plan_takes_sessions_until_it_ends_and_shows_the_Barthel_progress()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        // The assessment: a Barthel Index of 45 three weeks ago.
        var answers45 = new int?[] { 5, 10, 0, 5, 0, 5, 0, 5, 10, 5 };
        Assert.Equal(45, answers45.Sum());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "BARTHEL", date = Iso(Today.AddDays(-21)), answers = answers45 })).StatusCode);

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans", new { startDate = Iso(Today.AddDays(-20)), goals = Array.Empty<string>() }),
            "goals", "ít nhất một mục tiêu");
        var plan = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans", new
        {
            startDate = Iso(Today.AddDays(-20)), reviewDate = Iso(Today.AddDays(40)), goals = new[] { "Tự di chuyển từ giường sang ghế", "Đi lại trong phòng với khung" },
            interventions = "Vận động trị liệu 30 phút/ngày",
        }));
        Assert.Equal(45, await App.QueryAsync(db => db.RehabPlans.Where(p => p.Id == plan).Select(p => p.BaselineBarthel).SingleAsync())); // from the screening
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans", new { startDate = TodayIso, goals = new[] { "x" } }), "", "chưa kết thúc");

        await IdOfAsync(await client.PostAsJsonAsync($"/api/rehab-plans/{plan}/sessions", new { date = Iso(Today.AddDays(-19)), minutes = 30, activities = "Tập chuyển tư thế" }));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/rehab-plans/{plan}/sessions", new { date = Iso(Today.AddDays(-21)), activities = "Tập" }), "date", "trước ngày bắt đầu");
        var goal = await App.QueryAsync(db => db.RehabGoals.Where(g => g.PlanId == plan).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/rehab-goals/{goal}/achieved", new { achievedOn = TodayIso })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "BARTHEL", date = TodayIso, answers = new int?[] { 10, 15, 5, 5, 0, 10, 0, 5, 10, 10 } })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/rehab-plans/{plan}/close", new { closedOn = Iso(Today.AddDays(-1)), note = "Đạt 1/2 mục tiêu" })).StatusCode);
        var second = await App.QueryAsync(db => db.RehabGoals.Where(g => g.PlanId == plan).OrderBy(g => g.Id).Select(g => g.Id).Skip(1).FirstAsync());
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/rehab-goals/{second}/achieved", new { achievedOn = TodayIso }), "achievedOn", "ngày kết thúc kế hoạch");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/rehab-plans/{plan}/sessions", new { date = TodayIso, activities = "Tập đi" }), "", "đã kết thúc");

        var device = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/devices", new { kind = "Walker", description = "Khung tập đi 4 chân", issuedOn = Iso(Today.AddDays(-19)) }));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/devices/{device}/return", new { returnedOn = Iso(Today.AddDays(-20)) }), "returnedOn", "trước ngày cấp");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/devices/{device}/return", new { returnedOn = TodayIso })).StatusCode);

        var record = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/rehabilitation"));
        Assert.Equal([45, 70], record.GetProperty("barthel").EnumerateArray().Select(p => p.GetProperty("score").GetInt32()));
        var planView = record.GetProperty("plans")[0];
        Assert.Equal((Iso(Today.AddDays(-1)), 1), (planView.GetProperty("closedOn").GetString(), planView.GetProperty("sessions").GetInt32()));
        Assert.Equal(TodayIso, record.GetProperty("devices")[0].GetProperty("returnedOn").GetString());
        Assert.Equal(1, await App.QueryAsync(db => db.RehabSessions.CountAsync(s => s.PlanId == plan)));
    }

    [SkippableFact]
    public async Task Another_facilitys_clinician_gets_404_for_the_register_and_the_rehabilitation_record()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        using var admin = await App.ClientForAsync("demo.admin");
        var plan = await IdOfAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{outsider}/rehab-plans", new { startDate = TodayIso, goals = new[] { "Tự ăn" } }));
        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{outsider}/rehabilitation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostAsJsonAsync($"/api/rehab-plans/{plan}/sessions", new { date = TodayIso, activities = "Tập" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/facilities/{hanoi}/chronic-register")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{outsider}/chronic")).StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.RehabSessions.CountAsync(s => s.PlanId == plan)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteChronicAndRehabApiTests(SqliteAppFactory app) : ChronicAndRehabApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChronicAndRehabApiTests(PostgresAppFactory app) : ChronicAndRehabApiTests(app);
