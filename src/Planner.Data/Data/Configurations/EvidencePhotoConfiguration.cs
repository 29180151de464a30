using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Field;

namespace Planner.Data.Configurations;

sealed class EvidencePhotoConfiguration : IEntityTypeConfiguration<EvidencePhoto>
{
    public void Configure(EntityTypeBuilder<EvidencePhoto> builder)
    {
        builder.ToTable("evidence_photos");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.FileName).HasMaxLength(255);
        builder.Property(p => p.ContentType).HasMaxLength(32);
        builder.Property(p => p.Sha256).HasMaxLength(64);
        builder.Property(p => p.UploadedBy).HasMaxLength(100);
        builder.Ignore(p => p.Flagged);
        builder.HasIndex(p => p.Sha256);
        builder.HasIndex(p => p.ReportId);
        builder.HasIndex(p => p.CaseId);
        builder.HasIndex(p => p.SupervisionId);
        builder.Property(p => p.Stage).HasMaxLength(16);
    }
}
