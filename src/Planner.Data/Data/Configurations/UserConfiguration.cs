using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planner.Townships;
using Planner.Users;

namespace Planner.Data.Configurations;

sealed class PlannerUserConfiguration : IEntityTypeConfiguration<PlannerUser>
{
    public void Configure(EntityTypeBuilder<PlannerUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.HasMany(u => u.Townships).WithOne().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class UserTownshipConfiguration : IEntityTypeConfiguration<UserTownship>
{
    public void Configure(EntityTypeBuilder<UserTownship> builder)
    {
        builder.ToTable("user_townships");
        builder.HasKey(t => new { t.UserId, t.TownshipId });
        builder.HasOne<Township>().WithMany().HasForeignKey(t => t.TownshipId).OnDelete(DeleteBehavior.Restrict);
    }
}
