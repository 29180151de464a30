using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Sites;

/// <summary>A site's audited changes, newest first, each with the fields it changed and the site it links to.</summary>
public static class SiteHistory
{
    /// <param name="Before">The snapshot stored with the change (what "restore the version before" restores).</param>
    /// <param name="Previous">The site as it was before the change: <paramref name="Before"/>, or the state the previous change left.</param>
    public sealed record Entry(long Id, int Version, DateTimeOffset At, string By, RevisionAction Action, string? Summary,
        IReadOnlyList<string> Changed, long? RelatedSiteId, string? RelatedCode, SiteSnapshot? Before, SiteSnapshot? Previous, SiteSnapshot? After);

    public static async Task<IReadOnlyList<Entry>> LoadAsync(PlannerDbContext db, long siteId, CancellationToken cancellationToken = default)
    {
        var rows = await db.SiteRevisions.AsNoTracking().Where(r => r.SiteId == siteId)
            .OrderByDescending(r => r.Version).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Version, r.At, r.By, r.Action, r.Summary, r.RelatedSiteId, RelatedCode = r.RelatedSite!.Code, r.Before, r.BeforeGeometry, r.After, r.AfterGeometry })
            .ToListAsync(cancellationToken);
        // A revision without a "before" (a progress report, a task) changed what the previous one left.
        var snapshots = rows.Select(r => (Before: SiteSnapshot.From(r.Before, r.BeforeGeometry), After: SiteSnapshot.From(r.After, r.AfterGeometry))).ToList();
        return rows.Select((r, i) =>
        {
            var (before, after) = snapshots[i];
            var previous = before ?? snapshots.Skip(i + 1).Select(o => o.After).FirstOrDefault(a => a is not null);
            var changed = r.Action is RevisionAction.Created or RevisionAction.SplitFrom ? [] : SiteSnapshot.ChangedFields(previous, after);
            return new Entry(r.Id, r.Version, r.At, r.By, r.Action, r.Summary, changed, r.RelatedSiteId, r.RelatedCode, before, previous, after);
        }).ToList();
    }
}
