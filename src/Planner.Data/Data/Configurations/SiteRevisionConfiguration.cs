using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Sites;

namespace Planner.Data.Configurations;

sealed class SiteRevisionConfiguration : IEntityTypeConfiguration<SiteRevision>
{
    public void Configure(EntityTypeBuilder<SiteRevision> builder)
    {
        builder.ToTable("site_revisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.By).HasColumnName("by_user").HasMaxLength(100);
        // The sentinel names a real action: a compiled model passes the sentinel through the converter, and 0 is none.
        builder.Property(r => r.Action).HasConversion(a => a.Code(), s => RevisionActionExtensions.Parse(s)).HasMaxLength(16).HasSentinel(RevisionAction.Created);
        builder.Property(r => r.Summary).HasMaxLength(500);
        builder.Property(r => r.BeforeGeometry).HasColumnName("before_geom").HasGeometry("Geometry");
        builder.Property(r => r.AfterGeometry).HasColumnName("after_geom").HasGeometry("Geometry");
        builder.HasOne(r => r.Site).WithMany().HasForeignKey(r => r.SiteId);
        builder.HasOne(r => r.RelatedSite).WithMany().HasForeignKey(r => r.RelatedSiteId);
        builder.HasIndex(r => new { r.SiteId, r.Version });
    }
}
