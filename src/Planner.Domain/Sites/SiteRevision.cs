namespace Planner.Sites;

/// <summary>
/// One audited change of a site: who, when, what kind, and the site's fields and geometry before and
/// after (GeoJSON Feature snapshots). Append-only like the progress records. Splits and merges link the
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
    /// <summary>Snapshot before the change; null for a new site.</summary>
    public string? Before { get; init; }
    /// <summary>Snapshot after the change (filled in when saved).</summary>
    public string? After { get; internal set; }
    public long? RelatedSiteId { get; private set; }
    public Site? RelatedSite { get; init; }
}
