using AnSinh.Data;
using AnSinh.Data.ReferenceData;
using AnSinh.Domain.Geography;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Indicators;

/// <summary>A unit as it stood on a date, with the communes that make up its territory in either era.</summary>
public sealed record UnitTerritory(AdminUnit Unit, DateOnly AsOf, IReadOnlyCollection<int>? CommuneIds)
{
    public bool IsNation => CommuneIds is null;
}

/// <summary>
/// Resolves "unit code as of D" (Quảng Ninh = 22; VN = the nation). Ninh Thuận 2024 is the old
/// province 58; Khánh Hòa 2026 is the new 56, which includes the former Ninh Thuận. A unit's territory
/// is its communes plus, through the official mapping, the communes of the other era that correspond
/// to them — so records kept against old or new communes both count.
/// </summary>
public sealed class UnitResolver(AnSinhDbContext db, AnSinh.Web.Features.ReferenceData.UnitTreeProvider tree)
{
    public async Task<(UnitTerritory? Territory, string? Error)> ResolveAsync(string? code, DateOnly asOf, CancellationToken ct = default)
    {
        var c = (code ?? "").Trim();
        if (c.Length == 0)
        {
            return (null, "Chọn đơn vị hành chính (mã đơn vị, ví dụ Quảng Ninh = 22).");
        }

        if (string.Equals(c, AdminUnitLoader.NationCode, StringComparison.OrdinalIgnoreCase))
        {
            var nation = await db.AdminUnits.AsNoTracking().FirstAsync(u => u.Level == AdminLevel.Nation, ct);
            return (new UnitTerritory(nation, asOf, null), null);
        }

        var candidates = await db.AdminUnits.AsNoTracking().Where(u => u.Code == c && u.Level != AdminLevel.Nation).ToListAsync(ct);
        var unit = candidates.Where(u => u.IsValidOn(asOf)).OrderBy(u => u.Level).FirstOrDefault();
        if (unit is null)
        {
            return (null, await NotValidMessageAsync(c, candidates, asOf, ct));
        }

        return (new UnitTerritory(unit, asOf, await TerritoryAsync(unit, ct)), null);
    }

    private async Task<string> NotValidMessageAsync(string code, List<AdminUnit> candidates, DateOnly asOf, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return $"Không có đơn vị hành chính mã {code}.";
        }

        var unit = candidates.OrderBy(u => u.Level).First();
        if (unit.ValidTo is { } to && asOf > to)
        {
            var successors = await db.AdminUnitSuccessions.Where(s => s.PredecessorId == unit.Id)
                .Select(s => s.Successor!.Code + " " + s.Successor.Name).Distinct().ToListAsync(ct);
            var offer = successors.Count switch
            {
                0 => "",
                <= 5 => $" Đơn vị kế thừa: {string.Join("; ", successors)}.",
                _ => $" Địa bàn này nay thuộc {successors.Count} đơn vị mới, ví dụ: {string.Join("; ", successors.Take(5))}.",
            };
            // Its plan lives on over its former territory: say how to ask for it.
            var plans = await db.Plans.Where(p => p.Code != null && db.AdminUnits.Any(u => u.Id == p.IssuerUnitId && u.Code == unit.Code && u.Level == unit.Level))
                .Select(p => p.Code!).ToListAsync(ct);
            var planHint = plans.Count == 0 ? "" : $" Kế hoạch của đơn vị này vẫn được theo dõi trên địa bàn cũ: plan={string.Join(", plan=", plans)}.";
            return $"{unit.Name} (mã {code}) không còn tồn tại vào ngày {asOf:dd/MM/yyyy} (đến hết {to:dd/MM/yyyy}).{offer}{planHint}";
        }

        if (unit.ValidFrom is { } from && asOf < from)
        {
            var predecessors = await db.AdminUnitSuccessions.Where(s => s.SuccessorId == unit.Id)
                .Select(s => s.Predecessor!.Code + " " + s.Predecessor.Name).Distinct().ToListAsync(ct);
            var offer = predecessors.Count == 0 ? "" : $" Trước đó là: {string.Join("; ", predecessors.Take(5))}.";
            return $"{unit.Name} (mã {code}) chỉ có từ ngày {from:dd/MM/yyyy}.{offer}";
        }

        return $"Không có đơn vị hành chính mã {code} vào ngày {asOf:dd/MM/yyyy}.";
    }

    /// <summary>The unit's communes, and their counterparts across the 2025 reform (<see cref="UnitTree.Territory"/>).</summary>
    public async Task<IReadOnlyCollection<int>> TerritoryAsync(AdminUnit unit, CancellationToken ct) =>
        (await tree.GetAsync(db, ct)).Territory(unit.Id);
}
