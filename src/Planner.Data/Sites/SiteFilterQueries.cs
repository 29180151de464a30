using Microsoft.EntityFrameworkCore;
using Planner.Sites;

namespace Planner.Data;

/// <summary>A <see cref="SiteFilter"/> as a database query; the same on both engines.</summary>
public static class SiteFilterQueries
{
    public static IQueryable<Site> Apply(this SiteFilter filter, IQueryable<Site> sites, DateOnly today)
    {
        sites = sites.Where(s => s.DeletedAt == null);
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
        if (filter.OverdueOnly)
            sites = sites.Where(s => s.PlannedEnd < today && s.Status != SiteStatus.Completed && s.Status != SiteStatus.Accepted);
        if (filter.PilotOnly) sites = sites.Where(s => s.IsPilot);
        if (filter.ShowcaseOnly) sites = sites.Where(s => s.IsShowcase);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            sites = sites.Where(s => s.Name.Contains(text) || s.Code.Contains(text));
        }
        if (filter.Bbox is { } b)
            sites = sites.Where(s => s.MinLon <= b.MaxX && s.MaxLon >= b.MinX && s.MinLat <= b.MaxY && s.MaxLat >= b.MinY);
        if (filter.Area?.EnvelopeInternal is { IsNull: false } a)
            sites = sites.Where(s => s.MinLon <= a.MaxX && s.MaxLon >= a.MinX && s.MinLat <= a.MaxY && s.MaxLat >= a.MinY);
        if (!string.IsNullOrWhiteSpace(filter.Unit))
        {
            var unit = filter.Unit.Trim();
            sites = sites.Where(s => s.ResponsibleUnit != null && s.ResponsibleUnit.Contains(unit));
        }
        return sites;
    }
}
