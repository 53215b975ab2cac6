using AnSinh.Data;
using AnSinh.Domain.Growth;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.HealthRecords;

/// <summary>A child's WHO z-scores from the last weight and length/height measured on or before a day.</summary>
public sealed record GrowthView(DateOnly MeasuredOn, int AgeDays, decimal? WeightKg, decimal? LengthCm,
    double? WeightForAge, double? LengthForAge, double? WeightForLength, double? BmiForAge);

/// <summary>
/// Growth of a child under five against the WHO Child Growth Standards 2006 (<see cref="GrowthStandards"/>), from the
/// weight and height recorded at checks. Length is taken as measured lying under 24 months and standing after, as
/// WHO's procedure asks, so no position correction applies.
/// </summary>
public sealed class GrowthService(AnSinhDbContext db, AccessScope scope, AuditLog audit, Clock clock, GrowthStandards standards)
{
    public async Task<ServiceResult<GrowthView>> AtAsync(int beneficiaryId, DateOnly? date, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        var person = await visible.Where(b => b.Id == beneficiaryId).Select(b => new { b.BirthDate, b.Sex }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return ServiceResult<GrowthView>.Missing();
        }

        var day = date ?? clock.Today;
        var errors = new ValidationErrors();
        var readings = await db.Observations.AsNoTracking()
            .Where(o => o.BeneficiaryId == beneficiaryId && o.Date <= day && (o.Code == Loinc.Weight || o.Code == Loinc.Height))
            .OrderByDescending(o => o.Date).Take(20)
            .Select(o => new { o.Code, o.Value, o.Date })
            .ToListAsync(ct);
        if (readings.Count == 0)
        {
            errors.Add("date", $"Chưa có cân nặng hoặc chiều cao nào được đo đến ngày {day:dd/MM/yyyy}.");
            return ServiceResult<GrowthView>.Invalid(errors);
        }

        var measuredOn = readings[0].Date;
        var ageDays = measuredOn.DayNumber - person.BirthDate.DayNumber;
        if (ageDays > GrowthStandards.MaxAgeDays)
        {
            errors.Add("date", $"Chuẩn tăng trưởng WHO 2006 dùng cho trẻ từ 0 đến 5 tuổi (đến {GrowthStandards.MaxAgeDays:N0} ngày tuổi); "
                + $"lần đo ngày {measuredOn:dd/MM/yyyy} trẻ đã {ageDays:N0} ngày tuổi.");
            return ServiceResult<GrowthView>.Invalid(errors);
        }

        var weight = readings.FirstOrDefault(r => r.Code == Loinc.Weight && r.Date == measuredOn)?.Value;
        var length = readings.FirstOrDefault(r => r.Code == Loinc.Height && r.Date == measuredOn)?.Value;
        var z = standards.Compute((int)person.Sex, ageDays, (double?)weight, (double?)length, measuredLying: ageDays < GrowthStandards.HeightFromDays)!;
        await audit.RecordAsync(AuditActions.ReadRecord, beneficiaryId, "view=growth", ct);
        return ServiceResult<GrowthView>.Ok(new GrowthView(measuredOn, ageDays, weight, length, z.WeightForAge, z.LengthForAge, z.WeightForLength, z.BmiForAge));
    }
}
