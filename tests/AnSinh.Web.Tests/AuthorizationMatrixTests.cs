using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>
/// Every API operation and every page × every role, in and out of the role's scope, against the table kept in
/// authorization-matrix.csv (issue #10, acceptance). A cell is <c>allow</c> (the role passes: neither 401, 403 nor 404),
/// <c>deny</c> (403 or 404 whatever the record) or <c>scope</c> (passes for a record in the role's scope, 403/404 for one
/// outside it). An endpoint without a row fails the test. With ANSINH_RECORD_MATRIX=1 the test writes what it observed
/// to TestResults/authorization-matrix.observed.csv instead, for review before it replaces the table.
/// </summary>
public abstract class AuthorizationMatrixTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private static readonly string[] RoleUsers = ["demo.admin", "demo.national", "demo.province", "demo.manager", "demo.clinician"];

    /// <summary>Records in the Quảng Ninh demo centre (every demo role's scope) and in the Hà Nội one (outside all but the national roles').</summary>
    private sealed record Side(int Person, int Facility, int Stay, int Condition, int Referral, int Entitlement, int Order, int Enrolment, int Plan, int Goal, int Device, string Unit, int Alert, int Version, long Observation, int Encounter, int Allergy, int Immunization, int Staff, long Administration, int Screening);

    private sealed record Row(string Method, string Route, string[] Cells);

    private static string MatrixPath => System.IO.Path.Combine(TestPaths.RepositoryRoot().FullName, "tests", "AnSinh.Web.Tests", "authorization-matrix.csv");

    private static Dictionary<(string, string), Row> ReadMatrix() =>
        File.ReadAllLines(MatrixPath).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(','))
            .Select(p => new Row(p[0], p[1], p[2..].Select(c => c.Trim()).ToArray()))
            .ToDictionary(r => (r.Method, RouteOnly(r.Route)));

    /// <summary>The route without a query a row may add ("?unit={unit}"); a "?" inside braces marks an optional parameter.</summary>
    private static string RouteOnly(string route) => System.Text.RegularExpressions.Regex.Match(route, @"^(?:[^?{]|\{[^}]*\})*").Value;

    private List<(string Method, string Route)> Endpoints()
    {
        App.StartServer();
        var api = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true || e.RoutePattern.RawText?.StartsWith("/fhir", StringComparison.Ordinal) == true)
                        && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))));
        var pages = Directory.EnumerateFiles(System.IO.Path.Combine(TestPaths.RepositoryRoot().FullName, "src"), "*.razor", SearchOption.AllDirectories)
            .Where(f => !File.ReadAllText(f).Contains("[AllowAnonymous]", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "^@page \"([^\"]+)\"", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => ("GET", m.Groups[1].Value));
        return api.Concat(pages).Distinct().OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.Item1, StringComparer.Ordinal).ToList();
    }

    private async Task<Side> SideAsync(string facilityStartsWith, string unit)
    {
        var facility = await FacilityIdAsync(facilityStartsWith);
        var stay = await App.QueryAsync(db => db.Stays.Where(s => s.FacilityId == facility && s.DischargedOn == null)
            .Where(s => db.Stays.Count(o => o.BeneficiaryId == s.BeneficiaryId) == 1)
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.BeneficiaryId }).FirstAsync());
        var person = stay.BeneficiaryId;
        using var admin = await App.ClientForAsync("demo.admin");
        var today = Today.ToString("yyyy-MM-dd");
        var encounter = await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = today, diagnoses = new[] { new { icdCode = "J00" } } });
        var encounterId = (await JsonAsync(encounter)).GetProperty("id").GetInt32();
        var condition = await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == encounterId).Select(c => c.Id).SingleAsync());
        var referral = (await JsonAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/referrals", new { date = today, destination = "Bệnh viện tuyến tỉnh" })))
            .GetProperty("id").GetInt32();
        var entitlement = (await JsonAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/entitlements", new { kind = "ElectricitySupport", from = "2025-01-01" })))
            .GetProperty("id").GetInt32();
        var order = (await JsonAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/medication-orders", new
            {
                drugName = "Amlodipin", strength = "5 mg", form = "Tablet", dose = "1 viên", route = "Oral", times = new[] { "Morning" }, startDate = today,
            })))
            .GetProperty("id").GetInt32();
        var hypertension = (await JsonAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = today, diagnoses = new[] { new { icdCode = "I10" } } }))).GetProperty("id").GetInt32();
        var htnCondition = await App.QueryAsync(db => db.Conditions.Where(c => c.EncounterId == hypertension).Select(c => c.Id).SingleAsync());
        // The demo may have enrolled the person or planned their rehabilitation already: take the open one either way.
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/chronic", new { conditionId = htnCondition, enrolledOn = today });
        var enrolment = await App.QueryAsync(db => db.ChronicEnrolments.Where(e => e.BeneficiaryId == person && e.EndedOn == null).Select(e => e.Id).FirstAsync());
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/rehab-plans", new { startDate = today, goals = new[] { "Tự đi lại trong phòng" } });
        var plan = await App.QueryAsync(db => db.RehabPlans.Where(p => p.BeneficiaryId == person && p.ClosedOn == null).Select(p => p.Id).FirstAsync());
        var goal = await App.QueryAsync(db => db.RehabGoals.Where(g => g.PlanId == plan).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync());
        // An allergy and a dose for the FHIR reads (the demo may have recorded some already: take the first either way).
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/allergies", new { substance = "Penicilin", category = "Medication", kind = "Allergy", severity = "Mild" });
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/immunizations", new { vaccine = $"Vắc xin thử {unit}", date = today });
        var allergy = await App.QueryAsync(db => db.Allergies.Where(a => a.BeneficiaryId == person).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var immunization = await App.QueryAsync(db => db.Immunizations.Where(i => i.BeneficiaryId == person).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        var device = (await JsonAsync(await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/devices", new { kind = "Walker", issuedOn = today })))
            .GetProperty("id").GetInt32();
        // An urgent reading raises an alert (resolving it needs a note, so an empty body changes nothing).
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters",
            new { kind = "SickVisit", date = today, observations = new[] { new { code = "8480-6", value = 200 }, new { code = "8462-4", value = 120 } } });
        var alert = await App.QueryAsync(db => db.Alerts.Where(a => a.BeneficiaryId == person && a.Rule == "BP-HIGH" && a.Status < AnSinh.Domain.Alerts.AlertStatus.Resolved)
            .Select(a => a.Id).FirstAsync());
        var version = await App.QueryAsync(db => db.Beneficiaries.Where(b => b.Id == person).Select(b => b.Version).SingleAsync());
        var observation = await App.QueryAsync(db => db.Observations.Where(o => o.BeneficiaryId == person).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        // A staff member and a dose of the order, for the FHIR Practitioner and MedicationAdministration reads.
        await admin.PostAsJsonAsync($"/api/facilities/{facility}/staff", new { fullName = $"Nhân viên bảng phân quyền {unit}", profession = "Nurse" });
        var staff = await App.QueryAsync(db => db.StaffMembers.Where(s => s.FacilityId == facility).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await admin.PostAsJsonAsync($"/api/medication-orders/{order}/administrations", new { date = today, shift = "Morning", status = "Given" });
        var administration = await App.QueryAsync(db => db.MedicationAdministrations.Where(a => a.BeneficiaryId == person).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        // Dated yesterday: EndpointAuthorizationTests checks that nothing is screened today for the same Hà Nội resident.
        await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings",
            new { instrument = "PHQ-9", date = Today.AddDays(-1).ToString("yyyy-MM-dd"), answers = new[] { 0, 1, 0, 0, 0, 0, 0, 0, 0 } });
        var screening = await App.QueryAsync(db => db.ScreeningResults.Where(s => s.BeneficiaryId == person).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        return new Side(person, facility, stay.Id, condition, referral, entitlement, order, enrolment, plan, goal, device, unit, alert, version, observation, encounterId, allergy, immunization,
            staff, administration, screening);
    }

    /// <summary>The concrete address of a route for one side's records.</summary>
    private static string Concrete(string route, Side side, string userId, int plan, int task, int client) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}?]*)?\??\}", m => (m.Groups[1].Value, route) switch
        {
            ("code", _) => "BEN-PERIODIC",
            ("list", _) => "ethnic-group",
            ("unit", _) => side.Unit,
            ("facility", _) => side.Facility.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("planId", _) => plan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("taskId", _) => task.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("versionId", _) => side.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("staffId", _) => side.Staff.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("entitlementId", _) => side.Entitlement.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/clients/", StringComparison.Ordinal) => client.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/users", StringComparison.Ordinal) || r.StartsWith("/admin/users", StringComparison.Ordinal) => userId,
            (_, var r) when r.Contains("facilities", StringComparison.Ordinal) => side.Facility.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.Contains("stays", StringComparison.Ordinal) => side.Stay.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.Contains("conditions", StringComparison.Ordinal) => side.Condition.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/referrals", StringComparison.Ordinal) => side.Referral.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/medication-orders", StringComparison.Ordinal) => side.Order.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/observations/", StringComparison.Ordinal) => side.Observation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/allergies/", StringComparison.Ordinal) => side.Allergy.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/immunizations/", StringComparison.Ordinal) => side.Immunization.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/administrations/", StringComparison.Ordinal) => side.Administration.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/screenings/", StringComparison.Ordinal) => side.Screening.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/encounters/", StringComparison.Ordinal) => side.Encounter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/chronic/", StringComparison.Ordinal) => side.Enrolment.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/rehab-plans", StringComparison.Ordinal) => side.Plan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/rehab-goals", StringComparison.Ordinal) => side.Goal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/devices", StringComparison.Ordinal) => side.Device.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/api/alerts/", StringComparison.Ordinal) => side.Alert.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("kind", _) => "beneficiaries",
            (_, var r) when r.StartsWith("/api/imports/", StringComparison.Ordinal) || r.StartsWith("/imports/", StringComparison.Ordinal) => Guid.Empty.ToString(),
            ("file", _) => "Patient.ndjson",
            (_, var r) when r.StartsWith("/fhir/$export", StringComparison.Ordinal) => Guid.Empty.ToString(),
            (_, var r) when r.StartsWith("/fhir/Group", StringComparison.Ordinal) => side.Facility.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/AllergyIntolerance", StringComparison.Ordinal) => side.Allergy.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Immunization", StringComparison.Ordinal) => side.Immunization.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Encounter", StringComparison.Ordinal) => side.Encounter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Condition", StringComparison.Ordinal) => side.Condition.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Observation", StringComparison.Ordinal) => side.Observation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Organization", StringComparison.Ordinal) || r.StartsWith("/fhir/Location", StringComparison.Ordinal)
                => side.Facility.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Practitioner", StringComparison.Ordinal) => side.Staff.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/MedicationRequest", StringComparison.Ordinal) => side.Order.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/MedicationAdministration", StringComparison.Ordinal) => side.Administration.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/ServiceRequest", StringComparison.Ordinal) => side.Referral.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("type", _) => "Questionnaire",
            (_, var r) when r.StartsWith("/fhir/MeasureReport/", StringComparison.Ordinal) => $"BEN-PERIODIC.unit-{side.Unit}.2025-12-31",
            (_, var r) when r.StartsWith("/fhir/Measure/", StringComparison.Ordinal) => "BEN-PERIODIC",
            (_, var r) when r.StartsWith("/fhir/CarePlan", StringComparison.Ordinal) => side.Plan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/QuestionnaireResponse", StringComparison.Ordinal) => side.Screening.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, var r) when r.StartsWith("/fhir/Questionnaire/", StringComparison.Ordinal) => "PHQ-9",
            _ => side.Person.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static bool Passes(HttpStatusCode status) =>
        status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)status < 500;

    private static bool Refused(HttpStatusCode status) => status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    private async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [SkippableFact]
    public async Task Every_operation_and_page_answers_each_role_as_the_table_says()
    {
        RequireProvider();
        var endpoints = Endpoints();
        var record = Environment.GetEnvironmentVariable("ANSINH_RECORD_MATRIX") == "1";
        // Recording keeps the table's own addresses (a row may add a query: ?unit={unit}) and writes new cells.
        var matrix = File.Exists(MatrixPath) ? ReadMatrix() : [];
        var missing = endpoints.Where(e => !matrix.ContainsKey((e.Method, e.Route))).ToList();
        if (!record)
        {
            Assert.True(missing.Count == 0, "Endpoints without a row in authorization-matrix.csv: " + string.Join(", ", missing.Select(m => $"{m.Method} {m.Route}")));
            var stale = matrix.Keys.Where(k => !endpoints.Contains(k)).ToList();
            Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist: " + string.Join(", ", stale.Select(m => $"{m.Item1} {m.Item2}")));
        }

        var inside = await SideAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh", "22");
        var outside = await SideAsync("Trung tâm Bảo trợ xã hội (Hà Nội", "01");
        var target = await App.QueryAsync(async db =>
        {
            var users = App.Services.CreateScope().ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AnSinh.Data.AppUser>>();
            var user = new AnSinh.Data.AppUser { UserName = $"ma.tran.{Guid.NewGuid():N}"[..20], FullName = "Tài khoản của bảng phân quyền", ScopeKind = AnSinh.Data.ScopeKind.National };
            await users.CreateAsync(user);
            return user.Id;
        });
        // A system for the client routes (the administrator's calls re-key and revoke it).
        var systemClient = await App.QueryAsync(async db =>
        {
            using var scope = App.Services.CreateScope();
            var registered = await scope.ServiceProvider.GetRequiredService<AnSinh.Web.Auth.SystemClients>().RegisterAsync(
                new AnSinh.Web.Auth.ClientInput { ClientId = $"ma-tran-{Guid.NewGuid():N}"[..20], Name = "Hệ thống của bảng phân quyền", Role = AnSinh.Data.Roles.NationalOfficer }, "test");
            return registered.Value!.Id;
        });
        var (plan, task) = await App.QueryAsync(db => db.PlanTasks.OrderBy(t => t.Id).Select(t => new { t.PlanId, t.Id }).FirstAsync()) is var pt ? (pt.PlanId, pt.Id) : default;

        var failures = new List<string>();
        var observed = new StringBuilder("# method,route,SystemAdmin,NationalOfficer,ProvinceOfficer,FacilityManager,Clinician\n");
        var cases = 0;
        foreach (var (method, route) in endpoints)
        {
            var row = matrix.GetValueOrDefault((method, route));
            var full = row?.Route ?? route;
            var cells = new string[RoleUsers.Length];
            for (var r = 0; r < RoleUsers.Length; r++)
            {
                // A national role has no "outside"; nor has a route that names no record (the same request twice would say nothing new).
                var national = r < 2 || !full.Contains('{', StringComparison.Ordinal);
                // Sign-out ends the caller's own session: it gets a token of its own.
                using var client = route == "/api/auth/sign-out" ? await FreshClientAsync(RoleUsers[r]) : await App.ClientForAsync(RoleUsers[r]);
                var inStatus = await SendAsync(client, method, Concrete(full, inside, target, plan, task, systemClient));
                var outStatus = national ? inStatus : await SendAsync(client, method, Concrete(full, outside, target, plan, task, systemClient));
                cases += national ? 1 : 2;
                cells[r] = Observed(inStatus, outStatus, national);

                if (!record && row is not null && !Matches(row.Cells[r], inStatus, outStatus, national))
                {
                    failures.Add($"{method} {route} as {RoleUsers[r]}: expected {row.Cells[r]}, in scope {(int)inStatus}, out of scope {(int)outStatus}");
                }
            }

            observed.Append(method).Append(',').Append(full).Append(',').AppendJoin(',', cells).Append('\n');
        }

        var folder = System.IO.Path.Combine(TestPaths.RepositoryRoot().FullName, "TestResults");
        Directory.CreateDirectory(folder);
        var summary = $"{GetType().Name}: {cases} authorization cases ({endpoints.Count} operations and pages × {RoleUsers.Length} roles, in and out of scope), {failures.Count} differ from the table";
        await File.WriteAllTextAsync(System.IO.Path.Combine(folder, $"authorization-{GetType().Name}.txt"), summary + "\n" + string.Join("\n", failures));
        if (record)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "authorization-matrix.observed.csv"), observed.ToString());
            return;
        }

        Assert.True(failures.Count == 0, summary + ":\n" + string.Join("\n", failures));
    }

    /// <summary>What a role's answers amount to; a national role has no "outside", so for it scope and allow are one.</summary>
    private static string Observed(HttpStatusCode inStatus, HttpStatusCode outStatus, bool national) =>
        Passes(inStatus) && national ? "allow"
        : Refused(inStatus) && (national || Refused(outStatus)) ? "deny"
        : Passes(inStatus) && Refused(outStatus) ? "scope"
        : Passes(inStatus) && Passes(outStatus) ? "allow"
        : $"?{(int)inStatus}/{(int)outStatus}";

    private static bool Matches(string expected, HttpStatusCode inStatus, HttpStatusCode outStatus, bool national) => expected switch
    {
        "allow" => Passes(inStatus) && (national || Passes(outStatus)),
        "deny" => Refused(inStatus) && (national || Refused(outStatus)),
        "scope" => Passes(inStatus) && (national || Refused(outStatus)),
        _ => false,
    };

    private async Task<HttpClient> FreshClientAsync(string user)
    {
        var client = App.Anonymous();
        var token = await client.PostAsJsonAsync("/api/auth/token", new { username = user, password = AnSinhAppFactory.DemoPassword });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            (await JsonAsync(token)).GetProperty("accessToken").GetString());
        return client;
    }
}

/// <summary>A site of its own: the table's requests write (empty bodies are refused, but sign-outs and account switches are not).</summary>
public sealed class SqliteAuthorizationMatrixTests(SqliteAuthorizationMatrixTests.Site app) : AuthorizationMatrixTests(app), IClassFixture<SqliteAuthorizationMatrixTests.Site>
{
    public sealed class Site : SqliteAppFactoryBase;
}

public sealed class PostgresAuthorizationMatrixTests(PostgresAuthorizationMatrixTests.Site app) : AuthorizationMatrixTests(app), IClassFixture<PostgresAuthorizationMatrixTests.Site>
{
    public sealed class Site : PostgresAppFactory;
}
