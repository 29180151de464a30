namespace Planner.Sites;

/// <summary>Another site of the same programme that a geometry overlaps, and by how much (m², Gauss–Krüger).</summary>
public sealed record SiteOverlap(long Id, string Code, string Name, double AreaSquareMetres);
