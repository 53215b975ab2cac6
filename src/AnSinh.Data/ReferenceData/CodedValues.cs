using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

/// <summary>
/// Records written before the coded lists hold names as free text ("Kinh", "Thương binh"). When a list is
/// loaded, values that name an entry unambiguously become its code; anything else is left as written, for a
/// person to correct in the form.
/// </summary>
public static class CodedValues
{
    public static async Task<int> ConvertLegacyTextAsync(AnSinhDbContext db, string list, CancellationToken ct = default)
    {
        var items = await db.CodeListItems.AsNoTracking().Where(c => c.List == list).ToListAsync(ct);
        var codes = items.Select(i => i.Code).ToHashSet();
        var byName = new Dictionary<string, string>();
        foreach (var item in items)
        {
            // The name, its part before the first comma ("Thương binh, bao gồm…"), and an ethnic group's other names.
            var names = new[] { item.Name, item.Name.Split(',')[0] }
                .Concat(list == CodeLists.EthnicGroup ? (item.Detail ?? "").Split(',') : []);
            foreach (var name in names.Select(VietnameseText.Fold).Where(n => n.Length > 0))
            {
                byName[name] = byName.TryGetValue(name, out var other) && other != item.Code ? "" : item.Code;
            }
        }

        string? CodeOf(string? text) =>
            text is null || codes.Contains(text) ? null
            : byName.TryGetValue(VietnameseText.Fold(text), out var code) && code.Length > 0 ? code : null;

        var changed = 0;
        if (list == CodeLists.EthnicGroup)
        {
            foreach (var person in await db.Beneficiaries.Where(b => b.EthnicityCode != null).ToListAsync(ct))
            {
                if (CodeOf(person.EthnicityCode) is { } code)
                {
                    person.EthnicityCode = code;
                    changed++;
                }
            }
        }
        else if (list is CodeLists.MeritoriousType or CodeLists.DisabilityType)
        {
            var meritorious = list == CodeLists.MeritoriousType;
            var rows = await db.BeneficiaryCategories
                .Where(c => meritorious ? c.MeritTypeCode != null : c.DisabilityTypeCode != null).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (CodeOf(meritorious ? row.MeritTypeCode : row.DisabilityTypeCode) is { } code)
                {
                    if (meritorious)
                    {
                        row.MeritTypeCode = code;
                    }
                    else
                    {
                        row.DisabilityTypeCode = code;
                    }

                    changed++;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return changed;
    }
}
