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
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                // No lockout: five anonymous wrong passwords would lock anyone out. Sign-in is rate-limited
                // per client and per account instead (the web app's sign-in page).
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<PlannerIdentityErrors>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddEntityFrameworkStores<PlannerDbContext>();
}
