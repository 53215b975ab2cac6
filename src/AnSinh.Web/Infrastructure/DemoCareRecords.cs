using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.ChronicCare;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Referrals;
using AnSinh.Domain.Stays;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.Medicines;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// The demo's clinical records (screenings, referrals and their answers, medicines, doses, allergies, immunizations)
/// entered through the same services as the forms, signed in as the demo administrator: what MH-SCREEN and REF-DONE
/// count on a demo site was scored, validated and audited exactly as a nurse's entry is.
/// </summary>
public static class DemoCareRecords
{
    private static readonly string[] Hospitals = ["Bệnh viện Đa khoa tỉnh Quảng Ninh", "Bệnh viện Bãi Cháy", "Bệnh viện Việt Nam - Thụy Điển Uông Bí", "Trung tâm Y tế thành phố Hạ Long"];

    public static async Task SeedAsync(IServiceProvider services, string userName, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var account = await users.FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No account {userName} to enter the demo records with.");
        // The claims a sign-in gives the account (ScopeClaimsPrincipalFactory), built here because the command line has no sign-in.
        var claims = new List<System.Security.Claims.Claim>
        {
            new(System.Security.Claims.ClaimTypes.NameIdentifier, account.Id),
            new(System.Security.Claims.ClaimTypes.Name, account.UserName!),
            new(Auth.ScopeClaimTypes.Kind, account.ScopeKind.ToString()),
            new(Auth.ScopeClaimTypes.FullName, account.FullName),
        };
        claims.AddRange((await users.GetRolesAsync(account)).Select(role => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role)));
        if (account.ScopeFacilityId is { } facility)
        {
            claims.Add(new(Auth.ScopeClaimTypes.FacilityId, facility.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (account.ScopeAdminUnitId is { } unit)
        {
            claims.Add(new(Auth.ScopeClaimTypes.AdminUnitId, unit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var before = accessor.HttpContext; // the command line acts as the system: put that back afterwards
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, "demo-seed")),
            RequestServices = sp,
        };
        try
        {
            await EnterAsync(sp, ct);
        }
        finally
        {
            accessor.HttpContext = before;
        }
    }

    private static async Task EnterAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AnSinhDbContext>();
        // One connection for the whole seeding; on SQLite without waiting for the disk at each of the thousand commits
        // (a demo database that a crash half-fills is simply made again).
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF", ct);
        }

        var care = sp.GetRequiredService<CareRecordService>();
        var medicines = sp.GetRequiredService<MedicineService>();
        var chronic = sp.GetRequiredService<Features.ChronicCare.ChronicCareService>();
        var rehab = sp.GetRequiredService<Features.Rehabilitation.RehabService>();
        var today = sp.GetRequiredService<Clock>().Today;
        var r = new Random(20_220_110);
        var people = await db.Beneficiaries.AsNoTracking().OrderBy(b => b.Id)
            .Select(b => new
            {
                b.Id, b.BirthDate,
                Elderly = b.Categories.Any(c => c.Kind == CategoryKind.Elderly),
                InCare = b.Stays.Where(s => s.DischargedOn == null).Select(s => (int?)s.FacilityId).FirstOrDefault(),
                Kind = b.Stays.Where(s => s.DischargedOn == null).Select(s => (StayKind?)s.Kind).FirstOrDefault(),
                Problems = db.Conditions.Where(c => c.BeneficiaryId == b.Id && c.ResolvedDate == null).Select(c => c.IcdCode).ToList(),
            })
            .ToListAsync(ct);
        foreach (var p in people)
        {
            // Mental-health screening: GDS-15 from 60, PHQ-9 from 18; two in three screened each year, answer by answer.
            var mood = r.Next(5, 40); // how often this person answers the depressive way, in percent
            for (var d = today.AddYears(-3).AddDays(r.Next(60)); d <= today; d = d.AddMonths(12).AddDays(r.Next(-20, 20)))
            {
                var age = AnSinh.Domain.Indicators.Windows.AgeOn(p.BirthDate, d);
                if (age < 18 || r.Next(3) == 0)
                {
                    continue;
                }

                var answers = age >= 60 ? Gds15Answers(r, mood) : Phq9Answers(r, mood);
                Check(await care.AddScreeningAsync(p.Id, new ScreeningInput { Instrument = age >= 60 ? "GDS-15" : "PHQ-9", Date = d, Answers = answers }, ct));
            }

            // A Barthel Index each year for residents of the care centres who are elderly.
            if (p.Elderly && p.Kind == StayKind.Residential && r.Next(2) == 0)
            {
                for (var d = today.AddYears(-2).AddDays(r.Next(90)); d <= today; d = d.AddMonths(12))
                {
                    Check(await care.AddScreeningAsync(p.Id, new ScreeningInput { Instrument = "BARTHEL", Date = d, Answers = Answers(r, InstrumentCatalog.Find("BARTHEL")!, 70) }, ct));
                }
            }

            // Referrals to hospital: about one person in six a year; three in four answered.
            for (var year = today.Year - 2; year <= today.Year && p.InCare is not null; year++)
            {
                var date = new DateOnly(year, 1 + r.Next(11), 1 + r.Next(27));
                if (r.Next(6) != 0 || date > today || date < p.BirthDate.AddYears(1))
                {
                    continue;
                }

                var referral = Check(await care.AddReferralAsync(p.Id, new ReferralInput
                {
                    Date = date, Destination = Hospitals[r.Next(Hospitals.Length)], DestinationLevel = CareLevel.Basic,
                    Urgency = r.Next(5) == 0 ? ReferralUrgency.Urgent : ReferralUrgency.Routine, Ground = ReferralGround.MeetsConditions,
                    DiagnosisCode = p.Problems.FirstOrDefault(), Reason = "Khám chuyên khoa, điều trị vượt khả năng của cơ sở",
                    Transport = ReferralTransport.FacilityVehicle,
                }, ct));
                if (r.Next(4) != 0 && date.AddDays(14) <= today)
                {
                    var answered = date.AddDays(3 + r.Next(10));
                    Check(await care.RecordReferralOutcomeAsync(referral, new ReferralOutcomeInput
                    {
                        OutcomeDate = answered, Outcome = "Đã khám, điều trị; chuyển trả về cơ sở", BackReferredOn = answered,
                    }, ct));
                }
            }

            if (p.Kind == StayKind.Residential)
            {
                await MedicinesAsync(medicines, r, p.Id, p.Problems, p.Elderly, today, ct);
            }

            // The chronic-disease register: every register diagnosis of a person in care, from its onset.
            if (p.InCare is not null && p.Problems.Any(c => ChronicRegister.DiseaseOf(c) is not null)
                && await chronic.PersonAsync(p.Id, ct) is { } followUp)
            {
                foreach (var candidate in followUp.Candidates)
                {
                    Check(await chronic.EnrolAsync(p.Id, new Features.ChronicCare.ChronicEnrolInput(candidate.ConditionId, candidate.OnsetDate, null), ct));
                }
            }

            // Rehabilitation for about one elderly resident in five: a plan two months old, weekly sessions, a walker for some.
            if (p.Elderly && p.Kind == StayKind.Residential && r.Next(5) == 0)
            {
                var start = today.AddDays(-60);
                var plan = Check(await rehab.CreatePlanAsync(p.Id, new Domain.Rehabilitation.RehabPlanInput
                {
                    StartDate = start, ReviewDate = today.AddDays(30), Assessment = "Hạn chế di chuyển, cần hỗ trợ khi chuyển tư thế",
                    Goals = ["Tự di chuyển từ giường sang ghế", "Đi lại trong phòng với khung tập đi"], Interventions = "Vận động trị liệu 30 phút, 2 buổi/tuần",
                }, ct));
                for (var d = start.AddDays(2); d <= today; d = d.AddDays(7))
                {
                    Check(await rehab.AddSessionAsync(plan, new Domain.Rehabilitation.RehabSessionInput { Date = d, Minutes = 30, Activities = "Tập chuyển tư thế, tập đi với khung" }, ct));
                }

                if (r.Next(2) == 0)
                {
                    Check(await rehab.IssueDeviceAsync(p.Id, new Domain.Rehabilitation.DeviceInput { Kind = Domain.Rehabilitation.DeviceKind.Walker, Description = "Khung tập đi 4 chân", IssuedOn = start }, ct));
                }
            }

            // A request's context tracks a few rows; this one would track thousands, and each save would look at all of them.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Standing orders for what residents are treated for, doses on yesterday's rounds and this morning's, a few allergies.</summary>
    private static async Task MedicinesAsync(MedicineService medicines, Random r, int person, List<string> problems, bool elderly, DateOnly today, CancellationToken ct)
    {
        if (r.Next(10) == 0)
        {
            Check(await medicines.AddAllergyAsync(person, r.Next(2) == 0
                ? new AllergyInput { Substance = "Penicilin", Category = AllergyCategory.Medication, Kind = AllergyKind.Allergy, Severity = AllergySeverity.Severe, Reaction = "Phát ban, phù mặt" }
                : new AllergyInput { Substance = "Aspirin", Category = AllergyCategory.Medication, Kind = AllergyKind.Intolerance, Severity = AllergySeverity.Moderate, Reaction = "Đau thượng vị" }, ct));
        }

        var orders = new List<MedicationOrderInput>();
        if (problems.Any(c => ChronicRegister.DiseaseOf(c) == ChronicDisease.Hypertension))
        {
            orders.Add(Order("Amlodipin", "5 mg", [Shift.Morning], "Uống sau ăn sáng"));
        }

        if (problems.Any(c => ChronicRegister.DiseaseOf(c) == ChronicDisease.Diabetes))
        {
            orders.Add(Order("Metformin", "500 mg", [Shift.Morning, Shift.Night], "Uống sau ăn"));
        }

        if (elderly && r.Next(3) == 0)
        {
            orders.Add(Order("Calci carbonat + vitamin D3", "500 mg + 200 IU", [Shift.Noon], null));
        }

        foreach (var input in orders)
        {
            input.StartDate = today.AddDays(-r.Next(30, 400));
            var order = Check(await medicines.OrderAsync(person, input, ct));
            foreach (var shift in input.Times!)
            {
                Check(await medicines.RecordDoseAsync(order, new AdministrationInput
                {
                    Date = today.AddDays(-1), Shift = shift, Status = r.Next(15) == 0 ? AdministrationStatus.Refused : AdministrationStatus.Given,
                    Reason = "Người bệnh không muốn uống", Time = new TimeOnly(shift switch { Shift.Morning => 7, Shift.Noon => 11, Shift.Afternoon => 16, _ => 20 }, 30),
                }, ct));
            }

            if (input.Times.Contains(Shift.Morning) && r.Next(2) == 0)
            {
                Check(await medicines.RecordDoseAsync(order, new AdministrationInput { Date = today, Shift = Shift.Morning, Status = AdministrationStatus.Given, Time = new TimeOnly(7, 15) }, ct));
            }
        }

        if (elderly && r.Next(2) == 0)
        {
            Check(await medicines.AddImmunizationAsync(person, new ImmunizationInput
            {
                Vaccine = "Cúm mùa", DoseNumber = 1, Date = new DateOnly(today.Month >= 10 ? today.Year : today.Year - 1, 10, 1 + r.Next(28)) is var d && d <= today ? d : today,
                Lot = $"FLU{today.Year % 100:00}{r.Next(1000, 9999)}", Site = InjectionSite.LeftArm,
            }, ct));
        }
    }

    private static MedicationOrderInput Order(string drug, string strength, List<Shift> times, string? instructions) => new()
    {
        DrugName = drug, Strength = strength, Form = DoseForm.Tablet, Dose = "1 viên", Route = MedicationRoute.Oral, Times = times, Instructions = instructions,
        // The demo's standing orders stand even where a resident has a recorded allergy to something else.
        AllergyOverrideReason = null,
    };

    /// <summary>PHQ-9: each item 0–3, mostly low; item 9 rarely above 0.</summary>
    private static List<int?> Phq9Answers(Random r, int mood) =>
        Enumerable.Range(0, 9).Select(i => (int?)(i == 8 ? (r.Next(100) < mood / 8 ? 1 : 0) : r.Next(100) < mood ? 1 + r.Next(3) : 0)).ToList();

    /// <summary>GDS-15 answers as published (1 = yes, 0 = no): the depressive answer is "no" to items 1, 5, 7, 11, 13 and "yes" to the rest.</summary>
    private static List<int?> Gds15Answers(Random r, int mood) =>
        Enumerable.Range(1, 15).Select(item =>
        {
            var depressive = r.Next(100) < mood;
            var reverse = item is 1 or 5 or 7 or 11 or 13;
            return (int?)(reverse ? (depressive ? 0 : 1) : (depressive ? 1 : 0));
        }).ToList();

    /// <summary>Answers chosen among each item's own points, the top one more often (percent).</summary>
    private static List<int?> Answers(Random r, Instrument instrument, int topPercent) =>
        instrument.Items.Select(i => (int?)(r.Next(100) < topPercent ? i.Values.Max() : i.Values[r.Next(i.Values.Count)])).ToList();

    private static T Check<T>(ServiceResult<T> result) => result.Succeeded
        ? result.Value!
        : throw new InvalidOperationException("Demo record refused: " + string.Join("; ", result.Errors?.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")) ?? ["not found"]));
}
