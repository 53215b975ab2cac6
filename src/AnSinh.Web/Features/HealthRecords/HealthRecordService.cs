using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.Beneficiaries;
using AnSinh.Web.Features.ReferenceData;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.HealthRecords;

/// <summary>Intake screening, periodic checks and the chart built from them.</summary>
public sealed class HealthRecordService(
    AnSinhDbContext db, AccessScope scope, AuditLog audit, CurrentUser user, Clock clock, CodeCatalog codes, BeneficiaryService people,
    Alerts.RecordAlerts alerts)
{
    public async Task<ServiceResult<int>> RecordEncounterAsync(int beneficiaryId, EncounterInput input, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        var person = await visible.Where(b => b.Id == beneficiaryId)
            .Select(b => new
            {
                b.Id,
                b.BirthDate,
                b.Sex,
                CurrentFacilityId = b.Stays.Where(s => s.DischargedOn == null).OrderByDescending(s => s.AdmittedOn).Select(s => (int?)s.FacilityId).FirstOrDefault(),
                b.RegisteredFacilityId,
            })
            .FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (await scope.ReadOnlyReasonAsync(beneficiaryId, ct) is { } readOnly)
        {
            return ServiceResult<int>.Denied(readOnly);
        }

        var ranges = await codes.PlausibleRangesAsync(ct);
        var errors = EncounterRules.Validate(input, person.BirthDate, clock.Today, ranges);

        var facilityId = input.FacilityId ?? person.CurrentFacilityId ?? person.RegisteredFacilityId ?? user.ScopeFacilityId;
        if (facilityId is null)
        {
            errors.Add("facilityId", "Chọn cơ sở nơi khám.");
        }
        else if (!await scope.FacilityExistsAndVisibleAsync(facilityId.Value, ct))
        {
            errors.Add("facilityId", "Cơ sở không tồn tại hoặc không thuộc phạm vi quản lý của bạn.");
        }

        var diagnosisCodes = input.Diagnoses
            .Select(d => AnSinh.Data.ReferenceData.CodeListLoader.NormalizeIcd(d.IcdCode))
            .ToList();
        var known = await codes.IcdNamesAsync(diagnosisCodes.OfType<string>(), input.Date ?? clock.Today, ct);
        for (var i = 0; i < input.Diagnoses.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(input.Diagnoses[i].IcdCode))
            {
                continue;
            }

            if (diagnosisCodes[i] is not { } c || !known.ContainsKey(c))
            {
                errors.Add($"diagnoses[{i}].icdCode", $"Mã ICD-10 \"{input.Diagnoses[i].IcdCode}\" không có trong danh mục áp dụng vào ngày khám.");
            }
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var date = input.Date!.Value;
        var encounter = new Encounter
        {
            BeneficiaryId = beneficiaryId,
            FacilityId = facilityId!.Value,
            Kind = input.Kind!.Value,
            Date = date,
            RecordedAt = clock.Now,
            RecordedBy = user.FullName,
            Findings = Trim(input.Findings),
            Conclusion = Trim(input.Conclusion),
            Classification = input.Classification,
        };

        var units = ranges.ToDictionary(r => r.Key, r => r.Value.Unit);
        var values = input.Observations.Where(o => o.Value is not null && !string.IsNullOrWhiteSpace(o.Code))
            .ToDictionary(o => o.Code!.Trim(), o => o.Value!.Value);
        // Computed from weight and height when both are measured (over any figure sent); otherwise as reported, e.g. by another system.
        if (VitalSigns.Bmi(values.GetValueOrDefault(Loinc.Weight), values.GetValueOrDefault(Loinc.Height)) is { } bmi)
        {
            values[Loinc.Bmi] = bmi;
        }

        foreach (var (code, value) in values)
        {
            encounter.Observations.Add(new Observation { Code = code, Value = value, Unit = units[code], Date = date, BeneficiaryId = beneficiaryId });
        }

        var vitalCodes = (await codes.ObservationCodesAsync(ct)).Where(c => c.IsVitalSign).Select(c => c.Code).ToHashSet();
        encounter.HasVitalSigns = encounter.Observations.Any(o => vitalCodes.Contains(o.Code));

        for (var i = 0; i < input.Diagnoses.Count; i++)
        {
            if (diagnosisCodes[i] is { } code)
            {
                encounter.Conditions.Add(new Condition
                {
                    BeneficiaryId = beneficiaryId,
                    IcdCode = code,
                    OnsetDate = input.Diagnoses[i].OnsetDate ?? date,
                    ResolvedDate = input.Diagnoses[i].ResolvedDate,
                    Note = Trim(input.Diagnoses[i].Note),
                    LastChangedAt = encounter.RecordedAt,
                });
            }
        }

        db.Encounters.Add(encounter);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        await alerts.AfterEncounterAsync(encounter, person.Sex, person.BirthDate, ct);
        audit.Add(AuditActions.RecordEncounter, beneficiaryId, "Encounter", encounter.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"kind={encounter.Kind}; date={date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(encounter.Id);
    }

    /// <summary>
    /// Readings measured in a visit already recorded (a client sends the visit, then its vital signs): checked as on
    /// the visit form, dated the visit's day, one value per measure in a visit (a second value is another measurement,
    /// so another visit); BMI when the visit now has both weight and height; alerts for the new readings only.
    /// </summary>
    public async Task<ServiceResult<int>> AddReadingsAsync(int encounterId, IReadOnlyList<ObservationInput> readings, CancellationToken ct = default)
    {
        // One at a time per visit: two clients sending the same measure at once must not both find it missing.
        using var gate = await ReadingGates.EnterAsync(encounterId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        var (encounter, refusal) = await WritableVisitAsync(db.Encounters.Include(e => e.Observations), encounterId, "chỉ số", ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var person = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == encounter.BeneficiaryId).Select(b => new { b.BirthDate, b.Sex }).FirstAsync(ct);
        var ranges = await codes.PlausibleRangesAsync(ct);
        var errors = EncounterRules.Validate(new EncounterInput
        {
            Kind = encounter.Kind, Date = encounter.Date, Classification = encounter.Classification, Findings = encounter.Findings,
            Observations = [.. readings],
        }, person.BirthDate, clock.Today, ranges);
        var values = readings.Where(o => o.Value is not null && !string.IsNullOrWhiteSpace(o.Code)).GroupBy(o => o.Code!.Trim())
            .ToDictionary(g => g.Key, g => g.First().Value!.Value);
        errors.AddIf(values.Count == 0, "observations", "Không có chỉ số nào để ghi.");
        foreach (var code in values.Keys.Where(c => encounter.Observations.Any(o => o.Code == c)))
        {
            errors.Add($"observations.{code}", $"Lượt khám ngày {encounter.Date:dd/MM/yyyy} đã có chỉ số này: một lần đo khác là một lượt khám mới.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var units = ranges.ToDictionary(r => r.Key, r => r.Value.Unit);
        var recorded = encounter.Observations.ToDictionary(o => o.Code, o => o.Value);
        if (!recorded.ContainsKey(Loinc.Bmi) && !values.ContainsKey(Loinc.Bmi)
            && VitalSigns.Bmi(values.GetValueOrDefault(Loinc.Weight, recorded.GetValueOrDefault(Loinc.Weight)),
                values.GetValueOrDefault(Loinc.Height, recorded.GetValueOrDefault(Loinc.Height))) is { } bmi)
        {
            values[Loinc.Bmi] = bmi;
        }

        var added = values.Select(v => new Observation
        {
            Code = v.Key, Value = v.Value, Unit = units[v.Key], Date = encounter.Date, BeneficiaryId = encounter.BeneficiaryId, RecordedAt = clock.Now,
        }).ToList();
        encounter.Observations.AddRange(added);
        var vitalCodes = (await codes.ObservationCodesAsync(ct)).Where(c => c.IsVitalSign).Select(c => c.Code).ToHashSet();
        encounter.HasVitalSigns |= added.Any(o => vitalCodes.Contains(o.Code));

        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        // The rules see the new readings only: what was recorded before has had its alerts.
        var view = new Encounter
        {
            Id = encounter.Id, BeneficiaryId = encounter.BeneficiaryId, FacilityId = encounter.FacilityId, Kind = encounter.Kind, Date = encounter.Date,
            RecordedAt = encounter.RecordedAt, RecordedBy = encounter.RecordedBy, Observations = added,
        };
        await alerts.AfterEncounterAsync(view, person.Sex, person.BirthDate, ct);
        audit.Add(AuditActions.AddReadings, encounter.BeneficiaryId, "Encounter", encounter.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"codes={string.Join(",", added.Select(o => o.Code))}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(encounter.Id);
    }

    /// <summary>
    /// A visit the caller may add to: in scope (else missing), a role that writes records, a person still in the
    /// caller's care, recorded by a facility the caller covers (else refused, saying to record <paramref name="what"/>
    /// in a new visit).
    /// </summary>
    private async Task<(Encounter Visit, ServiceResult<int>? Refusal)> WritableVisitAsync(IQueryable<Encounter> encounters, int encounterId, string what,
        CancellationToken ct)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        var encounter = await encounters.FirstOrDefaultAsync(e => e.Id == encounterId && visible.Any(b => b.Id == e.BeneficiaryId), ct);
        if (encounter is null)
        {
            return (null!, ServiceResult<int>.Missing());
        }

        if (!user.CanWriteRecords)
        {
            return (encounter, ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe."));
        }

        if (await scope.ReadOnlyReasonAsync(encounter.BeneficiaryId, ct) is { } readOnly)
        {
            return (encounter, ServiceResult<int>.Denied(readOnly));
        }

        return await scope.FacilityExistsAndVisibleAsync(encounter.FacilityId, ct)
            ? (encounter, null)
            : (encounter, ServiceResult<int>.Denied($"Lượt khám này do một cơ sở ngoài phạm vi của bạn ghi: ghi {what} vào một lượt khám mới."));
    }

    /// <summary>
    /// A diagnosis made in a visit already recorded (a client sends the visit, then its Conditions): the ICD-10 code
    /// in force on the visit's day, checked as on the visit form; one entry per code in a visit; one at a time per visit.
    /// </summary>
    public async Task<ServiceResult<int>> AddDiagnosisAsync(int encounterId, DiagnosisInput diagnosis, CancellationToken ct = default)
    {
        using var gate = await ReadingGates.EnterAsync(encounterId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        var (encounter, refusal) = await WritableVisitAsync(db.Encounters.Include(e => e.Conditions), encounterId, "chẩn đoán", ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var birthDate = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == encounter.BeneficiaryId).Select(b => b.BirthDate).FirstAsync(ct);
        // The diagnosis's own rules: the visit was checked whole when it was recorded (an intake's readings and grade).
        var errors = new AnSinh.Domain.Validation.ValidationErrors();
        EncounterRules.ValidateDiagnoses([diagnosis], encounter.Date, birthDate, clock.Today, errors);
        var code = AnSinh.Data.ReferenceData.CodeListLoader.NormalizeIcd(diagnosis.IcdCode);
        if (code is null || !(await codes.IcdNamesAsync([code], encounter.Date, ct)).ContainsKey(code))
        {
            errors.Add("diagnoses[0].icdCode", $"Mã ICD-10 \"{diagnosis.IcdCode}\" không có trong danh mục áp dụng vào ngày khám.");
        }
        else if (encounter.Conditions.Any(c => c.IcdCode == code))
        {
            errors.Add("diagnoses[0].icdCode", $"Lượt khám ngày {encounter.Date:dd/MM/yyyy} đã có chẩn đoán {code}.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var condition = new Condition
        {
            BeneficiaryId = encounter.BeneficiaryId, IcdCode = code!, OnsetDate = diagnosis.OnsetDate ?? encounter.Date,
            ResolvedDate = diagnosis.ResolvedDate, Note = Trim(diagnosis.Note), LastChangedAt = clock.Now,
        };
        encounter.Conditions.Add(condition);
        encounter.UpdatedAt = clock.Now; // its diagnosis list changed: a sync by _lastUpdated sees the visit again
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.AddDiagnosis, encounter.BeneficiaryId, "Condition", condition.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"encounter={encounter.Id}; icd={code}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(condition.Id);
    }

    /// <summary>
    /// Strikes out a reading entered in error, with the reason: it leaves the record (with the other half of a blood
    /// pressure, and a BMI computed from it) into <see cref="StruckOutReading"/>, so the chart, the latest values, the
    /// alerts and the indicators stop counting it; the visit stays. Alerts it raised stay open for a person to close.
    /// </summary>
    public async Task<ServiceResult<long>> StrikeOutReadingAsync(long observationId, string? reason, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        var reading = await db.Observations.AsNoTracking().Where(o => o.Id == observationId && visible.Any(b => b.Id == o.BeneficiaryId))
            .Select(o => new { o.EncounterId, o.BeneficiaryId, o.Code }).FirstOrDefaultAsync(ct);
        if (reading is null)
        {
            // Struck out already (by this caller or another): said so, not "not found".
            return await db.StruckOutReadings.AsNoTracking().Where(o => o.Id == observationId && visible.Any(b => b.Id == o.BeneficiaryId))
                    .Select(o => (DateTimeOffset?)o.StruckOutAt).FirstOrDefaultAsync(ct) is { } at
                ? ServiceResult<long>.Invalid("reason", $"Chỉ số này đã được hủy ngày {Clock.ToLocal(at):dd/MM/yyyy}.")
                : ServiceResult<long>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<long>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (await scope.ReadOnlyReasonAsync(reading.BeneficiaryId, ct) is { } readOnly)
        {
            return ServiceResult<long>.Denied(readOnly);
        }

        var errors = EncounterRules.ValidateStrikeOut(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<long>.Invalid(errors);
        }

        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        var encounter = await db.Encounters.Include(e => e.Observations).FirstAsync(e => e.Id == reading.EncounterId, ct);
        if (!await scope.FacilityExistsAndVisibleAsync(encounter.FacilityId, ct))
        {
            return ServiceResult<long>.Denied("Chỉ số này do một cơ sở ngoài phạm vi của bạn ghi.");
        }

        if (encounter.Observations.All(o => o.Id != observationId))
        {
            return ServiceResult<long>.Invalid("reason", "Chỉ số này vừa được người khác hủy.");
        }

        var codesTogether = EncounterRules.StruckOutTogether(reading.Code);
        var struck = encounter.Observations.Where(o => codesTogether.Contains(o.Code)).ToList();
        var now = clock.Now;
        var by = user.UserName ?? "";
        foreach (var o in struck)
        {
            encounter.Observations.Remove(o);
            db.Observations.Remove(o);
            db.StruckOutReadings.Add(new StruckOutReading
            {
                Id = o.Id, EncounterId = o.EncounterId, BeneficiaryId = o.BeneficiaryId, Code = o.Code, Value = o.Value, Unit = o.Unit, Date = o.Date,
                Reason = reason!.Trim(), StruckOutBy = by, StruckOutAt = now,
            });
        }

        var vitalCodes = (await codes.ObservationCodesAsync(ct)).Where(c => c.IsVitalSign).Select(c => c.Code).ToHashSet();
        encounter.HasVitalSigns = encounter.Observations.Any(o => vitalCodes.Contains(o.Code));
        await alerts.CloseForStruckReadingsAsync(encounter, reason!.Trim(), ct);
        audit.Add(AuditActions.StrikeOutReading, reading.BeneficiaryId, "Observation", observationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join("; ", struck.Select(o => $"{o.Code}={o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {o.Unit} on {o.Date:yyyy-MM-dd}")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e, UniqueViolation.StruckOutReading))
        {
            // Struck out at the same moment by someone else: the first one's reason stands.
            return ServiceResult<long>.Invalid("reason", "Chỉ số này vừa được người khác hủy.");
        }

        await tx.CommitAsync(ct);
        return ServiceResult<long>.Ok(observationId);
    }

    /// <summary>
    /// Strikes out a whole visit entered in error (the wrong person, recorded twice), with the reason: the visit moves to
    /// <see cref="StruckOutRecord"/> and its readings to <see cref="StruckOutReading"/>, whole, so the chart, the latest
    /// values, the indicators and the searches stop counting them; their addresses answer entered-in-error. A visit with
    /// diagnoses or screenings is refused: those are records of their own, to be dealt with first. Once only.
    /// </summary>
    public async Task<ServiceResult<int>> StrikeOutEncounterAsync(int encounterId, string? reason, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        if (await db.Encounters.AsNoTracking().Where(e => e.Id == encounterId && visible.Any(b => b.Id == e.BeneficiaryId))
                .Select(e => new { e.BeneficiaryId, e.FacilityId }).FirstOrDefaultAsync(ct) is not { } visit)
        {
            return await StruckOutStore.AlreadyStruckOutAsync(db, visible, StruckOutKind.Encounter, encounterId, "Lượt khám này", ct);
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (await scope.ReadOnlyReasonAsync(visit.BeneficiaryId, ct) is { } readOnly)
        {
            return ServiceResult<int>.Denied(readOnly);
        }

        if (!await scope.FacilityExistsAndVisibleAsync(visit.FacilityId, ct))
        {
            return ServiceResult<int>.Denied("Lượt khám này do một cơ sở ngoài phạm vi của bạn ghi.");
        }

        var errors = EncounterRules.ValidateVisitStrikeOut(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // One change to a visit at a time: readings added while it is struck out would be lost with it.
        using var gate = await ReadingGates.EnterAsync(encounterId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        var encounter = await db.Encounters.Include(e => e.Observations).Include(e => e.Conditions).FirstOrDefaultAsync(e => e.Id == encounterId, ct);
        if (encounter is null)
        {
            return ServiceResult<int>.Invalid("reason", "Lượt khám này vừa được người khác hủy.");
        }

        if (encounter.Conditions.Count > 0)
        {
            errors.Add("reason", $"Lượt khám có chẩn đoán {string.Join(", ", encounter.Conditions.Select(c => c.IcdCode))}: chẩn đoán là hồ sơ riêng: hủy chẩn đoán ghi nhầm trước.");
        }

        if (await db.ScreeningResults.Where(x => x.EncounterId == encounterId).Select(x => x.Instrument).ToListAsync(ct) is { Count: > 0 } screened)
        {
            errors.Add("reason", $"Lượt khám có sàng lọc {string.Join(", ", screened)}: hủy lần sàng lọc ghi nhầm trước.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var now = clock.Now;
        var by = user.UserName ?? "";
        var why = reason!.Trim();
        foreach (var o in encounter.Observations)
        {
            db.StruckOutReadings.Add(new StruckOutReading
            {
                Id = o.Id, EncounterId = o.EncounterId, BeneficiaryId = o.BeneficiaryId, Code = o.Code, Value = o.Value, Unit = o.Unit, Date = o.Date,
                Reason = why, StruckOutBy = by, StruckOutAt = now,
            });
        }

        // The visit as it stood, without its readings (kept above, each at its own address).
        var kept = new Encounter
        {
            Id = encounter.Id, BeneficiaryId = encounter.BeneficiaryId, FacilityId = encounter.FacilityId, Kind = encounter.Kind, Date = encounter.Date,
            RecordedAt = encounter.RecordedAt, RecordedBy = encounter.RecordedBy, Findings = encounter.Findings, Conclusion = encounter.Conclusion,
            Classification = encounter.Classification, HasVitalSigns = encounter.HasVitalSigns,
        };
        db.StruckOutRecords.Add(new StruckOutRecord
        {
            Kind = StruckOutKind.Encounter, RecordId = encounter.Id, BeneficiaryId = encounter.BeneficiaryId, Date = encounter.Date,
            Content = System.Text.Json.JsonSerializer.Serialize(kept), Reason = why, StruckOutBy = by, StruckOutAt = now,
        });
        db.Observations.RemoveRange(encounter.Observations);
        db.Encounters.Remove(encounter);
        await alerts.CloseRaisedByAsync(encounter.BeneficiaryId, $"Encounter/{encounter.Id}", why, ct);
        audit.Add(AuditActions.StrikeOutEncounter, encounter.BeneficiaryId, "Encounter", encounterId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"kind={encounter.Kind}; date={encounter.Date:yyyy-MM-dd}; readings={string.Join(",", encounter.Observations.Select(o => o.Code))}; reason={why}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e, UniqueViolation.StruckOutRecord)
                                          || UniqueViolation.Is(e, UniqueViolation.StruckOutReading))
        {
            return ServiceResult<int>.Invalid("reason", "Lượt khám này vừa được người khác hủy.");
        }

        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(encounterId);
    }

    private static readonly KeyedGates ReadingGates = new();

    /// <summary>The chart: identity, latest vitals with their dates, active problems, timeline and stays. Audited.</summary>
    public async Task<Chart?> GetChartAsync(int beneficiaryId, CancellationToken ct = default)
    {
        var person = await people.GetAsync(beneficiaryId, audited: false, ct: ct);
        if (person is null)
        {
            return null;
        }

        await audit.RecordReadAsync(AuditActions.ReadChart, beneficiaryId, ct);
        var catalog = await codes.ObservationCodesAsync(ct);
        var obsCodes = catalog.ToDictionary(c => c.Code);
        var position = catalog.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i);
        string ObsName(string code) => obsCodes.TryGetValue(code, out var c) ? c.NameVi : code;
        int Position(string code) => position.TryGetValue(code, out var i) ? i : int.MaxValue;

        // A facility the person left reads what it wrote and what others wrote up to the day the person left.
        var asOf = person.ReadOnlyAsOf;
        var ownFacility = user.ScopeFacilityId;
        var encounters = await db.Encounters.AsNoTracking()
            .Where(e => e.BeneficiaryId == beneficiaryId && (asOf == null || e.Date <= asOf || e.FacilityId == ownFacility))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id)
            .Select(e => new
            {
                e.Id, e.Kind, e.Date, e.FacilityId, FacilityName = e.Facility!.Name, e.RecordedBy, e.Findings, e.Conclusion, e.Classification,
                Observations = e.Observations.Select(o => new { o.Id, o.Code, o.Value, o.Unit, o.Date }).ToList(),
                Conditions = e.Conditions.Select(c => new { c.Id, c.IcdCode, Name = c.Icd!.NameVi, c.OnsetDate, c.ResolvedDate, c.Note }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);

        var timeline = encounters.Select(e => new EncounterView(e.Id, e.Kind, e.Date, e.FacilityId, e.FacilityName, e.RecordedBy, e.Findings,
            e.Conclusion, e.Classification,
            e.Observations.OrderBy(o => Position(o.Code))
                .Select(o => new ObservationView(o.Code, ObsName(o.Code), o.Value, o.Unit, o.Date, o.Id)).ToList(),
            e.Conditions.Select(c => new ConditionView(c.Id, c.IcdCode, c.Name, c.OnsetDate, c.ResolvedDate > asOf ? null : c.ResolvedDate, c.Note)).ToList())).ToList();

        // Latest value of each code; one row per code, ordered as the catalog orders vitals. Every reading belongs to an
        // encounter, so the timeline already holds them all.
        var latestVitals = encounters.SelectMany(e => e.Observations)
            .GroupBy(o => o.Code)
            .Select(g => g.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id).First())
            .OrderBy(o => Position(o.Code))
            .Select(o => new ObservationView(o.Code, ObsName(o.Code), o.Value, o.Unit, o.Date, o.Id)).ToList();

        var today = asOf ?? clock.Today;
        var problems = await db.Conditions.AsNoTracking()
            // Followed now: a problem resolved today has ended (the indicators still count it on the day, as INDICATORS.md says).
            .Where(c => c.BeneficiaryId == beneficiaryId && c.OnsetDate <= today && (c.ResolvedDate == null || c.ResolvedDate > today))
            .OrderBy(c => c.IcdCode)
            .Select(c => new ConditionView(c.Id, c.IcdCode, c.Icd!.NameVi, c.OnsetDate, asOf == null ? c.ResolvedDate : null, c.Note))
            .ToListAsync(ct);
        // One row per code: the earliest onset is when the problem was first recorded.
        var activeProblems = problems.GroupBy(p => p.IcdCode).Select(g => g.OrderBy(p => p.OnsetDate).First()).ToList();

        return new Chart(person, latestVitals, activeProblems, timeline);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
