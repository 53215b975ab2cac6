using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.Entitlements;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

public sealed record BeneficiaryCandidate(BeneficiaryInput Person, EntitlementInput? Entitlement);

/// <summary>
/// Beneficiaries from a facility's or an office's spreadsheet, one person per row: identity, BHYT card, address,
/// categories with their details, one entitlement and one contact. Each row is checked by the same rules as the
/// registration form (BeneficiaryRules, EntitlementRules), plus what only a file can get wrong: a CCCD or card twice
/// in the file, a commune code that no longer exists, a facility outside the uploader's scope.
/// </summary>
public sealed class BeneficiaryImport(AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock, CodeCatalog codes)
    : IRowImporter<BeneficiaryCandidate>
{
    public const string Kind = "beneficiaries";

    public static readonly IReadOnlyList<ImportColumn> Template =
    [
        new("fullName", "Họ và tên", ColumnType.Text, true, "Bắt buộc; tối đa 200 ký tự.", 26),
        new("sex", "Giới tính", ColumnType.Text, true, "Bắt buộc: Nam hoặc Nữ.", 10),
        new("birthDate", "Ngày sinh", ColumnType.Date, true, "Bắt buộc; dd/mm/yyyy.", 12),
        new("ethnicity", "Dân tộc", ColumnType.Text, false, "Mã 01–54 hoặc tên dân tộc (Kinh, Tày, …).", 10),
        new("nationalId", "Số CCCD", ColumnType.Text, false, "12 chữ số; không trùng trong tệp và với hồ sơ đã có.", 15),
        new("healthInsuranceNumber", "Số thẻ BHYT", ColumnType.Text, false, "15 ký tự, ví dụ HT2797924000001.", 18),
        new("healthInsuranceValidFrom", "Thẻ BHYT từ ngày", ColumnType.Date, false, "dd/mm/yyyy.", 12),
        new("healthInsuranceValidTo", "Thẻ BHYT đến ngày", ColumnType.Date, false, "Bắt buộc khi có số thẻ; dd/mm/yyyy.", 12),
        new("addressUnit", "Mã xã/phường", ColumnType.Text, false, "Mã đơn vị hành chính cấp xã đang có hiệu lực (sau 01/07/2025).", 12),
        new("addressLine", "Địa chỉ (số nhà, thôn, tổ)", ColumnType.Text, false, "Tối đa 300 ký tự.", 28),
        new("facility", "Mã cơ sở", ColumnType.Integer, false,
            "Mã số của cơ sở quản lý (trên trang cơ sở). Người dùng của một cơ sở để trống: đối tượng thuộc cơ sở của mình.", 10),
        new("categories", "Nhóm đối tượng", ColumnType.Text, false,
            "Một hoặc nhiều nhóm, cách nhau bởi dấu chấm phẩy: " + string.Join("; ", Enum.GetValues<CategoryKind>().Select(Labels.Of)) + ".", 26),
        new("categoryFrom", "Thuộc nhóm từ ngày", ColumnType.Date, false, "Bắt buộc khi có nhóm đối tượng; dd/mm/yyyy.", 12),
        new("meritType", "Loại người có công", ColumnType.Text, false, "Mã theo Pháp lệnh 02/2020/UBTVQH14 (trang Hướng dẫn).", 12),
        new("warInvalidPercent", "Tỷ lệ tổn thương (%)", ColumnType.Integer, false, "1–100; chỉ cho người có công.", 10),
        new("disabilityType", "Dạng khuyết tật", ColumnType.Text, false, "Mã theo Luật Người khuyết tật (trang Hướng dẫn).", 12),
        new("disabilitySeverity", "Mức độ khuyết tật", ColumnType.Text, false, "Đặc biệt nặng, Nặng hoặc Nhẹ; bắt buộc cho người khuyết tật.", 12),
        new("assistanceType", "Diện trợ cấp xã hội", ColumnType.Text, false, "Mã theo Nghị định 20/2021/NĐ-CP Điều 5 (trang Hướng dẫn).", 12),
        new("entitlement", "Chế độ", ColumnType.Text, false, "Trợ cấp hằng tháng, Bảo hiểm y tế hoặc Hỗ trợ tiền điện.", 18),
        new("entitlementFrom", "Chế độ từ ngày", ColumnType.Date, false, "Bắt buộc khi có chế độ; dd/mm/yyyy.", 12),
        new("entitlementTo", "Chế độ đến ngày", ColumnType.Date, false, "dd/mm/yyyy; để trống nếu chưa kết thúc.", 12),
        new("decisionNumber", "Số quyết định", ColumnType.Text, false, "Ví dụ 123/QĐ-UBND.", 16),
        new("contactName", "Người liên hệ", ColumnType.Text, false, "Họ tên người thân hoặc người giám hộ.", 22),
        new("contactRelationship", "Quan hệ", ColumnType.Text, false, "Ví dụ: con, cháu, người giám hộ.", 12),
        new("contactPhone", "Điện thoại liên hệ", ColumnType.Text, false, "Chỉ gồm chữ số.", 14),
    ];

    public IReadOnlyList<ImportColumn> Columns => Template;

    public static bool MayImport(CurrentUser user) => user.CanWriteRecords || user.CanManageFacilities;

    private IReadOnlyDictionary<string, IReadOnlySet<string>> _codeSets = new Dictionary<string, IReadOnlySet<string>>();
    private IReadOnlyDictionary<string, IReadOnlyList<CodeItem>> _lists = new Dictionary<string, IReadOnlyList<CodeItem>>();

    /// <summary>Each coded list's codes by name folded (no diacritics, lower case): built once, looked up per row.</summary>
    private Dictionary<string, Dictionary<string, string>> _codeByFoldedName = [];

    private static readonly Dictionary<string, CategoryKind> CategoryByFoldedLabel =
        Enum.GetValues<CategoryKind>().ToDictionary(k => VietnameseText.Fold(Labels.Of(k)), StringComparer.Ordinal);

    private static readonly Dictionary<string, CategoryKind> CategoryByName =
        Enum.GetValues<CategoryKind>().ToDictionary(k => k.ToString(), StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, DisabilitySeverity> SeverityByFoldedLabel =
        Enum.GetValues<DisabilitySeverity>().ToDictionary(k => VietnameseText.Fold(Labels.Of(k)), StringComparer.Ordinal);
    private CommuneCodes? _communes;
    private HashSet<int>? _facilitiesInScope;
    private HashSet<int> _facilities = [];
    private HashSet<int> _unitsInScope = [];
    private readonly Dictionary<string, int> _nationalIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cards = new(StringComparer.Ordinal);
    private DateOnly _today;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _today = clock.Today;
        _codeSets = await codes.CodeSetsAsync(ct);
        _lists = await codes.ListsAsync(ct);
        _codeByFoldedName = _lists.ToDictionary(l => l.Key,
            l => l.Value.GroupBy(i => VietnameseText.Fold(i.Name)).ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal), StringComparer.Ordinal);
        _communes = await CommuneCodes.LoadAsync(db, ct);
        _facilities = (await db.Facilities.AsNoTracking().Select(f => f.Id).ToListAsync(ct)).ToHashSet();
        var resolved = await scope.ResolveAsync(ct);
        _facilitiesInScope = resolved.IsNational ? null : resolved.FacilityIds.ToHashSet();
        _unitsInScope = resolved.UnitIds.ToHashSet();
    }

    public BeneficiaryCandidate? Parse(ImportRow row)
    {
        var before = row.Errors.Count;
        var person = new BeneficiaryInput
        {
            FullName = row.Text("fullName"),
            Sex = Sex(row),
            BirthDate = row.Date("birthDate"),
            EthnicityCode = Ethnicity(row),
            NationalId = NationalIdOf(row),
            HealthInsuranceNumber = row.Text("healthInsuranceNumber"),
            HealthInsuranceValidFrom = row.Date("healthInsuranceValidFrom"),
            HealthInsuranceValidTo = row.Date("healthInsuranceValidTo"),
            AddressUnitId = Commune(row),
            AddressLine = row.Text("addressLine"),
            RegisteredFacilityId = Facility(row),
        };
        AddCategories(row, person);
        if (row.Text("contactName") is { } contactName)
        {
            person.Contacts.Add(new ContactInput { FullName = contactName, Relationship = row.Text("contactRelationship"), Phone = PhoneOf(row) });
        }
        else if (row.Text("contactPhone") is not null || row.Text("contactRelationship") is not null)
        {
            row.Error("contactName", "cần họ tên người liên hệ khi có quan hệ hoặc số điện thoại.");
        }

        var entitlement = Entitlement(row);
        var unreadable = row.Errors.Count > before;
        Unique(row, "nationalId", person.NationalId, _nationalIds, "Số CCCD");
        Unique(row, "healthInsuranceNumber", person.HealthInsuranceNumber is { } card ? HealthInsuranceCard.Normalize(card) : null, _cards, "Số thẻ BHYT");
        if (unreadable)
        {
            // A cell that could not be read: the rules below would only repeat it as "required".
            return null;
        }

        foreach (var (field, messages) in BeneficiaryRules.Validate(person, _today, _codeSets).ToDictionary())
        {
            row.Error(ColumnOf(field), messages[0]);
        }

        if (entitlement is not null && person.BirthDate is { } born)
        {
            foreach (var (field, messages) in EntitlementRules.Validate(entitlement, born, _today).ToDictionary())
            {
                row.Error(field switch { "from" => "entitlementFrom", "to" => "entitlementTo", "decisionNumber" => "decisionNumber", _ => "entitlement" }, messages[0]);
            }
        }

        if (person.AddressUnitId is { } unitId && person.RegisteredFacilityId is null && user.ScopeKind == ScopeKind.AdminUnit && !_unitsInScope.Contains(unitId))
        {
            row.Error("addressUnit", "xã/phường không thuộc địa bàn bạn quản lý; ghi mã cơ sở quản lý hoặc xã/phường trong địa bàn.");
        }
        else if (person.RegisteredFacilityId is null && user.ScopeKind == ScopeKind.AdminUnit && person.AddressUnitId is null)
        {
            row.Error("addressUnit", "cần mã xã/phường nơi cư trú thuộc địa bàn bạn quản lý (hoặc mã cơ sở quản lý).");
        }

        return row.Errors.Count > before ? null : new BeneficiaryCandidate(person, entitlement);
    }

    public async Task CheckAsync(IReadOnlyList<(int Line, BeneficiaryCandidate Candidate)> batch, List<ImportError> errors, CancellationToken ct)
    {
        var ids = batch.Select(b => b.Candidate.Person.NationalId?.Trim()).OfType<string>().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        // Checked across all facilities on purpose, as the form does: one person, one record.
        var taken = await db.Beneficiaries.AsNoTracking().Where(b => b.NationalId != null && ids.Contains(b.NationalId))
            .Select(b => new { b.Id, NationalId = b.NationalId! }).ToListAsync(ct);
        if (taken.Count == 0)
        {
            return;
        }

        var takenIds = taken.Select(t => t.Id).ToList();
        var visible = (await (await scope.BeneficiariesAsync(ct)).Where(b => takenIds.Contains(b.Id)).Select(b => b.Id).ToListAsync(ct)).ToHashSet();
        var byNationalId = taken.ToDictionary(t => t.NationalId);
        var header = Template.First(c => c.Key == "nationalId").Header;
        foreach (var (line, candidate) in batch)
        {
            if (candidate.Person.NationalId?.Trim() is { } id && byNationalId.TryGetValue(id, out var existing))
            {
                // Outside the uploader's scope the record is not named (that someone is registered somewhere is itself
                // health data), and the attempt is audited against it, as on the form.
                errors.Add(new ImportError(line, header, visible.Contains(existing.Id)
                    ? $"số CCCD {id} đã thuộc hồ sơ mã {existing.Id}; không tạo hồ sơ thứ hai."
                    : $"số CCCD {id} đã được đăng ký trong hệ thống; liên hệ cơ sở quản lý để chuyển hồ sơ."));
                if (!visible.Contains(existing.Id))
                {
                    audit.Add(AuditActions.DuplicateNationalId, existing.Id, detail: $"by={user.UserName}; import");
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task SaveAsync(IReadOnlyList<BeneficiaryCandidate> batch, CancellationToken ct)
    {
        var people = batch.Select(c =>
        {
            var entity = new Beneficiary { FullName = "", CreatedAt = clock.Now };
            Beneficiaries.BeneficiaryService.Apply(entity, c.Person);
            return entity;
        }).ToList();
        db.Beneficiaries.AddRange(people);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < batch.Count; i++)
        {
            var id = people[i].Id;
            audit.Add(AuditActions.CreateRecord, id, "Beneficiary", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "import");
            if (batch[i].Entitlement is { } e)
            {
                db.Entitlements.Add(new Entitlement
                {
                    BeneficiaryId = id, Kind = e.Kind!.Value, From = e.From!.Value, To = e.To,
                    DecisionNumber = string.IsNullOrWhiteSpace(e.DecisionNumber) ? null : e.DecisionNumber.Trim(),
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static Sex? Sex(ImportRow row)
    {
        var text = row.Text("sex");
        if (text is null)
        {
            return null;
        }

        switch (VietnameseText.Fold(text))
        {
            case "nam" or "male" or "m":
                return Domain.Identity.Sex.Male;
            case "nu" or "female" or "f":
                return Domain.Identity.Sex.Female;
            default:
                row.Error("sex", $"“{text}” không phải giới tính; ghi Nam hoặc Nữ.");
                return null;
        }
    }

    private string? Ethnicity(ImportRow row)
    {
        var text = row.Text("ethnicity");
        if (text is null)
        {
            return null;
        }

        var groups = _lists.GetValueOrDefault(CodeLists.EthnicGroup) ?? [];
        // "1" for "01" (a number cell), or a name: "Kinh", "Thái", "Mường".
        var code = text.Length == 1 && char.IsAsciiDigit(text[0]) ? "0" + text : text;
        if (groups.FirstOrDefault(g => g.Code == code) is { } byCode)
        {
            return byCode.Code;
        }

        if (CodeByName(CodeLists.EthnicGroup, text) is { } byName)
        {
            return byName;
        }

        row.Error("ethnicity", $"“{text}” không có trong danh mục 54 dân tộc; ghi mã 01–54 hoặc tên dân tộc.");
        return null;
    }

    private static string? NationalIdOf(ImportRow row)
    {
        var text = row.Text("nationalId");
        if (text is null || !text.All(char.IsAsciiDigit) || text.Length is < 9 or >= 12)
        {
            return text;
        }

        // A CCCD typed into a number cell loses its leading zeros (001085012345 → 1085012345): a CCCD has 12 digits.
        if (row.Cell("nationalId").Kind == CellKind.Number)
        {
            return text.PadLeft(12, '0');
        }

        // A lost leading zero only where the text does not already begin with one.
        row.Error("nationalId", text.StartsWith('0')
            ? $"số CCCD “{text}” có {text.Length} chữ số; CCCD có đúng 12 chữ số."
            : $"số CCCD “{text}” có {text.Length} chữ số, CCCD có 12: có thể Excel đã bỏ số 0 ở đầu; hãy định dạng cột là Văn bản (Text) và ghi đủ 12 số.");
        return null;
    }

    /// <summary>A phone typed into a number cell loses its leading 0 (0912345678 → 912345678).</summary>
    private static string? PhoneOf(ImportRow row)
    {
        var text = row.Text("contactPhone");
        return text is { Length: 9 } && row.Cell("contactPhone").Kind == CellKind.Number ? "0" + text : text;
    }

    private int? Commune(ImportRow row) => _communes!.Resolve(row, "addressUnit", _today);

    private int? Facility(ImportRow row)
    {
        var id = row.Integer("facility");
        if (user.ScopeKind == ScopeKind.Facility)
        {
            // A facility's users register people for their own facility, as on the form.
            if (id is not null && id != user.ScopeFacilityId)
            {
                row.Error("facility", $"bạn chỉ nhập được đối tượng của cơ sở mình (mã {user.ScopeFacilityId}); để trống cột này.");
            }

            return user.ScopeFacilityId;
        }

        if (id is not { } facilityId)
        {
            return null;
        }

        if (!_facilities.Contains(facilityId))
        {
            row.Error("facility", $"không có cơ sở mã {facilityId}.");
            return null;
        }

        if (_facilitiesInScope is not null && !_facilitiesInScope.Contains(facilityId))
        {
            row.Error("facility", $"cơ sở mã {facilityId} không thuộc phạm vi quản lý của bạn.");
            return null;
        }

        return facilityId;
    }

    private void AddCategories(ImportRow row, BeneficiaryInput person)
    {
        var text = row.Text("categories");
        var from = row.Date("categoryFrom");
        var merit = Code(row, "meritType", CodeLists.MeritoriousType);
        var percent = row.Integer("warInvalidPercent");
        var disability = Code(row, "disabilityType", CodeLists.DisabilityType);
        var severity = Severity(row);
        var assistance = Code(row, "assistanceType", CodeLists.SocialAssistance);
        if (text is null)
        {
            if (merit is not null || percent is not null || disability is not null || severity is not null || assistance is not null || from is not null)
            {
                row.Error("categories", "có chi tiết nhóm đối tượng nhưng chưa ghi nhóm.");
            }

            return;
        }

        // Semicolons only: "Hộ nghèo, cận nghèo" is one category.
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            CategoryKind? kind = CategoryByFoldedLabel.TryGetValue(VietnameseText.Fold(part), out var byLabel) ? byLabel
                : CategoryByName.TryGetValue(part, out var byName) ? byName : null;
            if (kind is null)
            {
                row.Error("categories", $"“{part}” không phải nhóm đối tượng; các nhóm: {string.Join("; ", Enum.GetValues<CategoryKind>().Select(Labels.Of))}.");
            }
            else if (person.Categories.Any(c => c.Kind == kind))
            {
                row.Error("categories", $"nhóm “{Labels.Of(kind.Value)}” ghi hai lần.");
            }
            else
            {
                person.Categories.Add(new CategoryInput { Kind = kind, From = from });
            }
        }

        if (person.Categories.Count == 0)
        {
            return;
        }

        // Each detail belongs to the category it describes; given without that category, it goes to the first one and
        // the rules say why it does not fit.
        CategoryInput For(params CategoryKind[] kinds) => person.Categories.FirstOrDefault(c => kinds.Contains(c.Kind!.Value)) ?? person.Categories[0];
        if (merit is not null)
        {
            For(CategoryKind.MeritoriousService, CategoryKind.MeritoriousRelative).MeritTypeCode = merit;
        }

        if (percent is not null)
        {
            For(CategoryKind.MeritoriousService).WarInvalidPercent = percent;
        }

        if (disability is not null)
        {
            For(CategoryKind.Disability).DisabilityTypeCode = disability;
        }

        if (severity is not null)
        {
            For(CategoryKind.Disability).DisabilitySeverity = severity;
        }

        if (assistance is not null)
        {
            // Social assistance (Nghị định 20/2021) is for the social-protection groups, not the meritorious regime.
            var protectedGroup = person.Categories.FirstOrDefault(c => c.Kind is not (CategoryKind.MeritoriousService or CategoryKind.MeritoriousRelative));
            if (protectedGroup is null)
            {
                row.Error("assistanceType", "diện trợ cấp xã hội (Nghị định 20/2021/NĐ-CP) không áp dụng cho nhóm người có công; ghi thêm nhóm đối tượng bảo trợ xã hội của người này.");
            }
            else
            {
                protectedGroup.AssistanceTypeCode = assistance;
            }
        }
    }

    /// <summary>A code of a list, or an entry's exact name (without regard to diacritics or case).</summary>
    private string? Code(ImportRow row, string key, string list)
    {
        var text = row.Text(key);
        if (text is null)
        {
            return null;
        }

        var items = _lists.GetValueOrDefault(list) ?? [];
        if (items.Any(i => i.Code == text))
        {
            return text;
        }

        if (CodeByName(list, text) is { } byName)
        {
            return byName;
        }

        row.Error(key, $"“{text}” không có trong danh mục (xem trang Hướng dẫn của tệp mẫu).");
        return null;
    }

    private string? CodeByName(string list, string text) =>
        _codeByFoldedName.GetValueOrDefault(list)?.GetValueOrDefault(VietnameseText.Fold(text));

    private static DisabilitySeverity? Severity(ImportRow row)
    {
        var text = row.Text("disabilitySeverity");
        if (text is null)
        {
            return null;
        }

        DisabilitySeverity? severity = SeverityByFoldedLabel.TryGetValue(VietnameseText.Fold(text), out var found) ? found : null;
        if (severity is null)
        {
            row.Error("disabilitySeverity", $"“{text}” không phải mức độ khuyết tật; ghi Đặc biệt nặng, Nặng hoặc Nhẹ.");
        }

        return severity;
    }

    private static EntitlementInput? Entitlement(ImportRow row)
    {
        var text = row.Text("entitlement");
        var from = row.Date("entitlementFrom");
        var to = row.Date("entitlementTo");
        var decision = row.Text("decisionNumber");
        if (text is null)
        {
            if (from is not null || to is not null || decision is not null)
            {
                row.Error("entitlement", "có ngày hoặc số quyết định của chế độ nhưng chưa ghi chế độ.");
            }

            return null;
        }

        var kind = EntitlementImport.ParseKind(text);
        if (kind is null)
        {
            row.Error("entitlement", $"“{text}” không phải chế độ; ghi Trợ cấp hằng tháng, Bảo hiểm y tế hoặc Hỗ trợ tiền điện.");
        }

        return new EntitlementInput { Kind = kind, From = from, To = to, DecisionNumber = decision };
    }

    private static void Unique(ImportRow row, string key, string? value, Dictionary<string, int> seen, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        value = value.Trim();
        if (seen.TryGetValue(value, out var first))
        {
            if (first != row.Line)
            {
                row.Error(key, $"{what} {value} trùng với dòng {first} của tệp.");
            }
        }
        else
        {
            seen[value] = row.Line;
        }
    }

    /// <summary>The form's field names (BeneficiaryRules) as the template's columns.</summary>
    private static string ColumnOf(string field)
    {
        var name = field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
        if (field.StartsWith("contacts", StringComparison.Ordinal))
        {
            return name == "phone" ? "contactPhone" : "contactName";
        }

        if (field.StartsWith("categories", StringComparison.Ordinal))
        {
            return name switch
            {
                "from" or "to" => "categoryFrom",
                "meritTypeCode" => "meritType",
                "warInvalidPercent" => "warInvalidPercent",
                "disabilityTypeCode" => "disabilityType",
                "disabilitySeverity" => "disabilitySeverity",
                "assistanceTypeCode" => "assistanceType",
                _ => "categories",
            };
        }

        return name switch
        {
            "ethnicityCode" => "ethnicity",
            "addressUnitId" => "addressUnit",
            "registeredFacilityId" => "facility",
            _ when Template.Any(c => c.Key == name) => name,
            _ => "fullName",
        };
    }
}
