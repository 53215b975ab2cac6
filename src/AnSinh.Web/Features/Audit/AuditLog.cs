using AnSinh.Data;
using AnSinh.Domain.Audit;
using AnSinh.Web.Auth;

namespace AnSinh.Web.Features.Audit;

public static class AuditActions
{
    public const string ReadRecord = "record.read";
    public const string ReadChart = "chart.read";
    public const string CreateRecord = "record.create";
    public const string UpdateRecord = "record.update";
    public const string Admit = "stay.admit";
    public const string Discharge = "stay.discharge";
    public const string Transfer = "stay.transfer";
    public const string RecordEncounter = "encounter.create";
    public const string AddReadings = "encounter.readings";
    public const string AddDiagnosis = "encounter.diagnosis";
    public const string StrikeOutReading = "observation.strike-out";
    public const string Search = "record.search";
    public const string ExportList = "list.export";
    public const string BulkExport = "fhir.export";
    public const string DuplicateNationalId = "record.duplicate-id";
    public const string AddEntitlement = "entitlement.create";
    public const string EndEntitlement = "entitlement.end";
    public const string ImportEntitlements = "entitlement.import";
    public const string AddScreening = "screening.create";
    public const string AddReferral = "referral.create";
    public const string ReferralOutcome = "referral.outcome";
    public const string ResolveCondition = "condition.resolve";
    public const string OrderMedicine = "medication.order";
    public const string StopMedicine = "medication.stop";
    public const string ChangeMedicine = "medication.change";
    public const string RecordDose = "medication.dose";
    public const string AddAllergy = "allergy.create";
    public const string AddImmunization = "immunization.create";
    public const string EndAllergy = "allergy.end";
    public const string RetractImmunization = "immunization.retract";
    public const string RetractDose = "dose.retract";
    public const string StrikeOutScreening = "screening.strike-out";
    public const string StrikeOutEncounter = "encounter.strike-out";
    public const string StrikeOutCondition = "condition.strike-out";
    public const string EnrolChronic = "chronic.enrol";
    public const string EndChronic = "chronic.end";
    public const string CreateRehabPlan = "rehab.plan";
    public const string CloseRehabPlan = "rehab.plan-close";
    public const string RehabSession = "rehab.session";
    public const string RehabGoalAchieved = "rehab.goal";
    public const string IssueDevice = "device.issue";
    public const string ReturnDevice = "device.return";
    public const string AcknowledgeAlert = "alert.acknowledge";
    public const string ResolveAlert = "alert.resolve";
    public const string RunAlerts = "alert.run";
    public const string CreateAccount = "account.create";
    public const string ChangeAccountAccess = "account.access";
    public const string DisableAccount = "account.disable";
    public const string EnableAccount = "account.enable";
    public const string ResetPassword = "account.reset-password";
    public const string ChangePassword = "account.change-password";
    public const string SignOutEverywhere = "account.sign-out-everywhere";
    public const string EnableTwoFactor = "account.two-factor-on";
    public const string DisableTwoFactor = "account.two-factor-off";
    public const string NewRecoveryCodes = "account.recovery-codes";
    public const string UseRecoveryCode = "account.recovery-code-used";
    public const string ViewList = "list.view";
    public const string AccessDenied = "access.denied";
    public const string WriteRefused = "write.refused";
    public const string ImportFacility = "facility.import";
    public const string ImportStaff = "staff.import";
    public const string CreateFacility = "facility.create";
    public const string UpdateFacility = "facility.update";
    public const string AddStaff = "staff.create";
    public const string EndStaff = "staff.end";
    public const string RegisterClient = "client.register";
    public const string ClientCredentials = "client.credentials";
    public const string RevokeClient = "client.revoke";
    public const string ClientToken = "client.token";
    public const string ClientTokenRefused = "client.token-refused";

    /// <summary>Every code above, for the auditor's filter.</summary>
    public static readonly IReadOnlyList<string> All = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
}

/// <summary>Writes who read or changed a person's record. Writes join the caller's unit of work.</summary>
public sealed class AuditLog(AnSinhDbContext db, CurrentUser user, Microsoft.EntityFrameworkCore.IDbContextFactory<AnSinhDbContext> contexts)
{
    /// <summary>Adds an event to the pending changes; the caller's SaveChanges stores it with the change.</summary>
    public void Add(string action, int? beneficiaryId, string? entityType = null, string? entityId = null, string? detail = null) =>
        db.AuditEvents.Add(Event(action, beneficiaryId, entityType, entityId, detail));

    /// <summary>An event by an account that is not the request's signed-in user (a system asking for its token).</summary>
    public void AddAs(string userId, string userName, string action, string? entityType = null, string? entityId = null, string? detail = null)
    {
        var e = Event(action, null, entityType, entityId, detail);
        e.UserId = userId;
        e.UserName = userName;
        db.AuditEvents.Add(e);
    }

    private AuditEvent Event(string action, int? beneficiaryId, string? entityType, string? entityId, string? detail) => new()
    {
        At = DateTimeOffset.UtcNow,
        UserId = user.Id,
        UserName = user.UserName,
        Action = action,
        BeneficiaryId = beneficiaryId,
        EntityType = entityType,
        EntityId = entityId,
        IpAddress = user.IpAddress,
        Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
    };

    /// <summary>A list of people leaving as a file: who took it, which list and how many people it named.</summary>
    public async Task RecordExportAsync(string list, int rows, CancellationToken ct = default)
    {
        Add(AuditActions.ExportList, null, "List", list, $"list={list}; rows={rows}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A list naming people was shown (a facility's census, an indicator's members, data-quality lists).</summary>
    public async Task RecordListViewAsync(string list, int rows, CancellationToken ct = default)
    {
        Add(AuditActions.ViewList, null, "List", list, $"list={list}; rows={rows}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A search: what was asked and how many people it showed.</summary>
    public async Task RecordSearchAsync(string? query, int page, int shown, int total, CancellationToken ct = default)
    {
        AddSearch(query, page, shown, total);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A search event saved with the next save (a FHIR search saves it with the reads of the people it showed).</summary>
    public void AddSearch(string? query, int page, int shown, int total) =>
        Add(AuditActions.Search, null, "Search", null, $"q={Clean(query)}; page={page}; rows={shown}; total={total}");

    /// <summary>"FullName: Nguyễn Văn A → Nguyễn Văn B; BirthDate: …" for the changed properties of a tracked entity.</summary>
    public static string Changes(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, params string[] ignore)
    {
        entry.Context.ChangeTracker.DetectChanges();
        return string.Join("; ", entry.Properties
            .Where(p => p.IsModified && !ignore.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue))
            .Select(p => $"{p.Metadata.Name}: {Show(p.OriginalValue)} → {Show(p.CurrentValue)}"));
    }

    private static string Show(object? value) => value switch
    {
        null => "∅",
        DateOnly d => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Clean(value.ToString()),
    };

    /// <summary>Free text in a detail: no separators that would split it, and a bounded length.</summary>
    private static string Clean(string? text)
    {
        var flat = (text ?? "").Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');
        return flat.Length > 200 ? flat[..200] + "…" : flat;
    }

    /// <summary>
    /// A refused read or write, saved through a context of its own: the request's context may still hold the changes
    /// that were refused, and saving them again is what must not happen.
    /// </summary>
    public async Task RecordRefusalAsync(string action, int? beneficiaryId, string detail, CancellationToken ct = default)
    {
        await using var own = await contexts.CreateDbContextAsync(ct);
        own.AuditEvents.Add(Event(action, beneficiaryId, beneficiaryId is null ? null : "Beneficiary",
            beneficiaryId?.ToString(System.Globalization.CultureInfo.InvariantCulture), detail));
        await own.SaveChangesAsync(ct);
    }

    /// <summary>Records an event about a person's record at once (outside any change of it).</summary>
    public async Task RecordAsync(string action, int beneficiaryId, string? detail, CancellationToken ct = default)
    {
        Add(action, beneficiaryId, "Beneficiary", beneficiaryId.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records a read at once.</summary>
    public Task RecordReadAsync(string action, int beneficiaryId, CancellationToken ct = default) => RecordAsync(action, beneficiaryId, null, ct);
}
