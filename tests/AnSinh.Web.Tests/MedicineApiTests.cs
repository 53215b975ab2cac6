using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #11, item 4: a doctor's order, the nurse's dose on the round's administration record, the allergy check
/// before an order, immunizations; and item 6: the referral letter. Each through the API on both providers.
/// </summary>
public abstract class MedicineApiTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static string TodayIso => Today.ToString("yyyy-MM-dd");

    private static object Order(string drug = "Amlodipin", string[]? times = null, string? overrideReason = null, string? start = null) => new
    {
        drugName = drug, strength = "5 mg", form = "Tablet", dose = "1 viên", route = "Oral", times = times ?? ["Morning", "Night"],
        startDate = start ?? TodayIso, allergyOverrideReason = overrideReason,
    };

    /// <summary>A new resident of the demo clinician's centre (admitted today), and that clinician's client.</summary>
    private async Task<(HttpClient Client, int Person, int Facility)> ResidentAsync()
    {
        var client = await App.ClientForAsync("demo.clinician");
        var person = await CreatePersonAsync(client);
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = TodayIso })).StatusCode);
        return (client, person, facility);
    }

    private static async Task<int> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await JsonAsync(response)).GetProperty("id").GetInt32();
    }

    [SkippableFact]
    public async Task An_order_appears_on_the_round_and_the_nurse_records_the_dose_once()
    {
        RequireProvider();
        var (client, person, facility) = await ResidentAsync();
        var order = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order()));

        var round = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/medication-rounds?date={TodayIso}&shift=Morning"));
        var line = round.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("orderId").GetInt32() == order);
        Assert.Equal(JsonValueKindNull, line.GetProperty("recorded").ValueKind);
        var noon = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/medication-rounds?date={TodayIso}&shift=Noon"));
        Assert.DoesNotContain(noon.GetProperty("lines").EnumerateArray(), l => l.GetProperty("orderId").GetInt32() == order); // not ordered at noon

        var given = await client.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = TodayIso, shift = "Morning", status = "Given" });
        await IdOfAsync(given);
        var again = await client.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = TodayIso, shift = "Morning", status = "Refused", reason = "Không uống" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        round = await JsonAsync(await client.GetAsync($"/api/facilities/{facility}/medication-rounds?date={TodayIso}&shift=Morning"));
        line = round.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("orderId").GetInt32() == order);
        Assert.Equal(("Given", "demo.clinician"), (line.GetProperty("recorded").GetProperty("status").GetString(), line.GetProperty("recorded").GetProperty("recordedBy").GetString()));
        var orders = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/medication-orders"));
        Assert.Equal("Morning", orders[0].GetProperty("today")[0].GetProperty("shift").GetString());
        Assert.Equal(1, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(a => a.OrderId == order)));
        Assert.NotNull(await App.QueryAsync(db => db.AuditEvents.FirstOrDefaultAsync(e => e.Action == "medication.dose" && e.BeneficiaryId == person)));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [SkippableFact]
    public async Task A_dose_is_refused_out_of_its_rounds_after_a_stop_without_a_reason_or_in_the_future()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        var order = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order(times: ["Morning"])));
        var url = $"/api/medication-orders/{order}/administrations";
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { date = TodayIso, shift = "Noon", status = "Given" }), "shift", "không có liều ở cữ này");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { date = TodayIso, shift = "Morning", status = "Held" }), "reason", "lý do");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { date = Today.AddDays(1).ToString("yyyy-MM-dd"), shift = "Morning", status = "Given" }), "date", "chưa đến");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/medication-orders/{order}/stop", new { stoppedOn = TodayIso, reason = "Huyết áp thấp" })).StatusCode);
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { date = TodayIso, shift = "Morning", status = "Given" }), "date", "đã ngừng");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/medication-orders/{order}/stop", new { stoppedOn = TodayIso, reason = "lần nữa" }), "", "đã ngừng");
        Assert.Equal(0, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(a => a.OrderId == order)));
        var orders = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/medication-orders"));
        Assert.Equal((false, "Huyết áp thấp"), (orders[0].GetProperty("active").GetBoolean(), orders[0].GetProperty("stopReason").GetString()));
    }

    [SkippableFact]
    public async Task Two_nurses_saving_the_same_dose_at_once_make_one_record()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        var order = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order()));
        using var second = await App.ClientForAsync("demo.manager");
        var responses = await Task.WhenAll(
            client.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = TodayIso, shift = "Night", status = "Given" }),
            second.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = TodayIso, shift = "Night", status = "Given" }));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(a => a.OrderId == order)));
    }

    [SkippableFact]
    public async Task An_order_matching_an_allergy_needs_a_reason_and_keeps_it()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies",
            new { substance = "Amoxicilin", category = "Medication", kind = "Allergy", severity = "Severe", reaction = "Phù mặt, khó thở" }));
        var refused = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order(drug: "Amoxicilin 500 mg"));
        await AssertFieldErrorAsync(refused, "allergyOverrideReason", "dị ứng Amoxicilin (nặng, Phù mặt, khó thở)");
        Assert.Equal(0, await App.QueryAsync(db => db.MedicationOrders.CountAsync(o => o.BeneficiaryId == person)));

        // A name written without the marks or in another case is the same medicine.
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order(drug: "AMOXICILIN")), "allergyOverrideReason", "Amoxicilin");
        var other = await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order(drug: "Paracetamol"));
        await IdOfAsync(other);

        var kept = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders",
            Order(drug: "Amoxicilin 500 mg", overrideReason: "Bác sĩ chuyên khoa đã test lẩy da âm tính")));
        var stored = await App.QueryAsync(db => db.MedicationOrders.SingleAsync(o => o.Id == kept));
        Assert.Equal("Bác sĩ chuyên khoa đã test lẩy da âm tính", stored.AllergyOverrideReason);
        var audit = await App.QueryAsync(db => db.AuditEvents.Where(e => e.Action == "medication.order" && e.EntityId == kept.ToString()).SingleAsync());
        Assert.Contains("allergy-override", audit.Detail, StringComparison.Ordinal);
        var allergies = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/allergies"));
        Assert.Equal("Severe", allergies[0].GetProperty("severity").GetString());
    }

    [SkippableFact]
    public async Task A_change_stops_the_old_order_the_day_the_new_one_starts()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        var old = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", Order(start: Today.AddDays(-3).ToString("yyyy-MM-dd"))));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/medication-orders/{old}/change", Order(start: Today.AddDays(-5).ToString("yyyy-MM-dd"))), "startDate", "từ ngày y lệnh cũ");
        var next = await IdOfAsync(await client.PostAsJsonAsync($"/api/medication-orders/{old}/change", Order(times: ["Morning"])));
        var (oldRow, newRow) = await App.QueryAsync(async db => (await db.MedicationOrders.SingleAsync(o => o.Id == old), await db.MedicationOrders.SingleAsync(o => o.Id == next)));
        Assert.Equal((Today, "Đổi y lệnh"), (oldRow.StoppedOn!.Value, oldRow.StopReason));
        Assert.Equal(old, newRow.ReplacesOrderId);
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/medication-orders/{old}/administrations", new { date = TodayIso, shift = "Night", status = "Given" }), "date", "đã ngừng");
    }

    [SkippableFact]
    public async Task Bad_orders_and_immunizations_name_their_fields()
    {
        RequireProvider();
        var (client, person, _) = await ResidentAsync();
        var url = $"/api/beneficiaries/{person}/medication-orders";
        var bad = await client.PostAsJsonAsync(url, new { drugName = "", form = "Tablet", dose = "1 viên", route = "Oral", times = Array.Empty<string>(), startDate = TodayIso });
        await AssertFieldErrorAsync(bad, "drugName", "bắt buộc");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { drugName = "Metformin", form = "Tablet", dose = "1 viên", route = "Oral", startDate = TodayIso }), "times", "khi cần");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(url, new { drugName = "Metformin", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning" },
            startDate = TodayIso, endDate = Today.AddDays(-1).ToString("yyyy-MM-dd") }), "endDate", "từ ngày bắt đầu");
        // Given when needed only: no round asks for it, and it is allowed.
        await IdOfAsync(await client.PostAsJsonAsync(url, new { drugName = "Paracetamol", form = "Tablet", dose = "1 viên", route = "Oral", asNeeded = true, startDate = TodayIso }));

        var shots = $"/api/beneficiaries/{person}/immunizations";
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Cúm mùa", date = Today.AddDays(1).ToString("yyyy-MM-dd") }), "date", "tương lai");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Cúm mùa", doseNumber = 0, date = TodayIso }), "doseNumber", "từ 1 đến 10");
        // The vaccine code, when given, is one of the CVX codes the Viet Nam Core IG's ValueSet enumerates.
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Cúm mùa", vaccineCode = "ZZ9", date = TodayIso }), "vaccineCode", "CVX");
        Assert.Equal("influenza virus vaccine, unspecified formulation",
            await App.QueryAsync(db => db.CodeListItems.Where(c => c.List == "vaccine-cvx" && c.Code == "88").Select(c => c.Name).SingleAsync()));
        Assert.Equal(0, await App.QueryAsync(db => db.CodeListItems.CountAsync(c => c.List == "vaccine-cvx" && c.Detail != "http://hl7.org/fhir/sid/cvx")));
        await IdOfAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Cúm mùa", vaccineCode = "88", doseNumber = 1, date = TodayIso, lot = "FLU2026A", site = "LeftArm" }));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Cúm mùa", doseNumber = 1, date = TodayIso }), "vaccine", "Đã ghi một mũi Cúm mùa");
        // However the name is written, or under another name with the same code.
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "cúm mùa ", doseNumber = 2, date = TodayIso }), "vaccine", "Đã ghi một mũi Cúm mùa");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync(shots, new { vaccine = "Vắc xin cúm", vaccineCode = "88", date = TodayIso }), "vaccine", "CVX 88");
        var list = await JsonAsync(await client.GetAsync(shots));
        Assert.Equal(("Cúm mùa", "88", "FLU2026A", "LeftArm"),
            (list[0].GetProperty("vaccine").GetString(), list[0].GetProperty("vaccineCode").GetString(), list[0].GetProperty("lot").GetString(), list[0].GetProperty("site").GetString()));
        // No drug list is supplied: a code is kept as written.
        await IdOfAsync(await client.PostAsJsonAsync(url, new { drugName = "Captopril", drugCode = "VD-12345-10", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning" }, startDate = TodayIso }));
    }

    [SkippableFact]
    public async Task Another_facilitys_clinician_gets_404_for_the_orders_the_doses_and_the_round()
    {
        RequireProvider();
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var outsider = await App.QueryAsync(db => db.Beneficiaries
            .Where(b => b.Stays.Any() && b.Stays.All(s => s.FacilityId == hanoi && s.DischargedOn == null)).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        using var admin = await App.ClientForAsync("demo.admin");
        var order = await IdOfAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{outsider}/medication-orders", Order(drug: "Losartan")));

        using var clinician = await App.ClientForAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{outsider}/medication-orders")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{outsider}/allergies")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostAsJsonAsync($"/api/medication-orders/{order}/administrations",
            new { date = TodayIso, shift = "Morning", status = "Given" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.PostAsJsonAsync($"/api/medication-orders/{order}/stop", new { stoppedOn = TodayIso, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/facilities/{hanoi}/medication-rounds")).StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.MedicationAdministrations.CountAsync(a => a.OrderId == order)));
        Assert.Null(await App.QueryAsync(db => db.MedicationOrders.Where(o => o.Id == order).Select(o => o.StoppedOn).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_referral_prints_its_letter_and_its_answer_closes_it()
    {
        RequireProvider();
        var (client, person, facility) = await ResidentAsync();
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals",
            new { date = TodayIso, destination = "Bệnh viện Đa khoa tỉnh Quảng Ninh", diagnosisCode = "X99.99" }), "diagnosisCode", "không có trong danh mục");
        var referral = await IdOfAsync(await client.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals", new
        {
            date = TodayIso, time = "14:30", destination = "Bệnh viện Đa khoa tỉnh Quảng Ninh", destinationLevel = "Basic", urgency = "Urgent", ground = "MeetsConditions",
            diagnosisCode = "i10", diagnosis = "Tăng huyết áp không kiểm soát", clinicalSigns = "Đau đầu, HA 190/110 mmHg", transport = "Ambulance",
            escort = "Trần Thị Hoa, điều dưỡng, cao đẳng",
        }));
        var open = await JsonAsync(await client.GetAsync($"/api/referrals?status=open&facility={facility}"));
        Assert.Contains(open.EnumerateArray(), r => r.GetProperty("id").GetInt32() == referral);

        var letter = await client.GetAsync($"/api/referrals/{referral}/letter");
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal("application/pdf", letter.Content.Headers.ContentType!.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"ansinh-letter-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await letter.Content.ReadAsByteArrayAsync());
        try
        {
            var text = await ReportTests.RunAsync("pdftotext", $"{path} -");
            Skip.If(text is null, "pdftotext not installed");
            Assert.Contains("GIẤY CHUYỂN TUYẾN KHÁM BỆNH, CHỮA BỆNH BẢO HIỂM Y TẾ", text);
            Assert.Contains("LÊ VĂN THỬ", text); // the person's name with its marks
            Assert.Contains("Kính gửi: Bệnh viện Đa khoa tỉnh Quảng Ninh", text);
            Assert.Contains("I10", text);
            Assert.Contains("14 giờ 30 phút", text);
            Assert.Contains("Xe cứu thương", text);
            Assert.Contains("Trần Thị Hoa, điều dưỡng, cao đẳng", text.ReplaceLineEndings(" "));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.NotNull(await App.QueryAsync(db => db.AuditEvents.FirstOrDefaultAsync(e => e.BeneficiaryId == person && e.Detail!.Contains("referral-letter"))));
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/referrals/{referral}/outcome",
            new { outcomeDate = TodayIso, outcome = "Ổn định", backReferredOn = Today.AddDays(-1).ToString("yyyy-MM-dd") }), "backReferredOn", "trước ngày chuyển tuyến");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/referrals/{referral}/outcome",
            new { outcomeDate = TodayIso, outcome = "Ổn định, chuyển về điều trị tiếp", backReferredOn = TodayIso })).StatusCode);
        open = await JsonAsync(await client.GetAsync($"/api/referrals?status=open&facility={facility}"));
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("id").GetInt32() == referral);
        var list = await JsonAsync(await client.GetAsync($"/api/beneficiaries/{person}/referrals"));
        Assert.Equal((TodayIso, "I10", "Urgent"), (list[0].GetProperty("backReferredOn").GetString(), list[0].GetProperty("diagnosisCode").GetString(), list[0].GetProperty("urgency").GetString()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMedicineApiTests(SqliteAppFactory app) : MedicineApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMedicineApiTests(PostgresAppFactory app) : MedicineApiTests(app);
