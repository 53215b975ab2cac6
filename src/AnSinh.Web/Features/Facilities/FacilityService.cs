using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Facilities;

public sealed class FacilityService(AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock, Audit.AuditLog audit)
{
    public async Task<IReadOnlyList<FacilityListItem>> ListAsync(CancellationToken ct = default)
    {
        var today = clock.Today;
        var facilities = await scope.FacilitiesAsync(ct);
        var rows = await facilities
            .OrderBy(f => f.Name)
            .Select(f => new
            {
                f.Id,
                f.Name,
                f.Type,
                f.Ownership,
                f.AdminUnitId,
                UnitName = f.AdminUnit!.Name,
                f.AdminUnit.ProvinceCode,
                f.Capacity,
                Residents = db.Stays.Where(s => s.FacilityId == f.Id && s.Kind == StayKind.Residential
                    && s.AdmittedOn <= today && (s.DischargedOn == null || s.DischargedOn > today)).Select(s => s.BeneficiaryId).Distinct().Count(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new FacilityListItem(r.Id, r.Name, r.Type, r.Ownership, r.AdminUnitId, r.UnitName, r.ProvinceCode,
            r.Capacity, r.Residents, r.Capacity > 0 && r.Residents > r.Capacity)).ToList();
    }

    public async Task<FacilityDetail?> GetAsync(int id, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(id, ct))
        {
            return null;
        }

        var f = await db.Facilities.AsNoTracking().Include(x => x.AdminUnit).Include(x => x.Staff).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null)
        {
            return null;
        }

        var residents = await CountResidentsAsync(id, clock.Today, ct);
        return new FacilityDetail(f.Id, f.Name, f.Type, f.Ownership, f.AdminUnitId, f.AdminUnit?.Name ?? "", f.Address, f.Capacity,
            f.LicenceNumber, f.LicenceDate, f.ManagingAgency, f.OpenedOn, f.ClosedOn, residents,
            f.Staff.OrderBy(s => s.Profession).ThenBy(s => s.FullName)
                .Select(s => new StaffView(s.Id, s.FullName, s.Profession, s.PractisingCertificateNumber, s.StartDate, s.EndDate)).ToList(),
            f.Version);
    }

    /// <summary>Residents in the facility at the end of the date (StayPeriods.ResidentAfter): the census count.</summary>
    public Task<int> CountResidentsAsync(int facilityId, DateOnly date, CancellationToken ct = default) =>
        db.Stays.Where(StayPeriods.ResidentAfter(facilityId, date)).Select(s => s.BeneficiaryId).Distinct().CountAsync(ct);

    public async Task<IReadOnlyList<CensusRow>?> CensusAsync(int facilityId, DateOnly? date, CancellationToken ct = default)
    {
        if (!await scope.FacilityExistsAndVisibleAsync(facilityId, ct))
        {
            return null;
        }

        var d = date ?? clock.Today;
        var rows = await db.Stays.AsNoTracking()
            .Where(s => s.FacilityId == facilityId).Where(StayPeriods.InFacilityAfter(d))
            .OrderBy(s => s.Beneficiary!.SearchName)
            .Select(s => new CensusRow(s.BeneficiaryId, s.Beneficiary!.FullName, s.Beneficiary.BirthDate, s.Id, s.AdmittedOn, s.Kind))
            .ToListAsync(ct);
        await audit.RecordListViewAsync($"census:{facilityId}", rows.Count, ct);
        return rows;
    }

    public async Task<ServiceResult<int>> CreateAsync(FacilityInput input, CancellationToken ct = default)
    {
        if (!user.CanManageFacilities)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền tạo cơ sở.");
        }

        var errors = input.Validate(clock.Today);
        if (errors.IsValid)
        {
            await ValidateLocationAsync(input.AdminUnitId!.Value, errors, ct);
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // Two registrations of one facility at once (a retry, a double click) wait for each other here, so the second
        // finds the first. One web instance; several would need a unique index.
        using (await Gates.EnterAsync("facilities", ct))
        {
            return await CreateOnceAsync(input, errors, ct);
        }
    }

    /// <summary>Registrations (one key: any two may be the same facility) and each facility's staff additions.</summary>
    internal static readonly KeyedGates Gates = new();

    private async Task<ServiceResult<int>> CreateOnceAsync(FacilityInput input, Domain.Validation.ValidationErrors errors, CancellationToken ct)
    {
        // The same licence, or the same name in the same commune, is a facility registered twice (as the import checks).
        var name = VietnameseText.Fold(input.Name);
        var licence = string.IsNullOrWhiteSpace(input.LicenceNumber) ? null : input.LicenceNumber.Trim().ToUpperInvariant(); // an empty field is no licence
        var near = await db.Facilities.AsNoTracking()
            .Where(f => f.AdminUnitId == input.AdminUnitId || (licence != null && f.LicenceNumber != null && f.LicenceNumber != "")) // a country's licences fit in memory
            .Select(f => new { f.Name, f.AdminUnitId, f.LicenceNumber }).ToListAsync(ct);
        if (licence is not null && near.FirstOrDefault(f => f.LicenceNumber?.Trim().ToUpperInvariant() == licence) is { } licensed)
        {
            errors.Add("licenceNumber", $"Số giấy phép {input.LicenceNumber!.Trim()} đã thuộc cơ sở \"{licensed.Name}\".");
        }

        if (near.Any(f => f.AdminUnitId == input.AdminUnitId && VietnameseText.Fold(f.Name) == name))
        {
            errors.Add("name", $"Đã có cơ sở \"{input.Name!.Trim()}\" ở xã/phường này.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var entity = new Facility { Name = "" };
        Apply(entity, input);
        db.Facilities.Add(entity);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(Audit.AuditActions.CreateFacility, null, "Facility", entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"name={entity.Name}; unit={entity.AdminUnitId}; licence={entity.LicenceNumber}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        scope.Registered(entity.Id);
        return ServiceResult<int>.Ok(entity.Id);
    }

    public async Task<ServiceResult<int>> UpdateAsync(int id, FacilityInput input, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(id, ct))
        {
            return ServiceResult<int>.Missing();
        }

        var entity = await db.Facilities.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (entity is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanManageFacilities && !user.IsInRole(Roles.FacilityManager))
        {
            return ServiceResult<int>.Denied("Bạn không có quyền sửa thông tin cơ sở.");
        }

        if (EditVersions.Check(input.Version, entity.Version, "Thông tin cơ sở") is { } stale)
        {
            return input.Version is null ? ServiceResult<int>.Invalid(stale) : ServiceResult<int>.Stale(stale);
        }

        var errors = input.Validate(clock.Today);
        if (errors.IsValid && input.AdminUnitId != entity.AdminUnitId)
        {
            await ValidateLocationAsync(input.AdminUnitId!.Value, errors, ct);
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        Apply(entity, input);
        EditVersions.Advance(db.Entry(entity), f => f.Version, input.Version!.Value);
        audit.Add(Audit.AuditActions.UpdateFacility, null, "Facility", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Audit.AuditLog.Changes(db.Entry(entity), nameof(Facility.Version)));
        if (await EditVersions.SaveAsync(db, "Thông tin cơ sở", ct) is { } lost)
        {
            return ServiceResult<int>.Stale(lost);
        }

        return ServiceResult<int>.Ok(id);
    }

    /// <summary>
    /// A facility lies in a commune or ward that exists today: figures place facilities through their
    /// commune, so one placed on a province or district would be left out of every figure.
    /// </summary>
    private async Task ValidateLocationAsync(int unitId, Domain.Validation.ValidationErrors errors, CancellationToken ct)
    {
        var today = clock.Today;
        var unit = await db.AdminUnits.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new { u.Name, u.Level, u.ValidTo, Successors = u.Successors.Select(x => x.Successor!.Name).ToList() })
            .FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            errors.Add("adminUnitId", "Không có đơn vị hành chính này trong danh mục.");
        }
        else if (unit.Level != Domain.Geography.AdminLevel.Commune)
        {
            errors.Add("adminUnitId", $"{unit.Name} không phải là xã, phường hoặc đặc khu: chọn xã/phường nơi đặt cơ sở.");
        }
        else if (unit.ValidTo is { } end && end < today)
        {
            errors.Add("adminUnitId", $"{unit.Name} không còn từ {end.AddDays(1):dd/MM/yyyy}"
                + (unit.Successors.Count > 0 ? $"; chọn đơn vị mới: {string.Join(", ", unit.Successors)}." : "."));
        }
        else if (!await scope.CanAccessUnitAsync(unitId, ct))
        {
            errors.Add("adminUnitId", "Đơn vị hành chính không thuộc phạm vi quản lý của bạn.");
        }
    }

    /// <summary>
    /// Every facility active on the date, whoever asks: a transfer may go anywhere in the country.
    /// Names and places only. Matched on folded words of the name and the area ("tt bao tro quang ninh").
    /// </summary>
    public async Task<IReadOnlyList<FacilityChoice>> DirectoryAsync(string? q, DateOnly date, int take, CancellationToken ct = default)
    {
        var rows = await db.Facilities.AsNoTracking()
            .Where(f => (f.OpenedOn == null || f.OpenedOn <= date) && (f.ClosedOn == null || f.ClosedOn >= date))
            .Select(f => new { f.Id, f.Name, Unit = f.AdminUnit!.Name, f.AdminUnit.ProvinceCode, f.Capacity })
            .ToListAsync(ct);
        var provinceNames = await db.AdminUnits.AsNoTracking()
            .Where(u => u.Level == Domain.Geography.AdminLevel.Province).Where(Domain.Geography.AdminUnit.ValidOn(date))
            .ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var words = Domain.Text.VietnameseText.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rows
            .Select(r => new FacilityChoice(r.Id, r.Name,
                string.Join(", ", new[] { r.Unit, r.ProvinceCode is null ? null : provinceNames.GetValueOrDefault(r.ProvinceCode) }.Where(x => !string.IsNullOrEmpty(x)))))
            .Where(c =>
            {
                var text = Domain.Text.VietnameseText.Fold(c.Name + " " + c.Area);
                return words.All(w => text.Contains(w, StringComparison.Ordinal));
            })
            .OrderBy(c => c.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), false))
            .Take(take)
            .ToList();
    }

    public async Task<ServiceResult<int>> AddStaffAsync(int facilityId, StaffInput input, CancellationToken ct = default)
    {
        if (!await scope.FacilityExistsAndVisibleAsync(facilityId, ct))
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanEditStaff)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền quản lý nhân sự.");
        }

        var errors = input.Validate();
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var staff = NewStaff(facilityId, input);
        db.StaffMembers.Add(staff);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(Audit.AuditActions.AddStaff, null, "StaffMember", staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"facility={facilityId}; name={staff.FullName}; profession={staff.Profession}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(staff.Id);
    }

    /// <summary>
    /// Records the last day a staff member works at the facility (they leave, retire, move): they stay on its staff
    /// list with their dates and stop counting in its staffing from the next day. One who has already left is not
    /// changed; a leaving day still to come may be moved.
    /// </summary>
    public async Task<ServiceResult<int>> EndStaffAsync(int facilityId, int staffId, StaffEndInput input, CancellationToken ct = default)
    {
        // One at a time per person: of several leaving days sent at once, the first is kept and the others find her gone.
        using var gate = await Gates.EnterAsync($"staff-end:{staffId}", ct);
        if (!await scope.FacilityExistsAndVisibleAsync(facilityId, ct)
            || await db.StaffMembers.FirstOrDefaultAsync(s => s.Id == staffId && s.FacilityId == facilityId, ct) is not { } staff)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanEditStaff)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền quản lý nhân sự.");
        }

        var today = clock.Today;
        var errors = new ValidationErrors();
        if (input.EndDate is not { } end)
        {
            errors.Add("endDate", "Ghi ngày làm việc cuối cùng (dd/MM/yyyy).");
        }
        else
        {
            errors.AddIf(staff.StartDate is { } start && end < start, "endDate", $"Ngày nghỉ việc không được trước ngày bắt đầu làm việc ({staff.StartDate:dd/MM/yyyy}).");
            errors.AddIf(end > today.AddYears(1), "endDate", "Ngày nghỉ việc không được quá một năm tới.");
        }

        errors.AddIf(staff.EndDate is { } left && left < today, "endDate", $"{staff.FullName} đã nghỉ việc từ sau ngày {staff.EndDate:dd/MM/yyyy}.");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        staff.EndDate = input.EndDate;
        audit.Add(Audit.AuditActions.EndStaff, null, "StaffMember", staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"facility={facilityId}; name={staff.FullName}; end={staff.EndDate:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(staff.Id);
    }

    /// <summary>A staff member from a checked input (the staff form and the staff import).</summary>
    internal static StaffMember NewStaff(int facilityId, StaffInput input) => new()
    {
        FacilityId = facilityId,
        FullName = input.FullName!.Trim(),
        Profession = input.Profession!.Value,
        PractisingCertificateNumber = string.IsNullOrWhiteSpace(input.PractisingCertificateNumber) ? null : input.PractisingCertificateNumber.Trim(),
        StartDate = input.StartDate,
        EndDate = input.EndDate,
    };

    internal static void Apply(Facility entity, FacilityInput input)
    {
        entity.Name = input.Name!.Trim();
        entity.Type = input.Type!.Value;
        entity.Ownership = input.Ownership!.Value;
        entity.AdminUnitId = input.AdminUnitId!.Value;
        entity.Address = input.Address?.Trim();
        entity.Capacity = input.Capacity!.Value;
        entity.LicenceNumber = input.LicenceNumber?.Trim();
        entity.LicenceDate = input.LicenceDate;
        entity.ManagingAgency = input.ManagingAgency?.Trim();
        entity.OpenedOn = input.OpenedOn;
        entity.ClosedOn = input.ClosedOn;
    }
}
