using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Field;

namespace Planner.Data.Configurations;

sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("case_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ByUser).HasMaxLength(100);
        builder.Property(e => e.By).HasColumnName("by_name").HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(16);
        builder.Property(e => e.FromState).HasConversion(s => s == null ? null : s.Value.Code(), s => s == null ? null : CaseCodes.ParseState(s)).HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion(s => s.Code(), s => CaseCodes.ParseState(s)).HasMaxLength(16).HasSentinel(CaseState.Reported);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => new { e.CaseId, e.At });
    }
}
