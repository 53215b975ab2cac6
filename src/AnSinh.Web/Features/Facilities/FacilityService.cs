using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Facilities;

public sealed class FacilityService(AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock)
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
                Residents = db.Stays.Count(s => s.FacilityId == f.Id && s.AdmittedOn <= today && (s.DischargedOn == null || s.DischargedOn >= today)),
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
                .Select(s => new StaffView(s.Id, s.FullName, s.Profession, s.PractisingCertificateNumber, s.StartDate, s.EndDate)).ToList());
    }

    /// <summary>People served by the facility on a date (INDICATORS.md: discharged on that date still counts).</summary>
    public Task<int> CountResidentsAsync(int facilityId, DateOnly date, CancellationToken ct = default) =>
        db.Stays.CountAsync(s => s.FacilityId == facilityId && s.AdmittedOn <= date && (s.DischargedOn == null || s.DischargedOn >= date), ct);

    public async Task<IReadOnlyList<CensusRow>?> CensusAsync(int facilityId, DateOnly? date, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(facilityId, ct))
        {
            return null;
        }

        var d = date ?? clock.Today;
        return await db.Stays.AsNoTracking()
            .Where(s => s.FacilityId == facilityId && s.AdmittedOn <= d && (s.DischargedOn == null || s.DischargedOn >= d))
            .OrderBy(s => s.Beneficiary!.SearchName)
            .Select(s => new CensusRow(s.BeneficiaryId, s.Beneficiary!.FullName, s.Beneficiary.BirthDate, s.Id, s.AdmittedOn, s.Kind))
            .ToListAsync(ct);
    }

    public async Task<ServiceResult<int>> CreateAsync(FacilityInput input, CancellationToken ct = default)
    {
        if (!user.CanManageFacilities)
        {
            return ServiceResult<int>.Invalid("", "Bạn không có quyền tạo cơ sở.");
        }

        var errors = input.Validate(clock.Today);
        if (errors.IsValid && !await scope.CanAccessUnitAsync(input.AdminUnitId!.Value, ct))
        {
            errors.Add("adminUnitId", "Đơn vị hành chính không thuộc phạm vi quản lý của bạn.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var entity = new Facility { Name = "" };
        Apply(entity, input);
        db.Facilities.Add(entity);
        await db.SaveChangesAsync(ct);
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
            return ServiceResult<int>.Invalid("", "Bạn không có quyền sửa thông tin cơ sở.");
        }

        var errors = input.Validate(clock.Today);
        if (errors.IsValid && input.AdminUnitId != entity.AdminUnitId && !await scope.CanAccessUnitAsync(input.AdminUnitId!.Value, ct))
        {
            errors.Add("adminUnitId", "Đơn vị hành chính không thuộc phạm vi quản lý của bạn.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        Apply(entity, input);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(id);
    }

    public async Task<ServiceResult<int>> AddStaffAsync(int facilityId, StaffInput input, CancellationToken ct = default)
    {
        if (!await scope.CanAccessFacilityAsync(facilityId, ct) || !await db.Facilities.AnyAsync(f => f.Id == facilityId, ct))
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanEditStaff)
        {
            return ServiceResult<int>.Invalid("", "Bạn không có quyền quản lý nhân sự.");
        }

        var errors = input.Validate();
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var staff = new StaffMember
        {
            FacilityId = facilityId,
            FullName = input.FullName!.Trim(),
            Profession = input.Profession!.Value,
            PractisingCertificateNumber = string.IsNullOrWhiteSpace(input.PractisingCertificateNumber) ? null : input.PractisingCertificateNumber.Trim(),
            StartDate = input.StartDate,
            EndDate = input.EndDate,
        };
        db.StaffMembers.Add(staff);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(staff.Id);
    }

    private static void Apply(Facility entity, FacilityInput input)
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
