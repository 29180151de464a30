using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planner.Data;
using Planner.Users;

namespace Planner.Web.Access;

/// <summary>Puts a user's townships into the sign-in cookie, so every request knows its scope without a query.</summary>
sealed class PlannerClaimsFactory(UserManager<PlannerUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, PlannerDbContext db)
    : UserClaimsPrincipalFactory<PlannerUser, IdentityRole>(users, roles, options)
{
    public const string TownshipClaim = "planner:township";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlannerUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var townships = await db.UserTownships.Where(t => t.UserId == user.Id).Select(t => t.TownshipId).ToListAsync();
        foreach (var id in townships) identity.AddClaim(new Claim(TownshipClaim, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.DisplayName is { } name) identity.AddClaim(new Claim("planner:display-name", name));
        return identity;
    }
}

public static class PrincipalExtensions
{
    /// <summary>What this user may see.</summary>
    public static SiteScope Scope(this ClaimsPrincipal user) => SiteScope.For(
        Roles.All.Where(user.IsInRole),
        user.FindAll(PlannerClaimsFactory.TownshipClaim).Select(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)));

    public static bool CanEdit(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Planner);

    /// <summary>Leaders, planners and admins: who issue 督办 (<see cref="Planner.Supervision.SupervisionOrder.MayIssue"/>) and read the district's documents.</summary>
    public static bool LeadsOrPlans(this ClaimsPrincipal user) => user.IsInRole(Roles.Leader) || user.CanEdit();

    /// <summary>Field teams report progress from the site (planners and admins record it directly, and may report too).</summary>
    public static bool IsFieldTeam(this ClaimsPrincipal user) => user.IsInRole(Roles.FieldTeam);

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirst("planner:display-name")?.Value ?? user.Identity?.Name ?? "";
}
