using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Field;

namespace Planner.Data.Configurations;

sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.ToTable("progress_reports");
        builder.HasKey(r => r.Id);
        builder.HasOne(r => r.Site).WithMany().HasForeignKey(r => r.SiteId);
        builder.HasIndex(r => r.ClientId).IsUnique();
        builder.HasIndex(r => new { r.SiteId, r.ReportedAt });
        builder.HasIndex(r => r.State);
        builder.Property(r => r.ReportedBy).HasMaxLength(100);
        builder.Property(r => r.ReporterName).HasMaxLength(100);
        builder.Property(r => r.ReviewedBy).HasMaxLength(100);
        builder.Property(r => r.ProposedStatus).HasConversion(EnumCodes.NullableStatus).HasMaxLength(16);
        builder.Property(r => r.State).HasConversion(s => s.Code(), s => ReportStateExtensions.Parse(s)).HasMaxLength(16).HasSentinel(ReportState.Pending);
        builder.Property(r => r.Note).HasMaxLength(1000);
        builder.Property(r => r.ReturnReason).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasMany(r => r.Photos).WithOne().HasForeignKey(p => p.ReportId);
    }
}
