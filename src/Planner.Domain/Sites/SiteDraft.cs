namespace Planner.Sites;

/// <summary>What a planner (or an import) supplies to create a site; the service validates all of it.</summary>
public sealed record SiteDraft
{
    public required Programme Programme { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required NetTopologySuite.Geometries.Geometry Geometry { get; init; }
    /// <summary>Township code; when null the township with the largest overlap is used.</summary>
    public string? TownshipCode { get; init; }
    public string? Community { get; init; }
    public string? ResponsibleUnit { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? ResponsiblePhone { get; init; }
    public string? LeadOfficial { get; init; }
    public DateOnly? PlannedStart { get; init; }
    public DateOnly? PlannedEnd { get; init; }
    public decimal? Budget { get; init; }
    public bool IsPilot { get; init; }
    public bool IsShowcase { get; init; }
    public string? Notes { get; init; }
    public CompoundFields? Compound { get; init; }
    public RoadFields? Road { get; init; }
    public FringeFields? Fringe { get; init; }
}
