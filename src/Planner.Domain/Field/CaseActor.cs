using Planner.Users;

namespace Planner.Field;

/// <summary>Who takes a step on a case: their user name (what "not the same person" compares), the name shown, roles and scope.</summary>
public sealed record CaseActor(string UserName, string DisplayName, IReadOnlySet<string> Roles, SiteScope Scope)
{
    /// <summary>The command centre: accepts, voids and dispatches.</summary>
    public bool IsCommandCentre => Roles.Contains(Users.Roles.Admin) || Roles.Contains(Users.Roles.Planner);
    public bool IsInspector => Roles.Contains(Users.Roles.Inspector);
    public bool IsFieldTeam => Roles.Contains(Users.Roles.FieldTeam);
    /// <summary>Problems are reported by inspectors, field teams and the command centre; leaders read.</summary>
    public bool MayReport => IsCommandCentre || IsInspector || IsFieldTeam;
}
