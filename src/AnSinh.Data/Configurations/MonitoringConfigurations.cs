using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Plans;
using AnSinh.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class EntitlementConfiguration : IEntityTypeConfiguration<Entitlement>
{
    public void Configure(EntityTypeBuilder<Entitlement> b)
    {
        b.Property(e => e.DecisionNumber).HasMaxLength(100);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(e => e.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.BeneficiaryId, e.Kind });
    }
}

internal sealed class ScreeningResultConfiguration : IEntityTypeConfiguration<ScreeningResult>
{
    public void Configure(EntityTypeBuilder<ScreeningResult> b)
    {
        b.Property(s => s.Instrument).HasMaxLength(30);
        b.Property(s => s.Version).HasMaxLength(50);
        b.Property(s => s.Band).HasMaxLength(40);
        b.Property(s => s.Answers).HasMaxLength(1000);
        b.Property(s => s.Flags).HasMaxLength(200);
        b.Property(s => s.SubstanceScores).HasMaxLength(4000);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.Property(s => s.Complete).HasDefaultValue(true);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(s => s.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Encounter>().WithMany().HasForeignKey(s => s.EncounterId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => new { s.BeneficiaryId, s.Instrument, s.Date });
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(r => r.Destination).HasMaxLength(300);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.Property(r => r.Outcome).HasMaxLength(4000);
        b.Property(r => r.DiagnosisCode).HasMaxLength(10);
        b.Property(r => r.Diagnosis).HasMaxLength(500);
        b.Property(r => r.ClinicalSigns).HasMaxLength(2000);
        b.Property(r => r.TestResults).HasMaxLength(2000);
        b.Property(r => r.TreatmentGiven).HasMaxLength(2000);
        b.Property(r => r.ConditionAtTransfer).HasMaxLength(2000);
        b.Property(r => r.TreatmentDirection).HasMaxLength(2000);
        b.Property(r => r.Escort).HasMaxLength(300);
        b.Property(r => r.ReferredBy).HasMaxLength(256);
        b.Property(r => r.ReferredByName).HasMaxLength(200);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(r => r.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Facility>().WithMany().HasForeignKey(r => r.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.FacilityId, r.Date });
        // The open-referrals list: a facility's referrals with no answer yet.
        b.HasIndex(r => new { r.FacilityId, r.OutcomeDate });
    }
}

internal sealed class ReadinessChecklistConfiguration : IEntityTypeConfiguration<ReadinessChecklist>
{
    public void Configure(EntityTypeBuilder<ReadinessChecklist> b)
    {
        b.Property(c => c.Version).HasMaxLength(50);
        b.Property(c => c.Title).HasMaxLength(300);
        b.HasIndex(c => c.Version).IsUnique();
        b.HasMany(c => c.Criteria).WithOne().HasForeignKey(c => c.ChecklistId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReadinessCriterionConfiguration : IEntityTypeConfiguration<ReadinessCriterion>
{
    public void Configure(EntityTypeBuilder<ReadinessCriterion> b)
    {
        b.Property(c => c.Code).HasMaxLength(50);
        b.Property(c => c.Text).HasMaxLength(500);
        b.HasIndex(c => new { c.ChecklistId, c.Code }).IsUnique();
    }
}

internal sealed class ReadinessAssessmentConfiguration : IEntityTypeConfiguration<ReadinessAssessment>
{
    public void Configure(EntityTypeBuilder<ReadinessAssessment> b)
    {
        b.Property(a => a.Assessor).HasMaxLength(200);
        b.HasOne<Facility>().WithMany().HasForeignKey(a => a.FacilityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Checklist).WithMany().HasForeignKey(a => a.ChecklistId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Answers).WithOne().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.FacilityId, a.Date });
    }
}

internal sealed class ReadinessAnswerConfiguration : IEntityTypeConfiguration<ReadinessAnswer>
{
    public void Configure(EntityTypeBuilder<ReadinessAnswer> b)
    {
        b.Property(a => a.CriterionCode).HasMaxLength(50);
        b.Property(a => a.Note).HasMaxLength(1000);
    }
}

internal sealed class TechniqueCatalogConfiguration : IEntityTypeConfiguration<TechniqueCatalog>
{
    public void Configure(EntityTypeBuilder<TechniqueCatalog> b)
    {
        b.Property(c => c.Version).HasMaxLength(50);
        b.Property(c => c.Source).HasMaxLength(500);
        b.HasIndex(c => c.Version).IsUnique();
        b.HasMany(c => c.Techniques).WithOne().HasForeignKey(t => t.CatalogId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TechniqueConfiguration : IEntityTypeConfiguration<Technique>
{
    public void Configure(EntityTypeBuilder<Technique> b)
    {
        b.Property(t => t.Code).HasMaxLength(50);
        b.Property(t => t.Name).HasMaxLength(500);
        b.Property(t => t.Group).HasMaxLength(200);
        b.HasIndex(t => new { t.CatalogId, t.Code }).IsUnique();
    }
}

internal sealed class FacilityTechniqueConfiguration : IEntityTypeConfiguration<FacilityTechnique>
{
    public void Configure(EntityTypeBuilder<FacilityTechnique> b)
    {
        b.Property(t => t.TechniqueCode).HasMaxLength(50);
        b.Property(t => t.ConfirmedBy).HasMaxLength(200);
        b.HasOne<Facility>().WithMany().HasForeignKey(t => t.FacilityId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.FacilityId, t.ConfirmedOn });
    }
}

internal sealed class TrainingRecordConfiguration : IEntityTypeConfiguration<TrainingRecord>
{
    public void Configure(EntityTypeBuilder<TrainingRecord> b)
    {
        b.Property(t => t.Course).HasMaxLength(300);
        b.HasOne<Facility>().WithMany().HasForeignKey(t => t.FacilityId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.FacilityId, t.StartDate });
    }
}

internal sealed class EquipmentItemConfiguration : IEntityTypeConfiguration<EquipmentItem>
{
    public void Configure(EntityTypeBuilder<EquipmentItem> b)
    {
        b.Property(e => e.Name).HasMaxLength(300);
        b.Property(e => e.Condition).HasMaxLength(100);
        b.HasOne<Facility>().WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.Property(p => p.Code).HasMaxLength(50);
        b.Property(p => p.Issuer).HasMaxLength(300);
        b.Property(p => p.Number).HasMaxLength(50);
        b.Property(p => p.Title).HasMaxLength(1000);
        b.Property(p => p.FacilityTypes).HasMaxLength(200);
        b.Property(p => p.ReportDue).HasMaxLength(5);
        b.Ignore(p => p.FacilityTypeSet);
        b.HasIndex(p => p.Code).IsUnique();
        b.HasIndex(p => p.IssuerUnitId);
        b.HasOne<AnSinh.Domain.Geography.AdminUnit>().WithMany().HasForeignKey(p => p.IssuerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Phases).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Targets).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Tasks).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanTargetConfiguration : IEntityTypeConfiguration<PlanTarget>
{
    public void Configure(EntityTypeBuilder<PlanTarget> b)
    {
        b.Property(t => t.IndicatorCode).HasMaxLength(20);
        b.Property(t => t.FacilityTypes).HasMaxLength(200);
        b.Property(t => t.Source).HasMaxLength(1000);
    }
}

internal sealed class PlanTaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    public void Configure(EntityTypeBuilder<PlanTask> b)
    {
        b.Property(t => t.Agency).HasMaxLength(300);
        b.Property(t => t.Duty).HasMaxLength(4000);
        b.HasMany(t => t.Notes).WithOne().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanTaskNoteConfiguration : IEntityTypeConfiguration<PlanTaskNote>
{
    public void Configure(EntityTypeBuilder<PlanTaskNote> b)
    {
        b.Property(n => n.Text).HasMaxLength(4000);
        b.Property(n => n.Author).HasMaxLength(200);
    }
}

internal sealed class AnnualReportTextConfiguration : IEntityTypeConfiguration<AnnualReportText>
{
    public void Configure(EntityTypeBuilder<AnnualReportText> b)
    {
        b.Property(t => t.UnitCode).HasMaxLength(10);
        b.Property(t => t.Difficulties).HasMaxLength(8000);
        b.Property(t => t.Proposals).HasMaxLength(8000);
        b.Property(t => t.ReportNumber).HasMaxLength(50);
        b.Property(t => t.Recipients).HasMaxLength(2000);
        b.Property(t => t.UpdatedBy).HasMaxLength(256);
        b.HasIndex(t => new { t.UnitCode, t.Year }).IsUnique();
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class IndicatorSnapshotConfiguration : IEntityTypeConfiguration<AnSinh.Domain.Indicators.IndicatorSnapshot>
{
    public void Configure(EntityTypeBuilder<AnSinh.Domain.Indicators.IndicatorSnapshot> b)
    {
        b.Property(s => s.Key).HasMaxLength(100);
        b.HasIndex(s => new { s.Key, s.AsOf }).IsUnique();
        b.HasIndex(s => s.AsOf);
    }
}

internal sealed class LatestRecordsConfiguration : IEntityTypeConfiguration<AnSinh.Domain.Indicators.LatestRecords>
{
    public void Configure(EntityTypeBuilder<AnSinh.Domain.Indicators.LatestRecords> b)
    {
        b.HasKey(l => l.BeneficiaryId);
        b.Property(l => l.BeneficiaryId).ValueGeneratedNever();
        b.HasOne<AnSinh.Domain.Beneficiaries.Beneficiary>().WithOne().HasForeignKey<AnSinh.Domain.Indicators.LatestRecords>(l => l.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}
