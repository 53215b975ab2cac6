using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Entitlements;

/// <summary>
/// Entitlements from a CSV the social-affairs office keeps (cccd,kind,from,to,decision_number): all or nothing,
/// every bad row named in Vietnamese, people found by CCCD within the caller's scope. Kinds may be written as in
/// the API (MonthlyAllowance) or in Vietnamese ("Trợ cấp hằng tháng"); dates as dd/MM/yyyy or yyyy-MM-dd.
/// </summary>
public sealed class EntitlementImport(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock)
{
    public const int MaxRows = 20_000;

    public static bool MayImport(CurrentUser user) => user.CanWriteRecords || user.CanManageFacilities;

    public async Task<(int Imported, IReadOnlyList<string> Errors)> ImportAsync(Stream csv, CancellationToken ct = default)
    {
        if (!MayImport(user))
        {
            return (0, ["Bạn không có quyền ghi chế độ của đối tượng."]);
        }

        List<(int Line, Dictionary<string, string> Row)> rows;
        try
        {
            rows = Read(csv);
        }
        catch (Exception ex) when (ex is CsvHelper.CsvHelperException or IOException or System.Text.DecoderFallbackException)
        {
            return (0, [$"Không đọc được tệp CSV: {ex.Message}"]);
        }

        if (rows.Count == 0)
        {
            return (0, ["Tệp không có dòng nào."]);
        }

        var header = rows[0].Row;
        if (!header.ContainsKey("cccd") || !header.ContainsKey("kind") || !header.ContainsKey("from"))
        {
            return (0, ["Dòng 1: tiêu đề phải có các cột cccd, kind, from (tùy chọn: to, decision_number)."]);
        }

        if (rows.Count > MaxRows)
        {
            return (0, [$"Tệp có {rows.Count:N0} dòng; mỗi lần nhập tối đa {MaxRows:N0} dòng."]);
        }

        var ids = rows.Select(r => r.Row.GetValueOrDefault("cccd")?.Trim()).OfType<string>().Distinct().ToList();
        var visible = await scope.BeneficiariesAsync(ct);
        var people = await visible.Where(b => b.NationalId != null && ids.Contains(b.NationalId))
            .Select(b => new
            {
                b.Id, b.NationalId, b.BirthDate, b.RegisteredFacilityId,
                Stays = b.Stays.Select(s => new AnSinh.Domain.Stays.StaySpan(s.FacilityId, s.AdmittedOn, s.DischargedOn)).ToList(),
            })
            .ToDictionaryAsync(b => b.NationalId!, ct);
        var personIds = people.Values.Select(p => p.Id).ToList();
        var existing = await db.Entitlements.AsNoTracking().Where(e => personIds.Contains(e.BeneficiaryId))
            .Select(e => new { e.BeneficiaryId, e.Kind, e.From, e.To }).ToListAsync(ct);

        var errors = new List<string>();
        var accepted = new List<Entitlement>();
        foreach (var (line, row) in rows)
        {
            var cccd = row.GetValueOrDefault("cccd")?.Trim();
            if (string.IsNullOrEmpty(cccd) || !people.TryGetValue(cccd, out var person))
            {
                errors.Add($"Dòng {line}: không có đối tượng có số CCCD \"{cccd}\" trong phạm vi của bạn.");
                continue;
            }

            if (scope.CustodyOf(person.RegisteredFacilityId, person.Stays).LeftOn is { } leftOn)
            {
                errors.Add($"Dòng {line}: {AccessScope.ReadOnlyMessage(leftOn)}");
                continue;
            }

            var fieldErrors = new ValidationErrors();
            var input = new EntitlementInput
            {
                Kind = ParseKind(row.GetValueOrDefault("kind")),
                From = FormText.Date(row.GetValueOrDefault("from"), "from", fieldErrors),
                To = FormText.Date(row.GetValueOrDefault("to"), "to", fieldErrors),
                DecisionNumber = row.GetValueOrDefault("decision_number"),
            };
            if (input.Kind is null && !string.IsNullOrWhiteSpace(row.GetValueOrDefault("kind")))
            {
                fieldErrors.Add("kind", $"\"{row["kind"].Trim()}\" không phải loại chế độ (Trợ cấp hằng tháng, Bảo hiểm y tế, Hỗ trợ tiền điện).");
            }

            if (fieldErrors.IsValid)
            {
                foreach (var (field, messages) in EntitlementRules.Validate(input, person.BirthDate, clock.Today).ToDictionary())
                {
                    if (input.Kind is not null || field != "kind")
                    {
                        fieldErrors.Add(field, messages[0]);
                    }
                }
            }

            if (fieldErrors.IsValid)
            {
                var clash = existing.Any(e => e.BeneficiaryId == person.Id && e.Kind == input.Kind && EntitlementRules.Overlaps(input.From!.Value, input.To, e.From, e.To))
                            || accepted.Any(e => e.BeneficiaryId == person.Id && e.Kind == input.Kind && EntitlementRules.Overlaps(input.From!.Value, input.To, e.From, e.To));
                fieldErrors.AddIf(clash, "from", $"{Labels.Of(input.Kind!.Value)} trùng thời gian với chế độ đã có của người này.");
            }

            if (!fieldErrors.IsValid)
            {
                errors.AddRange(fieldErrors.ToDictionary().SelectMany(e => e.Value).Select(m => $"Dòng {line}: {m}"));
                continue;
            }

            accepted.Add(new Entitlement
            {
                BeneficiaryId = person.Id, Kind = input.Kind!.Value, From = input.From!.Value, To = input.To,
                DecisionNumber = string.IsNullOrWhiteSpace(input.DecisionNumber) ? null : input.DecisionNumber.Trim(),
            });
        }

        if (errors.Count > 0)
        {
            return (0, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Entitlements.AddRange(accepted);
        foreach (var group in accepted.GroupBy(e => e.BeneficiaryId))
        {
            audit.Add(AuditActions.ImportEntitlements, group.Key, "Entitlement", null, $"rows={group.Count()}");
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (accepted.Count, []);
    }

    private static List<(int Line, Dictionary<string, string> Row)> Read(Stream csv)
    {
        using var reader = new StreamReader(csv, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        return AnSinh.Data.ReferenceData.CodeListLoader.ReadRowsWithLines(reader).ToList();
    }

    internal static EntitlementKind? ParseKind(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Enum.TryParse<EntitlementKind>(text.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !char.IsDigit(text.Trim()[0]))
        {
            return kind;
        }

        var folded = VietnameseText.Fold(text);
        return Enum.GetValues<EntitlementKind>().Cast<EntitlementKind?>().FirstOrDefault(k => VietnameseText.Fold(Labels.Of(k!.Value)) == folded);
    }
}
