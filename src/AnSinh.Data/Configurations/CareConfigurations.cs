using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.ChronicCare;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Rehabilitation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class ChronicEnrolmentConfiguration : IEntityTypeConfiguration<ChronicEnrolment>
{
    public void Configure(EntityTypeBuilder<ChronicEnrolment> b)
    {
        b.Property(e => e.IcdCode).HasMaxLength(10);
        b.Property(e => e.EndReason).HasMaxLength(500);
        b.Property(e => e.EnrolledBy).HasMaxLength(256);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(e => e.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        // One open enrolment per disease, in the database too: two clicks at once cannot enrol a person twice.
        b.HasIndex(e => new { e.BeneficiaryId, e.Disease }).IsUnique().HasFilter("\"EndedOn\" IS NULL").HasDatabaseName(UniqueViolation.OneOpenEnrolment);
    }
}

internal sealed class RehabPlanConfiguration : IEntityTypeConfiguration<RehabPlan>
{
    public void Configure(EntityTypeBuilder<RehabPlan> b)
    {
        b.Property(p => p.Assessment).HasMaxLength(2000);
        b.Property(p => p.Interventions).HasMaxLength(2000);
        b.Property(p => p.ClosingNote).HasMaxLength(1000);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(p => p.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Facility>().WithMany().HasForeignKey(p => p.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Goals).WithOne().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.BeneficiaryId, p.StartDate });
    }
}

internal sealed class RehabGoalConfiguration : IEntityTypeConfiguration<RehabGoal>
{
    public void Configure(EntityTypeBuilder<RehabGoal> b) => b.Property(g => g.Description).HasMaxLength(500);
}

internal sealed class RehabSessionConfiguration : IEntityTypeConfiguration<RehabSession>
{
    public void Configure(EntityTypeBuilder<RehabSession> b)
    {
        b.Property(s => s.Activities).HasMaxLength(1000);
        b.Property(s => s.Note).HasMaxLength(1000);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne<RehabPlan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(s => s.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.BeneficiaryId, s.Date });
    }
}

internal sealed class AssistiveDeviceConfiguration : IEntityTypeConfiguration<AssistiveDevice>
{
    public void Configure(EntityTypeBuilder<AssistiveDevice> b)
    {
        b.Property(d => d.Description).HasMaxLength(300);
        b.Property(d => d.RecordedBy).HasMaxLength(256);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(d => d.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.BeneficiaryId);
    }
}
