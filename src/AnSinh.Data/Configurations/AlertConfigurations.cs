using AnSinh.Domain.Alerts;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.Property(a => a.Rule).HasMaxLength(20);
        b.Property(a => a.Message).HasMaxLength(1000);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        b.Property(a => a.ClosedBy).HasMaxLength(256);
        b.Property(a => a.ResolutionNote).HasMaxLength(1000);
        b.Property(a => a.Source).HasMaxLength(40);
        b.Property(a => a.ConditionKey).HasMaxLength(400);
        b.Ignore(a => a.IsOpen);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(a => a.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Facility>().WithMany().HasForeignKey(a => a.FacilityId).OnDelete(DeleteBehavior.Restrict);
        // Never two open alerts for one rule and person, in the database too: two saves at once cannot raise it twice.
        b.HasIndex(a => new { a.BeneficiaryId, a.Rule }).IsUnique().HasFilter("\"Status\" < 3").HasDatabaseName(UniqueViolation.OneOpenAlert);
        // A person's alerts, open or closed (the chart, the re-check after a save, what clinicians resolved).
        b.HasIndex(a => new { a.BeneficiaryId, a.Status });
        // The worklist: a facility's open alerts.
        b.HasIndex(a => new { a.FacilityId, a.Status, a.Severity });
    }
}
