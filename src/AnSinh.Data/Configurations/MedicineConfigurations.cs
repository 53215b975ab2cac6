using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Medicines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class MedicationOrderConfiguration : IEntityTypeConfiguration<MedicationOrder>
{
    public void Configure(EntityTypeBuilder<MedicationOrder> b)
    {
        b.Property(o => o.DrugName).HasMaxLength(200);
        b.Property(o => o.DrugCode).HasMaxLength(50);
        b.Property(o => o.Strength).HasMaxLength(50);
        b.Property(o => o.Dose).HasMaxLength(100);
        b.Property(o => o.Instructions).HasMaxLength(1000);
        b.Property(o => o.StopReason).HasMaxLength(500);
        b.Property(o => o.StoppedBy).HasMaxLength(256);
        b.Property(o => o.PrescribedBy).HasMaxLength(256);
        b.Property(o => o.PrescriberName).HasMaxLength(200);
        b.Property(o => o.AllergyOverrideReason).HasMaxLength(500);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(o => o.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Facility>().WithMany().HasForeignKey(o => o.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MedicationOrder>().WithMany().HasForeignKey(o => o.ReplacesOrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.BeneficiaryId, o.StartDate });
        // The round's record of a facility reads its orders not yet stopped.
        b.HasIndex(o => new { o.FacilityId, o.StoppedOn });
    }
}

internal sealed class MedicationAdministrationConfiguration : IEntityTypeConfiguration<MedicationAdministration>
{
    public void Configure(EntityTypeBuilder<MedicationAdministration> b)
    {
        b.Property(a => a.Reason).HasMaxLength(500);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.Property(a => a.RetractReason).HasMaxLength(500);
        b.Property(a => a.RetractedBy).HasMaxLength(256);
        b.HasOne<MedicationOrder>().WithMany().HasForeignKey(a => a.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(a => a.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        // One record per dose: two nurses saving the same round at once cannot both write it. A record struck out as
        // entered in error no longer holds the round, so the right one can be written (the same SQL on both providers).
        b.HasIndex(a => new { a.OrderId, a.Date, a.Shift }).IsUnique().HasFilter("\"RetractedAt\" IS NULL");
        b.HasIndex(a => new { a.FacilityId, a.Date, a.Shift });
    }
}

internal sealed class AllergyConfiguration : IEntityTypeConfiguration<Allergy>
{
    public void Configure(EntityTypeBuilder<Allergy> b)
    {
        b.Property(a => a.Substance).HasMaxLength(200);
        b.Property(a => a.Reaction).HasMaxLength(500);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.Property(a => a.EndNote).HasMaxLength(500);
        b.Property(a => a.EndedBy).HasMaxLength(256);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(a => a.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.BeneficiaryId);
    }
}

internal sealed class ImmunizationConfiguration : IEntityTypeConfiguration<Immunization>
{
    public void Configure(EntityTypeBuilder<Immunization> b)
    {
        b.Property(i => i.Vaccine).HasMaxLength(200);
        b.Property(i => i.VaccineCode).HasMaxLength(50);
        b.Property(i => i.Lot).HasMaxLength(50);
        b.Property(i => i.RecordedBy).HasMaxLength(256);
        b.Property(i => i.RetractReason).HasMaxLength(500);
        b.Property(i => i.RetractedBy).HasMaxLength(256);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(i => i.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Facility>().WithMany().HasForeignKey(i => i.FacilityId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(i => new { i.BeneficiaryId, i.Date });
    }
}
