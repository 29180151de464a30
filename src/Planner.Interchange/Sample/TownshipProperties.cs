namespace Planner.Sample;

public sealed record TownshipProperties(string Code, string Name);
