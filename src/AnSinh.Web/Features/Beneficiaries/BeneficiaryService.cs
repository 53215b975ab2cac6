using AnSinh.Data;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Beneficiaries;

public sealed class BeneficiaryService(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock, ReferenceData.CodeCatalog codes,
    Alerts.RecordAlerts alerts)
{
    public const int MaxPageSize = 100;

    /// <summary>Finds people in the caller's scope by name (with or without diacritics), CCCD or BHYT number.</summary>
    public async Task<BeneficiaryPage> SearchAsync(string? q, int page, int pageSize, CancellationToken ct = default)
    {
        var found = await QueryAsync(q, Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize), ct);
        await audit.RecordSearchAsync(q, found.Page, found.Items.Count, found.Total, ct);
        return found;
    }

    /// <summary>Every match (up to <see cref="MaxExportRows"/>) for a spreadsheet; the export is audited.</summary>
    public async Task<BeneficiaryPage> ExportAsync(string? q, CancellationToken ct = default)
    {
        var all = await QueryAsync(q, 1, MaxExportRows, ct);
        await audit.RecordExportAsync("search", all.Items.Count, ct);
        return all;
    }

    public const int MaxExportRows = 50_000;

    private async Task<BeneficiaryPage> QueryAsync(string? q, int page, int pageSize, CancellationToken ct)
    {
        var query = await scope.BeneficiariesAsync(ct);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
            var card = HealthInsuranceCard.Normalize(term);
            if (digits.Length == term.Length && digits.Length >= 6)
            {
                query = query.Where(b => b.NationalId != null && b.NationalId.StartsWith(digits));
            }
            else if (card.Length >= 5 && char.IsAsciiLetter(card[0]) && char.IsAsciiLetter(card[1]) && card.Skip(2).All(char.IsAsciiDigit))
            {
                query = query.Where(b => b.HealthInsuranceNumber != null && b.HealthInsuranceNumber.StartsWith(card));
            }
            else
            {
                // LIKE rather than Contains: PostgreSQL's trigram index serves LIKE '%…%' but not strpos() (issue #9).
                var pattern = VietnameseText.ContainsPattern(VietnameseText.Fold(term));
                query = query.Where(b => EF.Functions.Like(b.SearchName, pattern, VietnameseText.LikeEscape));
            }
        }

        // The page's people first, then their open stays and categories by their ids: a "current stay" projected
        // inside the page query became a ROW_NUMBER() over every open stay (issue #9: 288 ms → 44 ms page-ids-first).
        var rows = await query
            .OrderBy(b => b.SearchName).ThenBy(b => b.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(b => new { b.Id, b.FullName, b.BirthDate, b.Sex, b.NationalId, b.HealthInsuranceNumber })
            .ToListAsync(ct);
        // A first page that is not full is every match: no second pass over the index to count them.
        var total = page == 1 && rows.Count < pageSize ? rows.Count : await query.CountAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var current = (await db.Stays.AsNoTracking().Where(s => ids.Contains(s.BeneficiaryId) && s.DischargedOn == null)
                .Select(s => new { s.BeneficiaryId, s.AdmittedOn, s.FacilityId, s.Facility!.Name }).ToListAsync(ct))
            .GroupBy(s => s.BeneficiaryId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AdmittedOn).First());
        var categories = (await db.BeneficiaryCategories.AsNoTracking().Where(c => ids.Contains(c.BeneficiaryId))
                .Select(c => new { c.BeneficiaryId, c.Kind }).ToListAsync(ct))
            .ToLookup(c => c.BeneficiaryId, c => c.Kind);

        var items = rows.Select(r => new BeneficiaryListItem(r.Id, r.FullName, r.BirthDate, r.Sex,
            current.GetValueOrDefault(r.Id)?.FacilityId, current.GetValueOrDefault(r.Id)?.Name,
            r.NationalId, r.HealthInsuranceNumber, categories[r.Id].Distinct().ToList())).ToList();
        return new BeneficiaryPage(items, total, page, pageSize);
    }

    /// <summary>A person's record if the caller may see it; each read is audited.</summary>
    /// <summary>One person's record; the read is audited, with <paramref name="view"/> naming the page that shows it
    /// (a form showing the name), unless the caller audits it itself (<paramref name="audited"/> false).</summary>
    public async Task<BeneficiaryDetail?> GetAsync(int id, bool audited = true, string? view = null, CancellationToken ct = default)
    {
        var query = await scope.BeneficiariesAsync(ct);
        var b = await query.AsNoTracking()
            .Include(x => x.Categories)
            .Include(x => x.Contacts)
            .Include(x => x.AddressUnit)
            .Include(x => x.Stays).ThenInclude(s => s.Facility)
            // One round trip: one person's categories × contacts × stays is a few dozen rows, while split queries
            // repeated the scope filter four times (issue #9).
            .AsSingleQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (b is null)
        {
            return null;
        }

        if (audited)
        {
            await audit.RecordAsync(AuditActions.ReadRecord, id, view is null ? null : $"view={view}", ct);
        }

        // A facility the person left sees the stays as they stood on the day it left (a later re-admission elsewhere is not its business).
        var asOf = scope.CustodyOf(b.RegisteredFacilityId, b.Stays.Select(s => new StaySpan(s.FacilityId, s.AdmittedOn, s.DischargedOn))).LeftOn;
        var stays = asOf is { } day ? b.Stays.Where(s => s.AdmittedOn <= day).ToList() : b.Stays;
        var current = stays.Where(s => s.DischargedOn is null || s.DischargedOn > asOf).OrderByDescending(s => s.AdmittedOn).FirstOrDefault();
        var lists = await codes.ListsAsync(ct);
        string? Name(string list, string? code) => ReferenceData.CodeCatalog.NameOf(lists, list, code);
        return new BeneficiaryDetail(
            b.Id, b.FullName, b.Sex, b.BirthDate, b.AgeOn(clock.Today), b.EthnicityCode, Name(CodeLists.EthnicGroup, b.EthnicityCode),
            b.NationalId, b.HealthInsuranceNumber,
            b.HealthInsuranceValidFrom, b.HealthInsuranceValidTo, b.AddressUnitId, b.AddressUnit?.Name, b.AddressLine,
            b.RegisteredFacilityId, current?.FacilityId, current?.Facility?.Name, current?.Id,
            b.Categories.OrderBy(c => c.From).Select(c => new CategoryView(c.Id, c.Kind, c.From, c.To, c.MeritTypeCode, c.WarInvalidPercent,
                c.DisabilityTypeCode, c.DisabilitySeverity, c.AssistanceTypeCode, Name(CodeLists.MeritoriousType, c.MeritTypeCode),
                Name(CodeLists.DisabilityType, c.DisabilityTypeCode), Name(CodeLists.SocialAssistance, c.AssistanceTypeCode))).ToList(),
            b.Contacts.Select(c => new ContactView(c.Id, c.FullName, c.Relationship, c.Phone, c.IsGuardian)).ToList(),
            stays.OrderByDescending(s => s.AdmittedOn).Select(s => new StayView(s.Id, s.FacilityId, s.Facility?.Name ?? "", s.Kind,
                s.AdmittedOn, s.DischargedOn > asOf ? null : s.DischargedOn, s.DischargedOn > asOf ? null : s.DischargeReason, s.Note)).ToList(),
            b.Version, asOf, b.UpdatedAt ?? b.CreatedAt);
    }

    public async Task<ServiceResult<int>> CreateAsync(BeneficiaryInput input, CancellationToken ct = default)
    {
        if (!user.CanWriteRecords && !user.CanManageFacilities)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền tạo hồ sơ đối tượng.");
        }

        // A facility-scoped user registers people for their own facility.
        if (user.ScopeKind == ScopeKind.Facility)
        {
            input.RegisteredFacilityId = user.ScopeFacilityId;
        }

        var errors = await ValidateAsync(input, existingId: null, ct);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var entity = new Beneficiary { FullName = "", CreatedAt = clock.Now };
        Apply(entity, input);
        db.Beneficiaries.Add(entity);
        // The record and its audit event land together or not at all.
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.NationalId))
        {
            // Registered by someone else between the check and this save: the check's answer, not a 500.
            return ServiceResult<int>.Invalid("nationalId", $"Số CCCD {entity.NationalId} đã được đăng ký trong hệ thống.");
        }

        audit.Add(AuditActions.CreateRecord, entity.Id, "Beneficiary", entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(entity.Id);
    }

    public async Task<ServiceResult<int>> UpdateAsync(int id, BeneficiaryInput input, CancellationToken ct = default)
    {
        var query = await scope.BeneficiariesAsync(ct);
        var entity = await query.Include(b => b.Categories).Include(b => b.Contacts).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (entity is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords && !user.CanManageFacilities)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền sửa hồ sơ đối tượng.");
        }

        if (await scope.ReadOnlyReasonAsync(id, ct) is { } readOnly)
        {
            return ServiceResult<int>.Denied(readOnly);
        }

        if (EditVersions.Check(input.Version, entity.Version, "Hồ sơ") is { } stale)
        {
            return input.Version is null ? ServiceResult<int>.Invalid(stale) : ServiceResult<int>.Stale(stale);
        }

        input.RegisteredFacilityId = entity.RegisteredFacilityId;
        var errors = await ValidateAsync(input, id, ct);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var categoriesBefore = Describe(entity.Categories);
        var contactsBefore = Describe(entity.Contacts);
        db.BeneficiaryCategories.RemoveRange(entity.Categories);
        db.Contacts.RemoveRange(entity.Contacts);
        entity.Categories.Clear();
        entity.Contacts.Clear();
        Apply(entity, input);
        // What changed, old → new, so that an auditor can tell what an edit did (issue #10).
        var changes = new List<string> { AuditLog.Changes(db.Entry(entity), nameof(Beneficiary.SearchName), nameof(Beneficiary.Version)) };
        entity.UpdatedAt = clock.Now;
        if (Describe(entity.Categories) is var categoriesAfter && categoriesAfter != categoriesBefore)
        {
            changes.Add($"Categories: {categoriesBefore} → {categoriesAfter}");
        }

        if (Describe(entity.Contacts) is var contactsAfter && contactsAfter != contactsBefore)
        {
            changes.Add($"Contacts: {contactsBefore} → {contactsAfter}");
        }

        audit.Add(AuditActions.UpdateRecord, id, "Beneficiary", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join("; ", changes.Where(c => c.Length > 0)));
        EditVersions.Advance(db.Entry(entity), b => b.Version, input.Version!.Value);
        if (await EditVersions.SaveAsync(db, "Hồ sơ", ct) is { } lost)
        {
            return ServiceResult<int>.Stale(lost);
        }

        await alerts.AfterChangeAsync(id, ct); // a renewed card closes its reminder
        return ServiceResult<int>.Ok(id);
    }

    private async Task<ValidationErrors> ValidateAsync(BeneficiaryInput input, int? existingId, CancellationToken ct)
    {
        var errors = BeneficiaryRules.Validate(input, clock.Today, await codes.CodeSetsAsync(ct));
        if (!string.IsNullOrWhiteSpace(input.NationalId) && errors["nationalId"] is null)
        {
            var nationalId = input.NationalId.Trim();
            // Checked across all facilities on purpose: one person, one record, even outside the caller's scope.
            var existing = await db.Beneficiaries.Where(b => b.NationalId == nationalId && b.Id != existingId)
                .Select(b => new
                {
                    b.Id, b.FullName, b.BirthDate,
                    Facility = b.Stays.Where(s => s.DischargedOn == null).Select(s => s.Facility!.Name).FirstOrDefault()
                        ?? (b.RegisteredFacility == null ? null : b.RegisteredFacility.Name),
                })
                .FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                var visible = await (await scope.BeneficiariesAsync(ct)).AnyAsync(b => b.Id == existing.Id, ct);
                if (visible)
                {
                    errors.Add("nationalId", $"Số CCCD {nationalId} đã thuộc hồ sơ của {existing.FullName} (sinh ngày {existing.BirthDate:dd/MM/yyyy}, mã hồ sơ {existing.Id}).");
                }
                else
                {
                    // Outside the caller's scope the person is not named: that someone is, say, in drug rehabilitation is
                    // itself health data. Only where to ask; and the attempt is audited against that record.
                    errors.Add("nationalId", $"Số CCCD {nationalId} đã được đăng ký trong hệ thống"
                        + (existing.Facility is null ? "" : $" (cơ sở quản lý: {existing.Facility})")
                        + ". Liên hệ cơ sở đó để chuyển hồ sơ, không tạo hồ sơ thứ hai.");
                    await audit.RecordAsync(AuditActions.DuplicateNationalId, existing.Id, $"by={user.UserName}", ct);
                }
            }
        }

        if (input.AddressUnitId is { } unitId && !await db.AdminUnits.AnyAsync(u => u.Id == unitId, ct))
        {
            errors.Add("addressUnitId", "Đơn vị hành chính không tồn tại.");
        }

        if (input.RegisteredFacilityId is { } fid && !await scope.CanAccessFacilityAsync(fid, ct))
        {
            errors.Add("registeredFacilityId", "Cơ sở không thuộc phạm vi quản lý của bạn.");
        }

        // An area officer registers people living in the area; otherwise the record would vanish from their view.
        if (existingId is null && user.ScopeKind == ScopeKind.AdminUnit && input.RegisteredFacilityId is null
            && (input.AddressUnitId is not { } addressId || !await scope.CanAccessUnitAsync(addressId, ct)))
        {
            errors.Add("addressUnitId", "Chọn xã/phường nơi cư trú thuộc địa bàn bạn quản lý.");
        }

        return errors;
    }

    private static string Describe(IEnumerable<BeneficiaryCategory> categories) =>
        string.Join(", ", categories.OrderBy(c => c.Kind).ThenBy(c => c.From)
            .Select(c => $"{c.Kind} {c.From:yyyy-MM-dd}–{(c.To is { } to ? to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")}"));

    private static string Describe(IEnumerable<Contact> contacts) =>
        string.Join(", ", contacts.OrderBy(c => c.FullName, StringComparer.Ordinal).Select(c => $"{c.FullName} ({c.Relationship}, {c.Phone})"));

    internal static void Apply(Beneficiary entity, BeneficiaryInput input)
    {
        entity.FullName = input.FullName!.Trim();
        entity.SearchName = BeneficiaryRules.SearchName(entity.FullName);
        entity.Sex = input.Sex!.Value;
        entity.BirthDate = input.BirthDate!.Value;
        entity.EthnicityCode = Trim(input.EthnicityCode);
        entity.NationalId = Trim(input.NationalId);
        entity.HealthInsuranceNumber = string.IsNullOrWhiteSpace(input.HealthInsuranceNumber) ? null : HealthInsuranceCard.Normalize(input.HealthInsuranceNumber);
        entity.HealthInsuranceValidFrom = input.HealthInsuranceValidFrom;
        entity.HealthInsuranceValidTo = input.HealthInsuranceValidTo;
        entity.AddressUnitId = input.AddressUnitId;
        entity.AddressLine = Trim(input.AddressLine);
        entity.RegisteredFacilityId = input.RegisteredFacilityId;
        entity.Categories.AddRange(input.Categories.Select(c => new BeneficiaryCategory
        {
            Kind = c.Kind!.Value,
            From = c.From!.Value,
            To = c.To,
            MeritTypeCode = Trim(c.MeritTypeCode),
            WarInvalidPercent = c.WarInvalidPercent,
            DisabilityTypeCode = Trim(c.DisabilityTypeCode),
            AssistanceTypeCode = Trim(c.AssistanceTypeCode),
            DisabilitySeverity = c.DisabilitySeverity,
        }));
        entity.Contacts.AddRange(input.Contacts.Select(c => new Contact
        {
            FullName = c.FullName!.Trim(),
            Relationship = Trim(c.Relationship),
            Phone = Trim(c.Phone),
            IsGuardian = c.IsGuardian,
        }));
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
