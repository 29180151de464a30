namespace Planner.Users;

/// <summary>A field user's township ("whose territory, whose responsibility").</summary>
public sealed class UserTownship
{
    public required string UserId { get; init; }
    public required int TownshipId { get; init; }
}
