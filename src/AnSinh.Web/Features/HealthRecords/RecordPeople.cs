using AnSinh.Data;
using AnSinh.Domain.Stays;
using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.HealthRecords;

/// <param name="FacilityId">Where the person is in care now (else where they were registered).</param>
/// <param name="AsOf">Set for a facility the person left: lists show the record as it stood that day, and writes are refused.</param>
public sealed record RecordPerson(int Id, string FullName, DateOnly BirthDate, int? FacilityId, DateOnly? AsOf);

/// <summary>The person a care record belongs to, if the caller may see them: one scoped query every care feature starts from.</summary>
public sealed class RecordPeople(AccessScope scope, CurrentUser user)
{
    /// <summary>Null when the caller may not see the person (404 to the caller).</summary>
    public async Task<RecordPerson?> FindAsync(int beneficiaryId, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        var row = await visible.Where(b => b.Id == beneficiaryId)
            .Select(b => new
            {
                b.Id, b.FullName, b.BirthDate, b.RegisteredFacilityId,
                Stays = b.Stays.Select(s => new StaySpan(s.FacilityId, s.AdmittedOn, s.DischargedOn)).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var current = row.Stays.Where(s => s.DischargedOn == null).OrderByDescending(s => s.AdmittedOn).Select(s => (int?)s.FacilityId).FirstOrDefault();
        return new RecordPerson(row.Id, row.FullName, row.BirthDate, current ?? row.RegisteredFacilityId, scope.CustodyOf(row.RegisteredFacilityId, row.Stays).LeftOn);
    }

    /// <summary>Why the caller may not write this person's clinical record (no clinical role, or a facility the person left); null to go on.</summary>
    public string? WriteRefusal(RecordPerson person) =>
        !user.CanWriteRecords ? "Bạn không có quyền ghi hồ sơ sức khỏe."
        : person.AsOf is { } leftOn ? AccessScope.ReadOnlyMessage(leftOn)
        : null;
}
