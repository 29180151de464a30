namespace Planner.Sites;

/// <summary>What checking a drawn geometry (before saving) finds: its measures, township, problems and overlaps.</summary>
public sealed record SiteCheck(double? AreaSquareMetres, double LengthMetres, Townships.Township? Township,
    IReadOnlyList<Validation.Problem> Problems, IReadOnlyList<SiteOverlap> Overlaps);
