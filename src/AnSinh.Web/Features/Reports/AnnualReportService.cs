using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Plans;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Indicators;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Reports;

public sealed class AnnualReportTextsInput
{
    public string? Unit { get; set; }
    public int? Year { get; set; }
    public string? ReportNumber { get; set; }
    public string? Difficulties { get; set; }
    public string? Proposals { get; set; }
}

/// <summary>Builds the yearly report of a unit from the indicator engine, the plan's tasks and the texts people wrote.</summary>
public sealed class AnnualReportService(AnSinhDbContext db, IndicatorService indicators, UnitResolver units, CurrentUser user, Clock clock)
{
    public async Task<ServiceResult<AnnualReport>> BuildAsync(string? unitCode, int? year, CancellationToken ct = default)
    {
        var errors = CheckYear(year);
        if (!errors.IsValid)
        {
            return ServiceResult<AnnualReport>.Invalid(errors);
        }

        var asOf = AsOf(year!.Value);
        var computed = await indicators.ComputeAsync(new IndicatorService.Request(unitCode, null, asOf), ct);
        if (!computed.Succeeded)
        {
            return computed.NotFound ? ServiceResult<AnnualReport>.Missing() : ServiceResult<AnnualReport>.Invalid(computed.Errors!);
        }

        var figures = computed.Value!;
        var (territory, _) = await units.ResolveAsync(unitCode, asOf, ct);
        var unit = territory!.Unit;
        var plan = await db.Plans.AsNoTracking().Include(p => p.Tasks).ThenInclude(t => t.Notes).AsSplitQuery()
            .Where(p => db.AdminUnits.Any(u => u.Id == p.IssuerUnitId && u.Code == unit.Code && u.Level == unit.Level))
            .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        var texts = await db.AnnualReportTexts.AsNoTracking().FirstOrDefaultAsync(t => t.UnitCode == unit.Code && t.Year == year, ct);

        var place = PlaceName(unit);
        var programme = "Chương trình nâng cao chất lượng bảo vệ, chăm sóc sức khỏe người có công với cách mạng, người cao tuổi, trẻ em, người khuyết tật và các đối tượng cần trợ giúp xã hội";
        var title = plan?.Number is { } number
            ? $"Kết quả thực hiện Kế hoạch số {number} năm {year}"
            : $"Kết quả thực hiện {programme} năm {year}";
        var tasks = (plan?.Tasks ?? []).OrderBy(t => t.Id).Select(t => new TaskLine(t.Agency, t.Duty, Components.Shared.Labels.Of(t.Status),
            t.Notes.OrderByDescending(n => n.Date).Select(n => $"{n.Date:dd/MM/yyyy}: {n.Text}").FirstOrDefault())).ToList();
        var issuedOn = clock.Today < asOf ? clock.Today : (year == clock.Today.Year ? clock.Today : asOf);
        return ServiceResult<AnnualReport>.Ok(new AnnualReport(
            unit.Code, unit.Name, year.Value, asOf, issuedOn,
            unit.Level == AdminLevel.Nation ? "BỘ Y TẾ" : "ỦY BAN NHÂN DÂN",
            unit.Level == AdminLevel.Nation ? "" : unit.Name.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN")),
            texts?.ReportNumber, place, title,
            plan is null ? null : $"{plan.Title}{(plan.Number is null ? "" : $" (số {plan.Number}{(plan.IssuedOn is { } d ? $" ngày {d:dd/MM/yyyy}" : "")})")}",
            figures.Indicators, tasks, texts?.Difficulties, texts?.Proposals, DueOn(plan?.ReportDue, year.Value)));
    }

    public async Task<ServiceResult<int>> SaveTextsAsync(AnnualReportTextsInput input, CancellationToken ct = default)
    {
        var errors = CheckYear(input.Year);
        errors.AddIf(input.Difficulties is { Length: > 8000 }, "difficulties", "Nội dung khó khăn, vướng mắc không được dài quá 8.000 ký tự.");
        errors.AddIf(input.Proposals is { Length: > 8000 }, "proposals", "Nội dung đề xuất không được dài quá 8.000 ký tự.");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // Saving needs the same access as reading the unit's figures.
        var access = await indicators.ComputeAccessAsync(input.Unit, AsOf(input.Year!.Value), ct);
        if (!access.Succeeded)
        {
            return access.NotFound ? ServiceResult<int>.Missing() : ServiceResult<int>.Invalid(access.Errors!);
        }

        if (!user.CanManageFacilities)
        {
            return ServiceResult<int>.Invalid("", "Chỉ cán bộ quản lý địa bàn được soạn báo cáo năm.");
        }

        var code = access.Value!.Code;
        var row = await db.AnnualReportTexts.FirstOrDefaultAsync(t => t.UnitCode == code && t.Year == input.Year, ct);
        if (row is null)
        {
            row = new AnnualReportText { UnitCode = code, Year = input.Year!.Value };
            db.AnnualReportTexts.Add(row);
        }

        row.ReportNumber = string.IsNullOrWhiteSpace(input.ReportNumber) ? null : input.ReportNumber.Trim();
        row.Difficulties = input.Difficulties?.Trim();
        row.Proposals = input.Proposals?.Trim();
        row.UpdatedAt = clock.Now;
        row.UpdatedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(row.Id);
    }

    /// <summary>A past year is reported as of 31 December; the current year as of today.</summary>
    public DateOnly AsOf(int year) => clock.AsOfYear(year);

    private ValidationErrors CheckYear(int? year)
    {
        var errors = new ValidationErrors();
        errors.AddIf(year is null, "year", "Chọn năm báo cáo.");
        errors.AddIf(year is < 2021, "year", "Chương trình bắt đầu từ năm 2021: chọn năm từ 2021.");
        errors.AddIf(year is { } y && y > clock.Today.Year, "year", "Không lập báo cáo cho năm chưa đến.");
        return errors;
    }

    /// <summary>The plan's yearly deadline ("MM-dd", Quảng Ninh "11-25") in the report's year.</summary>
    private static DateOnly? DueOn(string? monthDay, int year) =>
        monthDay is { Length: 5 } && int.TryParse(monthDay[..2], out var month) && int.TryParse(monthDay[3..], out var day)
            ? new DateOnly(year, month, day)
            : null;

    private static string PlaceName(AdminUnit unit)
    {
        foreach (var prefix in new[] { "Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ", "Đặc khu " })
        {
            if (unit.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return unit.Name[prefix.Length..];
            }
        }

        return unit.Name;
    }
}
