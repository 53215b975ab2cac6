using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <param name="NationalId">The person by CCCD, or by <paramref name="PersonId"/> (the record's number in AnSinh).</param>
public sealed record EncounterCandidate(string? NationalId, int? PersonId, EncounterInput Input);

/// <summary>
/// Past visits with their vital signs and ICD-10 diagnoses from a facility's spreadsheet, one visit per row: the person
/// by CCCD or record number, the day and kind of the visit, the readings, diagnoses, findings and classification. Each
/// row is checked by the visit form's own rules (EncounterRules, the ICD-10 list in force on the day, the person in
/// the uploader's scope and still in their care) and saved by the same service, so readings raise the same alerts.
/// </summary>
public sealed class EncounterImport(AnSinhDbContext db, AccessScope scope, CurrentUser user, Clock clock, CodeCatalog codes, HealthRecordService records)
    : IRowImporter<EncounterCandidate>
{
    public const string Kind = "encounters";

    /// <summary>The readings a row may carry: column key, LOINC code.</summary>
    private static readonly (string Key, string Code)[] Readings =
    [
        ("systolic", Loinc.Systolic), ("diastolic", Loinc.Diastolic), ("pulse", Loinc.Pulse), ("temperature", Loinc.Temperature),
        ("respiratoryRate", Loinc.RespiratoryRate), ("oxygenSaturation", Loinc.OxygenSaturation), ("weight", Loinc.Weight), ("height", Loinc.Height),
        ("glucose", Loinc.Glucose),
    ];

    public static readonly IReadOnlyList<ImportColumn> Template =
    [
        new("nationalId", "Số CCCD", ColumnType.Text, false, "Số CCCD của đối tượng, hoặc để trống và ghi Mã hồ sơ.", 15),
        new("person", "Mã hồ sơ", ColumnType.Integer, false, "Mã số hồ sơ trên AnSinh (trên trang hồ sơ), khi không có CCCD.", 10),
        new("date", "Ngày khám", ColumnType.Date, true, "Bắt buộc; dd/mm/yyyy; không ở tương lai.", 12),
        new("facility", "Mã cơ sở khám", ColumnType.Integer, false, "Nơi khám, khi khác cơ sở đang quản lý đối tượng; để trống là cơ sở của đối tượng.", 10),
        new("kind", "Loại lượt khám", ColumnType.Text, true,
            "Bắt buộc: " + string.Join("; ", Enum.GetValues<EncounterKind>().Select(Labels.Of)) + ".", 22),
        new("systolic", "Huyết áp tâm thu (mmHg)", ColumnType.Decimal, false, "50–300.", 12),
        new("diastolic", "Huyết áp tâm trương (mmHg)", ColumnType.Decimal, false, "20–200.", 12),
        new("pulse", "Mạch (lần/phút)", ColumnType.Decimal, false, "20–250.", 10),
        new("temperature", "Nhiệt độ (°C)", ColumnType.Decimal, false, "30–45; ví dụ 37,5.", 10),
        new("respiratoryRate", "Nhịp thở (lần/phút)", ColumnType.Decimal, false, "4–80.", 10),
        new("oxygenSaturation", "SpO2 (%)", ColumnType.Decimal, false, "50–100.", 10),
        new("weight", "Cân nặng (kg)", ColumnType.Decimal, false, "0,5–300; ví dụ 52,5.", 10),
        new("height", "Chiều cao (cm)", ColumnType.Decimal, false, "30–250. BMI được tính từ cân nặng và chiều cao.", 10),
        new("glucose", "Đường huyết (mmol/L)", ColumnType.Decimal, false, "1–50.", 10),
        new("diagnoses", "Chẩn đoán (mã ICD-10)", ColumnType.Text, false, "Một hoặc nhiều mã ICD-10 cách nhau bởi dấu chấm phẩy, ví dụ I10; E11.9.", 18),
        new("findings", "Khám thấy", ColumnType.Text, false, "Tối đa 4.000 ký tự.", 28),
        new("conclusion", "Kết luận", ColumnType.Text, false, "Tối đa 4.000 ký tự.", 28),
        new("classification", "Phân loại sức khỏe", ColumnType.Text, false, "I, II, III, IV hoặc V; bắt buộc cho khám sàng lọc và khám định kỳ.", 12),
    ];

    public IReadOnlyList<ImportColumn> Columns => Template;

    public static bool MayImport(CurrentUser user) => user.CanWriteRecords;

    private static readonly Dictionary<string, EncounterKind> KindByFoldedLabel =
        Enum.GetValues<EncounterKind>().ToDictionary(k => VietnameseText.Fold(Labels.Of(k)), StringComparer.Ordinal);

    private IReadOnlyDictionary<string, PlausibleRange> _ranges = new Dictionary<string, PlausibleRange>();
    private ImportFacilities? _facilities;
    private DateOnly _today;
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public async Task PrepareAsync(CancellationToken ct)
    {
        _today = clock.Today;
        _ranges = await codes.PlausibleRangesAsync(ct);
        _facilities = await ImportFacilities.LoadAsync(db, scope, user, ct);
    }

    public EncounterCandidate? Parse(ImportRow row)
    {
        var before = row.Errors.Count;
        var nationalId = row.Text("nationalId")?.Trim();
        var personId = row.Integer("person");
        if (nationalId is null && personId is null && row.Errors.Count == before)
        {
            row.Error("nationalId", "Ghi số CCCD hoặc mã hồ sơ của đối tượng.");
        }

        var input = new EncounterInput
        {
            Date = row.Date("date"),
            FacilityId = row.Integer("facility"),
            Kind = KindOf(row),
            Findings = row.Text("findings"),
            Conclusion = row.Text("conclusion"),
            Classification = ClassificationOf(row),
        };
        foreach (var (key, code) in Readings)
        {
            if (row.Decimal(key) is { } value)
            {
                input.Observations.Add(new ObservationInput { Code = code, Value = value });
            }
        }

        foreach (var code in (row.Text("diagnoses") ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            input.Diagnoses.Add(new DiagnosisInput { IcdCode = code });
        }

        // The same person's visit of the same kind on the same day twice in the file is one visit entered twice.
        if (input.Date is { } day && input.Kind is { } kind && (nationalId ?? personId?.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } who)
        {
            var key = $"{who}|{day:yyyy-MM-dd}|{kind}";
            if (!_seen.TryAdd(key, row.Line) && _seen[key] != row.Line)
            {
                row.Error("date", $"lượt {Labels.Of(kind).ToLowerInvariant()} ngày {Labels.Date(day)} của người này trùng với dòng {_seen[key]} của tệp.");
            }
        }

        return row.Errors.Count == before ? new EncounterCandidate(nationalId, personId, input) : null;
    }

    private static EncounterKind? KindOf(ImportRow row)
    {
        var text = row.Text("kind");
        if (text is null)
        {
            return null;
        }

        if (KindByFoldedLabel.TryGetValue(VietnameseText.Fold(text), out var kind) || Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        row.Error("kind", $"“{text}” không phải loại lượt khám; ghi: {string.Join("; ", Enum.GetValues<EncounterKind>().Select(Labels.Of))}.");
        return null;
    }

    private static HealthClassification? ClassificationOf(ImportRow row)
    {
        var text = row.Text("classification")?.Trim();
        if (text is null)
        {
            return null;
        }

        // "II", "Loại II", "loai ii".
        var roman = VietnameseText.Fold(text).Replace("loai", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (Enum.TryParse<HealthClassification>(roman, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(roman[0]))
        {
            return value;
        }

        row.Error("classification", $"“{text}” không phải phân loại sức khỏe; ghi I, II, III, IV hoặc V.");
        return null;
    }

    public async Task CheckAsync(IReadOnlyList<(int Line, EncounterCandidate Candidate)> batch, List<ImportError> errors, CancellationToken ct)
    {
        var people = await ImportPeople.FindAsync(scope, batch.Select(b => (b.Candidate.NationalId, b.Candidate.PersonId)), ct);
        var found = people.Values.Select(p => p.Id).Distinct().ToList();
        // Visits already recorded: a file imported twice is refused, not saved twice.
        var dates = batch.Select(b => b.Candidate.Input.Date!.Value).Distinct().ToList();
        var recorded = (await db.Encounters.AsNoTracking().Where(e => found.Contains(e.BeneficiaryId) && dates.Contains(e.Date))
                .Select(e => new { e.BeneficiaryId, e.Date, e.Kind }).ToListAsync(ct))
            .Select(e => (e.BeneficiaryId, e.Date, e.Kind)).ToHashSet();
        var header = Template.ToDictionary(c => c.Key, c => c.Header);
        // The ICD-10 list in force on each visit day: one lookup per day in the batch, not per row.
        var icdOnDay = new Dictionary<DateOnly, IReadOnlyDictionary<string, string>>();
        foreach (var day in batch.Where(b => b.Candidate.Input.Diagnoses.Count > 0).GroupBy(b => b.Candidate.Input.Date!.Value))
        {
            icdOnDay[day.Key] = await codes.IcdNamesAsync(day.SelectMany(b => b.Candidate.Input.Diagnoses)
                .Select(d => AnSinh.Data.ReferenceData.CodeListLoader.NormalizeIcd(d.IcdCode)).OfType<string>().Distinct(), day.Key, ct);
        }

        foreach (var (line, candidate) in batch)
        {
            var input = candidate.Input;
            if (ImportPeople.Missing(line, candidate.NationalId, candidate.PersonId, people, header) is { } missing)
            {
                errors.Add(missing);
                continue;
            }

            var person = people[ImportPeople.Key(candidate.NationalId, candidate.PersonId)];

            // Where the visit took place, as the form decides it: the column, else the person's facility.
            var facility = input.FacilityId ?? person.FacilityId;
            if (facility is null)
            {
                errors.Add(new ImportError(line, header["facility"], "đối tượng chưa được tiếp nhận hay đăng ký tại cơ sở nào: ghi mã cơ sở nơi khám."));
            }
            else if (!_facilities!.InScope(facility.Value))
            {
                errors.Add(new ImportError(line, header["facility"], $"không có cơ sở mã {facility} trong phạm vi của bạn."));
            }

            if (recorded.Contains((person.Id, input.Date!.Value, input.Kind!.Value)))
            {
                errors.Add(new ImportError(line, header["date"],
                    $"đã có lượt {Labels.Of(input.Kind.Value).ToLowerInvariant()} ngày {Labels.Date(input.Date.Value)} của người này (tệp đã được nhập?)."));
            }

            if (person.LeftOn is { } leftOn)
            {
                errors.Add(new ImportError(line, null, AccessScope.ReadOnlyMessage(leftOn)));
                continue;
            }

            foreach (var (field, messages) in EncounterRules.Validate(input, person.BirthDate, _today, _ranges).ToDictionary())
            {
                errors.AddRange(messages.Select(m => new ImportError(line, ColumnOf(field, header), m)));
            }

            if (input.Diagnoses.Count > 0)
            {
                var known = icdOnDay[input.Date.Value];
                foreach (var d in input.Diagnoses.Where(d => AnSinh.Data.ReferenceData.CodeListLoader.NormalizeIcd(d.IcdCode) is not { } c || !known.ContainsKey(c)))
                {
                    errors.Add(new ImportError(line, header["diagnoses"], $"mã ICD-10 “{d.IcdCode}” không có trong danh mục áp dụng ngày {Labels.Date(input.Date.Value)}."));
                }
            }
        }
    }

    public async Task SaveAsync(IReadOnlyList<EncounterCandidate> batch, CancellationToken ct)
    {
        var people = await ImportPeople.FindAsync(scope, batch.Select(c => (c.NationalId, c.PersonId)), ct);
        foreach (var candidate in batch)
        {
            // The visit form's own save (audit, BMI, alerts on recent readings); it joins the import's transaction.
            var result = await records.RecordEncounterAsync(people[ImportPeople.Key(candidate.NationalId, candidate.PersonId)].Id, candidate.Input, ct);
            if (!result.Succeeded)
            {
                // Checked a moment ago: something changed in between. The whole import rolls back.
                throw new InvalidOperationException($"A checked visit was refused on save: {string.Join("; ", result.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [])}");
            }

            // Each visit is saved by now: keeping it tracked only makes every later save of the batch scan it again.
            db.ChangeTracker.Clear();
        }
    }



    private static string? ColumnOf(string field, Dictionary<string, string> header)
    {
        if (field.StartsWith("observations.", StringComparison.Ordinal)
            && Readings.FirstOrDefault(r => r.Code == field["observations.".Length..]) is { Key: not null } reading)
        {
            return header[reading.Key];
        }

        return field switch
        {
            "date" or "kind" or "findings" or "conclusion" or "classification" => header[field],
            var f when f.StartsWith("diagnoses", StringComparison.Ordinal) => header["diagnoses"],
            // A screening or check without any reading: said under the first reading's column.
            "observations" => header[Readings[0].Key],
            _ => null,
        };
    }
}
