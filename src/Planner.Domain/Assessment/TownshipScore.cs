namespace Planner.Assessment;

/// <summary>
/// A township's month: its score out of 100 over the components that applied, its rank among the townships with
/// enough items (<see cref="Ranked"/>), the list it is on (红榜 "red", 黑榜 "black"), and the components.
/// Movement and the black-list streak come from the months before.
/// </summary>
public sealed record TownshipScore(int TownshipId, string Code, string Name, int Order, int Sample, bool Ranked, double? Score, int? Rank, string? List,
    IReadOnlyList<ComponentScore> Components)
{
    public const string Red = "red";
    public const string Black = "black";

    /// <summary>Last month's rank (none when not ranked then).</summary>
    public int? PreviousRank { get; init; }

    /// <summary>Months in a row on the black list, this one included.</summary>
    public int BlackStreak { get; init; }
}
