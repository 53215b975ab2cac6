using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Medicines;
using AnSinh.Domain.Text;
using AnSinh.Domain.Validation;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Features.HealthRecords;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Medicines;

public sealed record AdministrationView(long Id, int OrderId, DateOnly Date, Shift Shift, AdministrationStatus Status, string? Reason, DateTimeOffset At, string RecordedBy);

public sealed record OrderView(int Id, string DrugName, string? DrugCode, string? Strength, DoseForm Form, string Dose, MedicationRoute Route,
    IReadOnlyList<Shift> Times, bool AsNeeded, string? Instructions, DateOnly StartDate, DateOnly? EndDate, DateOnly? StoppedOn, string? StopReason,
    string PrescribedBy, string? PrescriberName, string? AllergyOverrideReason, int? ReplacesOrderId, bool Active, IReadOnlyList<AdministrationView> Today);

/// <summary>An allergy; the End fields are set once it was withdrawn (then it is history, not a warning).</summary>
public sealed record AllergyView(int Id, string Substance, AllergyCategory Category, AllergyKind Kind, string? Reaction, AllergySeverity Severity,
    DateOnly RecordedOn, string RecordedBy, DateOnly? EndedOn, AllergyEnd? EndReason, string? EndNote, string? EndedBy);

/// <summary>A vaccine dose; the Retracted fields are set when it was struck out as recorded in error.</summary>
public sealed record ImmunizationView(int Id, string Vaccine, string? VaccineCode, int? DoseNumber, DateOnly Date, string? Lot, InjectionSite? Site, string RecordedBy,
    DateOnly? RetractedOn, string? RetractReason, string? RetractedBy);

/// <summary>A person's medicines page: orders with today's doses, the allergies that stand, those withdrawn, immunizations.</summary>
public sealed record MedicineRecord(RecordPerson Person, DateOnly Today, IReadOnlyList<OrderView> Orders, IReadOnlyList<AllergyView> Allergies,
    IReadOnlyList<ImmunizationView> Immunizations, IReadOnlyList<AllergyView> WithdrawnAllergies);

/// <summary>One line of a round's administration record: a resident's order due in the round, and what was recorded.</summary>
public sealed record RoundLine(int BeneficiaryId, string FullName, DateOnly BirthDate, int OrderId, string DrugName, string? Strength, string Dose,
    MedicationRoute Route, bool AsNeeded, string? Instructions, AdministrationView? Recorded);

public sealed record Round(int FacilityId, string FacilityName, DateOnly Date, Shift Shift, IReadOnlyList<RoundLine> Lines,
    IReadOnlyDictionary<int, IReadOnlyList<AllergyView>> Allergies);

/// <summary>
/// Medicines (issue #11, item 4): the doctor's orders, the round-by-round administration record, allergies checked
/// before an order is saved, and immunizations. Scoped like every record, every read and write audited.
/// </summary>
public sealed class MedicineService(AnSinhDbContext db, AccessScope scope, RecordPeople people, AuditLog audit, CurrentUser user, Clock clock)
{
    public async Task<MedicineRecord?> RecordAsync(int beneficiaryId, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.ReadRecord, beneficiaryId, "view=medicines", ct);
        var today = person.AsOf is { } asOf && asOf < clock.Today ? asOf : clock.Today;
        var orders = await OrdersOfAsync(beneficiaryId, person.AsOf, today, ct);
        var allergies = await AllergyListAsync(beneficiaryId, person.AsOf, standingOnly: false, ct);
        return new MedicineRecord(person, today, orders, allergies.Where(a => a.EndedOn is null).ToList(), await ImmunizationListAsync(beneficiaryId, person.AsOf, ct),
            allergies.Where(a => a.EndedOn is not null).OrderByDescending(a => a.EndedOn).ToList());
    }

    /// <summary>
    /// What the chart shows: the orders in use with today's doses, and the last immunizations. Only for a person the
    /// chart has already found in the caller's scope (its read is the audited one).
    /// </summary>
    public async Task<(IReadOnlyList<OrderView> Active, IReadOnlyList<ImmunizationView> Immunizations)> ChartSummaryAsync(int beneficiaryId, DateOnly? asOf,
        CancellationToken ct = default)
    {
        var today = asOf is { } day && day < clock.Today ? day : clock.Today;
        var orders = await OrdersOfAsync(beneficiaryId, asOf, today, ct);
        // A dose struck out as entered in error was not given: the chart's "last immunization" leaves it out.
        return (orders.Where(o => o.Active).ToList(), (await ImmunizationListAsync(beneficiaryId, asOf, ct)).Where(i => i.RetractedOn is null).ToList());
    }

    /// <summary>The allergies shown in the banner of every page of the person (no audit row of their own: the page's read has one).</summary>
    public async Task<IReadOnlyList<AllergyView>> BannerAsync(int beneficiaryId, DateOnly? asOf, CancellationToken ct = default) =>
        await AllergyListAsync(beneficiaryId, asOf, standingOnly: true, ct);

    public async Task<IReadOnlyList<AllergyView>?> AllergiesAsync(int beneficiaryId, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.ReadRecord, beneficiaryId, "view=allergies", ct);
        return await AllergyListAsync(beneficiaryId, person.AsOf, standingOnly: false, ct);
    }

    public async Task<IReadOnlyList<ImmunizationView>?> ImmunizationsAsync(int beneficiaryId, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.ReadRecord, beneficiaryId, "view=immunizations", ct);
        return await ImmunizationListAsync(beneficiaryId, person.AsOf, ct);
    }

    private async Task<IReadOnlyList<OrderView>> OrdersOfAsync(int beneficiaryId, DateOnly? asOf, DateOnly today, CancellationToken ct)
    {
        var orders = await db.MedicationOrders.AsNoTracking().Where(o => o.BeneficiaryId == beneficiaryId && (asOf == null || o.StartDate <= asOf))
            .OrderByDescending(o => o.StartDate).ThenByDescending(o => o.Id).ToListAsync(ct);
        var doses = await db.MedicationAdministrations.AsNoTracking().Where(a => a.BeneficiaryId == beneficiaryId && a.Date == today && a.RetractedAt == null)
            .Select(a => new AdministrationView(a.Id, a.OrderId, a.Date, a.Shift, a.Status, a.Reason, a.At, a.RecordedBy)).ToListAsync(ct);
        return orders.Select(o =>
        {
            // As it stood: a stop recorded after the day a facility's custody ended is not shown to it.
            var stoppedOn = asOf is null || o.StoppedOn <= asOf ? o.StoppedOn : null;
            return View(o, stoppedOn, today, doses.Where(d => d.OrderId == o.Id).OrderBy(d => d.Shift).ToList());
        }).ToList();
    }

    private static OrderView View(MedicationOrder o, DateOnly? stoppedOn, DateOnly today, IReadOnlyList<AdministrationView> doses) =>
        new(o.Id, o.DrugName, o.DrugCode, o.Strength, o.Form, o.Dose, o.Route, MedicationRules.ShiftsOf(o.Times), o.AsNeeded, o.Instructions,
            o.StartDate, o.EndDate, stoppedOn, stoppedOn is null ? null : o.StopReason, o.PrescribedBy, o.PrescriberName,
            o.AllergyOverrideReason, o.ReplacesOrderId, (stoppedOn is null || stoppedOn > today) && (o.EndDate is null || o.EndDate >= today), doses);

    /// <summary>
    /// A person's allergies as they stood (on <paramref name="asOf"/> for a record read after the person left): one
    /// withdrawn later is shown as standing then.
    /// </summary>
    private async Task<IReadOnlyList<AllergyView>> AllergyListAsync(int beneficiaryId, DateOnly? asOf, bool standingOnly, CancellationToken ct)
    {
        var list = await db.Allergies.AsNoTracking().Where(a => a.BeneficiaryId == beneficiaryId && (asOf == null || a.RecordedOn <= asOf))
            .Where(a => !standingOnly || a.EndedOn == null || (asOf != null && a.EndedOn > asOf))
            .OrderByDescending(a => a.Severity).ThenBy(a => a.Substance)
            .Select(AllergyViewOf).ToListAsync(ct);
        return asOf is null ? list : list.Select(a => a.EndedOn > asOf ? a with { EndedOn = null, EndReason = null, EndNote = null, EndedBy = null } : a).ToList();
    }

    private static readonly System.Linq.Expressions.Expression<Func<Allergy, AllergyView>> AllergyViewOf = a =>
        new AllergyView(a.Id, a.Substance, a.Category, a.Kind, a.Reaction, a.Severity, a.RecordedOn, a.RecordedBy, a.EndedOn, a.EndReason, a.EndNote, a.EndedBy);

    private static readonly Func<Allergy, AllergyView> ToView = AllergyViewOf.Compile();

    private async Task<IReadOnlyList<ImmunizationView>> ImmunizationListAsync(int beneficiaryId, DateOnly? asOf, CancellationToken ct) =>
        await db.Immunizations.AsNoTracking().Where(i => i.BeneficiaryId == beneficiaryId && (asOf == null || i.Date <= asOf))
            .OrderByDescending(i => i.Date).ThenBy(i => i.Vaccine)
            .Select(i => new ImmunizationView(i.Id, i.Vaccine, i.VaccineCode, i.DoseNumber, i.Date, i.Lot, i.Site, i.RecordedBy, i.RetractedOn, i.RetractReason, i.RetractedBy))
            .ToListAsync(ct);


    public async Task<ServiceResult<int>> OrderAsync(int beneficiaryId, MedicationOrderInput input, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = await ValidateOrderAsync(person, input, ct);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var order = NewOrder(person, input, replaces: null);
        db.MedicationOrders.Add(order);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.OrderMedicine, beneficiaryId, "MedicationOrder", Id(order.Id),
            $"drug={order.DrugName}; start={order.StartDate:yyyy-MM-dd}{(order.AllergyOverrideReason is null ? "" : "; allergy-override")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(order.Id);
    }

    /// <summary>The order's rules, the facility it is written in, and the allergy check (a match needs a reason).</summary>
    private async Task<ValidationErrors> ValidateOrderAsync(RecordPerson person, MedicationOrderInput input, CancellationToken ct)
    {
        var errors = MedicationRules.ValidateOrder(input, person.BirthDate, clock.Today);
        if (person.FacilityId is not { } facility || !await scope.CanAccessFacilityAsync(facility, ct))
        {
            errors.Add("", "Đối tượng chưa được tiếp nhận tại cơ sở nào trong phạm vi của bạn: không có nơi ra y lệnh.");
        }

        // A code is checked against the drug list once one is supplied (data/reference/drugs); until then it is kept as written.
        if (!string.IsNullOrWhiteSpace(input.DrugCode) && await db.CodeListItems.AnyAsync(c => c.List == CodeLists.Drug, ct)
            && !await db.CodeListItems.AnyAsync(c => c.List == CodeLists.Drug && c.Code == input.DrugCode.Trim(), ct))
        {
            errors.Add("drugCode", $"Mã thuốc \"{input.DrugCode.Trim()}\" không có trong danh mục thuốc đã nạp.");
        }

        if (errors.IsValid && string.IsNullOrWhiteSpace(input.AllergyOverrideReason))
        {
            var allergies = await db.Allergies.AsNoTracking().Where(a => a.BeneficiaryId == person.Id && a.EndedOn == null).ToListAsync(ct);
            var matching = AllergyMatch.Matching(input.DrugName, input.DrugCode, allergies);
            if (matching.Count > 0)
            {
                errors.Add("allergyOverrideReason", "Cảnh báo dị ứng: người này đã ghi " + string.Join("; ", matching.Select(a =>
                    $"{(a.Kind == AllergyKind.Allergy ? "dị ứng" : "không dung nạp")} {a.Substance} ({AllergySeverityText(a.Severity)}{(a.Reaction is null ? "" : ", " + a.Reaction)})"))
                    + ". Ghi lý do vẫn cho dùng thuốc này, hoặc chọn thuốc khác.");
            }
        }

        return errors;
    }

    public static string AllergySeverityText(AllergySeverity s) => s switch
    {
        AllergySeverity.Severe => "nặng",
        AllergySeverity.Moderate => "vừa",
        _ => "nhẹ",
    };

    private MedicationOrder NewOrder(RecordPerson person, MedicationOrderInput input, int? replaces) => new()
    {
        BeneficiaryId = person.Id, FacilityId = person.FacilityId!.Value, DrugName = input.DrugName!.Trim(), DrugCode = Trim(input.DrugCode),
        Strength = Trim(input.Strength), Form = input.Form!.Value, Dose = input.Dose!.Trim(), Route = input.Route!.Value,
        Times = MedicationRules.TimesOf(input.Times), AsNeeded = input.AsNeeded, Instructions = Trim(input.Instructions),
        StartDate = input.StartDate!.Value, EndDate = input.EndDate, PrescribedBy = user.UserName ?? "", PrescriberName = user.FullName,
        OrderedAt = clock.Now, AllergyOverrideReason = Trim(input.AllergyOverrideReason), ReplacesOrderId = replaces,
    };

    private async Task<(MedicationOrder? Order, RecordPerson? Person)> OrderOfAsync(int orderId, CancellationToken ct)
    {
        var order = await db.MedicationOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct);
        return order is null ? (null, null) : (order, await people.FindAsync(order.BeneficiaryId, ct));
    }

    public async Task<ServiceResult<int>> StopAsync(int orderId, StopOrderInput input, CancellationToken ct = default)
    {
        var (order, person) = await OrderOfAsync(orderId, ct);
        if (order is null || person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateStop(input, order, clock.Today);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        order.StoppedOn = input.StoppedOn;
        order.StopReason = input.Reason!.Trim();
        order.StoppedBy = user.UserName;
        audit.Add(AuditActions.StopMedicine, order.BeneficiaryId, "MedicationOrder", Id(order.Id), $"drug={order.DrugName}; stopped={order.StoppedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(order.Id);
    }

    /// <summary>A change of dose, rounds or route: the old order stops the day the new one starts, and the new one names it.</summary>
    public async Task<ServiceResult<int>> ChangeAsync(int orderId, MedicationOrderInput input, CancellationToken ct = default)
    {
        var (order, person) = await OrderOfAsync(orderId, ct);
        if (order is null || person is null)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        // The same medicine changed keeps the reason already given for it.
        if (string.IsNullOrWhiteSpace(input.AllergyOverrideReason) && string.Equals(input.DrugName?.Trim(), order.DrugName, StringComparison.OrdinalIgnoreCase))
        {
            input.AllergyOverrideReason = order.AllergyOverrideReason;
        }

        var errors = await ValidateOrderAsync(person, input, ct);
        if (order.StoppedOn is { } stopped)
        {
            errors.Add("", $"Y lệnh đã ngừng từ {stopped:dd/MM/yyyy}: ra y lệnh mới thay vì đổi.");
        }
        else if (input.StartDate < order.StartDate)
        {
            errors.Add("startDate", $"Y lệnh mới phải bắt đầu từ ngày y lệnh cũ bắt đầu ({order.StartDate:dd/MM/yyyy}) trở đi.");
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var next = NewOrder(person, input, replaces: order.Id);
        order.StoppedOn = next.StartDate;
        order.StopReason = "Đổi y lệnh";
        order.StoppedBy = user.UserName;
        db.MedicationOrders.Add(next);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.ChangeMedicine, order.BeneficiaryId, "MedicationOrder", Id(next.Id), $"drug={next.DrugName}; replaces={order.Id}; start={next.StartDate:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(next.Id);
    }

    public async Task<ServiceResult<long>> RecordDoseAsync(int orderId, AdministrationInput input, CancellationToken ct = default)
    {
        var (order, person) = await OrderOfAsync(orderId, ct);
        if (order is null || person is null)
        {
            return ServiceResult<long>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<long>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateAdministration(input, order, clock.Today);
        if (errors.IsValid && await db.MedicationAdministrations.AnyAsync(a => a.OrderId == orderId && a.Date == input.Date && a.Shift == input.Shift && a.RetractedAt == null, ct))
        {
            return ServiceResult<long>.Stale(AlreadyRecorded(input));
        }

        if (!errors.IsValid)
        {
            return ServiceResult<long>.Invalid(errors);
        }

        var at = input.Time is { } time
            ? new DateTimeOffset(input.Date!.Value.ToDateTime(time), Clock.VietNam.GetUtcOffset(input.Date.Value.ToDateTime(time))).ToUniversalTime()
            : clock.Now;
        var dose = new MedicationAdministration
        {
            OrderId = order.Id, BeneficiaryId = order.BeneficiaryId, FacilityId = order.FacilityId, Date = input.Date!.Value, Shift = input.Shift!.Value,
            Status = input.Status!.Value, Reason = Trim(input.Reason), At = at, RecordedBy = user.UserName ?? "",
        };
        db.MedicationAdministrations.Add(dose);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.OneDosePerRound))
        {
            // Two nurses saved the same round at once: the first one stands.
            return ServiceResult<long>.Stale(AlreadyRecorded(input));
        }

        audit.Add(AuditActions.RecordDose, order.BeneficiaryId, "MedicationAdministration", dose.Id.ToString(CultureInfo.InvariantCulture),
            $"order={order.Id}; date={dose.Date:yyyy-MM-dd}; shift={dose.Shift}; status={dose.Status}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<long>.Ok(dose.Id);
    }

    private static ValidationErrors AlreadyRecorded(AdministrationInput input)
    {
        var errors = new ValidationErrors();
        errors.Add("shift", $"Liều cữ này ngày {input.Date:dd/MM/yyyy} đã được ghi. Tải lại trang để xem.");
        return errors;
    }

    public async Task<ServiceResult<int>> AddAllergyAsync(int beneficiaryId, AllergyInput input, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateAllergy(input);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // One entry per substance: the same allergy sent twice (a double submit, a resent message) is not two allergies.
        using var gate = await AllergyGates.EnterAsync(beneficiaryId.ToString(CultureInfo.InvariantCulture), ct);
        var substance = VietnameseText.Fold(input.Substance);
        var recorded = await db.Allergies.AsNoTracking().Where(a => a.BeneficiaryId == beneficiaryId && a.EndedOn == null).Select(a => a.Substance).ToListAsync(ct);
        if (recorded.FirstOrDefault(r => VietnameseText.Fold(r) == substance) is { } same)
        {
            return ServiceResult<int>.Invalid("substance", $"Dị ứng với {same} đã được ghi cho người này.");
        }

        var allergy = new Allergy
        {
            BeneficiaryId = beneficiaryId, Substance = input.Substance!.Trim(), Category = input.Category!.Value, Kind = input.Kind!.Value,
            Reaction = Trim(input.Reaction), Severity = input.Severity!.Value, RecordedOn = clock.Today, RecordedBy = user.UserName ?? "",
        };
        db.Allergies.Add(allergy);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.AddAllergy, beneficiaryId, "AllergyIntolerance", Id(allergy.Id), $"substance={allergy.Substance}; severity={allergy.Severity}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(allergy.Id);
    }

    private static readonly KeyedGates AllergyGates = new();

    public async Task<ServiceResult<int>> AddImmunizationAsync(int beneficiaryId, ImmunizationInput input, CancellationToken ct = default)
    {
        if (await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateImmunization(input, person.BirthDate, clock.Today);
        if (!string.IsNullOrWhiteSpace(input.VaccineCode)
            && !await db.CodeListItems.AnyAsync(c => c.List == CodeLists.VaccineCvx && c.Code == input.VaccineCode.Trim(), ct))
        {
            errors.Add("vaccineCode", $"Mã vắc xin \"{input.VaccineCode.Trim()}\" không có trong danh mục mã vắc xin (CVX) của Bộ Y tế.");
        }

        // Two doses of one vaccine on one day are one dose entered twice.
        if (errors.IsValid)
        {
            // The same vaccine however its name is written (case, marks, spaces), or the same code.
            var sameDay = await db.Immunizations.AsNoTracking().Where(i => i.BeneficiaryId == beneficiaryId && i.Date == input.Date && i.RetractedOn == null)
                .Select(i => new { i.Vaccine, i.VaccineCode }).ToListAsync(ct);
            var code = input.VaccineCode?.Trim();
            if (sameDay.FirstOrDefault(i => VietnameseText.Fold(i.Vaccine) == VietnameseText.Fold(input.Vaccine)
                    || (!string.IsNullOrEmpty(code) && i.VaccineCode == code)) is { } twin)
            {
                errors.Add("vaccine", $"Đã ghi một mũi {twin.Vaccine}{(twin.VaccineCode is null ? "" : $" (CVX {twin.VaccineCode})")} ngày {input.Date:dd/MM/yyyy}.");
            }
        }

        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        var shot = new Immunization
        {
            BeneficiaryId = beneficiaryId, FacilityId = person.FacilityId, Vaccine = input.Vaccine!.Trim(), VaccineCode = Trim(input.VaccineCode),
            DoseNumber = input.DoseNumber, Date = input.Date!.Value, Lot = Trim(input.Lot), Site = input.Site, RecordedBy = user.UserName ?? "",
        };
        db.Immunizations.Add(shot);
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.AddImmunization, beneficiaryId, "Immunization", Id(shot.Id), $"vaccine={shot.Vaccine}; date={shot.Date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(shot.Id);
    }

    /// <summary>
    /// Withdraws an allergy that no longer stands (passed, disproved, or written in error): it stays on the record with
    /// who, when and why, and leaves the banner and the prescribing check. Once only: a second withdrawal is refused.
    /// </summary>
    public async Task<ServiceResult<int>> EndAllergyAsync(int allergyId, AllergyEndInput input, CancellationToken ct = default)
    {
        if (await db.Allergies.AsNoTracking().Where(a => a.Id == allergyId).Select(a => (int?)a.BeneficiaryId).FirstOrDefaultAsync(ct) is not { } beneficiaryId
            || await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateAllergyEnd(input);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // The same gate as recording one: a withdrawal and a new entry of the substance, or two withdrawals, one at a time.
        using var gate = await AllergyGates.EnterAsync(beneficiaryId.ToString(CultureInfo.InvariantCulture), ct);
        var allergy = await db.Allergies.FirstAsync(a => a.Id == allergyId, ct);
        if (allergy.EndedOn is { } ended)
        {
            return ServiceResult<int>.Invalid("reason", $"Dị ứng với {allergy.Substance} đã được gỡ ngày {ended:dd/MM/yyyy}.");
        }

        allergy.EndedOn = clock.Today;
        allergy.EndReason = input.Reason;
        allergy.EndNote = input.Note!.Trim();
        allergy.EndedBy = user.UserName ?? "";
        audit.Add(AuditActions.EndAllergy, beneficiaryId, "AllergyIntolerance", Id(allergy.Id), $"substance={allergy.Substance}; reason={Components.Shared.Labels.Of(allergy.EndReason!.Value)}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(allergy.Id);
    }

    /// <summary>
    /// Strikes out a vaccine dose recorded in error: kept, marked with who and why, no longer counted as given (the same
    /// vaccine may then be recorded for that day). Once only.
    /// </summary>
    public async Task<ServiceResult<int>> RetractImmunizationAsync(int immunizationId, string? reason, CancellationToken ct = default)
    {
        if (await db.Immunizations.AsNoTracking().Where(i => i.Id == immunizationId).Select(i => (int?)i.BeneficiaryId).FirstOrDefaultAsync(ct) is not { } beneficiaryId
            || await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<int>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<int>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateRetraction(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<int>.Invalid(errors);
        }

        // Only a dose not yet struck out: two nurses striking it at once cannot both write their reason over each other.
        var today = clock.Today;
        var by = user.UserName ?? "";
        var note = reason!.Trim();
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        var changed = await db.Immunizations.Where(i => i.Id == immunizationId && i.RetractedOn == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.RetractedOn, today).SetProperty(i => i.RetractReason, note).SetProperty(i => i.RetractedBy, by), ct);
        if (changed == 0)
        {
            var shot = await db.Immunizations.AsNoTracking().FirstAsync(i => i.Id == immunizationId, ct);
            return ServiceResult<int>.Invalid("reason", $"Mũi {shot.Vaccine} ngày {shot.Date:dd/MM/yyyy} đã được hủy ngày {shot.RetractedOn:dd/MM/yyyy}.");
        }

        var vaccine = await db.Immunizations.AsNoTracking().Where(i => i.Id == immunizationId).Select(i => new { i.Vaccine, i.Date }).FirstAsync(ct);
        audit.Add(AuditActions.RetractImmunization, beneficiaryId, "Immunization", Id(immunizationId), $"vaccine={vaccine.Vaccine}; date={vaccine.Date:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<int>.Ok(immunizationId);
    }

    /// <summary>
    /// Strikes out a round's dose record written in error (the wrong resident, round or drug): kept, marked with who,
    /// when and why; the round then shows the dose as not recorded, so the right record can be written. Once only.
    /// </summary>
    public async Task<ServiceResult<long>> RetractDoseAsync(long doseId, string? reason, CancellationToken ct = default)
    {
        if (await db.MedicationAdministrations.AsNoTracking().Where(a => a.Id == doseId).Select(a => (int?)a.BeneficiaryId).FirstOrDefaultAsync(ct) is not { } beneficiaryId
            || await people.FindAsync(beneficiaryId, ct) is not { } person)
        {
            return ServiceResult<long>.Missing();
        }

        if (people.WriteRefusal(person) is { } refusal)
        {
            return ServiceResult<long>.Denied(refusal);
        }

        var errors = MedicationRules.ValidateDoseRetraction(reason);
        if (!errors.IsValid)
        {
            return ServiceResult<long>.Invalid(errors);
        }

        // Only a record still standing: two nurses striking it out at once cannot both write their reason.
        var now = clock.Now;
        var by = user.UserName ?? "";
        var note = reason!.Trim();
        await using var tx = await db.Database.BeginOrJoinAsync(ct);
        var changed = await db.MedicationAdministrations.Where(a => a.Id == doseId && a.RetractedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RetractedAt, now).SetProperty(a => a.RetractReason, note).SetProperty(a => a.RetractedBy, by), ct);
        var dose = await db.MedicationAdministrations.AsNoTracking().Where(a => a.Id == doseId)
            .Join(db.MedicationOrders, a => a.OrderId, o => o.Id, (a, o) => new { a.OrderId, a.Date, a.Shift, a.Status, a.RetractedAt, o.DrugName }).FirstAsync(ct);
        if (changed == 0)
        {
            return ServiceResult<long>.Invalid("reason",
                $"Liều {dose.DrugName} cữ {Labels.Of(dose.Shift).ToLowerInvariant()} ngày {dose.Date:dd/MM/yyyy} đã được hủy lúc {Clock.ToLocal(dose.RetractedAt!.Value):HH:mm dd/MM/yyyy}.");
        }

        audit.Add(AuditActions.RetractDose, beneficiaryId, "MedicationAdministration", doseId.ToString(CultureInfo.InvariantCulture),
            $"order={dose.OrderId}; date={dose.Date:yyyy-MM-dd}; shift={dose.Shift}; status={dose.Status}; reason={note}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<long>.Ok(doseId);
    }

    /// <summary>
    /// The administration record of one round in one facility: every resident in care there that day with an order due
    /// in the round, what was recorded for it, and their allergies. Three queries whatever the number of residents.
    /// </summary>
    public async Task<Round?> RoundAsync(int facilityId, DateOnly date, Shift shift, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Enum.IsDefined(shift), true, nameof(shift));
        if (!await scope.CanAccessFacilityAsync(facilityId, ct) || await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId).Select(f => f.Name).FirstOrDefaultAsync(ct) is not { } name)
        {
            return null;
        }

        var times = (DoseTimes)shift;
        var lines = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.FacilityId == facilityId && o.StartDate <= date && (o.EndDate == null || o.EndDate >= date) && (o.StoppedOn == null || o.StoppedOn > date)
                && (o.AsNeeded || (o.Times & times) == times))
            // In care there that day: a stay at the facility open on the date.
            .Where(o => db.Stays.Any(s => s.BeneficiaryId == o.BeneficiaryId && s.FacilityId == facilityId && s.AdmittedOn <= date
                && (s.DischargedOn == null || s.DischargedOn > date)))
            .Join(db.Beneficiaries, o => o.BeneficiaryId, b => b.Id, (o, b) => new { o, b.FullName, b.BirthDate })
            .OrderBy(x => x.FullName).ThenBy(x => x.o.BeneficiaryId).ThenBy(x => x.o.AsNeeded).ThenBy(x => x.o.DrugName)
            .Select(x => new { x.o.BeneficiaryId, x.FullName, x.BirthDate, x.o.Id, x.o.DrugName, x.o.Strength, x.o.Dose, x.o.Route, x.o.AsNeeded, x.o.Instructions })
            .ToListAsync(ct);
        var recorded = await db.MedicationAdministrations.AsNoTracking().Where(a => a.FacilityId == facilityId && a.Date == date && a.Shift == shift && a.RetractedAt == null)
            .Select(a => new AdministrationView(a.Id, a.OrderId, a.Date, a.Shift, a.Status, a.Reason, a.At, a.RecordedBy)).ToDictionaryAsync(a => a.OrderId, ct);
        var residents = lines.Select(l => l.BeneficiaryId).Distinct().ToList();
        var allergies = (await db.Allergies.AsNoTracking().Where(a => residents.Contains(a.BeneficiaryId) && (a.EndedOn == null || a.EndedOn > date))
                .ToListAsync(ct))
            .GroupBy(a => a.BeneficiaryId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AllergyView>)g.Select(ToView).OrderByDescending(a => a.Severity).ToList());
        await audit.RecordListViewAsync($"mar:{facilityId}:{date:yyyy-MM-dd}:{shift}", lines.Count, ct);
        return new Round(facilityId, name, date, shift, lines.Select(l => new RoundLine(l.BeneficiaryId, l.FullName, l.BirthDate, l.Id, l.DrugName, l.Strength,
            l.Dose, l.Route, l.AsNeeded, l.Instructions, recorded.GetValueOrDefault(l.Id))).ToList(), allergies);
    }

    /// <summary>A code list for a form's choices (vaccine codes; the drug list once supplied), in the list's order.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> CodesAsync(string list, CancellationToken ct = default) =>
        (await db.CodeListItems.AsNoTracking().Where(c => c.List == list).OrderBy(c => c.SortOrder).Select(c => new { c.Code, c.Name }).ToListAsync(ct))
            .Select(c => (c.Code, c.Name)).ToList();

    /// <summary>The round now: morning until 10:00, noon until 14:00, afternoon until 18:00, night after.</summary>
    public static Shift ShiftAt(DateTimeOffset utc) => Clock.ToLocal(utc).Hour switch
    {
        < 10 => Shift.Morning,
        < 14 => Shift.Noon,
        < 18 => Shift.Afternoon,
        _ => Shift.Night,
    };

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
