using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.Facilities;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

public sealed record StaffCandidate(int FacilityId, StaffInput Staff);

/// <summary>
/// A facility's staff from a spreadsheet, one person per row: facility, name, profession, practising certificate and
/// dates, for the staffing indicators. Checked by the staff form's rules (StaffInput.Validate), the facility in the
/// uploader's scope (a facility's manager imports their own), and the practising certificate not already held.
/// </summary>
public sealed class StaffImport(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user) : IRowImporter<StaffCandidate>
{
    public const string Kind = "staff";

    public static readonly IReadOnlyList<ImportColumn> Template =
    [
        new("facility", "Mã cơ sở", ColumnType.Integer, false, "Mã số của cơ sở (trên trang cơ sở). Lãnh đạo cơ sở để trống: nhân viên của cơ sở mình.", 10),
        new("fullName", "Họ và tên", ColumnType.Text, true, "Bắt buộc; tối đa 200 ký tự.", 26),
        new("profession", "Chức danh chuyên môn", ColumnType.Text, true, "Bắt buộc: " + string.Join("; ", Enum.GetValues<Profession>().Select(Labels.Of)) + ".", 22),
        new("certificate", "Số chứng chỉ hành nghề", ColumnType.Text, false, "Không trùng với nhân viên khác.", 18),
        new("startDate", "Ngày bắt đầu làm việc", ColumnType.Date, false, "dd/mm/yyyy.", 12),
        new("endDate", "Ngày thôi việc", ColumnType.Date, false, "dd/mm/yyyy; để trống nếu đang làm việc.", 12),
    ];

    public IReadOnlyList<ImportColumn> Columns => Template;

    public static bool MayImport(CurrentUser user) => user.CanEditStaff;

    private static readonly Dictionary<string, Profession> ProfessionByFoldedLabel =
        Enum.GetValues<Profession>().ToDictionary(p => VietnameseText.Fold(Labels.Of(p)), StringComparer.Ordinal);

    private ImportFacilities? _facilities;
    private HashSet<string> _certificates = [];
    private HashSet<string> _recordedPeople = [];
    private readonly Dictionary<string, int> _seenCertificates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenPeople = new(StringComparer.Ordinal);

    public async Task PrepareAsync(CancellationToken ct)
    {
        _facilities = await ImportFacilities.LoadAsync(db, scope, user, ct);
        _certificates = (await db.StaffMembers.AsNoTracking().Where(s => s.PractisingCertificateNumber != null)
            .Select(s => s.PractisingCertificateNumber!).ToListAsync(ct)).Select(c => c.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        // Staff without a certificate are told apart by facility, name and profession (the same file sent twice).
        _recordedPeople = (await db.StaffMembers.AsNoTracking().Select(s => new { s.FacilityId, s.FullName, s.Profession }).ToListAsync(ct))
            .Select(s => PersonKey(s.FacilityId, s.FullName, s.Profession)).ToHashSet(StringComparer.Ordinal);
    }

    private static string PersonKey(int facility, string name, Profession profession) => $"{facility}|{VietnameseText.Fold(name)}|{profession}";

    public StaffCandidate? Parse(ImportRow row)
    {
        var before = row.Errors.Count;
        var facility = _facilities!.Resolve(row, "facility", "nhân viên");
        var staff = new StaffInput
        {
            FullName = row.Text("fullName")?.Trim(),
            Profession = row.Choice("profession", ProfessionByFoldedLabel, "chức danh chuyên môn", Enum.GetValues<Profession>().Select(Labels.Of)),
            PractisingCertificateNumber = row.Text("certificate")?.Trim(),
            StartDate = row.Date("startDate"),
            EndDate = row.Date("endDate"),
        };
        foreach (var (field, messages) in staff.Validate().ToDictionary())
        {
            var key = field is "endDate" or "profession" ? field : "fullName";
            if (!row.HasError(key))
            {
                row.Error(key, messages[0]);
            }
        }

        row.ErrorIf(staff.FullName is { Length: > 200 }, "fullName", "Họ và tên dài tối đa 200 ký tự.");
        if (staff.PractisingCertificateNumber is { Length: > 0 } certificate)
        {
            var key = certificate.ToUpperInvariant();
            row.ErrorIf(_certificates.Contains(key), "certificate", $"chứng chỉ hành nghề {certificate} đã thuộc một nhân viên đã có.");
            if (!_seenCertificates.TryAdd(key, row.Line) && _seenCertificates[key] != row.Line)
            {
                row.Error("certificate", $"chứng chỉ hành nghề {certificate} trùng với dòng {_seenCertificates[key]} của tệp.");
            }
        }

        if (facility is { } f && staff.FullName is { Length: > 0 } name && staff.Profession is { } profession)
        {
            var key = PersonKey(f, name, profession);
            row.ErrorIf(_recordedPeople.Contains(key), "fullName", $"{name} ({Labels.Of(profession)}) đã có trong danh sách nhân viên của cơ sở này.");
            if (!_seenPeople.TryAdd(key, row.Line) && _seenPeople[key] != row.Line)
            {
                row.Error("fullName", $"{name} ({Labels.Of(profession)}) ở cùng cơ sở trùng với dòng {_seenPeople[key]} của tệp.");
            }
        }

        return row.Errors.Count == before && facility is { } id ? new StaffCandidate(id, staff) : null;
    }

    // Certificates were loaded once; nothing else to check against the database.
    public Task CheckAsync(IReadOnlyList<(int Line, StaffCandidate Candidate)> batch, List<ImportError> errors, CancellationToken ct) => Task.CompletedTask;

    public async Task SaveAsync(IReadOnlyList<StaffCandidate> batch, CancellationToken ct)
    {
        var staff = batch.Select(c => FacilityService.NewStaff(c.FacilityId, c.Staff)).ToList();
        db.StaffMembers.AddRange(staff);
        await db.SaveChangesAsync(ct);
        foreach (var s in staff)
        {
            audit.Add(AuditActions.ImportStaff, null, "StaffMember", s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"facility={s.FacilityId}; profession={s.Profession}");
        }

        await db.SaveChangesAsync(ct);
    }
}
