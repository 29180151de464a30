namespace Planner.Sites;

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
