using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Supervision;

namespace Planner.Data.Configurations;

sealed class SupervisionEventConfiguration : IEntityTypeConfiguration<SupervisionEvent>
{
    public void Configure(EntityTypeBuilder<SupervisionEvent> builder)
    {
        builder.ToTable("supervision_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ByUser).HasMaxLength(100);
        builder.Property(e => e.By).HasColumnName("by_name").HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(16);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => new { e.SupervisionId, e.At });
    }
}
