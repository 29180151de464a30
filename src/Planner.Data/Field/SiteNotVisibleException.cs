namespace Planner.Field;

/// <summary>No such site, or not one the user may see: the API answers 404 for both, so scope is not probed.</summary>
public sealed class SiteNotVisibleException(long siteId) : Exception($"site {siteId} is not visible")
{
    public long SiteId { get; } = siteId;
}
