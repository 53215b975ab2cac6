namespace AnSinh.Domain.Validation;

/// <summary>An edit that names the version of the record it started from (optimistic concurrency).</summary>
public interface IVersionedInput
{
    int? Version { get; set; }
}
