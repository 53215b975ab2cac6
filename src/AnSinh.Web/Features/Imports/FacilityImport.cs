using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Facilities;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// Facilities from a province's or the ministry's list, one per row: name, type, ownership, the commune it stands in,
/// capacity, licence and dates. Checked by the facility form's rules (FacilityInput.Validate, a commune in force today
/// and in the uploader's area) and against what exists: the same licence number, or the same name in the same commune,
/// in the file or already registered.
/// </summary>
public sealed class FacilityImport(AnSinhDbContext db, AccessScope scope, AuditLog audit, Clock clock) : IRowImporter<FacilityInput>
{
    public const string Kind = "facilities";

    public static readonly IReadOnlyList<ImportColumn> Template =
    [
        new("name", "Tên cơ sở", ColumnType.Text, true, "Bắt buộc; tối đa 200 ký tự.", 34),
        new("type", "Loại cơ sở", ColumnType.Text, true, "Bắt buộc: " + string.Join("; ", Enum.GetValues<FacilityType>().Select(Labels.Of)) + ".", 26),
        new("ownership", "Loại hình", ColumnType.Text, true, "Bắt buộc: Công lập hoặc Ngoài công lập.", 14),
        new("unit", "Mã xã/phường", ColumnType.Text, true, "Bắt buộc: mã xã/phường/đặc khu đang có hiệu lực (sau 01/07/2025) nơi đặt cơ sở, trong phạm vi của bạn.", 12),
        new("address", "Địa chỉ", ColumnType.Text, false, "Số nhà, đường, thôn; tối đa 300 ký tự.", 28),
        new("capacity", "Quy mô tiếp nhận", ColumnType.Integer, true, "Bắt buộc: số người có thể tiếp nhận (0 cho trạm y tế xã).", 12),
        new("licenceNumber", "Số giấy phép", ColumnType.Text, false, "Không trùng với cơ sở khác.", 16),
        new("licenceDate", "Ngày cấp phép", ColumnType.Date, false, "dd/mm/yyyy; không ở tương lai.", 12),
        new("managingAgency", "Cơ quan quản lý", ColumnType.Text, false, "Ví dụ: Sở Y tế tỉnh Quảng Ninh.", 24),
        new("openedOn", "Ngày bắt đầu hoạt động", ColumnType.Date, false, "dd/mm/yyyy.", 12),
    ];

    public IReadOnlyList<ImportColumn> Columns => Template;

    public static bool MayImport(CurrentUser user) => user.CanManageFacilities;

    private static readonly Dictionary<string, FacilityType> TypeByFoldedLabel =
        Enum.GetValues<FacilityType>().ToDictionary(t => VietnameseText.Fold(Labels.Of(t)), StringComparer.Ordinal);

    private static readonly Dictionary<string, Ownership> OwnershipByFoldedLabel =
        Enum.GetValues<Ownership>().ToDictionary(o => VietnameseText.Fold(Labels.Of(o)), StringComparer.Ordinal);

    private DateOnly _today;
    private CommuneCodes? _communes;
    private HashSet<int>? _unitsInScope;
    private HashSet<string> _licences = [];
    private HashSet<string> _namesInCommunes = [];
    private readonly Dictionary<string, int> _seenLicences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenNames = new(StringComparer.Ordinal);

    public async Task PrepareAsync(CancellationToken ct)
    {
        _today = clock.Today;
        _communes = await CommuneCodes.LoadAsync(db, ct);
        var resolved = await scope.ResolveAsync(ct);
        _unitsInScope = resolved.IsNational ? null : resolved.UnitIds.ToHashSet();
        // A province holds a few hundred facilities, the country a few thousand: their names and licences fit in memory.
        var existing = await db.Facilities.AsNoTracking().Select(f => new { f.Name, f.AdminUnitId, f.LicenceNumber }).ToListAsync(ct);
        _licences = existing.Select(f => f.LicenceNumber).OfType<string>().Select(l => l.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        _namesInCommunes = existing.Select(f => NameKey(f.Name, f.AdminUnitId)).ToHashSet(StringComparer.Ordinal);
    }

    private static string NameKey(string name, int unitId) => $"{unitId}|{VietnameseText.Fold(name)}";

    public FacilityInput? Parse(ImportRow row)
    {
        var before = row.Errors.Count;
        var input = new FacilityInput
        {
            Name = row.Text("name")?.Trim(),
            Type = row.Choice("type", TypeByFoldedLabel, "loại cơ sở", Enum.GetValues<FacilityType>().Select(Labels.Of)),
            Ownership = row.Choice("ownership", OwnershipByFoldedLabel, "loại hình", Enum.GetValues<Ownership>().Select(Labels.Of)),
            AdminUnitId = _communes!.Resolve(row, "unit", _today),
            Address = row.Text("address"),
            Capacity = row.Integer("capacity"),
            LicenceNumber = row.Text("licenceNumber")?.Trim(),
            LicenceDate = row.Date("licenceDate"),
            ManagingAgency = row.Text("managingAgency"),
            OpenedOn = row.Date("openedOn"),
        };
        // Every rule on every readable cell, so that one round of fixes is enough; a cell already refused is not refused again.
        var columns = new Dictionary<string, string>
        {
            ["name"] = "name", ["type"] = "type", ["ownership"] = "ownership", ["adminUnitId"] = "unit", ["capacity"] = "capacity",
            ["licenceDate"] = "licenceDate", ["closedOn"] = "openedOn",
        };
        foreach (var (field, messages) in input.Validate(_today).ToDictionary())
        {
            var key = columns.GetValueOrDefault(field, "name");
            if (!row.HasError(key))
            {
                row.Error(key, messages[0]);
            }
        }

        row.ErrorIf(input.OpenedOn > _today && !row.HasError("openedOn"), "openedOn", "Ngày bắt đầu hoạt động không được ở tương lai.");

        row.ErrorIf(input.Name is { Length: > 200 }, "name", "Tên cơ sở dài tối đa 200 ký tự.");
        row.ErrorIf(input.Address is { Length: > 300 }, "address", "Địa chỉ dài tối đa 300 ký tự.");
        if (input.AdminUnitId is { } unit && _unitsInScope is not null && !_unitsInScope.Contains(unit))
        {
            row.Error("unit", "xã/phường này không thuộc phạm vi quản lý của bạn.");
        }

        if (input.LicenceNumber is { Length: > 0 } licence)
        {
            var key = licence.ToUpperInvariant();
            row.ErrorIf(_licences.Contains(key), "licenceNumber", $"số giấy phép {licence} đã thuộc một cơ sở đã đăng ký.");
            if (!_seenLicences.TryAdd(key, row.Line) && _seenLicences[key] != row.Line)
            {
                row.Error("licenceNumber", $"số giấy phép {licence} trùng với dòng {_seenLicences[key]} của tệp.");
            }
        }

        if (input.Name is { Length: > 0 } name && input.AdminUnitId is { } at)
        {
            var key = NameKey(name, at);
            row.ErrorIf(_namesInCommunes.Contains(key), "name", $"đã có cơ sở “{name}” ở xã/phường này.");
            if (!_seenNames.TryAdd(key, row.Line) && _seenNames[key] != row.Line)
            {
                row.Error("name", $"cơ sở “{name}” ở cùng xã/phường trùng với dòng {_seenNames[key]} của tệp.");
            }
        }

        return row.Errors.Count == before ? input : null;
    }

    // Nothing in the database to check per batch: names and licences were loaded once.
    public Task CheckAsync(IReadOnlyList<(int Line, FacilityInput Candidate)> batch, List<ImportError> errors, CancellationToken ct) => Task.CompletedTask;

    public async Task SaveAsync(IReadOnlyList<FacilityInput> batch, CancellationToken ct)
    {
        var facilities = batch.Select(input =>
        {
            var entity = new Facility { Name = "" };
            FacilityService.Apply(entity, input);
            return entity;
        }).ToList();
        db.Facilities.AddRange(facilities);
        await db.SaveChangesAsync(ct);
        foreach (var f in facilities)
        {
            audit.Add(AuditActions.ImportFacility, null, "Facility", f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"name={f.Name}; unit={f.AdminUnitId}");
        }

        await db.SaveChangesAsync(ct);
    }
}
