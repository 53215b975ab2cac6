using AnSinh.Data;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// The facility a row names, as the forms decide it: a facility's users work in their own (the column empty or theirs),
/// officers and administrators name one in their scope. Loaded once per import.
/// </summary>
public sealed class ImportFacilities
{
    private readonly HashSet<int> _existing;
    private readonly HashSet<int>? _inScope;
    private readonly CurrentUser _user;

    private ImportFacilities(HashSet<int> existing, HashSet<int>? inScope, CurrentUser user)
    {
        _existing = existing;
        _inScope = inScope;
        _user = user;
    }

    public static async Task<ImportFacilities> LoadAsync(AnSinhDbContext db, AccessScope scope, CurrentUser user, CancellationToken ct)
    {
        var existing = (await db.Facilities.AsNoTracking().Select(f => f.Id).ToListAsync(ct)).ToHashSet();
        var resolved = await scope.ResolveAsync(ct);
        return new ImportFacilities(existing, resolved.IsNational ? null : resolved.FacilityIds.ToHashSet(), user);
    }

    /// <summary>Whether the facility exists and the uploader may work in it.</summary>
    public bool InScope(int id) => _existing.Contains(id) && _inScope?.Contains(id) != false;

    /// <summary>The row's facility, or null with the row's error added; <paramref name="what"/> names the rows ("nhân viên").</summary>
    public int? Resolve(ImportRow row, string key, string what)
    {
        var id = row.Integer(key);
        if (_user.ScopeKind == ScopeKind.Facility)
        {
            if (id is not null && id != _user.ScopeFacilityId)
            {
                row.Error(key, $"bạn chỉ nhập được {what} của cơ sở mình (mã {_user.ScopeFacilityId}); để trống cột này.");
                return null;
            }

            return _user.ScopeFacilityId;
        }

        if (id is null)
        {
            if (!row.HasError(key))
            {
                row.Error(key, "ghi mã cơ sở.");
            }

            return null;
        }

        if (!InScope(id.Value))
        {
            row.Error(key, $"không có cơ sở mã {id} trong phạm vi của bạn.");
            return null;
        }

        return id;
    }
}
