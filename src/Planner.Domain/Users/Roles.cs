
namespace Planner.Users;

/// <summary>The four roles. Admins and planners edit; leaders view everything; field teams view their townships.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Planner = "Planner";
    public const string Leader = "Leader";
    public const string FieldTeam = "FieldTeam";

    public static readonly IReadOnlyList<string> All = [Admin, Planner, Leader, FieldTeam];

    /// <summary>The role's name as written, or null if there is no such role (case-insensitive).</summary>
    public static string? Normalize(string? role) => All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
