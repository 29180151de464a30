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

public enum RevisionAction
{
    Created = 1,
    Edited = 2,
    Deleted = 3,
    Restored = 4,
    Progress = 5,
    Task = 6,
    /// <summary>This site was cut in two; the related site is the other part.</summary>
    Split = 7,
    /// <summary>This site was made from part of the related site.</summary>
    SplitFrom = 8,
    /// <summary>The related site was merged into this one.</summary>
    Merged = 9,
    /// <summary>This site was merged into the related one and retired.</summary>
    MergedInto = 10,
    Imported = 11,
}

public static class RevisionActionExtensions
{
    public static string Code(this RevisionAction a) => a switch
    {
        RevisionAction.SplitFrom => "split-from",
        RevisionAction.MergedInto => "merged-into",
        _ => a.ToString().ToLowerInvariant(),
    };

    public static RevisionAction Parse(string code)
    {
        foreach (var a in Enum.GetValues<RevisionAction>())
            if (a.Code() == code) return a;
        throw new ArgumentOutOfRangeException(nameof(code), code, "unknown revision action");
    }
}
