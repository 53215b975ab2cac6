using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.Demo;

/// <summary>
/// Bulk synthetic records for benchmarks: N people in facilities of one province, each with a stay,
/// checks every few months over three years with a full set of vital signs, and the records the
/// indicators count. Deterministic for a seed. Names are drawn from the demo's name parts.
/// </summary>
public static class SyntheticDataGenerator
{
    /// <param name="Rows">Rows written by COPY (0 on the EF path).</param>
    public sealed record Result(int Facilities, int People, int Encounters, long Observations, long Rows, TimeSpan Elapsed);

    public static async Task<Result> GenerateAsync(AnSinhDbContext db, string provinceCode, int people, int checksPerPerson, DateOnly today,
        int seed, Action<string>? progress = null, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(seed);
        var province = await db.AdminUnits.FirstAsync(u => u.Code == provinceCode && u.Level == AdminLevel.Province && u.ValidFrom != null, ct);
        var communes = await db.AdminUnits.Where(u => u.ParentId == province.Id).Select(u => u.Id).ToListAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // On PostgreSQL every row goes in by binary COPY inside one transaction (all or nothing, issue #9: row-by-row
        // EF inserts reached 3.8 % of COPY); SQLite keeps the EF path. Both build the same rows from the same seed.
        await using var copy = db.Database.IsNpgsql() ? await CopyTarget.StartAsync(db, ct) : null;

        // One facility per 150 people, of the three kinds the plans cover.
        var facilityCount = Math.Max(1, people / 150);
        var types = new[] { FacilityType.SocialAssistance, FacilityType.MeritoriousCareCentre, FacilityType.DrugRehabilitation };
        var facilities = Enumerable.Range(0, facilityCount).Select(i => new Facility
        {
            Name = $"Cơ sở tổng hợp {i + 1:D4}",
            Type = types[i % types.Length],
            Ownership = i % 7 == 0 ? Ownership.Private : Ownership.Public,
            AdminUnitId = communes[random.Next(communes.Count)],
            Capacity = 160,
            OpenedOn = new DateOnly(2010, 1, 1),
        }).ToList();
        db.Facilities.AddRange(facilities);
        await db.SaveChangesAsync(ct);
        foreach (var f in facilities)
        {
            db.StaffMembers.AddRange(
                new StaffMember { FacilityId = f.Id, FullName = "Bác sĩ", Profession = Profession.Doctor },
                new StaffMember { FacilityId = f.Id, FullName = "Điều dưỡng", Profession = Profession.Nurse },
                new StaffMember { FacilityId = f.Id, FullName = "Điều dưỡng", Profession = Profession.Nurse });
            db.ReadinessAssessments.Add(new ReadinessAssessment { FacilityId = f.Id, ChecklistId = await db.ReadinessChecklists.Select(c => c.Id).FirstAsync(ct), Date = today.AddMonths(-2), MeetsAllMandatory = random.Next(3) > 0, RecordedAt = DateTimeOffset.UtcNow });
            db.TrainingRecords.Add(new TrainingRecord { FacilityId = f.Id, Course = "Tập huấn", StartDate = new DateOnly(today.Year, 3, 1), Hours = 8, Participants = 5 });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var encounters = 0;
        long observations = 0;
        long rows = 0;
        var batch = copy is null ? 1000 : 5000;
        for (var done = 0; done < people; done += batch)
        {
            var chunk = Math.Min(batch, people - done);
            var persons = new List<Beneficiary>(chunk);
            for (var i = 0; i < chunk; i++)
            {
                var facility = facilities[(done + i) % facilities.Count];
                var birth = today.AddYears(-random.Next(20, 95)).AddDays(-random.Next(365));
                // Names drawn from the demo's name parts, so that a search meets names as alike as real ones
                // ("Nguyễn Văn …" is common) rather than one shared prefix.
                var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;
                var name = DemoDataSeeder.Name(random, sex);
                var person = new Beneficiary
                {
                    FullName = name,
                    SearchName = VietnameseText.Fold(name),
                    Sex = sex,
                    BirthDate = birth,
                    AddressUnitId = facility.AdminUnitId,
                    RegisteredFacilityId = facility.Id,
                    HealthInsuranceValidFrom = today.AddYears(-3),
                    HealthInsuranceValidTo = random.Next(8) == 0 ? today.AddDays(-30) : today.AddYears(1),
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                person.Categories.Add(new BeneficiaryCategory { Kind = facility.Type == FacilityType.MeritoriousCareCentre ? CategoryKind.MeritoriousService : CategoryKind.Elderly, From = today.AddYears(-5) });
                var admitted = today.AddDays(-random.Next(100, 3000));
                person.Stays.Add(new Stay { FacilityId = facility.Id, Kind = StayKind.Residential, AdmittedOn = admitted });
                persons.Add(person);
            }

            if (copy is null)
            {
                db.Beneficiaries.AddRange(persons);
                await db.SaveChangesAsync(ct);
            }
            else
            {
                copy.AssignIds(persons);
            }

            var records = new List<Encounter>();
            var entitlements = new List<Entitlement>();
            var screenings = new List<ScreeningResult>();
            foreach (var person in persons)
            {
                var stay = person.Stays[0];
                var facilityId = stay.FacilityId;
                var hypertensive = random.Next(3) == 0;
                for (var c = 0; c < checksPerPerson; c++)
                {
                    var date = c == 0 ? stay.AdmittedOn.AddDays(random.Next(0, 6)) : today.AddDays(-random.Next(0, 3 * 365));
                    if (date > today)
                    {
                        date = today;
                    }

                    var e = new Encounter
                    {
                        BeneficiaryId = person.Id, FacilityId = facilityId, Date = date, RecordedAt = DateTimeOffset.UtcNow,
                        Kind = c == 0 ? EncounterKind.IntakeScreening : EncounterKind.PeriodicCheck,
                        HasVitalSigns = true,
                    };
                    void Obs(string code, decimal value, string unit) => e.Observations.Add(new Observation { BeneficiaryId = person.Id, Code = code, Value = value, Unit = unit, Date = date });
                    var sys = (hypertensive ? 130 : 110) + random.Next(30);
                    Obs(Loinc.Systolic, sys, "mm[Hg]");
                    Obs(Loinc.Diastolic, sys - 40 - random.Next(10), "mm[Hg]");
                    Obs(Loinc.Pulse, 60 + random.Next(30), "/min");
                    Obs(Loinc.Temperature, 36.5m, "Cel");
                    Obs(Loinc.RespiratoryRate, 18, "/min");
                    Obs(Loinc.OxygenSaturation, 97, "%");
                    Obs(Loinc.Weight, 55 + random.Next(15), "kg");
                    Obs(Loinc.Height, 160, "cm");
                    Obs(Loinc.Bmi, 22.5m, "kg/m2");
                    if (c == 0 && hypertensive)
                    {
                        e.Conditions.Add(new Condition { BeneficiaryId = person.Id, IcdCode = "I10", OnsetDate = date, LastChangedAt = e.RecordedAt });
                    }

                    observations += e.Observations.Count;
                    records.Add(e);
                }

                entitlements.Add(new Entitlement { BeneficiaryId = person.Id, Kind = Domain.Indicators.EntitlementKind.MonthlyAllowance, From = today.AddYears(-3) });
                screenings.Add(new ScreeningResult { BeneficiaryId = person.Id, Instrument = Windows(person.BirthDate, today) >= 60 ? "GDS-15" : "PHQ-9", Date = today.AddDays(-random.Next(500)), TotalScore = 3 });
            }

            encounters += records.Count;
            if (copy is null)
            {
                db.Entitlements.AddRange(entitlements);
                db.ScreeningResults.AddRange(screenings);
                db.Encounters.AddRange(records);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            else
            {
                await copy.WriteAsync(db, persons, records, entitlements, screenings, ct);
            }

            rows = copy?.Rows ?? rows;
            progress?.Invoke(Progress(done + chunk, people, encounters, observations, rows, started.Elapsed));
        }

        if (copy is not null)
        {
            await copy.CompleteAsync(db, ct);
            rows = copy.Rows;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new Result(facilities.Count, people, encounters, observations, rows, started.Elapsed);
    }

    /// <summary>A progress bar line: "[#####.....] 50 % 25.000/50.000 người …".</summary>
    private static string Progress(int done, int total, int encounters, long observations, long rows, TimeSpan elapsed)
    {
        const int width = 30;
        var filled = (int)((long)done * width / Math.Max(1, total));
        var rate = rows > 0 && elapsed.TotalSeconds > 0 ? $", {rows / elapsed.TotalSeconds:N0} dòng/giây" : "";
        return $"[{new string('#', filled)}{new string('.', width - filled)}] {done * 100L / Math.Max(1, total),3} % {done:N0}/{total:N0} người, "
            + $"{encounters:N0} lượt khám, {observations:N0} chỉ số ({elapsed.TotalSeconds:0}s{rate})";
    }

    private static int Windows(DateOnly birth, DateOnly today) => Domain.Indicators.Windows.AgeOn(birth, today);
}
