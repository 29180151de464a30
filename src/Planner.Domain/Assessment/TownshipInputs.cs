namespace Planner.Assessment;

/// <summary>What a township is scored on for a month: each component's count. <see cref="Order"/> is the district's order of townships.</summary>
public sealed record TownshipInputs(int TownshipId, string Code, string Name, int Order, IReadOnlyList<ComponentCount> Counts)
{
    /// <summary>How many different sites and cases were counted: the sample the score rests on.</summary>
    public int Sample => Counts.SelectMany(c => c.Items).Select(i => (i.Kind, i.Id)).Distinct().Count();
}
