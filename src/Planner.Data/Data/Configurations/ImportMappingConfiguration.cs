using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Import;

namespace Planner.Data.Configurations;

sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> builder)
    {
        builder.ToTable("import_mappings");
        builder.HasKey(m => m.SourceKey);
        builder.Property(m => m.SourceKey).HasMaxLength(200);
    }
}
