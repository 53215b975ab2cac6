using AnSinh.Domain.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.RequestedById).HasMaxLength(64);
        b.Property(e => e.RequestedByName).HasMaxLength(256);
        b.Property(e => e.Claims).HasMaxLength(4000);
        b.Property(e => e.FileName).HasMaxLength(260);
        // The worker's queue after a restart, and a user's own imports, newest first.
        b.HasIndex(e => e.Status);
        b.HasIndex(e => new { e.RequestedById, e.CreatedAt });
    }
}
