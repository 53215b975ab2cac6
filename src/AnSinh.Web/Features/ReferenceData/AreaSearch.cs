using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.ReferenceData;

/// <summary>An area as a person picks it: its name, where it lies, and which era of the 2025 reform it belongs to.</summary>
public sealed record AreaChoice(int Id, string Code, string Name, AdminLevel Level, string? ParentName, DateOnly? ValidFrom, DateOnly? ValidTo)
{
    /// <summary>"trước 01/07/2025" for a unit that ended with the reform, "từ 01/07/2025" for one it created.</summary>
    public string Era => ValidTo is { } to ? $"đến {to:dd/MM/yyyy}" : ValidFrom is { } from ? $"từ {from:dd/MM/yyyy}" : "";

    public string Label => string.Join(" · ", new[] { Name, ParentName, Era }.Where(x => !string.IsNullOrEmpty(x)));
}

/// <summary>
/// Finds provinces and communes by name (diacritics optional, words in any order) within the caller's scope, in
/// both eras of the 2025 reform, so that nobody needs to know a unit's code.
/// </summary>
public sealed class AreaSearch(AnSinhDbContext db, AccessScope scope)
{
    public async Task<IReadOnlyList<AreaChoice>> FindAsync(string? text, int take = 30, CancellationToken ct = default)
    {
        var words = VietnameseText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }

        var query = await InScopeAsync(ct);
        foreach (var word in words)
        {
            query = query.Where(u => u.SearchName.Contains(word));
        }

        var found = await query.Where(u => u.Level != AdminLevel.Nation)
            .OrderBy(u => u.Level).ThenBy(u => u.ValidTo != null).ThenBy(u => u.Name).Take(Math.Clamp(take, 1, 100))
            .Select(u => new AreaChoice(u.Id, u.Code, u.Name, u.Level, u.Parent == null ? null : u.Parent.Name, u.ValidFrom, u.ValidTo))
            .ToListAsync(ct);
        // An exact name wins: "Quảng Ninh" is the province, not every commune whose name contains it.
        var folded = string.Join(' ', words);
        var exact = found.Where(a => VietnameseText.Fold(a.Name) == folded || VietnameseText.Fold(AdminUnit.WithoutLevel(a.Name)) == folded).ToList();
        // The larger unit wins a tie of names: "Quảng Ninh" is the province, not Quảng Bình's former district of that name.
        if (exact.Count > 0)
        {
            var top = exact.Min(a => a.Level);
            exact = exact.Where(a => a.Level == top).ToList();
        }

        // One unit across both eras (Quảng Ninh, 22, before and after the reform) is one choice: the dashboard picks the era by date.
        if (exact.Count > 1 && exact.Select(a => (a.Code, a.Level)).Distinct().Count() == 1)
        {
            return [exact.OrderBy(a => a.ValidTo is not null).First()];
        }

        return exact.Count > 0 ? exact : found;
    }

    /// <summary>The provinces the caller may look at, in both eras.</summary>
    public async Task<IReadOnlyList<AreaChoice>> ProvincesAsync(CancellationToken ct = default) =>
        await (await InScopeAsync(ct)).Where(u => u.Level == AdminLevel.Province).OrderBy(u => u.ValidTo != null).ThenBy(u => u.Name)
            .Select(u => new AreaChoice(u.Id, u.Code, u.Name, u.Level, null, u.ValidFrom, u.ValidTo)).ToListAsync(ct);

    /// <summary>The units directly under a unit (districts, or communes), by name.</summary>
    public async Task<IReadOnlyList<AreaChoice>> ChildrenAsync(int parentId, CancellationToken ct = default) =>
        await (await InScopeAsync(ct)).Where(u => u.ParentId == parentId).OrderBy(u => u.Name)
            .Select(u => new AreaChoice(u.Id, u.Code, u.Name, u.Level, null, u.ValidFrom, u.ValidTo)).ToListAsync(ct);

    private async Task<IQueryable<AdminUnit>> InScopeAsync(CancellationToken ct)
    {
        var resolved = await scope.ResolveAsync(ct);
        var ids = resolved.UnitIds;
        return resolved.IsNational ? db.AdminUnits.AsNoTracking() : db.AdminUnits.AsNoTracking().Where(u => ids.Contains(u.Id));
    }
}
