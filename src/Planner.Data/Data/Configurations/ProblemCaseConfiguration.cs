using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Field;

namespace Planner.Data.Configurations;

sealed class ProblemCaseConfiguration : IEntityTypeConfiguration<ProblemCase>
{
    public void Configure(EntityTypeBuilder<ProblemCase> builder)
    {
        builder.ToTable("problem_cases");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.Property(c => c.Category).HasMaxLength(32);
        builder.Property(c => c.Location).HasColumnName("geom").HasGeometry("Point");
        builder.Property(c => c.Description).HasMaxLength(1000);
        builder.Property(c => c.ReportedBy).HasMaxLength(100);
        builder.Property(c => c.ReporterName).HasMaxLength(100);
        builder.Property(c => c.HandledBy).HasMaxLength(100);
        builder.Property(c => c.DispatchedUnit).HasMaxLength(200);
        builder.Property(c => c.State).HasConversion(s => s.Code(), s => CaseCodes.ParseState(s)).HasMaxLength(16).HasSentinel(CaseState.Reported);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsOpen);
        builder.HasIndex(c => new { c.State, c.Category });
        builder.HasIndex(c => c.TownshipId);
        builder.HasOne<Planner.Townships.Township>().WithMany().HasForeignKey(c => c.TownshipId);
        builder.HasOne<Planner.Sites.Site>().WithMany().HasForeignKey(c => c.SiteId);
        builder.HasOne<ProblemCase>().WithMany().HasForeignKey(c => c.RecurrenceOf);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId);
        builder.HasMany(c => c.Photos).WithOne().HasForeignKey(p => p.CaseId);
    }
}
