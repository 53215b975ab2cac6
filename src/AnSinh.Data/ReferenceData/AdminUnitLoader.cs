using System.Globalization;
using System.Text.Json;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

/// <summary>
/// Loads the administrative units in force until 30/06/2025 (three levels) and from 01/07/2025
/// (provinces and communes), with the official old → new successions.
/// </summary>
public static class AdminUnitLoader
{
    public const string DataSetName = "admin-units";
    public const string Version = "2025-03-01+2025-07-01";
    public static readonly DateOnly ReformDate = new(2025, 7, 1);
    public static readonly DateOnly LastDayBeforeReform = ReformDate.AddDays(-1);
    public const string NationCode = "VN";

    public static async Task<int> LoadAsync(AnSinhDbContext db, string referenceDir, CancellationToken ct = default)
    {
        var dir = Path.Combine(referenceDir, "admin-units");
        var nation = new AdminUnit { Code = NationCode, Name = "Việt Nam", Level = AdminLevel.Nation, SearchName = "viet nam" };
        var units = new List<AdminUnit> { nation };

        // Before 1 July 2025: province → district → commune.
        var oldCommunes = new Dictionary<string, AdminUnit>();
        var oldProvinces = new Dictionary<string, AdminUnit>();
        await using (var stream = File.OpenRead(Path.Combine(dir, "units-2025-03-01.json")))
        {
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            foreach (var p in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                var provinceCode = p.GetProperty("level1_id").GetString()!;
                var province = Unit(provinceCode, p.GetProperty("name").GetString()!, p.GetProperty("type").GetString(),
                    AdminLevel.Province, nation, provinceCode, null, LastDayBeforeReform);
                units.Add(province);
                oldProvinces[provinceCode] = province;
                foreach (var d in p.GetProperty("level2s").EnumerateArray())
                {
                    var district = Unit(d.GetProperty("level2_id").GetString()!, d.GetProperty("name").GetString()!,
                        d.GetProperty("type").GetString(), AdminLevel.District, province, provinceCode, null, LastDayBeforeReform);
                    units.Add(district);
                    foreach (var c in d.GetProperty("level3s").EnumerateArray())
                    {
                        var commune = Unit(c.GetProperty("level3_id").GetString()!, c.GetProperty("name").GetString()!,
                            c.GetProperty("type").GetString(), AdminLevel.Commune, district, provinceCode, null, LastDayBeforeReform);
                        units.Add(commune);
                        oldCommunes[commune.Code] = commune;
                    }
                }
            }
        }

        // From 1 July 2025: the 34 provinces (names from the statistics office list) and their communes.
        var newProvinceNames = File.ReadAllLines(Path.Combine(dir, "provinces-2025-07-01.csv"))
            .Skip(1)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split(','))
            .ToDictionary(f => f[1].Trim(), f => f[2].Trim());

        var successions = new List<AdminUnitSuccession>();
        await using (var stream = File.OpenRead(Path.Combine(dir, "mapping-2025-07-01-new-to-old.json")))
        {
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            foreach (var p in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                var code = p.GetProperty("level1_id").GetString()!;
                var name = newProvinceNames.GetValueOrDefault(code, p.GetProperty("name").GetString()!);
                var province = Unit(code, name, TypeFromName(name), AdminLevel.Province, nation, code, ReformDate, null);
                units.Add(province);
                foreach (var m in p.GetProperty("merges").EnumerateArray())
                {
                    if (oldProvinces.TryGetValue(m.GetProperty("old_id").GetString()!, out var old))
                    {
                        successions.Add(Succession(old, province, m));
                    }
                }

                foreach (var c in p.GetProperty("level2s").EnumerateArray())
                {
                    var communeName = c.GetProperty("name").GetString()!;
                    var commune = Unit(c.GetProperty("level2_id").GetString()!, communeName, TypeFromName(communeName),
                        AdminLevel.Commune, province, code, ReformDate, null);
                    units.Add(commune);
                    foreach (var m in c.GetProperty("merges").EnumerateArray())
                    {
                        if (oldCommunes.TryGetValue(m.GetProperty("old_id").GetString()!, out var old))
                        {
                            successions.Add(Succession(old, commune, m));
                        }
                    }
                }
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.AdminUnitSuccessions.ExecuteDeleteAsync(ct);
        await db.AdminUnits.ExecuteDeleteAsync(ct);
        await db.IndicatorSnapshots.ExecuteDeleteAsync(ct); // kept figures name units by their rows

        db.AdminUnits.AddRange(units);
        db.AdminUnitSuccessions.AddRange(successions);
        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, DataSetName, Version, "shared/data/admin-units (dvhcvn, GSO codes)", units.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return units.Count;
    }

    private static AdminUnit Unit(string code, string name, string? type, AdminLevel level, AdminUnit? parent,
        string provinceCode, DateOnly? from, DateOnly? to) => new()
        {
            Code = code,
            Name = name,
            Type = type,
            Level = level,
            Parent = parent,
            ProvinceCode = provinceCode,
            ValidFrom = from,
            ValidTo = to,
            SearchName = VietnameseText.Fold(name),
        };

    private static AdminUnitSuccession Succession(AdminUnit old, AdminUnit successor, JsonElement merge) => new()
    {
        Predecessor = old,
        Successor = successor,
        Kind = string.Equals(merge.GetProperty("type").GetString(), "partial", StringComparison.OrdinalIgnoreCase)
            ? SuccessionKind.Partial : SuccessionKind.Full,
        EffectiveOn = ReformDate,
    };

    private static readonly string[] KnownTypes = ["Thành phố", "Tỉnh", "Phường", "Xã", "Đặc khu", "Thị trấn"];

    private static string? TypeFromName(string name) =>
        KnownTypes.FirstOrDefault(t => name.StartsWith(t + " ", true, CultureInfo.GetCultureInfo("vi-VN")));
}
