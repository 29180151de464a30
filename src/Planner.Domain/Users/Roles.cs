
namespace Planner.Users;

/// <summary>
/// The roles. Admins and planners edit and review; leaders view everything; field teams view and report on their
/// townships; inspectors (监督员) report problems and verify handled ones, in their townships or, bound to none, the district.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Planner = "Planner";
    public const string Leader = "Leader";
    public const string FieldTeam = "FieldTeam";
    public const string Inspector = "Inspector";

    public static readonly IReadOnlyList<string> All = [Admin, Planner, Leader, FieldTeam, Inspector];

    /// <summary>The role's name as written, or null if there is no such role (case-insensitive).</summary>
    public static string? Normalize(string? role) => All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
