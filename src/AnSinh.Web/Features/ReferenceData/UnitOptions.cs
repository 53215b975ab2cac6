using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.ReferenceData;

public sealed record UnitOption(int Id, string Name);

/// <summary>The communes a form offers: those in force today in the caller's province.</summary>
public sealed class UnitOptions(AnSinhDbContext db, CurrentUser user, Clock clock)
{
    public async Task<IReadOnlyList<UnitOption>> CommunesAsync(int? alwaysInclude = null, CancellationToken ct = default)
    {
        var provinceCode = await HomeProvinceCodeAsync(ct);
        var today = clock.Today;
        var query = db.AdminUnits.AsNoTracking().Where(u => u.Level == AdminLevel.Commune
            && (u.ValidFrom == null || u.ValidFrom <= today) && (u.ValidTo == null || u.ValidTo >= today));
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
            return await db.AdminUnits.Where(u => u.Id == unitId).Select(u => u.ProvinceCode).FirstOrDefaultAsync(ct);
        }

        if (user.ScopeKind == ScopeKind.Facility && user.ScopeFacilityId is { } fid)
        {
            return await db.Facilities.Where(f => f.Id == fid).Select(f => f.AdminUnit!.ProvinceCode).FirstOrDefaultAsync(ct);
        }

        return null;
    }
}
