using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.ReferenceData;

public sealed record UnitOption(int Id, string Name);

/// <summary>The communes a form offers: those in force today in the caller's province (or, for national users, the province they chose).</summary>
public sealed class UnitOptions(AnSinhDbContext db, CurrentUser user, Clock clock)
{
    public Task<string?> ProvinceCodeOfAsync(int unitId, CancellationToken ct = default) =>
        db.AdminUnits.Where(u => u.Id == unitId).Select(u => u.ProvinceCode).FirstOrDefaultAsync(ct);

    /// <summary>Whether the caller has a province of their own; national users choose one first.</summary>
    public async Task<bool> HasHomeProvinceAsync(CancellationToken ct = default) => await HomeProvinceCodeAsync(ct) is not null;

    /// <summary>The provinces in force today, by name (for national users choosing where a facility or person is).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> ProvincesAsync(CancellationToken ct = default)
    {
        var today = clock.Today;
        var rows = await db.AdminUnits.AsNoTracking().Where(u => u.Level == AdminLevel.Province).Where(AnSinh.Domain.Geography.AdminUnit.ValidOn(today))
            .OrderBy(u => u.Name).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var vi = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
        return rows.Select(r => (r.Code, r.Name))
            .OrderBy(r => AdminUnit.WithoutLevel(r.Name), vi).ToList();
    }

    public async Task<IReadOnlyList<UnitOption>> CommunesAsync(int? alwaysInclude = null, string? chosenProvince = null, CancellationToken ct = default)
    {
        var provinceCode = await HomeProvinceCodeAsync(ct) ?? (string.IsNullOrWhiteSpace(chosenProvince) ? null : chosenProvince.Trim())
            ?? (alwaysInclude is { } current ? await ProvinceCodeOfAsync(current, ct) : null);
        var today = clock.Today;
        var query = db.AdminUnits.AsNoTracking().Where(u => u.Level == AdminLevel.Commune).Where(AnSinh.Domain.Geography.AdminUnit.ValidOn(today));
        if (provinceCode is not null)
        {
            query = query.Where(u => u.ProvinceCode == provinceCode || u.Id == alwaysInclude);
        }
        else
        {
            query = query.Where(u => u.Id == alwaysInclude);
        }

        var list = await query.OrderBy(u => u.Name).Select(u => new UnitOption(u.Id, u.Name)).ToListAsync(ct);
        if (alwaysInclude is { } id && list.All(o => o.Id != id))
        {
            var extra = await db.AdminUnits.Where(u => u.Id == id).Select(u => new UnitOption(u.Id, u.Name)).FirstOrDefaultAsync(ct);
            if (extra is not null)
            {
                list.Insert(0, extra);
            }
        }

        return list;
    }

    private async Task<string?> HomeProvinceCodeAsync(CancellationToken ct)
    {
        if (user.ScopeKind == ScopeKind.AdminUnit && user.ScopeAdminUnitId is { } unitId)
        {
            return await ProvinceCodeOfAsync(unitId, ct);
        }

        if (user.ScopeKind == ScopeKind.Facility && user.ScopeFacilityId is { } fid)
        {
            return await db.Facilities.Where(f => f.Id == fid).Select(f => f.AdminUnit!.ProvinceCode).FirstOrDefaultAsync(ct);
        }

        return null;
    }
}
