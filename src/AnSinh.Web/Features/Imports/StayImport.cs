using AnSinh.Data;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <param name="NationalId">The person by CCCD, or by <paramref name="PersonId"/>.</param>
public sealed record StayCandidate(string? NationalId, int? PersonId, int? FacilityId, StayKind Kind, DateOnly AdmittedOn, DateOnly? DischargedOn,
    DischargeReason? Reason, string? Note);

/// <summary>
/// A facility's admissions and discharges from a spreadsheet, one stay per row: who, where, which kind of care, from
/// when to when and why it ended. Checked by the admission and discharge forms' rules (dates, reasons, a facility in
/// scope and open on the day, community care only at a commune health station) and by what a history must not do:
/// overlap another stay of the same kind of the same person, in the file or already recorded, or leave a person with
/// two open stays of a kind.
/// </summary>
public sealed class StayImport(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock, Alerts.RecordAlerts alerts)
    : IRowImporter<StayCandidate>
{
    public const string Kind = "stays";

    public static readonly IReadOnlyList<ImportColumn> Template =
    [
        new("nationalId", "Số CCCD", ColumnType.Text, false, "Số CCCD của đối tượng, hoặc để trống và ghi Mã hồ sơ.", 15),
        new("person", "Mã hồ sơ", ColumnType.Integer, false, "Mã số hồ sơ trên AnSinh, khi không có CCCD.", 10),
        new("facility", "Mã cơ sở", ColumnType.Integer, false, "Cơ sở tiếp nhận. Người dùng của một cơ sở để trống: cơ sở của mình.", 10),
        new("kind", "Hình thức", ColumnType.Text, false,
            "Để trống là nuôi dưỡng tại cơ sở; hoặc: " + string.Join("; ", Enum.GetValues<StayKind>().Select(Labels.Of)) + ".", 22),
        new("admittedOn", "Ngày tiếp nhận", ColumnType.Date, true, "Bắt buộc; dd/mm/yyyy.", 12),
        new("dischargedOn", "Ngày ra", ColumnType.Date, false, "dd/mm/yyyy; để trống nếu đang ở cơ sở.", 12),
        new("reason", "Lý do ra", ColumnType.Text, false,
            "Bắt buộc khi có ngày ra: " + string.Join("; ", Enum.GetValues<DischargeReason>().Select(Labels.Of)) + ".", 16),
        new("note", "Ghi chú", ColumnType.Text, false, "Tối đa 1.000 ký tự.", 24),
    ];

    public IReadOnlyList<ImportColumn> Columns => Template;

    public static bool MayImport(CurrentUser user) => user.CanWriteRecords;

    private static readonly Dictionary<string, StayKind> KindByFoldedLabel =
        Enum.GetValues<StayKind>().ToDictionary(k => VietnameseText.Fold(Labels.Of(k)), StringComparer.Ordinal);

    private static readonly Dictionary<string, DischargeReason> ReasonByFoldedLabel =
        Enum.GetValues<DischargeReason>().ToDictionary(r => VietnameseText.Fold(Labels.Of(r)), StringComparer.Ordinal);

    private sealed record FacilityFacts(bool CommuneStation, DateOnly? OpenedOn, DateOnly? ClosedOn);

    private DateOnly _today;
    private Dictionary<int, FacilityFacts> _facilities = [];
    private ImportFacilities? _scopeFacilities;

    /// <summary>The periods already read from the file per person and kind (the check pass), to find overlaps inside it.</summary>
    private readonly Dictionary<string, List<(int Line, DateOnly From, DateOnly? To)>> _seen = new(StringComparer.Ordinal);

    public async Task PrepareAsync(CancellationToken ct)
    {
        _today = clock.Today;
        _facilities = await db.Facilities.AsNoTracking()
            .ToDictionaryAsync(f => f.Id, f => new FacilityFacts(f.Type == Domain.Facilities.FacilityType.CommuneHealthStation, f.OpenedOn, f.ClosedOn), ct);
        _scopeFacilities = await ImportFacilities.LoadAsync(db, scope, user, ct);
    }

    public StayCandidate? Parse(ImportRow row)
    {
        var before = row.Errors.Count;
        var nationalId = row.Text("nationalId")?.Trim();
        var personId = row.Integer("person");
        if (nationalId is null && personId is null && row.Errors.Count == before)
        {
            row.Error("nationalId", "Ghi số CCCD hoặc mã hồ sơ của đối tượng.");
        }

        var facility = _scopeFacilities!.Resolve(row, "facility", "lượt tiếp nhận");
        var kind = row.Choice("kind", KindByFoldedLabel, "hình thức", Enum.GetValues<StayKind>().Select(Labels.Of)) ?? StayKind.Residential;
        var admitted = row.Date("admittedOn");
        var discharged = row.Date("dischargedOn");
        var reason = row.Choice("reason", ReasonByFoldedLabel, "lý do ra", Enum.GetValues<DischargeReason>().Select(Labels.Of));
        var note = row.Text("note")?.Trim();
        if (row.Errors.Count > before || admitted is null)
        {
            return null;
        }

        row.ErrorIf(admitted > _today, "admittedOn", "Ngày tiếp nhận không được ở tương lai.");
        row.ErrorIf(discharged is { } d && d < admitted, "dischargedOn", $"Ngày ra không được trước ngày tiếp nhận ({Labels.Date(admitted)}).");
        row.ErrorIf(discharged > _today, "dischargedOn", "Ngày ra không được ở tương lai.");
        row.ErrorIf(discharged is not null && reason is null, "reason", "Chọn lý do ra khỏi cơ sở.");
        row.ErrorIf(discharged is null && reason is not null, "dischargedOn", "Có lý do ra thì cần ngày ra.");
        row.ErrorIf(note is { Length: > 1000 }, "note", "Ghi chú dài tối đa 1.000 ký tự.");
        if (facility is { } f && _facilities.GetValueOrDefault(f) is { } facts)
        {
            row.ErrorIf((facts.OpenedOn is { } opened && opened > admitted) || (facts.ClosedOn is { } closed && closed < admitted),
                "admittedOn", $"cơ sở mã {f} không hoạt động vào ngày {Labels.Date(admitted)}.");
            row.ErrorIf(kind == StayKind.CommunityEnrolment && !facts.CommuneStation, "kind", "Quản lý tại cộng đồng chỉ đăng ký tại trạm y tế xã.");
        }

        // Two stays of one kind of one person may not overlap, nor two be open.
        if ((nationalId ?? personId?.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } who && row.Errors.Count == before)
        {
            var periods = _seen.TryGetValue($"{who}|{kind}", out var list) ? list : _seen[$"{who}|{kind}"] = [];
            if (periods.FirstOrDefault(p => p.Line != row.Line && Overlaps(p.From, p.To, admitted.Value, discharged)) is { Line: > 0 } other)
            {
                row.Error("admittedOn", $"lượt {Labels.Of(kind).ToLowerInvariant()} này trùng thời gian với dòng {other.Line} của tệp.");
            }
            else if (!periods.Any(p => p.Line == row.Line))
            {
                periods.Add((row.Line, admitted.Value, discharged));
            }
        }

        return row.Errors.Count == before
            ? new StayCandidate(nationalId, personId, facility, kind, admitted.Value, discharged, reason, string.IsNullOrEmpty(note) ? null : note)
            : null;
    }

    private static bool Overlaps(DateOnly from1, DateOnly? to1, DateOnly from2, DateOnly? to2) =>
        from1 <= (to2 ?? DateOnly.MaxValue) && from2 <= (to1 ?? DateOnly.MaxValue);

    public async Task CheckAsync(IReadOnlyList<(int Line, StayCandidate Candidate)> batch, List<ImportError> errors, CancellationToken ct)
    {
        var people = await ImportPeople.FindAsync(scope, batch.Select(b => (b.Candidate.NationalId, b.Candidate.PersonId)), ct);
        var ids = people.Values.Select(p => p.Id).Distinct().ToList();
        var recorded = await db.Stays.AsNoTracking().Where(s => ids.Contains(s.BeneficiaryId))
            .Select(s => new { s.BeneficiaryId, s.Kind, s.AdmittedOn, s.DischargedOn }).ToListAsync(ct);
        var header = Template.ToDictionary(c => c.Key, c => c.Header);
        foreach (var (line, c) in batch)
        {
            if (ImportPeople.Missing(line, c.NationalId, c.PersonId, people, header) is { } missing)
            {
                errors.Add(missing);
                continue;
            }

            var person = people[ImportPeople.Key(c.NationalId, c.PersonId)];

            if (c.AdmittedOn < person.BirthDate)
            {
                errors.Add(new ImportError(line, header["admittedOn"], "Ngày tiếp nhận không được trước ngày sinh."));
            }

            if (recorded.FirstOrDefault(s => s.BeneficiaryId == person.Id && s.Kind == c.Kind && Overlaps(s.AdmittedOn, s.DischargedOn, c.AdmittedOn, c.DischargedOn)) is { } clash)
            {
                errors.Add(new ImportError(line, header["admittedOn"], $"trùng thời gian với lượt {Labels.Of(c.Kind).ToLowerInvariant()} đã ghi từ {Labels.Date(clash.AdmittedOn)}"
                    + (clash.DischargedOn is { } out_ ? $" đến {Labels.Date(out_)}" : " (đang ở)") + "."));
            }
        }
    }

    public async Task SaveAsync(IReadOnlyList<StayCandidate> batch, CancellationToken ct)
    {
        var people = await ImportPeople.FindAsync(scope, batch.Select(c => (c.NationalId, c.PersonId)), ct);
        var stays = batch.Select(c => new Stay
        {
            BeneficiaryId = people[ImportPeople.Key(c.NationalId, c.PersonId)].Id, FacilityId = c.FacilityId!.Value, Kind = c.Kind, AdmittedOn = c.AdmittedOn,
            DischargedOn = c.DischargedOn, DischargeReason = c.Reason, Note = c.Note,
        }).ToList();
        db.Stays.AddRange(stays);
        await db.SaveChangesAsync(ct);
        foreach (var s in stays)
        {
            var id = s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            audit.Add(AuditActions.Admit, s.BeneficiaryId, "Stay", id, $"facility={s.FacilityId}; date={s.AdmittedOn:yyyy-MM-dd}; import");
            if (s.DischargedOn is { } d)
            {
                audit.Add(AuditActions.Discharge, s.BeneficiaryId, "Stay", id, $"date={d:yyyy-MM-dd}; reason={s.DischargeReason}; import");
            }
        }

        await db.SaveChangesAsync(ct);
        // Open alerts and reminders follow where the person now is, as after an admission on the form.
        foreach (var person in stays.Where(s => s.DischargedOn is null).Select(s => s.BeneficiaryId).Distinct())
        {
            await alerts.AfterChangeAsync(person, ct);
        }
    }



}
