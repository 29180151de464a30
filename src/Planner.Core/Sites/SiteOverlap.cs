namespace Planner.Sites;

/// <summary>Another site of the same programme that a geometry overlaps, and by how much (m², Gauss–Krüger).</summary>
public sealed record SiteOverlap(long Id, string Code, string Name, double AreaSquareMetres);

/// <summary>
/// The site overlaps others of its programme. Not an error: the planner may confirm and save again.
/// Nothing was saved.
/// </summary>
public sealed class OverlapWarningException(IReadOnlyList<SiteOverlap> overlaps)
    : Exception(Localization.L10n.T($"该项目与同类别的 {overlaps.Count} 个项目重叠：", $"the site overlaps {overlaps.Count} other site(s) of its programme: ") +
                Localization.L10n.List(overlaps.Select(o => $"{o.Code} {o.Name} ({o.AreaSquareMetres:0.#} m²)")))
{
    public IReadOnlyList<SiteOverlap> Overlaps { get; } = overlaps;
}

/// <summary>What checking a drawn geometry (before saving) finds: its measures, township, problems and overlaps.</summary>
public sealed record SiteCheck(double? AreaSquareMetres, double LengthMetres, Townships.Township? Township,
    IReadOnlyList<Validation.Problem> Problems, IReadOnlyList<SiteOverlap> Overlaps);
