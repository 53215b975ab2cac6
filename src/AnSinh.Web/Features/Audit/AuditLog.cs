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
    public const string Search = "record.search";
    public const string ExportList = "list.export";
    public const string DuplicateNationalId = "record.duplicate-id";
    public const string AddEntitlement = "entitlement.create";
    public const string EndEntitlement = "entitlement.end";
    public const string ImportEntitlements = "entitlement.import";
    public const string AddScreening = "screening.create";
    public const string AddReferral = "referral.create";
    public const string ReferralOutcome = "referral.outcome";
    public const string ResolveCondition = "condition.resolve";
    public const string CreateAccount = "account.create";
    public const string ChangeAccountAccess = "account.access";
    public const string DisableAccount = "account.disable";
    public const string EnableAccount = "account.enable";
    public const string ResetPassword = "account.reset-password";
    public const string ChangePassword = "account.change-password";
    public const string SignOutEverywhere = "account.sign-out-everywhere";
}

/// <summary>Writes who read or changed a person's record. Writes join the caller's unit of work.</summary>
public sealed class AuditLog(AnSinhDbContext db, CurrentUser user)
{
    /// <summary>Adds an event to the pending changes; the caller's SaveChanges stores it with the change.</summary>
    public void Add(string action, int? beneficiaryId, string? entityType = null, string? entityId = null, string? detail = null)
    {
        db.AuditEvents.Add(new AuditEvent
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
        });
    }

    /// <summary>A list of people leaving as a file: who took it, which list and how many people it named.</summary>
    public async Task RecordExportAsync(string list, int rows, CancellationToken ct = default)
    {
        Add(AuditActions.ExportList, null, "List", list, $"list={list}; rows={rows}");
        await db.SaveChangesAsync(ct);
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
