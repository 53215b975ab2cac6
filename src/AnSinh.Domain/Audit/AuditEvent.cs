namespace AnSinh.Domain.Audit;

/// <summary>Append-only record of who read or changed a person's record, when and from where.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public int? BeneficiaryId { get; set; }
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? IpAddress { get; set; }
    public string? Detail { get; set; }

    /// <summary>Its place in the audit chain, given when it is sealed (<see cref="AuditChain"/>); null until then.</summary>
    public long? ChainIndex { get; set; }

    /// <summary>SHA-256 (hex) of the previous row's hash and this row's content; null until sealed.</summary>
    public string? Hash { get; set; }
}
