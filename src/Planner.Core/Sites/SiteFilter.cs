using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Planner.Sites;

/// <summary>
/// A selection of sites as a leader or field team filters them on the map and the list (and, later,
/// for exports). Empty sets mean "any".
/// </summary>
public sealed record SiteFilter
{
    public IReadOnlySet<Programme> Programmes { get; init; } = new HashSet<Programme>();
    public IReadOnlySet<int> TownshipIds { get; init; } = new HashSet<int>();
    public IReadOnlySet<SiteStatus> Statuses { get; init; } = new HashSet<SiteStatus>();
    public bool OverdueOnly { get; init; }
    public bool PilotOnly { get; init; }
    public bool ShowcaseOnly { get; init; }
    /// <summary>Part of the name or code.</summary>
    public string? Text { get; init; }
    /// <summary>Only sites whose bounding box meets this lon/lat box.</summary>
    public Envelope? Bbox { get; init; }
    /// <summary>Part of the responsible unit's name: a team's own sites.</summary>
    public string? Unit { get; init; }
    /// <summary>An area drawn on the map (CGCS2000 lon/lat): only sites that touch it.</summary>
    public NetTopologySuite.Geometries.Geometry? Area
    {
        get => area;
        init
        {
            area = value;
            preparedArea = value is null ? null : NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(value);
        }
    }

    NetTopologySuite.Geometries.Geometry? area;
    NetTopologySuite.Geometries.Prepared.IPreparedGeometry? preparedArea;

    /// <summary>The exact test for <see cref="Area"/>, after the database's bounding-box test (SQLite has no spatial predicates).</summary>
    public bool MatchesArea(NetTopologySuite.Geometries.Geometry geometry) => preparedArea is null || preparedArea.Intersects(geometry);

    public IQueryable<Site> Apply(IQueryable<Site> sites, DateOnly today)
    {
        sites = sites.Where(s => s.DeletedAt == null);
        if (Programmes.Count > 0)
        {
            var codes = Programmes.Select(p => p.Code()).ToList();
            sites = sites.Where(s => codes.Contains(EF.Property<string>(s, "programme")));
        }
        if (TownshipIds.Count > 0)
        {
            var ids = TownshipIds.ToList();
            sites = sites.Where(s => ids.Contains(s.TownshipId));
        }
        if (Statuses.Count > 0)
        {
            var statuses = Statuses.ToList();
            sites = sites.Where(s => statuses.Contains(s.Status));
        }
        if (OverdueOnly)
            sites = sites.Where(s => s.PlannedEnd < today && s.Status != SiteStatus.Completed && s.Status != SiteStatus.Accepted);
        if (PilotOnly) sites = sites.Where(s => s.IsPilot);
        if (ShowcaseOnly) sites = sites.Where(s => s.IsShowcase);
        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = Text.Trim();
            sites = sites.Where(s => s.Name.Contains(text) || s.Code.Contains(text));
        }
        if (Bbox is { } b)
            sites = sites.Where(s => s.MinLon <= b.MaxX && s.MaxLon >= b.MinX && s.MinLat <= b.MaxY && s.MaxLat >= b.MinY);
        if (Area?.EnvelopeInternal is { IsNull: false } a)
            sites = sites.Where(s => s.MinLon <= a.MaxX && s.MaxLon >= a.MinX && s.MinLat <= a.MaxY && s.MaxLat >= a.MinY);
        if (!string.IsNullOrWhiteSpace(Unit))
        {
            var unit = Unit.Trim();
            sites = sites.Where(s => s.ResponsibleUnit != null && s.ResponsibleUnit.Contains(unit));
        }
        return sites;
    }
}
