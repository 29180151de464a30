namespace Planner.Sites;

/// <summary>The site changed since the caller read it; nothing was saved.</summary>
public sealed class ConcurrencyConflictException(long siteId, int expectedVersion, int currentVersion)
    : Exception(Localization.L10n.T($"项目 {siteId} 已被他人修改：您编辑的是第 {expectedVersion} 版，现在已是第 {currentVersion} 版",
        $"site {siteId} was changed by someone else: you edited version {expectedVersion}, it is now at version {currentVersion}"))
{
    public long SiteId { get; } = siteId;
    public int ExpectedVersion { get; } = expectedVersion;
    public int CurrentVersion { get; } = currentVersion;
}
