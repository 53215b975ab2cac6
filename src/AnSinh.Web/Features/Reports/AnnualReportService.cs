using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Plans;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Indicators;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Reports;

public sealed class AnnualReportTextsInput : AnSinh.Domain.Validation.IVersionedInput
{
    /// <summary>The texts' version the edit started from (0 before the first save): <c>textsVersion</c> of the report.</summary>
    public int? Version { get; set; }

    public string? Unit { get; set; }
    public int? Year { get; set; }
    public string? ReportNumber { get; set; }
    public string? Difficulties { get; set; }
    public string? Proposals { get; set; }
    /// <summary>One recipient per line ("Bộ Y tế (để báo cáo);").</summary>
    public string? Recipients { get; set; }
}

/// <summary>Builds the yearly report of a unit from the indicator engine, the plan's tasks and the texts people wrote.</summary>
public sealed partial class AnnualReportService(AnSinhDbContext db, IndicatorService indicators, UnitResolver units, CurrentUser user, Clock clock)
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
        // The date of issue is the day the report is made, not the end of the year it reports on.
        var issuedOn = clock.Today;
        var others = new List<OtherPlanSection>();
        foreach (var other in unit.Level == AdminLevel.Nation ? [] : await indicators.OtherPlansAsync(unit, ct))
        {
            var part = await indicators.ComputeAsync(new IndicatorService.Request(unitCode, null, asOf, other.Code), ct);
            if (part.Succeeded)
            {
                // The issuer's unit came with the plan (OtherPlansAsync): no query per plan.
                var where = other.IssuerUnitValidTo is { } ended && ended < asOf
                    ? $"địa bàn {other.IssuerUnitName} trước ngày {ended.AddDays(1):dd/MM/yyyy}, nay thuộc {unit.Name}"
                    : $"địa bàn {other.IssuerUnitName}";
                others.Add(new OtherPlanSection($"{other.Title} ({other.Issuer})", where, part.Value!.Indicators));
            }
        }

        var (body1, body2) = IssuingBody(unit);
        return ServiceResult<AnnualReport>.Ok(new AnnualReport(
            unit.Code, unit.Name, year.Value, asOf, issuedOn, body1, body2,
            texts?.ReportNumber, place, title,
            plan is null ? null : $"{plan.Title}{(plan.Number is null ? "" : $" (số {plan.Number}{(plan.IssuedOn is { } d ? $" ngày {d:dd/MM/yyyy}" : "")})")}",
            figures.Indicators, tasks, texts?.Difficulties, texts?.Proposals, DueOn(plan?.ReportDue, year.Value),
            (texts?.Recipients ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => r.TrimStart('-', ' ')).Where(r => r.Length > 0).ToList(),
            others, texts?.Version ?? 0));
    }

    public async Task<ServiceResult<int>> SaveTextsAsync(AnnualReportTextsInput input, CancellationToken ct = default)
    {
        var errors = CheckYear(input.Year);
        errors.AddIf(input.Difficulties is { Length: > 8000 }, "difficulties", "Nội dung khó khăn, vướng mắc không được dài quá 8.000 ký tự.");
        errors.AddIf(input.Proposals is { Length: > 8000 }, "proposals", "Nội dung đề xuất không được dài quá 8.000 ký tự.");
        errors.AddIf(input.Recipients is { Length: > 2000 }, "recipients", "Nơi nhận không được dài quá 2.000 ký tự.");
        errors.AddIf(input.ReportNumber is { } n && !string.IsNullOrWhiteSpace(n) && !ReportNumberPattern().IsMatch(n.Trim()), "reportNumber",
            "Số báo cáo là số thứ tự (ví dụ 123), có thể kèm ký hiệu (123/BC-UBND).");
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
            return ServiceResult<int>.Denied("Chỉ cán bộ quản lý địa bàn được soạn báo cáo năm.");
        }

        var code = access.Value!.Code;
        var row = await db.AnnualReportTexts.FirstOrDefaultAsync(t => t.UnitCode == code && t.Year == input.Year, ct);
        if (EditVersions.Check(input.Version, row?.Version ?? 0, "Báo cáo năm") is { } stale)
        {
            return input.Version is null ? ServiceResult<int>.Invalid(stale) : ServiceResult<int>.Stale(stale);
        }

        if (row is null)
        {
            row = new AnnualReportText { UnitCode = code, Year = input.Year!.Value, Version = 1 };
            db.AnnualReportTexts.Add(row);
        }
        else
        {
            EditVersions.Advance(db.Entry(row), t => t.Version, input.Version!.Value);
        }

        row.ReportNumber = string.IsNullOrWhiteSpace(input.ReportNumber) ? null : input.ReportNumber.Trim();
        row.Difficulties = input.Difficulties?.Trim();
        row.Proposals = input.Proposals?.Trim();
        row.Recipients = input.Recipients?.Trim();
        row.UpdatedAt = clock.Now;
        row.UpdatedBy = user.UserName;
        // Two first saves racing meet the unique (unit, year) index; two edits racing, the version: one wins, the other is told.
        try
        {
            if (await EditVersions.SaveAsync(db, "Báo cáo năm", ct) is { } lost)
            {
                return ServiceResult<int>.Stale(lost);
            }
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            var raced = new ValidationErrors();
            raced.Add(EditVersions.Field, EditVersions.StaleMessage("Báo cáo năm"));
            return ServiceResult<int>.Stale(raced);
        }

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

    /// <summary>
    /// The issuing body as Nghị định 30/2020/NĐ-CP writes it: "ỦY BAN NHÂN DÂN" over the unit with its level
    /// ("TỈNH QUẢNG NINH"), in capitals; the nation's report is the Ministry of Health's.
    /// </summary>
    internal static (string Line1, string Line2) IssuingBody(AdminUnit unit)
    {
        if (unit.Level == AdminLevel.Nation)
        {
            return ("BỘ Y TẾ", "");
        }

        var vi = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
        var level = unit.Level switch { AdminLevel.Province => "Tỉnh", AdminLevel.District => "Huyện", _ => "Xã" };
        return ("ỦY BAN NHÂN DÂN", (AdminUnit.LevelWordOf(unit.Name) is null ? $"{level} {unit.Name}" : unit.Name).ToUpper(vi));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,6}(/[\p{L}\d.-]+)*$")]
    private static partial System.Text.RegularExpressions.Regex ReportNumberPattern();

    private static string PlaceName(AdminUnit unit) => AdminUnit.WithoutLevel(unit.Name);
}
