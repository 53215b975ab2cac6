using AnSinh.Domain.Indicators;
using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Facilities;

public sealed class TrainingInput
{
    public string? Course { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public decimal? Hours { get; set; }
    public int? Participants { get; set; }
}

public sealed class EquipmentInput
{
    public string? Name { get; set; }
    public int? Quantity { get; set; }
    public DateOnly? AcquiredOn { get; set; }
    public string? Condition { get; set; }
}

public sealed class TechniqueConfirmationInput
{
    public DateOnly? ConfirmedOn { get; set; }
    public List<string> Codes { get; set; } = [];
}

public sealed record TrainingView(int Id, string Course, DateOnly StartDate, DateOnly? EndDate, decimal Hours, int Participants);

public sealed record EquipmentView(int Id, string Name, int Quantity, DateOnly? AcquiredOn, string? Condition);

public sealed record TechniqueRow(string Code, string Name, string? Group, DateOnly? LastConfirmedOn, bool Counts);

/// <summary>A facility's coverage of the catalog in force today, counted as FAC-TECH counts it.</summary>
public sealed record TechniqueCoverage(string Version, DateOnly ValidFrom, string? Source, IReadOnlyList<TechniqueRow> Techniques, int Confirmed, decimal? Percent);

/// <summary>A facility's training records (courses and participants) and equipment register.</summary>
public sealed class ResourcesService(AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock)
{
    public async Task<(IReadOnlyList<TrainingView> Trainings, IReadOnlyList<EquipmentView> Equipment)?> ListAsync(int facilityId, CancellationToken ct = default)
    {
        if (!await scope.FacilityExistsAndVisibleAsync(facilityId, ct))
        {
            return null;
        }

        var trainings = await db.TrainingRecords.AsNoTracking().Where(t => t.FacilityId == facilityId).OrderByDescending(t => t.StartDate)
            .Select(t => new TrainingView(t.Id, t.Course, t.StartDate, t.EndDate, t.Hours, t.Participants)).ToListAsync(ct);
        var equipment = await db.EquipmentItems.AsNoTracking().Where(e => e.FacilityId == facilityId).OrderBy(e => e.Name)
            .Select(e => new EquipmentView(e.Id, e.Name, e.Quantity, e.AcquiredOn, e.Condition)).ToListAsync(ct);
        return (trainings, equipment);
    }

    public async Task<ServiceResult<int>> AddTrainingAsync(int facilityId, TrainingInput input, CancellationToken ct = default)
    {
        var denied = await CheckAsync(facilityId, ct);
        if (denied is not null)
        {
            return denied;
        }

        var e = new ValidationErrors();
        e.AddIf(string.IsNullOrWhiteSpace(input.Course), "course", "Tên khóa đào tạo, tập huấn là bắt buộc.");
        e.AddIf(input.StartDate is null, "startDate", "Ngày bắt đầu là bắt buộc.");
        e.AddIf(input.StartDate is { } s && s > clock.Today, "startDate", "Ngày bắt đầu không được ở tương lai.");
        e.AddIf(input.StartDate is { } s2 && input.EndDate is { } end && end < s2, "endDate", "Ngày kết thúc phải sau ngày bắt đầu.");
        e.AddIf(input.Participants is null or < 1 or > 10_000, "participants", "Số lượt người tham gia phải từ 1 đến 10.000.");
        e.AddIf(input.Hours is < 0 or > 2_000, "hours", "Số giờ không hợp lệ.");
        if (!e.IsValid)
        {
            return ServiceResult<int>.Invalid(e);
        }

        var record = new TrainingRecord
        {
            FacilityId = facilityId, Course = input.Course!.Trim(), StartDate = input.StartDate!.Value, EndDate = input.EndDate,
            Hours = input.Hours ?? 0, Participants = input.Participants!.Value,
        };
        db.TrainingRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(record.Id);
    }

    public async Task<ServiceResult<int>> AddEquipmentAsync(int facilityId, EquipmentInput input, CancellationToken ct = default)
    {
        var denied = await CheckAsync(facilityId, ct);
        if (denied is not null)
        {
            return denied;
        }

        var e = new ValidationErrors();
        e.AddIf(string.IsNullOrWhiteSpace(input.Name), "name", "Tên thiết bị là bắt buộc.");
        e.AddIf(input.Quantity is null or < 1 or > 100_000, "quantity", "Số lượng phải từ 1 trở lên.");
        e.AddIf(input.AcquiredOn is { } d && d > clock.Today, "acquiredOn", "Ngày đưa vào sử dụng không được ở tương lai.");
        if (!e.IsValid)
        {
            return ServiceResult<int>.Invalid(e);
        }

        var item = new EquipmentItem { FacilityId = facilityId, Name = input.Name!.Trim(), Quantity = input.Quantity!.Value, AcquiredOn = input.AcquiredOn, Condition = input.Condition?.Trim() };
        db.EquipmentItems.Add(item);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(item.Id);
    }

    /// <summary>The catalog in force today and which of its techniques the facility confirmed in the last 12 months; null without a catalog.</summary>
    public async Task<TechniqueCoverage?> TechniquesAsync(int facilityId, CancellationToken ct = default)
    {
        var today = clock.Today;
        var catalog = await db.TechniqueCatalogs.AsNoTracking().Where(c => c.ValidFrom <= today).OrderByDescending(c => c.ValidFrom)
            .Select(c => new { c.Version, c.ValidFrom, c.Source, Techniques = c.Techniques.OrderBy(t => t.Code).Select(t => new { t.Code, t.Name, t.Group }).ToList() })
            .FirstOrDefaultAsync(ct);
        if (catalog is null)
        {
            return null;
        }

        var window = new IndicatorOptions().TechniqueWindowMonths;
        var last = await db.FacilityTechniques.AsNoTracking().Where(t => t.FacilityId == facilityId && t.ConfirmedOn <= today)
            .GroupBy(t => t.TechniqueCode).Select(g => new { Code = g.Key, Date = g.Max(t => t.ConfirmedOn) })
            .ToDictionaryAsync(x => x.Code, x => x.Date, ct);
        var rows = catalog.Techniques.Select(t =>
        {
            DateOnly? date = last.TryGetValue(t.Code, out var d) ? d : null;
            return new TechniqueRow(t.Code, t.Name, t.Group, date, date is { } on && AnSinh.Domain.Indicators.Windows.InMonthsBefore(on, today, window));
        }).ToList();
        var confirmed = rows.Count(r => r.Counts);
        return new TechniqueCoverage(catalog.Version, catalog.ValidFrom, catalog.Source, rows, confirmed, AnSinh.Domain.Indicators.Windows.Percent(confirmed, rows.Count));
    }

    /// <summary>Confirms the techniques a facility performs, against the catalog version in force on the date.</summary>
    public async Task<ServiceResult<int>> ConfirmTechniquesAsync(int facilityId, TechniqueConfirmationInput input, CancellationToken ct = default)
    {
        var denied = await CheckAsync(facilityId, ct);
        if (denied is not null)
        {
            return denied;
        }

        var e = new ValidationErrors();
        if (input.ConfirmedOn is not { } date)
        {
            e.Add("confirmedOn", "Ngày xác nhận là bắt buộc.");
            return ServiceResult<int>.Invalid(e);
        }

        e.AddIf(date > clock.Today, "confirmedOn", "Ngày xác nhận không được ở tương lai.");
        e.AddIf(input.Codes.Count == 0, "codes", "Chọn ít nhất một kỹ thuật.");
        var catalog = await db.TechniqueCatalogs.AsNoTracking().Where(c => c.ValidFrom <= date).OrderByDescending(c => c.ValidFrom)
            .Select(c => new { c.Version, Codes = c.Techniques.Select(t => t.Code).ToList() }).FirstOrDefaultAsync(ct);
        if (catalog is null)
        {
            e.Add("codes", "Chưa có danh mục kỹ thuật tuyến xã áp dụng cho ngày này.");
        }
        else
        {
            foreach (var unknown in input.Codes.Where(c => !catalog.Codes.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase)))
            {
                e.Add("codes", $"Kỹ thuật \"{unknown}\" không có trong danh mục phiên bản {catalog.Version}.");
            }
        }

        if (!e.IsValid)
        {
            return ServiceResult<int>.Invalid(e);
        }

        var codes = input.Codes.Select(c => catalog!.Codes.First(x => string.Equals(x, c.Trim(), StringComparison.OrdinalIgnoreCase))).Distinct().ToList();
        db.FacilityTechniques.AddRange(codes.Select(c => new FacilityTechnique { FacilityId = facilityId, TechniqueCode = c, ConfirmedOn = date, ConfirmedBy = user.UserName }));
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(codes.Count);
    }

    private async Task<ServiceResult<int>?> CheckAsync(int facilityId, CancellationToken ct)
    {
        if (!await scope.FacilityExistsAndVisibleAsync(facilityId, ct))
        {
            return ServiceResult<int>.Missing();
        }

        return user.CanEditStaff ? null : ServiceResult<int>.Denied("Chỉ lãnh đạo cơ sở hoặc cán bộ quản lý được cập nhật đào tạo, thiết bị.");
    }
}
