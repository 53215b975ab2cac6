using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Instruments;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Referrals;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.HealthRecords;

public sealed record EntitlementView(int Id, EntitlementKind Kind, DateOnly From, DateOnly? To, string? DecisionNumber);

public sealed record ReferralView(int Id, DateOnly Date, string Destination, string? Reason, string FacilityName, DateOnly? OutcomeDate, string? Outcome,
    CareLevel? DestinationLevel = null, ReferralUrgency? Urgency = null, string? DiagnosisCode = null, string? Diagnosis = null, ReferralTransport? Transport = null,
    string? Escort = null, DateOnly? BackReferredOn = null, string? ReferredBy = null);

/// <summary>A referral still waiting for the hospital's answer, for the facility's open-referrals list.</summary>
public sealed record OpenReferralView(int Id, int BeneficiaryId, string FullName, DateOnly Date, string Destination, ReferralUrgency? Urgency,
    string? DiagnosisCode, string FacilityName, int DaysWaiting);

public sealed record ScreeningView(int Id, string Instrument, DateOnly Date, int? TotalScore, string? Band, string? BandName, bool Complete,
    IReadOnlyList<string> Flags, IReadOnlyList<SubstanceView>? Substances);

/// <summary>One substance's ASSIST score as the API shows it.</summary>
public sealed record SubstanceView(string Substance, string Name, int Score, string Band, string BandName);

/// <summary>What a saved screening came to: the score and band (none when incomplete), flags, ASSIST's substances.</summary>
public sealed record ScreeningOutcome(int Id, int? Score, string? Band, string? BandName, bool Complete, IReadOnlyList<string> Flags,
    IReadOnlyList<SubstanceView>? Substances);

/// <summary>
/// The records the indicators count besides checks: entitlements (BEN-ENTITLE), screening totals (MH-SCREEN),
/// referrals and their answers (REF-DONE) and the end of a diagnosis (CHR-HTN, CHR-DM). Every write is audited.
/// </summary>
public sealed class CareRecordService(AnSinhDbContext db, AccessScope scope, RecordPeople people, AuditLog audit, CurrentUser user, Clock clock,
    Alerts.RecordAlerts alerts)
{
    private Task<RecordPerson?> PersonAsync(int beneficiaryId, CancellationToken ct) => people.FindAsync(beneficiaryId, ct);

    private bool CanWrite => user.CanWriteRecords || user.CanManageFacilities;

    public async Task<IReadOnlyList<EntitlementView>?> EntitlementsAsync(int beneficiaryId, CancellationToken ct = default) =>
        await PersonAsync(beneficiaryId, ct) is { } person ? await EntitlementListAsync(beneficiaryId, person.AsOf, ct) : null;

    /// <summary>What the chart shows of these records, with one scope check for the three lists.</summary>
    public async Task<(IReadOnlyList<EntitlementView> Entitlements, IReadOnlyList<ScreeningView> Screenings, IReadOnlyList<ReferralView> Referrals)?>
        ChartSummaryAsync(int beneficiaryId, CancellationToken ct = default) =>
        await PersonAsync(beneficiaryId, ct) is not { } person ? null
            : (await EntitlementListAsync(beneficiaryId, person.AsOf, ct), await ScreeningListAsync(beneficiaryId, person.AsOf, ct),
                await ReferralListAsync(beneficiaryId, person.AsOf, ct));

    private async Task<IReadOnlyList<EntitlementView>> EntitlementListAsync(int beneficiaryId, DateOnly? asOf, CancellationToken ct) =>
        await db.Entitlements.AsNoTracking().Where(e => e.BeneficiaryId == beneficiaryId && (asOf == null || e.From <= asOf)).OrderBy(e => e.Kind).ThenByDescending(e => e.From)
            // As it stood: an end recorded for a later day is not shown to a facility the person left.
            .Select(e => new EntitlementView(e.Id, e.Kind, e.From, asOf == null || e.To <= asOf ? e.To : null, e.DecisionNumber)).ToListAsync(ct);

    public async Task<ServiceResult<int>> AddEntitlementAsync(int beneficiaryId, EntitlementInput input, CancellationToken ct = default)
    {
        if (await PersonAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (!CanWrite)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi chế độ của đối tượng.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = EntitlementRules.Validate(input, person.BirthDate, clock.Today);
        if (errors.IsValid)
        {
            await AddOverlapErrorAsync(beneficiaryId, input, null, errors, ct);
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var entitlement = new Entitlement
        {
            BeneficiaryId = beneficiaryId, Kind = input.Kind!.Value, From = input.From!.Value, To = input.To, DecisionNumber = Trim(input.DecisionNumber),
        };
        db.Entitlements.Add(entitlement);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.AddEntitlement, beneficiaryId, "Entitlement", Id(entitlement.Id), $"kind={entitlement.Kind}; date={entitlement.From:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(entitlement.Id);
    }

    /// <summary>Ends an entitlement (the person stopped receiving it) from a date.</summary>
    public async Task<ServiceResult<int>> EndEntitlementAsync(int beneficiaryId, int entitlementId, DateOnly? to, CancellationToken ct = default)
    {
        if (await PersonAsync(beneficiaryId, ct) is not { } person
            || await db.Entitlements.FirstOrDefaultAsync(e => e.Id == entitlementId && e.BeneficiaryId == beneficiaryId, ct) is not { } entitlement)
        {
            return ServiceResult<int>.Missing();
        }

        if (!CanWrite)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi chế độ của đối tượng.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        if (to is not { } end)
        {
            return ServiceResult<int>.Invalid("to", "Ngày thôi hưởng là bắt buộc.");
        }

        if (end < entitlement.From)
        {
            return ServiceResult<int>.Invalid("to", "Ngày thôi hưởng phải sau ngày bắt đầu hưởng.");
        }

        entitlement.To = end;
        audit.Add(AuditActions.EndEntitlement, beneficiaryId, "Entitlement", Id(entitlement.Id), $"kind={entitlement.Kind}; date={end:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(entitlement.Id);
    }

    internal async Task AddOverlapErrorAsync(int beneficiaryId, EntitlementInput input, string? field, ValidationErrors errors, CancellationToken ct)
    {
        var same = await db.Entitlements.AsNoTracking().Where(e => e.BeneficiaryId == beneficiaryId && e.Kind == input.Kind)
            .Select(e => new { e.From, e.To }).ToListAsync(ct);
        if (same.FirstOrDefault(e => EntitlementRules.Overlaps(input.From!.Value, input.To, e.From, e.To)) is { } other)
        {
            errors.Add(field ?? "from", $"Đối tượng đã hưởng chế độ này từ {other.From:dd/MM/yyyy}{(other.To is { } t ? $" đến {t:dd/MM/yyyy}" : "")}: kết thúc chế độ cũ trước khi ghi chế độ mới.");
        }
    }

    public async Task<IReadOnlyList<ScreeningView>?> ScreeningsAsync(int beneficiaryId, CancellationToken ct = default) =>
        await PersonAsync(beneficiaryId, ct) is { } person ? await ScreeningListAsync(beneficiaryId, person.AsOf, ct) : null;

    private async Task<IReadOnlyList<ScreeningView>> ScreeningListAsync(int beneficiaryId, DateOnly? asOf, CancellationToken ct)
    {
        var rows = await db.ScreeningResults.AsNoTracking().Where(s => s.BeneficiaryId == beneficiaryId && (asOf == null || s.Date <= asOf))
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Instrument, s.Date, s.TotalScore, s.Band, s.Complete, s.Flags, s.SubstanceScores }).ToListAsync(ct);
        return rows.Select(s =>
        {
            // Results saved before bands were kept (totals entered on paper) get theirs from the same rule.
            var band = s.TotalScore is { } total && s.Complete ? InstrumentCatalog.Find(s.Instrument)?.BandForTotal(total) : null;
            return new ScreeningView(s.Id, s.Instrument, s.Date, s.TotalScore, s.Band ?? band?.Code, band?.NameVi, s.Complete,
                s.Flags?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
                s.SubstanceScores is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<SubstanceView>>(s.SubstanceScores));
        }).ToList();
    }

    public async Task<ServiceResult<ScreeningOutcome>> AddScreeningAsync(int beneficiaryId, ScreeningInput input, CancellationToken ct = default)
    {
        if (await PersonAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<ScreeningOutcome>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<ScreeningOutcome>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<ScreeningOutcome>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var (errors, scored) = ScreeningRules.Validate(input, person.BirthDate, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<ScreeningOutcome>.Invalid(errors);
        }

        var instrument = InstrumentCatalog.Find(input.Instrument)!;
        // Answers scored by the instrument; or a total counted on paper, banded by the same rule.
        var total = scored is null ? input.TotalScore : scored.Score;
        var band = scored?.Band ?? (scored is null && total is { } t ? instrument.BandForTotal(t) : null);
        var substances = scored?.Substances?.Select(s => new SubstanceView(s.Substance, s.NameVi, s.Score, s.Band.Code, s.Band.NameVi)).ToList();
        var result = new ScreeningResult
        {
            BeneficiaryId = beneficiaryId, Instrument = instrument.Code, Version = instrument.Version, Date = input.Date!.Value,
            TotalScore = total, Band = band?.Code, Complete = scored?.Complete ?? true,
            Answers = input.Answers is null ? null : System.Text.Json.JsonSerializer.Serialize(input.Answers),
            Flags = scored is { Flags.Count: > 0 } ? string.Join(',', scored.Flags) : null,
            SubstanceScores = substances is null ? null : System.Text.Json.JsonSerializer.Serialize(substances),
            RecordedBy = user.UserName,
        };
        db.ScreeningResults.Add(result);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        await alerts.AfterScreeningAsync(result, ct);
        audit.Add(AuditActions.AddScreening, beneficiaryId, "ScreeningResult", Id(result.Id),
            $"instrument={result.Instrument}; date={result.Date:yyyy-MM-dd}; complete={result.Complete}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<ScreeningOutcome>.Ok(new ScreeningOutcome(result.Id, total, band?.Code, band?.NameVi, result.Complete, scored?.Flags ?? [], substances));
    }

    /// <summary>
    /// Strikes out a screening entered in error (the wrong person, recorded twice), with the reason: it leaves the
    /// record into <see cref="StruckOutRecord"/>, whole, so the chart, the score charts and the indicators stop counting
    /// it; its address answers entered-in-error. Alerts it raised stay open for a person to close. Once only.
    /// </summary>
    public async Task<ServiceResult<int>> StrikeOutScreeningAsync(int screeningId, string? reason, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        if (await db.ScreeningResults.AsNoTracking().Where(s => s.Id == screeningId && visible.Any(b => b.Id == s.BeneficiaryId))
                .Select(s => (int?)s.BeneficiaryId).FirstOrDefaultAsync(ct) is not { } beneficiaryId)
        {
            return await StruckOutStore.AlreadyStruckOutAsync(db, visible, StruckOutKind.Screening, screeningId, "Lần sàng lọc này", ct);
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (await PersonAsync(beneficiaryId, ct) is { AsOf: { } leftOn })
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = ScreeningRules.ValidateStrikeOut(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        if (await db.ScreeningResults.FirstOrDefaultAsync(s => s.Id == screeningId, ct) is not { } screening)
        {
            return ServiceResult<int>.Invalid("reason", "Lần sàng lọc này vừa được người khác hủy.");
        }

        db.ScreeningResults.Remove(screening);
        db.StruckOutRecords.Add(new StruckOutRecord
        {
            Kind = StruckOutKind.Screening, RecordId = screening.Id, BeneficiaryId = screening.BeneficiaryId, Date = screening.Date,
            Content = System.Text.Json.JsonSerializer.Serialize(screening), Reason = reason!.Trim(), StruckOutBy = user.UserName ?? "", StruckOutAt = clock.Now,
        });
        await alerts.CloseRaisedByAsync(screening.BeneficiaryId, $"ScreeningResult/{screening.Id}", reason!.Trim(), ct);
        audit.Add(AuditActions.StrikeOutScreening, beneficiaryId, "ScreeningResult", Id(screeningId),
            $"instrument={screening.Instrument}; date={screening.Date:yyyy-MM-dd}; score={screening.TotalScore?.ToString(CultureInfo.InvariantCulture) ?? "-"}; reason={reason!.Trim()}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e, UniqueViolation.StruckOutRecord))
        {
            // Struck out at the same moment by someone else: the first one's reason stands.
            return ServiceResult<int>.Invalid("reason", "Lần sàng lọc này vừa được người khác hủy.");
        }

        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(screeningId);
    }

    public async Task<IReadOnlyList<ReferralView>?> ReferralsAsync(int beneficiaryId, CancellationToken ct = default) =>
        await PersonAsync(beneficiaryId, ct) is { } person ? await ReferralListAsync(beneficiaryId, person.AsOf, ct) : null;

    private async Task<IReadOnlyList<ReferralView>> ReferralListAsync(int beneficiaryId, DateOnly? asOf, CancellationToken ct)
    {
        var ownFacility = user.ScopeFacilityId;
        return await db.Referrals.AsNoTracking().Where(r => r.BeneficiaryId == beneficiaryId && (asOf == null || r.Date <= asOf || r.FacilityId == ownFacility)).OrderByDescending(r => r.Date)
            .Join(db.Facilities, r => r.FacilityId, f => f.Id, (r, f) => new ReferralView(r.Id, r.Date, r.Destination, r.Reason, f.Name,
                asOf == null || r.OutcomeDate <= asOf ? r.OutcomeDate : null, asOf == null || r.OutcomeDate <= asOf ? r.Outcome : null,
                r.DestinationLevel, r.Urgency, r.DiagnosisCode, r.Diagnosis, r.Transport, r.Escort,
                asOf == null || r.BackReferredOn <= asOf ? r.BackReferredOn : null, r.ReferredByName ?? r.ReferredBy))
            .ToListAsync(ct);
    }

    public async Task<ServiceResult<int>> AddReferralAsync(int beneficiaryId, ReferralInput input, CancellationToken ct = default)
    {
        if (await PersonAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = ReferralRules.Validate(input, person.BirthDate, clock.Today);
        var code = input.DiagnosisCode?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(code) && !await db.Icd10Codes.AnyAsync(c => c.Code == code, ct))
        {
            errors.Add("diagnosisCode", $"Mã ICD-10 \"{code}\" không có trong danh mục của Bộ Y tế.");
        }

        var facilityId = person.FacilityId ?? user.ScopeFacilityId;
        if (facilityId is null || !await scope.CanAccessFacilityAsync(facilityId.Value, ct))
        {
            errors.Add("", "Đối tượng chưa được tiếp nhận tại cơ sở nào trong phạm vi của bạn: không có cơ sở chuyển tuyến.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var referral = new Referral
        {
            BeneficiaryId = beneficiaryId, FacilityId = facilityId!.Value, Date = input.Date!.Value, Time = input.Time, Destination = input.Destination!.Trim(),
            Reason = Trim(input.Reason), DestinationLevel = input.DestinationLevel, Urgency = input.Urgency, Ground = input.Ground,
            DiagnosisCode = string.IsNullOrEmpty(code) ? null : code, Diagnosis = Trim(input.Diagnosis), ClinicalSigns = Trim(input.ClinicalSigns),
            TestResults = Trim(input.TestResults), TreatmentGiven = Trim(input.TreatmentGiven), ConditionAtTransfer = Trim(input.ConditionAtTransfer),
            TreatmentDirection = Trim(input.TreatmentDirection), Transport = input.Transport, Escort = Trim(input.Escort),
            ReferredBy = user.UserName, ReferredByName = user.FullName,
        };
        db.Referrals.Add(referral);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.AddReferral, beneficiaryId, "Referral", Id(referral.Id), $"date={referral.Date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(referral.Id);
    }

    public async Task<ServiceResult<int>> RecordReferralOutcomeAsync(int referralId, ReferralOutcomeInput input, CancellationToken ct = default)
    {
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null || await PersonAsync(referral.BeneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = ReferralRules.ValidateOutcome(input, referral.Date, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        referral.OutcomeDate = input.OutcomeDate;
        referral.Outcome = input.Outcome!.Trim();
        referral.BackReferredOn = input.BackReferredOn;
        audit.Add(AuditActions.ReferralOutcome, referral.BeneficiaryId, "Referral", Id(referral.Id), $"date={input.OutcomeDate:yyyy-MM-dd}");
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        await alerts.AfterChangeAsync(referral.BeneficiaryId, ct); // the answer closes the "no answer after 14 days" reminder
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(referral.Id);
    }

    /// <summary>The referral letter's contents, for a referral of a person in the caller's scope; the read is audited.</summary>
    public async Task<Referrals.ReferralLetter?> LetterAsync(int referralId, CancellationToken ct = default)
    {
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null || await PersonAsync(referral.BeneficiaryId, ct) is not { } person
            || (person.AsOf is { } asOf && referral.Date > asOf && referral.FacilityId != user.ScopeFacilityId))
        {
            return null;
        }

        var row = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == referral.BeneficiaryId)
            .Select(b => new
            {
                b.FullName, b.Sex, b.BirthDate, b.AddressLine, Unit = b.AddressUnit == null ? null : b.AddressUnit.Name, b.EthnicityCode,
                b.HealthInsuranceNumber, b.HealthInsuranceValidTo,
                Since = b.Stays.Where(s => s.FacilityId == referral.FacilityId && s.AdmittedOn <= referral.Date).Max(s => (DateOnly?)s.AdmittedOn),
            }).FirstAsync(ct);
        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == referral.FacilityId).Select(f => new { f.Name, f.ManagingAgency }).FirstAsync(ct);
        var ethnicity = row.EthnicityCode is null ? null : await db.CodeListItems.AsNoTracking()
            .Where(c => c.List == AnSinh.Domain.Beneficiaries.CodeLists.EthnicGroup && c.Code == row.EthnicityCode).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var diagnosis = referral.DiagnosisCode is null ? null
            : await db.Icd10Codes.AsNoTracking().Where(c => c.Code == referral.DiagnosisCode).Select(c => c.NameVi).FirstOrDefaultAsync(ct);
        await audit.RecordAsync(AuditActions.ReadRecord, referral.BeneficiaryId, $"view=referral-letter; referral={referral.Id}", ct);
        var address = string.Join(", ", new[] { row.AddressLine, row.Unit }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return new Referrals.ReferralLetter(referral, facility.Name, facility.ManagingAgency, row.FullName, row.Sex, row.BirthDate,
            address.Length == 0 ? null : address, ethnicity, row.HealthInsuranceNumber, row.HealthInsuranceValidTo, row.Since, diagnosis);
    }

    /// <summary>
    /// Referrals with no answer yet from the facilities in the caller's scope (one facility when given), longest waiting
    /// first. A facility a person has left still follows up the referrals it wrote.
    /// </summary>
    public async Task<IReadOnlyList<OpenReferralView>> OpenReferralsAsync(int? facilityId, CancellationToken ct = default)
    {
        var facilities = await scope.FacilitiesAsync(ct);
        var today = clock.Today;
        var rows = await db.Referrals.AsNoTracking()
            .Where(r => r.OutcomeDate == null && facilities.Any(f => f.Id == r.FacilityId) && (facilityId == null || r.FacilityId == facilityId))
            .OrderBy(r => r.Date).ThenBy(r => r.Id).Take(1000)
            .Select(r => new
            {
                r.Id, r.BeneficiaryId, FullName = db.Beneficiaries.Where(b => b.Id == r.BeneficiaryId).Select(b => b.FullName).First(), r.Date, r.Destination,
                r.Urgency, r.DiagnosisCode, FacilityName = facilities.Where(f => f.Id == r.FacilityId).Select(f => f.Name).First(),
            })
            .ToListAsync(ct);
        await audit.RecordListViewAsync(facilityId is { } one ? $"open-referrals:{one}" : "open-referrals", rows.Count, ct);
        return rows.Select(r => new OpenReferralView(r.Id, r.BeneficiaryId, r.FullName, r.Date, r.Destination, r.Urgency, r.DiagnosisCode, r.FacilityName,
            today.DayNumber - r.Date.DayNumber)).ToList();
    }

    /// <summary>Records that a problem has ended (khỏi, ổn định không cần theo dõi): it leaves the active problems after that date.</summary>
    public async Task<ServiceResult<int>> ResolveConditionAsync(int conditionId, DateOnly? resolvedOn, CancellationToken ct = default)
    {
        var condition = await db.Conditions.FirstOrDefaultAsync(c => c.Id == conditionId, ct);
        if (condition is null || await PersonAsync(condition.BeneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (person.AsOf is { } leftOn) // read from the stays PersonAsync already loaded
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = ConditionRules.ValidateResolution(resolvedOn, condition.OnsetDate, clock.Today, "resolvedOn");
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // The problem ends, not one row of it: every open diagnosis of the code that began by then.
        var open = await db.Conditions.Where(c => c.BeneficiaryId == condition.BeneficiaryId && c.IcdCode == condition.IcdCode
            && c.ResolvedDate == null && c.OnsetDate <= resolvedOn).ToListAsync(ct);
        foreach (var row in open.Append(condition).Distinct())
        {
            row.ResolvedDate = resolvedOn;
            row.LastChangedAt = clock.Now;
        }

        audit.Add(AuditActions.ResolveCondition, condition.BeneficiaryId, "Condition", Id(condition.Id), $"date={resolvedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(condition.Id);
    }

    /// <summary>
    /// Strikes out a diagnosis entered in error (the wrong code, the wrong person), with the reason: it leaves the record
    /// into <see cref="StruckOutRecord"/>, whole, so the problem list, the visit and the indicators stop counting it; its
    /// address answers entered-in-error. One the chronic register follows is refused (the enrolment ends first). Once only.
    /// </summary>
    public async Task<ServiceResult<int>> StrikeOutConditionAsync(int conditionId, string? reason, CancellationToken ct = default)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        if (await db.Conditions.AsNoTracking().Where(c => c.Id == conditionId && visible.Any(b => b.Id == c.BeneficiaryId))
                .Select(c => (int?)c.BeneficiaryId).FirstOrDefaultAsync(ct) is not { } beneficiaryId)
        {
            return await StruckOutStore.AlreadyStruckOutAsync(db, visible, StruckOutKind.Condition, conditionId, "Chẩn đoán này", ct);
        }

        if (!user.CanWriteRecords)
        {
            return ServiceResult<int>.Denied("Bạn không có quyền ghi hồ sơ sức khỏe.");
        }

        if (await PersonAsync(beneficiaryId, ct) is { AsOf: { } leftOn })
        {
            return ServiceResult<int>.Denied(AccessScope.ReadOnlyMessage(leftOn));
        }

        var errors = ConditionRules.ValidateStrikeOut(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // Not from under an open enrolment; an ended one stays as history of what was done.
        if (await db.ChronicEnrolments.AnyAsync(e => e.ConditionId == conditionId && e.EndedOn == null, ct))
        {
            return ServiceResult<int>.Invalid("reason", "Chẩn đoán này có trong sổ quản lý bệnh mạn tính: thôi quản lý (ghi lý do) trước khi hủy chẩn đoán.");
        }

        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        if (await db.Conditions.FirstOrDefaultAsync(c => c.Id == conditionId, ct) is not { } condition)
        {
            return ServiceResult<int>.Invalid("reason", "Chẩn đoán này vừa được người khác hủy.");
        }

        db.Conditions.Remove(condition);
        if (condition.EncounterId is { } visitId && await db.Encounters.FirstOrDefaultAsync(e => e.Id == visitId, ct) is { } visit)
        {
            visit.UpdatedAt = clock.Now; // its diagnosis list changed
        }

        db.StruckOutRecords.Add(new StruckOutRecord
        {
            Kind = StruckOutKind.Condition, RecordId = condition.Id, BeneficiaryId = condition.BeneficiaryId, Date = condition.OnsetDate,
            Content = System.Text.Json.JsonSerializer.Serialize(new Condition
            {
                Id = condition.Id, BeneficiaryId = condition.BeneficiaryId, EncounterId = condition.EncounterId, IcdCode = condition.IcdCode,
                OnsetDate = condition.OnsetDate, ResolvedDate = condition.ResolvedDate, Note = condition.Note,
            }),
            Reason = reason!.Trim(), StruckOutBy = user.UserName ?? "", StruckOutAt = clock.Now,
        });
        audit.Add(AuditActions.StrikeOutCondition, beneficiaryId, "Condition", Id(conditionId),
            $"icd={condition.IcdCode}; onset={condition.OnsetDate:yyyy-MM-dd}; reason={reason!.Trim()}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e, UniqueViolation.StruckOutRecord))
        {
            return ServiceResult<int>.Invalid("reason", "Chẩn đoán này vừa được người khác hủy.");
        }

        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(conditionId);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>What a screening's flag asks of the reader, in Vietnamese (the form and the chart say the same).</summary>
public static class ScreeningFlags
{
    public static string Text(string flag) => flag switch
    {
        Phq9.SelfHarmFlag => "Câu 9 có điểm: người này có ý nghĩ muốn chết hoặc tự làm hại bản thân. Báo bác sĩ đánh giá ngay hôm nay.",
        Assist.InjectedRecentlyFlag => "Đã tiêm chích trong 3 tháng qua: cần tư vấn giảm hại và xét nghiệm HIV, viêm gan B, C.",
        _ => flag,
    };
}
