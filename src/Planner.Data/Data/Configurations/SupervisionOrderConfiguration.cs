using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Supervision;

namespace Planner.Data.Configurations;

sealed class SupervisionOrderConfiguration : IEntityTypeConfiguration<SupervisionOrder>
{
    public void Configure(EntityTypeBuilder<SupervisionOrder> builder)
    {
        builder.ToTable("supervision_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Subject).HasMaxLength(300);
        builder.Property(o => o.Unit).HasMaxLength(200);
        builder.Property(o => o.Requirement).HasMaxLength(1000);
        builder.Property(o => o.IssuedBy).HasMaxLength(100);
        builder.Property(o => o.IssuerName).HasMaxLength(100);
        builder.Property(o => o.Answer).HasMaxLength(1000);
        builder.Property(o => o.AnsweredBy).HasMaxLength(100);
        builder.Property(o => o.State).HasConversion(s => SupervisionOrder.Code(s), s => SupervisionOrder.ParseState(s)).HasMaxLength(16).HasSentinel(SupervisionState.Open);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.State, o.TownshipId });
        builder.HasIndex(o => o.SiteId);
        builder.HasIndex(o => o.CaseId);
        builder.HasOne<Planner.Townships.Township>().WithMany().HasForeignKey(o => o.TownshipId);
        builder.HasOne<Planner.Sites.Site>().WithMany().HasForeignKey(o => o.SiteId);
        builder.HasOne<Planner.Field.ProblemCase>().WithMany().HasForeignKey(o => o.CaseId);
        builder.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.SupervisionId);
        builder.HasMany(o => o.Photos).WithOne().HasForeignKey(p => p.SupervisionId);
    }
}
