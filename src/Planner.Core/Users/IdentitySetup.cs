using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;

namespace Planner.Users;

public static class IdentitySetup
{
    /// <summary>Identity's user store on the Planner database, with the password rules the web app and CLI share.</summary>
    public static IdentityBuilder AddPlannerIdentityCore(this IServiceCollection services) =>
        services.AddIdentityCore<PlannerUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlannerDbContext>();
}
