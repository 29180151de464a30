using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Townships;

namespace Planner.Data.Configurations;

sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> builder)
    {
        builder.ToTable("townships");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Code).HasMaxLength(12);
        builder.HasIndex(t => t.Code).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.AreaSquareMetres).HasColumnName("area_m2");
        builder.Property(t => t.Boundary).HasColumnName("boundary").HasGeometry("MultiPolygon");
    }
}
