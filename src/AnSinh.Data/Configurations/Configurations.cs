using AnSinh.Domain.Audit;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Stays;
using AnSinh.Data.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class AdminUnitConfiguration : IEntityTypeConfiguration<AdminUnit>
{
    public void Configure(EntityTypeBuilder<AdminUnit> b)
    {
        b.Property(u => u.Code).HasMaxLength(10);
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.Type).HasMaxLength(50);
        b.Property(u => u.ProvinceCode).HasMaxLength(10);
        b.Property(u => u.SearchName).HasMaxLength(200);
        b.HasIndex(u => new { u.Code, u.Level });
        b.HasIndex(u => u.ParentId);
        b.HasIndex(u => u.SearchName);
        b.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AdminUnitSuccessionConfiguration : IEntityTypeConfiguration<AdminUnitSuccession>
{
    public void Configure(EntityTypeBuilder<AdminUnitSuccession> b)
    {
        b.HasKey(s => new { s.PredecessorId, s.SuccessorId });
        b.HasOne(s => s.Predecessor).WithMany(u => u.Successors).HasForeignKey(s => s.PredecessorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(s => s.Successor).WithMany(u => u.Predecessors).HasForeignKey(s => s.SuccessorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.SuccessorId);
    }
}

internal sealed class Icd10CodeConfiguration : IEntityTypeConfiguration<Icd10Code>
{
    public void Configure(EntityTypeBuilder<Icd10Code> b)
    {
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(10);
        b.Property(c => c.NameVi).HasMaxLength(500);
        b.Property(c => c.NameEn).HasMaxLength(500);
        b.Property(c => c.Chapter).HasMaxLength(20);
        b.Property(c => c.SearchText).HasMaxLength(600);
        b.Property(c => c.Sign).HasMaxLength(2);
        b.Property(c => c.ListVersion).HasMaxLength(100);
    }
}

internal sealed class CodeListItemConfiguration : IEntityTypeConfiguration<CodeListItem>
{
    public void Configure(EntityTypeBuilder<CodeListItem> b)
    {
        b.HasKey(c => new { c.List, c.Code });
        b.Property(c => c.List).HasMaxLength(40);
        b.Property(c => c.Code).HasMaxLength(40);
        b.Property(c => c.Name).HasMaxLength(600);
        b.Property(c => c.Detail).HasMaxLength(600);
    }
}

internal sealed class ObservationCodeConfiguration : IEntityTypeConfiguration<ObservationCode>
{
    public void Configure(EntityTypeBuilder<ObservationCode> b)
    {
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(20);
        b.Property(c => c.NameVi).HasMaxLength(200);
        b.Property(c => c.NameEn).HasMaxLength(200);
        b.Property(c => c.Unit).HasMaxLength(20);
    }
}

internal sealed class ReferenceDataSetConfiguration : IEntityTypeConfiguration<ReferenceDataSet>
{
    public void Configure(EntityTypeBuilder<ReferenceDataSet> b)
    {
        b.HasKey(r => r.Name);
        b.Property(r => r.Name).HasMaxLength(100);
        b.Property(r => r.Version).HasMaxLength(100);
        b.Property(r => r.Source).HasMaxLength(500);
    }
}

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> b)
    {
        b.Property(f => f.Name).HasMaxLength(300);
        b.Property(f => f.Version).IsConcurrencyToken();
        b.Property(f => f.Address).HasMaxLength(300);
        b.Property(f => f.LicenceNumber).HasMaxLength(50);
        b.Property(f => f.ManagingAgency).HasMaxLength(300);
        b.HasOne(f => f.AdminUnit).WithMany().HasForeignKey(f => f.AdminUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => f.AdminUnitId);
        b.HasMany(f => f.Staff).WithOne(s => s.Facility).HasForeignKey(s => s.FacilityId);
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> b)
    {
        b.Property(s => s.FullName).HasMaxLength(200);
        b.Property(s => s.PractisingCertificateNumber).HasMaxLength(50);
    }
}

internal sealed class BeneficiaryConfiguration : IEntityTypeConfiguration<Beneficiary>
{
    public void Configure(EntityTypeBuilder<Beneficiary> b)
    {
        b.Property(p => p.FullName).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.SearchName).HasMaxLength(200);
        // Column names kept from the free-text era; the values are codes since the coded lists.
        b.Property(p => p.EthnicityCode).HasColumnName("Ethnicity").HasMaxLength(50);
        b.Property(p => p.NationalId).HasMaxLength(12);
        b.Property(p => p.HealthInsuranceNumber).HasMaxLength(15);
        b.Property(p => p.AddressLine).HasMaxLength(300);
        b.HasIndex(p => p.NationalId).IsUnique();
        b.HasIndex(p => p.HealthInsuranceNumber);
        // No b-tree on SearchName: with one, PostgreSQL may walk it in name order and filter every row for a rare
        // name instead of reading the trigram index (SearchAtScaleTests caught the plan flip). Lists ordered by name are
        // small sets already narrowed by facility or ids.
        b.HasIndex(p => p.RegisteredFacilityId);
        b.HasIndex(p => p.AddressUnitId);
        b.HasOne(p => p.AddressUnit).WithMany().HasForeignKey(p => p.AddressUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.RegisteredFacility).WithMany().HasForeignKey(p => p.RegisteredFacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Categories).WithOne().HasForeignKey(c => c.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Contacts).WithOne().HasForeignKey(c => c.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Stays).WithOne(s => s.Beneficiary).HasForeignKey(s => s.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BeneficiaryCategoryConfiguration : IEntityTypeConfiguration<BeneficiaryCategory>
{
    public void Configure(EntityTypeBuilder<BeneficiaryCategory> b)
    {
        b.Property(c => c.MeritTypeCode).HasColumnName("MeritType").HasMaxLength(100);
        b.Property(c => c.DisabilityTypeCode).HasColumnName("DisabilityType").HasMaxLength(100);
        b.Property(c => c.AssistanceTypeCode).HasMaxLength(40);
        b.HasIndex(c => new { c.BeneficiaryId, c.Kind });
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.Property(c => c.FullName).HasMaxLength(200);
        b.Property(c => c.Relationship).HasMaxLength(100);
        b.Property(c => c.Phone).HasMaxLength(20);
    }
}

internal sealed class StayConfiguration : IEntityTypeConfiguration<Stay>
{
    public void Configure(EntityTypeBuilder<Stay> b)
    {
        b.Property(s => s.Note).HasMaxLength(1000);
        b.HasOne(s => s.Facility).WithMany().HasForeignKey(s => s.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.FacilityId, s.AdmittedOn, s.DischargedOn });
        b.HasIndex(s => s.BeneficiaryId);
        // One open stay of each kind per person, in the database too: the service's check alone let eight
        // simultaneous admissions open eight stays (issue #10). The filter is the same SQL on both providers.
        b.HasIndex(s => new { s.BeneficiaryId, s.Kind }).IsUnique().HasFilter("\"DischargedOn\" IS NULL")
            .HasDatabaseName(UniqueViolation.OneOpenStayPerKind);
    }
}

internal sealed class EncounterConfiguration : IEntityTypeConfiguration<Encounter>
{
    public void Configure(EntityTypeBuilder<Encounter> b)
    {
        b.Property(e => e.RecordedBy).HasMaxLength(200);
        b.Property(e => e.Findings).HasMaxLength(4000);
        b.Property(e => e.Conclusion).HasMaxLength(4000);
        b.HasOne(e => e.Beneficiary).WithMany().HasForeignKey(e => e.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.Facility).WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Observations).WithOne().HasForeignKey(o => o.EncounterId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(e => e.Conditions).WithOne().HasForeignKey(c => c.EncounterId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(e => new { e.BeneficiaryId, e.Date });
        b.HasIndex(e => new { e.FacilityId, e.Kind, e.Date });
    }
}

internal sealed class ObservationConfiguration : IEntityTypeConfiguration<Observation>
{
    public void Configure(EntityTypeBuilder<Observation> b)
    {
        b.Property(o => o.Code).HasMaxLength(20);
        b.Property(o => o.Unit).HasMaxLength(20);
        b.HasIndex(o => new { o.BeneficiaryId, o.Code, o.Date });
        // Monitoring reads the chronic-disease readings of a whole province at once. A partial covering index
        // holding only those codes lets PostgreSQL answer from the index alone: 88 ms instead of a 320 ms
        // parallel scan of every observation at 2.25 million rows (docs/benchmarks.md). The loader's query must
        // use the same code list for the planner to match the index.
        b.HasIndex(o => new { o.BeneficiaryId, o.Code, o.Date }, "IX_Observations_ChronicReadings")
            .HasFilter($"\"Code\" IN ({string.Join(", ", Loinc.ChronicDiseaseCodes.Select(c => $"'{c}'"))})")
            .IncludeProperties(o => o.Value);
        b.HasOne(o => o.Beneficiary).WithMany().HasForeignKey(o => o.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StruckOutReadingConfiguration : IEntityTypeConfiguration<StruckOutReading>
{
    public void Configure(EntityTypeBuilder<StruckOutReading> b)
    {
        b.Property(o => o.Id).ValueGeneratedNever(); // the reading's own id
        b.Property(o => o.Code).HasMaxLength(20);
        b.Property(o => o.Unit).HasMaxLength(20);
        b.Property(o => o.Reason).HasMaxLength(500);
        b.Property(o => o.StruckOutBy).HasMaxLength(256);
        b.HasIndex(o => o.BeneficiaryId);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(o => o.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StruckOutRecordConfiguration : IEntityTypeConfiguration<StruckOutRecord>
{
    public void Configure(EntityTypeBuilder<StruckOutRecord> b)
    {
        b.Property(r => r.Content).HasMaxLength(20000);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.StruckOutBy).HasMaxLength(256);
        // A record is struck out once: two people striking it out at once cannot both move it.
        b.HasIndex(r => new { r.Kind, r.RecordId }).IsUnique();
        b.HasIndex(r => r.BeneficiaryId);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(r => r.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConditionConfiguration : IEntityTypeConfiguration<Condition>
{
    public void Configure(EntityTypeBuilder<Condition> b)
    {
        b.Property(c => c.IcdCode).HasMaxLength(10);
        b.Property(c => c.Note).HasMaxLength(1000);
        b.HasOne(c => c.Icd).WithMany().HasForeignKey(c => c.IcdCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.BeneficiaryId, c.IcdCode });
        b.HasIndex(c => c.LastChangedAt); // a client's sync: what changed since its last poll
        b.HasOne(c => c.Beneficiary).WithMany().HasForeignKey(c => c.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(a => a.UserId).HasMaxLength(100);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.EntityType).HasMaxLength(100);
        b.Property(a => a.EntityId).HasMaxLength(100);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.HasIndex(a => new { a.BeneficiaryId, a.At });
        b.HasIndex(a => a.At);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => a.ChainIndex).IsUnique();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.FullName).HasMaxLength(200);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.EndReason).HasMaxLength(40);
        b.Property(s => s.Address).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}

internal sealed class SystemClientConfiguration : IEntityTypeConfiguration<SystemClient>
{
    public void Configure(EntityTypeBuilder<SystemClient> b)
    {
        b.Property(c => c.ClientId).HasMaxLength(64);
        b.HasIndex(c => c.ClientId).IsUnique();
        b.Property(c => c.UserId).HasMaxLength(450);
        b.HasIndex(c => c.UserId).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.SecretHash).HasMaxLength(200);
        b.Property(c => c.PublicKeys).HasMaxLength(20_000);
        b.Property(c => c.CreatedBy).HasMaxLength(256);
        b.Property(c => c.RevokedBy).HasMaxLength(256);
    }
}

internal sealed class UsedClientAssertionConfiguration : IEntityTypeConfiguration<UsedClientAssertion>
{
    public void Configure(EntityTypeBuilder<UsedClientAssertion> b)
    {
        // The key is what makes a replayed assertion fail even when two arrive at once.
        b.HasKey(a => new { a.SystemClientId, a.Jti });
        b.Property(a => a.Jti).HasMaxLength(200);
        b.HasOne<SystemClient>().WithMany().HasForeignKey(a => a.SystemClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.ExpiresAt);
    }
}
