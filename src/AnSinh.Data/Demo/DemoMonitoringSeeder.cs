using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Referrals;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.Demo;

/// <summary>
/// The records that programme monitoring counts, for the demo people and facilities: entitlements,
/// convalescence, readiness assessments, training and equipment. Screenings and referrals are entered by the web's
/// own services after the demo accounts exist (AnSinh.Web's DemoCareRecords), as a nurse enters them.
/// Most people and facilities do well, some do not, so that every indicator has a list of who is missing.
/// </summary>
internal static class DemoMonitoringSeeder
{
    private static readonly string[] Courses = ["Tập huấn chăm sóc người cao tuổi", "Tập huấn phục hồi chức năng dựa vào cộng đồng", "Tập huấn sơ cấp cứu", "Tập huấn phát hiện sớm trầm cảm", "Tập huấn kiểm soát nhiễm khuẩn"];

    public static async Task SeedAsync(AnSinhDbContext db, Random r, DateOnly today, int meritFacilityId, IReadOnlyList<int> facilityIds, CancellationToken ct)
    {
        var people = await db.Beneficiaries.AsNoTracking()
            .Select(b => new { b.Id, b.BirthDate, Categories = b.Categories.Select(c => new { c.Kind, c.From }).ToList(), FacilityId = b.Stays.Select(s => s.FacilityId).FirstOrDefault() })
            .OrderBy(b => b.Id).ToListAsync(ct);
        var checklist = await db.Checklist();
        foreach (var p in people)
        {
            // Entitlements each category requires; about one person in eight lacks one of them.
            var kinds = p.Categories.SelectMany(c => IndicatorOptions.DefaultEntitlementRules.GetValueOrDefault(c.Kind) ?? []).Distinct().ToList();
            var since = p.Categories.Count == 0 ? today.AddYears(-3) : p.Categories.Min(c => c.From);
            foreach (var kind in kinds)
            {
                if (r.Next(8) == 0)
                {
                    continue;
                }

                db.Entitlements.Add(new Entitlement { BeneficiaryId = p.Id, Kind = kind, From = since, DecisionNumber = $"{r.Next(100, 999)}/QĐ-UBND" });
            }

            var merit = p.Categories.Any(c => c.Kind is CategoryKind.MeritoriousService or CategoryKind.MeritoriousRelative);
            for (var year = today.Year - 3; year <= today.Year && merit; year++)
            {
                // Yearly convalescence at the province centre for most people with meritorious service.
                if (r.Next(10) < 8)
                {
                    var start = new DateOnly(year, 3 + r.Next(6), 1 + r.Next(25));
                    if (start <= today)
                    {
                        db.Stays.Add(new Stay { BeneficiaryId = p.Id, FacilityId = meritFacilityId, Kind = StayKind.Convalescence, AdmittedOn = start, DischargedOn = start.AddDays(10) > today ? null : start.AddDays(10) });
                    }
                }
            }
        }

        var facilities = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id)).ToListAsync(ct);
        foreach (var f in facilities.Where(f => f.Type != FacilityType.CommuneHealthStation))
        {
            // A readiness assessment each autumn; most facilities meet every criterion by now.
            for (var year = today.Year - 3; year <= today.Year; year++)
            {
                var date = new DateOnly(year, 10, 1 + r.Next(20));
                if (date > today)
                {
                    continue;
                }

                var weak = f.Ownership == Ownership.Private || f.Type == FacilityType.DrugRehabilitation;
                var answers = checklist.Criteria.ToDictionary(c => c.Code, c => !(weak && c.Code is "rehabilitation" or "referral-agreement" && year < today.Year) && r.Next(12) != 0);
                db.ReadinessAssessments.Add(new ReadinessAssessment
                {
                    FacilityId = f.Id,
                    ChecklistId = checklist.Id,
                    Date = date,
                    Assessor = "Đoàn kiểm tra Sở Y tế (dữ liệu mẫu)",
                    RecordedAt = new DateTimeOffset(date.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero),
                    MeetsAllMandatory = ReadinessRules.MeetsAllMandatory(checklist.Criteria, answers),
                    Answers = answers.Select(a => new ReadinessAnswer { CriterionCode = a.Key, Met = a.Value, Computed = false }).ToList(),
                });
            }

            for (var year = today.Year - 3; year <= today.Year; year++)
            {
                for (var i = 0; i < 2 + r.Next(3); i++)
                {
                    var start = new DateOnly(year, 2 + r.Next(9), 1 + r.Next(25));
                    if (start > today)
                    {
                        continue;
                    }

                    db.TrainingRecords.Add(new TrainingRecord
                    {
                        FacilityId = f.Id,
                        Course = Courses[r.Next(Courses.Length)],
                        StartDate = start,
                        EndDate = start.AddDays(2),
                        Hours = 16,
                        Participants = 2 + r.Next(8),
                    });
                }
            }

            db.EquipmentItems.AddRange(
                new EquipmentItem { FacilityId = f.Id, Name = "Máy đo huyết áp", Quantity = 2 + r.Next(4), AcquiredOn = new DateOnly(2020, 5, 1), Condition = "Tốt" },
                new EquipmentItem { FacilityId = f.Id, Name = "Tủ thuốc cấp cứu", Quantity = 1, AcquiredOn = new DateOnly(2019, 1, 1), Condition = "Tốt" },
                new EquipmentItem { FacilityId = f.Id, Name = "Xe lăn", Quantity = 3 + r.Next(10), AcquiredOn = new DateOnly(2021, 9, 1), Condition = "Tốt" });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static Task<ReadinessChecklist> Checklist(this AnSinhDbContext db) =>
        db.ReadinessChecklists.AsNoTracking().Include(c => c.Criteria).OrderByDescending(c => c.ValidFrom).FirstAsync();
}
