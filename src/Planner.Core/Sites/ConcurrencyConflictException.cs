namespace Planner.Sites;

/// <summary>The site changed since the caller read it; nothing was saved.</summary>
public sealed class ConcurrencyConflictException(long siteId, int expectedVersion, int currentVersion)
    : Exception($"site {siteId} was changed by someone else: you edited version {expectedVersion}, it is now at version {currentVersion}")
{
    public long SiteId { get; } = siteId;
    public int ExpectedVersion { get; } = expectedVersion;
    public int CurrentVersion { get; } = currentVersion;
}
