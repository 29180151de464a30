using Microsoft.AspNetCore.Identity;

namespace Planner.Users;

/// <summary>A signed-in person. Field team users are bound to the townships they work in.</summary>
public sealed class PlannerUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public List<UserTownship> Townships { get; } = [];
}
