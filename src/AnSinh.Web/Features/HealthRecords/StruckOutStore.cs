using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.HealthRecords;

/// <summary>
/// Lookups in the store of whole records struck out as entered in error (screenings, visits, diagnoses), shared by the
/// services that strike them out and the FHIR reads that still answer at their addresses.
/// </summary>
public static class StruckOutStore
{
    /// <summary>The struck-out record of that kind and id, when the caller may see its person; null otherwise.</summary>
    public static Task<StruckOutRecord?> FindAsync(AnSinhDbContext db, IQueryable<Beneficiary> visible, StruckOutKind kind, int recordId,
        CancellationToken ct) =>
        db.StruckOutRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Kind == kind && r.RecordId == recordId && visible.Any(b => b.Id == r.BeneficiaryId), ct);

    /// <summary>
    /// For a record no longer in the record: "already struck out on dd/MM/yyyy" (by this caller or another, at once),
    /// not "not found"; not found when it was never there for the caller.
    /// </summary>
    public static async Task<ServiceResult<int>> AlreadyStruckOutAsync(AnSinhDbContext db, IQueryable<Beneficiary> visible, StruckOutKind kind,
        int recordId, string what, CancellationToken ct) =>
        await FindAsync(db, visible, kind, recordId, ct) is { } struck
            ? ServiceResult<int>.Invalid("reason", $"{what} đã được hủy ngày {Clock.ToLocal(struck.StruckOutAt):dd/MM/yyyy}.")
            : ServiceResult<int>.Missing();
}
