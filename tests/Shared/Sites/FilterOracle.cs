using Planner.Sites;

namespace Planner.Tests;

/// <summary>
/// What a filter should select, said plainly over sites in memory: the expectation the database queries
/// (<c>SelectSites</c>) are tested against, written apart from them.
/// </summary>
static class FilterOracle
{
    public static bool Matches(SiteFilter f, Site s, DateOnly today) =>
        s.DeletedAt is null
        && (f.Programmes.Count == 0 || f.Programmes.Contains(s.Programme))
        && (f.TownshipIds.Count == 0 || f.TownshipIds.Contains(s.TownshipId))
        && (f.Statuses.Count == 0 || f.Statuses.Contains(s.Status))
        && (!f.OverdueOnly || (s.PlannedEnd is { } end && end < today && s.Status is not (SiteStatus.Completed or SiteStatus.Accepted)))
        && (!f.PilotOnly || s.IsPilot)
        && (!f.ShowcaseOnly || s.IsShowcase)
        && (string.IsNullOrWhiteSpace(f.Text) || s.Name.Contains(f.Text.Trim(), StringComparison.Ordinal) || s.Code.Contains(f.Text.Trim(), StringComparison.Ordinal))
        && (string.IsNullOrWhiteSpace(f.Unit) || (s.ResponsibleUnit?.Contains(f.Unit.Trim(), StringComparison.Ordinal) ?? false))
        && (f.Bbox is not { } box || s.Geometry.Intersects(s.Geometry.Factory.ToGeometry(box)))
        && (f.Area is not { } area || area.Intersects(s.Geometry));

    public static IEnumerable<Site> Select(SiteFilter f, IEnumerable<Site> sites, DateOnly today) => sites.Where(s => Matches(f, s, today));
}
