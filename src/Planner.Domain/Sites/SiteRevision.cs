namespace Planner.Sites;

/// <summary>
/// One audited change of a site: who, when, what kind, and the site's fields and geometry before and
/// after (<see cref="SiteSnapshot"/>s). Append-only like the progress records. Splits and merges link the
/// revisions of the sites involved through <see cref="RelatedSiteId"/>.
/// </summary>
public sealed class SiteRevision
{
    public long Id { get; private set; }
    public long SiteId { get; private set; }
    public Site? Site { get; init; }
    /// <summary>The site's version this change produced (filled in when saved).</summary>
    public int Version { get; internal set; }
    public required DateTimeOffset At { get; init; }
    public required string By { get; init; }
    public required RevisionAction Action { get; init; }
    public string? Summary { get; init; }
    /// <summary>Snapshot before the change (the Feature's properties); null for a new site.</summary>
    public string? Before { get; init; }
    /// <summary>The geometry before the change (older revisions keep it inside <see cref="Before"/>).</summary>
    public NetTopologySuite.Geometries.Geometry? BeforeGeometry { get; init; }
    /// <summary>Snapshot after the change (filled in when saved).</summary>
    public string? After { get; private set; }
    /// <summary>The geometry after the change (older revisions keep it inside <see cref="After"/>).</summary>
    public NetTopologySuite.Geometries.Geometry? AfterGeometry { get; private set; }
    public long? RelatedSiteId { get; private set; }

    public SiteSnapshot? BeforeSnapshot() => SiteSnapshot.From(Before, BeforeGeometry);
    public SiteSnapshot? AfterSnapshot() => SiteSnapshot.From(After, AfterGeometry);

    /// <summary>The state the change left; taken when saved unless the change had it already.</summary>
    internal void SetAfter(SiteSnapshot after)
    {
        After = after.Feature;
        AfterGeometry = after.Geometry;
    }
    public Site? RelatedSite { get; init; }
}
