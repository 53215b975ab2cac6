using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AnSinh.Web.Tests;

/// <summary>
/// Issue #10 item 2: after a transfer the new facility owns the record; the facility the person left reads what it
/// wrote and the record as it stood that day, for RecordAccess:FormerFacilityReadDays (90), and writes nothing.
/// </summary>
public abstract class FormerFacilityTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private async Task<(int Person, int Target)> TransferredAsync(HttpClient clinician, int admittedDaysAgo, int transferredDaysAgo)
    {
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var target = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var person = await CreatePersonAsync(clinician);
        var admitted = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Day(admittedDaysAgo), confirmOverCapacity = true });
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var check = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = Day(admittedDaysAgo - 1), findings = "Khám tại Quảng Ninh" });
        Assert.True(check.StatusCode == HttpStatusCode.Created, await check.Content.ReadAsStringAsync());
        var stay = (await JsonAsync(admitted)).GetProperty("id").GetInt32();
        var moved = await clinician.PostAsJsonAsync($"/api/stays/{stay}/transfer",
            new { toFacilityId = target, transferredOn = Day(transferredDaysAgo), confirmOverCapacity = true });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        return (person, target);
    }

    private static string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    [SkippableFact]
    public async Task The_former_facility_reads_the_record_as_it_stood_when_the_person_left_and_cannot_write()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        using var admin = await App.ClientForAsync("demo.admin");
        var (person, target) = await TransferredAsync(clinician, admittedDaysAgo: 30, transferredDaysAgo: 10);

        // The new facility writes after the transfer: a check and a screening.
        var later = await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = Day(5), findings = "Khám tại Hà Nội" });
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings", new { instrument = "GDS-15", date = Day(4), totalScore = 6 })).StatusCode);

        var record = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}"));
        Assert.Equal(Day(10), record.GetProperty("readOnlyAsOf").GetString());
        Assert.Equal(target, record.GetProperty("currentFacilityId").GetInt32());

        var chart = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/chart"));
        var findings = chart.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("findings").GetString()).ToList();
        Assert.Equal(["Khám tại Quảng Ninh"], findings);
        Assert.Equal(0, (await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/screenings"))).GetArrayLength());
        // The new facility sees everything.
        Assert.Equal(2, (await JsonAsync(await admin.GetAsync($"/api/beneficiaries/{person}/chart"))).GetProperty("timeline").GetArrayLength());

        // Every write of the former facility is refused with the reason, and nothing is saved.
        var encounter = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "SickVisit", date = Day(20) });
        Assert.Equal(HttpStatusCode.Forbidden, encounter.StatusCode);
        Assert.Contains("đã rời cơ sở của bạn ngày", (await JsonAsync(encounter)).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings", new { instrument = "GDS-15", date = Day(12), totalScore = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements", new { kind = "ElectricitySupport", from = Day(40) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals", new { date = Day(12), destination = "Bệnh viện tỉnh" })).StatusCode);
        // Medicines and rehabilitation too, by the API and by FHIR (the open question of the #13 review: they are refused).
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", new
        {
            drugName = "Paracetamol 500 mg", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning" }, startDate = Day(0),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies",
            new { substance = "Penicilin", category = "Medication", kind = "Allergy", severity = "Mild" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans",
            new { startDate = Day(1), baselineBarthel = 60, goals = new[] { "Tự đi lại trong phòng" } })).StatusCode);
        var fhir = await FhirAsync("demo.clinician");
        var order = new Hl7.Fhir.Model.MedicationRequest
        {
            Status = Hl7.Fhir.Model.MedicationRequest.MedicationrequestStatus.Active, Intent = Hl7.Fhir.Model.MedicationRequest.MedicationRequestIntent.Order,
            Medication = new Hl7.Fhir.Model.CodeableConcept { Text = "Paracetamol 500 mg" }, Subject = new Hl7.Fhir.Model.ResourceReference($"Patient/{person}"),
            DosageInstruction =
            [
                new Hl7.Fhir.Model.Dosage
                {
                    Timing = new Hl7.Fhir.Model.Timing { Repeat = new Hl7.Fhir.Model.Timing.RepeatComponent { When = [Hl7.Fhir.Model.Timing.EventTiming.MORN] } },
                    Route = new Hl7.Fhir.Model.CodeableConcept { Text = "Uống" },
                    DoseAndRate = [new Hl7.Fhir.Model.Dosage.DoseAndRateComponent { Dose = new Hl7.Fhir.Model.Quantity { Value = 1, Unit = "viên" } }],
                },
            ],
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<Hl7.Fhir.Rest.FhirOperationException>(() => fhir.CreateAsync(order))).Status);
        Assert.Equal(0, await App.QueryAsync(db => Task.FromResult(db.MedicationOrders.Count(o => o.BeneficiaryId == person) + db.Allergies.Count(a => a.BeneficiaryId == person))));

        var edit = record.Deserialize<Dictionary<string, JsonElement>>()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PutAsJsonAsync($"/api/beneficiaries/{person}", new
        {
            fullName = "Tên Bị Sửa", sex = "Male", birthDate = "1950-04-12", version = edit["version"].GetInt32(),
            categories = new[] { new { kind = "Elderly", from = "2010-04-12" } },
        })).StatusCode);
        Assert.Equal(2, await App.QueryAsync(db => Task.FromResult(db.Encounters.Count(e => e.BeneficiaryId == person))));
        Assert.Equal("Lê Văn Thử", await App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Where(b => b.Id == person).Select(b => b.FullName).Single())));
    }

    [SkippableFact]
    public async Task What_the_new_facility_later_records_about_earlier_records_is_not_shown_to_the_former_one()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        using var admin = await App.ClientForAsync("demo.admin");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var target = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var person = await CreatePersonAsync(clinician);
        var stay = (await JsonAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays",
            new { facilityId = facility, admittedOn = Day(60), confirmOverCapacity = true }))).GetProperty("id").GetInt32();
        // Before the person leaves: a diagnosis, a referral and an entitlement, all by the centre.
        var visit = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = Day(30), diagnoses = new[] { new { icdCode = "J06.9" } } });
        Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        var visitId = (await JsonAsync(visit)).GetProperty("id").GetInt32();
        var referral = (await JsonAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals",
            new { date = Day(25), destination = "Bệnh viện Đa khoa tỉnh Quảng Ninh" }))).GetProperty("id").GetInt32();
        var entitlement = (await JsonAsync(await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements",
            new { kind = "ElectricitySupport", from = Day(40) }))).GetProperty("id").GetInt32();
        var moved = await clinician.PostAsJsonAsync($"/api/stays/{stay}/transfer", new { toFacilityId = target, transferredOn = Day(10), confirmOverCapacity = true });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());

        // After: the new facility records the hospital's answer, ends the entitlement and the problem.
        var condition = await App.QueryAsync(db => Task.FromResult(db.Conditions.Where(c => c.EncounterId == visitId).Select(c => c.Id).Single()));
        Assert.True((await admin.PostAsJsonAsync($"/api/referrals/{referral}/outcome", new { outcomeDate = Day(3), outcome = "Đã điều trị, chuyển về" })).IsSuccessStatusCode);
        Assert.True((await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements/{entitlement}/end", new { to = Day(2) })).IsSuccessStatusCode);
        Assert.True((await admin.PostAsJsonAsync($"/api/conditions/{condition}/resolve", new { resolvedOn = Day(2) })).IsSuccessStatusCode);

        var referrals = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/referrals"));
        Assert.Equal(JsonValueKind.Null, referrals[0].GetProperty("outcomeDate").ValueKind);
        var entitlements = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/entitlements"));
        Assert.Equal(JsonValueKind.Null, entitlements[0].GetProperty("to").ValueKind);
        var chart = await JsonAsync(await clinician.GetAsync($"/api/beneficiaries/{person}/chart"));
        Assert.Contains(chart.GetProperty("activeProblems").EnumerateArray(), p => p.GetProperty("icdCode").GetString() == "J06.9");
        Assert.All(chart.GetProperty("timeline").EnumerateArray().SelectMany(e => e.GetProperty("diagnoses").EnumerateArray()),
            c => Assert.Equal(JsonValueKind.Null, c.GetProperty("resolvedDate").ValueKind));
        // The new facility sees them all.
        Assert.Equal(Day(3), (await JsonAsync(await admin.GetAsync($"/api/beneficiaries/{person}/referrals")))[0].GetProperty("outcomeDate").GetString());
    }

    [SkippableFact]
    public async Task After_the_read_period_the_former_facility_no_longer_finds_the_person()
    {
        RequireProvider();
        using var clinician = await App.ClientForAsync("demo.clinician");
        var (person, _) = await TransferredAsync(clinician, admittedDaysAgo: 200, transferredDaysAgo: 91);

        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{person}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/beneficiaries/{person}/chart")).StatusCode);
        var search = await JsonAsync(await clinician.GetAsync("/api/beneficiaries?q=" + Uri.EscapeDataString("Lê Văn Thử") + "&pageSize=100"));
        Assert.DoesNotContain(search.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == person);
        Assert.Equal(HttpStatusCode.NotFound,
            (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new { kind = "SickVisit", date = Day(1) })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFormerFacilityTests(SqliteAppFactory app) : FormerFacilityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFormerFacilityTests(PostgresAppFactory app) : FormerFacilityTests(app);
