using AnSinh.Data;
using AnSinh.Domain.Geography;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// A commune (xã/phường) code in a row, read as people type it: five digits (a number cell drops the leading zeros),
/// in force on the day; a province or district code, an unknown code and one ended by the 2025 reorganisation each
/// get their own message. Loaded once per import.
/// </summary>
public sealed class CommuneCodes
{
    private readonly Dictionary<string, List<(int Id, DateOnly? From, DateOnly? To)>> _communes;
    private readonly HashSet<string> _higherUnits;

    private CommuneCodes(Dictionary<string, List<(int, DateOnly?, DateOnly?)>> communes, HashSet<string> higherUnits)
    {
        _communes = communes;
        _higherUnits = higherUnits;
    }

    public static async Task<CommuneCodes> LoadAsync(AnSinhDbContext db, CancellationToken ct)
    {
        var communes = (await db.AdminUnits.AsNoTracking().Where(u => u.Level == AdminLevel.Commune)
                .Select(u => new { u.Id, u.Code, u.ValidFrom, u.ValidTo }).ToListAsync(ct))
            .GroupBy(u => u.Code)
            .ToDictionary(g => g.Key, g => g.Select(u => (u.Id, u.ValidFrom, u.ValidTo)).ToList(), StringComparer.Ordinal);
        var higher = (await db.AdminUnits.AsNoTracking().Where(u => u.Level == AdminLevel.Province || u.Level == AdminLevel.District)
            .Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return new CommuneCodes(communes, higher);
    }

    /// <summary>The commune's id in force on <paramref name="on"/>, or null with the row's error added.</summary>
    public int? Resolve(ImportRow row, string key, DateOnly on)
    {
        var code = row.Text(key);
        if (code is null)
        {
            return null;
        }

        var typed = code;
        code = code.All(char.IsAsciiDigit) && code.Length < 5 ? code.PadLeft(5, '0') : code;
        var known = _communes.TryGetValue(code, out var units);
        var current = known ? units!.FirstOrDefault(u => (u.From is null || u.From <= on) && (u.To is null || u.To >= on)) : default;
        // "22", "193", or a province code as a CCCD writes it ("022").
        if (current.Id == 0 && (_higherUnits.Contains(typed) || (typed.Length == 3 && typed[0] == '0' && _higherUnits.Contains(typed[1..]))))
        {
            row.Error(key, $"“{typed}” là mã tỉnh hoặc huyện; ghi mã xã/phường (5 chữ số).");
            return null;
        }

        if (!known)
        {
            row.Error(key, $"không có xã/phường mã {typed} trong danh mục đơn vị hành chính.");
            return null;
        }

        if (current.Id == 0)
        {
            var ended = units!.Max(u => u.To);
            row.Error(key, $"xã/phường mã {code} đã thôi hiệu lực từ {ended?.AddDays(1):dd/MM/yyyy} (sắp xếp đơn vị hành chính); ghi mã xã/phường mới.");
            return null;
        }

        return current.Id;
    }
}
