using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Sites;

namespace Planner.Data.Configurations;

sealed class ProgressRecordConfiguration : IEntityTypeConfiguration<ProgressRecord>
{
    public void Configure(EntityTypeBuilder<ProgressRecord> builder)
    {
        builder.ToTable("progress_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.By).HasColumnName("by_user").HasMaxLength(100);
        builder.Property(r => r.Status).HasConversion(EnumCodes.Status).HasMaxLength(16);
        builder.HasIndex(r => new { r.SiteId, r.At });
    }
}
