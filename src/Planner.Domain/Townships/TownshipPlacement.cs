namespace Planner.Townships;

/// <summary>Where a site lies: the township holding its largest part, and the share of it inside the district at all.</summary>
public sealed record TownshipPlacement(Township? Township, double ShareInside);
