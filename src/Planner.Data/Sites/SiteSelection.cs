using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Spatial;
using Planner.Users;

namespace Planner.Sites;

/// <summary>
/// A <see cref="SiteFilter"/> within a user's scope as one database query, the same on both engines: what the map, the
/// list, the township figures, exports and sheets show. The box and the drawn area are exact spatial tests through the
/// spatial index (<see cref="SpatialQueries"/>), so every view of a selection counts the same sites.
/// </summary>
public static class SiteSelection
{
    /// <summary>The sites the filter selects and the scope shows, deleted ones left out, not tracked.</summary>
    public static IQueryable<Site> SelectSites(this PlannerDbContext db, SiteFilter filter, SiteScope scope, DateOnly today)
    {
        var shapes = new List<NetTopologySuite.Geometries.Geometry>(2);
        if (filter.Area is { } area) shapes.Add(area);
        if (filter.Bbox is { } box) shapes.Add(SpatialQueries.Box(box));
        var sites = scope.Apply(db.SitesMeeting(shapes).AsNoTracking()).Where(s => s.DeletedAt == null);
        if (filter.Programmes.Count > 0)
        {
            var codes = filter.Programmes.Select(p => p.Code()).ToList();
            sites = sites.Where(s => codes.Contains(EF.Property<string>(s, "programme")));
        }
        if (filter.TownshipIds.Count > 0)
        {
            var ids = filter.TownshipIds.ToList();
            sites = sites.Where(s => ids.Contains(s.TownshipId));
        }
        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.ToList();
            sites = sites.Where(s => statuses.Contains(s.Status));
        }
        if (filter.OverdueOnly) sites = sites.Where(OverdueRule.On(today));
        if (filter.PilotOnly) sites = sites.Where(s => s.IsPilot);
        if (filter.ShowcaseOnly) sites = sites.Where(s => s.IsShowcase);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            sites = sites.Where(s => s.Name.Contains(text) || s.Code.Contains(text));
        }
        if (!string.IsNullOrWhiteSpace(filter.Unit))
        {
            var unit = filter.Unit.Trim();
            sites = sites.Where(s => s.ResponsibleUnit != null && s.ResponsibleUnit.Contains(unit));
        }
        return sites;
    }
}
