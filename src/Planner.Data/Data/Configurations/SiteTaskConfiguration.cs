using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Sites;

namespace Planner.Data.Configurations;

sealed class SiteTaskConfiguration : IEntityTypeConfiguration<SiteTask>
{
    public void Configure(EntityTypeBuilder<SiteTask> builder)
    {
        builder.ToTable("site_tasks");
        builder.HasKey(t => t.Id);
        builder.Ignore(t => t.IsDone);
        builder.Property(t => t.Measure).HasMaxLength(1000);
        builder.Property(t => t.ResponsiblePerson).HasMaxLength(100);
        builder.HasIndex(t => new { t.SiteId, t.Deadline });
    }
}
