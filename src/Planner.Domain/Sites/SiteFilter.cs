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
    /// <summary>Only sites that meet this lon/lat box (the map's view).</summary>
    public Envelope? Bbox { get; init; }
    /// <summary>Part of the responsible unit's name: a team's own sites.</summary>
    public string? Unit { get; init; }
    /// <summary>An area drawn on the map (CGCS2000 lon/lat): only sites that meet it.</summary>
    public NetTopologySuite.Geometries.Geometry? Area { get; init; }
}
