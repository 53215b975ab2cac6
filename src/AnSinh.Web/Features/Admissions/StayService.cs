using AnSinh.Data;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Admissions;

/// <summary>Admission, transfer and discharge; community enrolment at a commune health station is a stay of its own kind.</summary>
public sealed class StayService(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock, Alerts.RecordAlerts alerts)
{
    private const string OpenStayMessage = "Đối tượng đang được tiếp nhận tại một cơ sở; hãy làm thủ tục ra hoặc chuyển cơ sở trước.";

    public async Task<ServiceResult<int>> AdmitAsync(int beneficiaryId, AdmissionInput input, CancellationToken ct = default)
    {
        var people = await scope.BeneficiariesAsync(ct);
        var person = await people.Where(b => b.Id == beneficiaryId).Select(b => new { b.Id, b.BirthDate }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền tiếp nhận đối tượng.");
        }

        var errors = StayRules.ValidateAdmission(input, person.BirthDate, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == input.FacilityId, ct);
        if (facility is null || !await scope.CanAccessFacilityAsync(facility.Id, ct))
        {
            return ServiceResult<int>.Invalid("facilityId", "Cơ sở không tồn tại hoặc không thuộc phạm vi quản lý của bạn.");
        }

        var date = input.AdmittedOn!.Value;
        if (!facility.IsActiveOn(date))
        {
            return ServiceResult<int>.Invalid("admittedOn", $"Cơ sở {facility.Name} không hoạt động vào ngày {date:dd/MM/yyyy}.");
        }

        if (input.Kind == StayKind.CommunityEnrolment && facility.Type != Domain.Facilities.FacilityType.CommuneHealthStation)
        {
            return ServiceResult<int>.Invalid("kind", "Quản lý tại cộng đồng chỉ đăng ký tại trạm y tế xã.");
        }

        if (await db.Stays.AnyAsync(s => s.BeneficiaryId == beneficiaryId && s.Kind == input.Kind && s.DischargedOn == null, ct))
        {
            return ServiceResult<int>.Invalid("facilityId", OpenStayMessage);
        }

        if (await CapacityWarningAsync(facility.Id, facility.Capacity, input.Kind, date, ct) is { } warning && !input.ConfirmOverCapacity)
        {
            return ServiceResult<int>.Invalid("confirmOverCapacity", warning);
        }

        var stay = new Stay
        {
            BeneficiaryId = beneficiaryId,
            FacilityId = facility.Id,
            Kind = input.Kind,
            AdmittedOn = date,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
        };
        db.Stays.Add(stay);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.OneOpenStayPerKind))
        {
            // Another admission of the same person won the race past the check above.
            return ServiceResult<int>.Invalid("facilityId", OpenStayMessage);
        }

        audit.Add(AuditActions.Admit, beneficiaryId, "Stay", stay.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"facility={facility.Id}; date={date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await alerts.AfterChangeAsync(beneficiaryId, ct); // open alerts follow the person to the new facility
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(stay.Id);
    }

    public async Task<ServiceResult<int>> DischargeAsync(int stayId, DischargeInput input, CancellationToken ct = default)
    {
        var stay = await FindStayAsync(stayId, ct);
        if (stay is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền làm thủ tục ra cho đối tượng.");
        }

        var errors = StayRules.ValidateDischarge(input, stay, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        stay.DischargedOn = input.DischargedOn;
        stay.DischargeReason = input.Reason;
        if (!string.IsNullOrWhiteSpace(input.Note))
        {
            stay.Note = input.Note.Trim();
        }

        audit.Add(AuditActions.Discharge, stay.BeneficiaryId, "Stay", stayId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"date={input.DischargedOn:yyyy-MM-dd}; reason={input.Reason}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await alerts.AfterChangeAsync(stay.BeneficiaryId, ct); // out of care: the reminders close
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(stay.Id);
    }

    /// <summary>Ends the current stay (reason: transferred) and opens one at the new facility on the same day.</summary>
    public async Task<ServiceResult<int>> TransferAsync(int stayId, TransferInput input, CancellationToken ct = default)
    {
        var stay = await FindStayAsync(stayId, ct);
        if (stay is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền chuyển cơ sở cho đối tượng.");
        }

        var errors = StayRules.ValidateTransfer(input, stay, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // The receiving facility may be anywhere in the country; after the transfer the record is the receiver's.
        var target = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == input.ToFacilityId, ct);
        if (target is null)
        {
            return ServiceResult<int>.Invalid("toFacilityId", "Không có cơ sở chuyển đến này.");
        }

        var date = input.TransferredOn!.Value;
        if (target.Id == stay.FacilityId)
        {
            return ServiceResult<int>.Invalid("toFacilityId", "Cơ sở chuyển đến phải khác cơ sở hiện tại.");
        }

        if (!target.IsActiveOn(date))
        {
            return ServiceResult<int>.Invalid("toFacilityId", $"Cơ sở {target.Name} không hoạt động vào ngày {date:dd/MM/yyyy}.");
        }

        if (await CapacityWarningAsync(target.Id, target.Capacity, stay.Kind, date, ct) is { } warning && !input.ConfirmOverCapacity)
        {
            return ServiceResult<int>.Invalid("confirmOverCapacity", warning);
        }

        stay.DischargedOn = date;
        stay.DischargeReason = DischargeReason.Transferred;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct); // the old stay closes first: the database allows one open stay of a kind
        var next = new Stay { BeneficiaryId = stay.BeneficiaryId, FacilityId = target.Id, Kind = stay.Kind, AdmittedOn = date, Note = input.Note?.Trim() };
        db.Stays.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.OneOpenStayPerKind))
        {
            return ServiceResult<int>.Invalid("toFacilityId", OpenStayMessage);
        }

        audit.Add(AuditActions.Transfer, stay.BeneficiaryId, "Stay", next.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"from={stay.FacilityId}; to={target.Id}; date={date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await alerts.AfterChangeAsync(stay.BeneficiaryId, ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(next.Id);
    }

    /// <summary>The person of a stay the caller may discharge or transfer from (it exists, is theirs and is open); null otherwise.</summary>
    public async Task<int?> OpenStayPersonAsync(int stayId, CancellationToken ct = default) =>
        (await OpenStayAsync(stayId, ct))?.BeneficiaryId;

    /// <summary>The open stay the caller may discharge or transfer from; null otherwise.</summary>
    public async Task<Stay?> OpenStayAsync(int stayId, CancellationToken ct = default) =>
        await FindStayAsync(stayId, ct) is { DischargedOn: null } stay ? stay : null;

    private async Task<Stay?> FindStayAsync(int stayId, CancellationToken ct)
    {
        var stay = await db.Stays.FirstOrDefaultAsync(s => s.Id == stayId, ct);
        if (stay is null)
        {
            return null;
        }

        var people = await scope.BeneficiariesAsync(ct);
        var visible = await people.AnyAsync(b => b.Id == stay.BeneficiaryId, ct);
        return visible && await scope.CanAccessFacilityAsync(stay.FacilityId, ct) ? stay : null;
    }

    private async Task<string?> CapacityWarningAsync(int facilityId, int capacity, StayKind kind, DateOnly date, CancellationToken ct)
    {
        if (kind != StayKind.Residential)
        {
            return null;
        }

        var residents = await db.Stays.Where(StayPeriods.ResidentAfter(facilityId, date)).Select(s => s.BeneficiaryId).Distinct().CountAsync(ct);
        return StayRules.CapacityWarning(residents, capacity);
    }
}
