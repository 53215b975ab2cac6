using AnSinh.Domain.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnSinh.Data.Configurations;

internal sealed class BulkExportConfiguration : IEntityTypeConfiguration<BulkExport>
{
    public void Configure(EntityTypeBuilder<BulkExport> b)
    {
        b.Property(e => e.RequestedById).HasMaxLength(64);
        b.Property(e => e.RequestedByName).HasMaxLength(256);
        b.Property(e => e.Claims).HasMaxLength(4000);
        b.Property(e => e.Request).HasMaxLength(2000);
        b.Property(e => e.Level).HasMaxLength(10);
        b.Property(e => e.GroupId).HasMaxLength(40);
        b.Property(e => e.Types).HasMaxLength(200);
        b.Property(e => e.Progress).HasMaxLength(200);
        b.Property(e => e.Error).HasMaxLength(2000);
        b.Property(e => e.Output).HasMaxLength(8000);
        // The worker's queue and the sweep of expired files.
        b.HasIndex(e => e.Status);
    }
}
