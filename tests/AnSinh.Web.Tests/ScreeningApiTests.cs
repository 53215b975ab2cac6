using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #11: a screening is posted as the instrument's answers in their published order and comes back scored and
/// banded by the instrument (the domain tests check each instrument's arithmetic; these check the API around it).
/// </summary>
public abstract class ScreeningApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private async Task<(HttpClient Client, int Person)> PersonAsync()
    {
        var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client);
        return (client, person);
    }

    private static string TodayIso => Today.ToString("yyyy-MM-dd");

    [SkippableFact]
    public async Task A_PHQ9_comes_back_with_its_score_band_and_the_item_9_flag()
    {
        RequireProvider();
        var (client, person) = await PersonAsync();
        var response = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = TodayIso, answers = new int?[] { 1, 1, 1, 1, 1, 1, 1, 1, 2 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(10, body.GetProperty("score").GetInt32());
        Assert.Equal("moderate", body.GetProperty("band").GetString());
        Assert.True(body.GetProperty("complete").GetBoolean());
        Assert.Equal(["self-harm-thoughts"], body.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        var id = body.GetProperty("id").GetInt32();
        var stored = await App.QueryAsync(db => Task.FromResult(db.ScreeningResults.Single(s => s.Id == id)));
        Assert.Equal(("Kroenke 2001", "[1,1,1,1,1,1,1,1,2]", "self-harm-thoughts"), (stored.Version, stored.Answers, stored.Flags));
        var list = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/screenings"));
        Assert.Equal("Vừa", list[0].GetProperty("bandName").GetString());
        Assert.Equal(["self-harm-thoughts"], list[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString())); // not only on the day
    }

    [SkippableFact]
    public async Task A_total_saved_before_bands_were_kept_is_shown_with_its_band()
    {
        RequireProvider();
        var (client, person) = await PersonAsync();
        await App.QueryAsync(async db =>
        {
            db.ScreeningResults.Add(new AnSinh.Domain.HealthRecords.ScreeningResult { BeneficiaryId = person, Instrument = "PHQ-9", Date = Today, TotalScore = 15 });
            return await db.SaveChangesAsync();
        });
        var list = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/screenings"));
        Assert.Equal(("moderately-severe", "Khá nặng"), (list[0].GetProperty("band").GetString(), list[0].GetProperty("bandName").GetString()));
    }

    [SkippableFact]
    public async Task The_form_posted_without_any_answer_saves_an_incomplete_result_not_an_error()
    {
        RequireProvider();
        var (_, person) = await PersonAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = App.ServerAddress };
        await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "demo.clinician", ["password"] = AnSinhAppFactory.DemoPassword,
            ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await browser.GetStringAsync("/login")),
        }));
        var url = $"/beneficiaries/{person}/screenings/new?instrument=PHQ-9";
        var response = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "screening", ["Model.Instrument"] = "PHQ-9", ["Model.Date"] = Today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = TestPaths.AntiforgeryToken(await browser.GetStringAsync(url)),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("chưa hoàn thành", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await App.QueryAsync(db => Task.FromResult(db.ScreeningResults.Single(s => s.BeneficiaryId == person).Complete)));
    }

    [SkippableFact]
    public async Task An_incomplete_form_is_kept_as_incomplete_with_no_score()
    {
        RequireProvider();
        var (client, person) = await PersonAsync();
        var response = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "GDS-15", date = TodayIso, answers = new int?[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, null, 0, 0 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.False(body.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("band").ValueKind);
    }

    [SkippableFact]
    public async Task ASSIST_answers_come_back_as_a_score_and_risk_per_substance()
    {
        RequireProvider();
        var (client, person) = await PersonAsync();
        var answers = new List<int?>();
        for (var s = 0; s < 10; s++)
        {
            // Alcohol weekly with strong urges and a friend's concern (4 + 4 + 3 = 11: moderate); nothing else ever.
            answers.AddRange(s == 1 ? [3, 4, 4, 0, 0, 3, 0] : [0, null, null, null, null, null, null]);
        }

        answers.Add(0);
        var response = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings", new { instrument = "ASSIST", date = TodayIso, answers });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var substances = (await JsonAsync(response)).GetProperty("substances").EnumerateArray()
            .ToDictionary(s => s.GetProperty("substance").GetString()!, s => (s.GetProperty("score").GetInt32(), s.GetProperty("band").GetString()));
        Assert.Equal((11, "moderate"), substances["alcohol"]);
        Assert.Equal((0, "low"), substances["opioids"]);
        var kept = (await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/screenings")))[0].GetProperty("substances").EnumerateArray();
        Assert.Contains(kept, s => s.GetProperty("substance").GetString() == "alcohol" && s.GetProperty("band").GetString() == "moderate");
    }

    [SkippableFact]
    public async Task Bad_answers_are_refused_by_field_and_nothing_is_saved()
    {
        RequireProvider();
        var (client, person) = await PersonAsync();
        var url = $"/api/beneficiaries/{person}/screenings";
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "PHQ-9", date = TodayIso, answers = new int?[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 } }),
            "answers[3]", "chỉ nhận các điểm 0, 1, 2, 3");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "PHQ-9", date = TodayIso, answers = new int?[] { 0, 0, 0 } }),
            "answers", "9 câu");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "BARTHEL", date = TodayIso, totalScore = 80 }),
            "answers", "nhập câu trả lời từng câu");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "PHQ-9", date = TodayIso, totalScore = 3, answers = new int?[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 } }),
            "totalScore", "không gửi cả hai");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "MNA-SF", date = TodayIso, answers = new int?[] { 2, 2, 2, 2, 2, 3, 3 } }),
            "answers[6]", "không dùng cả hai");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { instrument = "HAM-D", date = TodayIso, totalScore = 3 }),
            "instrument", "MORSE");
        Assert.Equal(0, await App.QueryAsync(db => Task.FromResult(db.ScreeningResults.Count(s => s.BeneficiaryId == person))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteScreeningApiTests(SqliteAppFactory app) : ScreeningApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresScreeningApiTests(PostgresAppFactory app) : ScreeningApiTests(app);

/// <summary>Issue #11 item 2: a child's WHO z-scores from the weight and length recorded at a check.</summary>
public abstract class GrowthApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    [SkippableFact]
    public async Task A_one_year_old_boys_check_gives_WHOs_z_scores()
    {
        RequireProvider();
        using var client = await App.ClientForAsync("demo.clinician");
        var born = Today.AddDays(-365);
        var person = await CreatePersonAsync(client, new
        {
            fullName = "Trần Minh Bé", sex = "Male", birthDate = born.ToString("yyyy-MM-dd"),
            categories = new[] { new { kind = "ChildSpecialCircumstances", from = born.ToString("yyyy-MM-dd") } },
        });
        var check = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = Today.ToString("yyyy-MM-dd"),
            observations = new object[] { new { code = "29463-7", value = 8.0 }, new { code = "8302-2", value = 72.0 } },
        });
        Assert.True(check.StatusCode == HttpStatusCode.Created, await check.Content.ReadAsStringAsync());

        var growth = await client.GetAsync($"/api/beneficiaries/{person}/growth?date={Today:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, growth.StatusCode);
        var z = await JsonAsync(growth);
        Assert.Equal(365, z.GetProperty("ageDays").GetInt32());
        // Boys, day 365: L 0.0645, M 9.646, S 0.10925 (WHO weight-for-age): 8.0 kg is −1.70 (as GrowthStandardsTests).
        Assert.Equal(-1.70, z.GetProperty("weightForAge").GetDouble());
        Assert.Equal(JsonValueKind.Number, z.GetProperty("lengthForAge").ValueKind);
        Assert.Equal(JsonValueKind.Number, z.GetProperty("weightForLength").ValueKind);
        Assert.Equal(JsonValueKind.Number, z.GetProperty("bmiForAge").ValueKind);

        // Before any measurement, and for an adult: a clear reason.
        await AssertFieldErrorAsync(await client.GetAsync($"/api/beneficiaries/{person}/growth?date={born:yyyy-MM-dd}"), "date", "Chưa có cân nặng");
        var adult = await CreatePersonAsync(client);
        (await client.PostAsJsonAsync($"/api/beneficiaries/{adult}/encounters", new
        {
            kind = "SickVisit", date = Today.ToString("yyyy-MM-dd"), observations = new object[] { new { code = "29463-7", value = 60.0 } },
        })).EnsureSuccessStatusCode();
        await AssertFieldErrorAsync(await client.GetAsync($"/api/beneficiaries/{adult}/growth"), "date", "từ 0 đến 5 tuổi");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteGrowthApiTests(SqliteAppFactory app) : GrowthApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrowthApiTests(PostgresAppFactory app) : GrowthApiTests(app);
