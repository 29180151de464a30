using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Sites;

namespace Planner.Data.Configurations;

sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("sites");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.Programme);
        builder.Ignore(s => s.AreaMu);
        builder.HasDiscriminator<string>("programme")
            .HasValue<RoadSite>(Programme.Road.Code())
            .HasValue<CompoundSite>(Programme.Compound.Code())
            .HasValue<FringeSite>(Programme.Fringe.Code());
        builder.Property("programme").HasMaxLength(16);

        builder.Property(s => s.Code).HasMaxLength(64);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion(EnumCodes.Status).HasMaxLength(16);
        builder.Property(s => s.SuspendedFrom).HasConversion(EnumCodes.NullableStatus).HasMaxLength(16);
        builder.Property(s => s.Budget).HasPrecision(14, 2);
        builder.Property(s => s.AreaSquareMetres).HasColumnName("area_m2");
        builder.Property(s => s.LengthMetres).HasColumnName("length_m");
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.Geometry).HasColumnName("geom").HasGeometry("Geometry");
        builder.HasIndex(s => new { s.MinLon, s.MinLat, s.MaxLon, s.MaxLat });
        builder.HasIndex(s => new { s.TownshipId, s.Status });

        builder.HasOne(s => s.Township).WithMany().HasForeignKey(s => s.TownshipId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.ProgressRecords).WithOne().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Tasks).WithOne().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(s => s.ProgressRecords).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

sealed class RoadSiteConfiguration : IEntityTypeConfiguration<RoadSite>
{
    public void Configure(EntityTypeBuilder<RoadSite> builder)
    {
        builder.Property(s => s.WidthMetres).HasColumnName("road_width_m");
        builder.Property(s => s.Grade).HasColumnName("road_grade").HasMaxLength(32);
    }
}

sealed class CompoundSiteConfiguration : IEntityTypeConfiguration<CompoundSite>
{
    public void Configure(EntityTypeBuilder<CompoundSite> builder)
    {
        builder.Property(s => s.FloorAreaSquareMetres).HasColumnName("floor_area_m2");
        builder.Property(s => s.WorksClass).HasConversion(EnumCodes.NullableWorksClass).HasMaxLength(16);
    }
}

sealed class FringeSiteConfiguration : IEntityTypeConfiguration<FringeSite>
{
    public void Configure(EntityTypeBuilder<FringeSite> builder)
    {
        builder.Property(s => s.IllegalStructureAreaSquareMetres).HasColumnName("illegal_structure_area_m2");
    }
}
