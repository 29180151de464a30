using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Pages.Sites;

/// <summary>
/// A site's timeline: who changed what and when, each change's before and after (planners restore a version), and
/// between them the field's progress reports with their photos, newest first.
/// </summary>
public sealed class HistoryModel(PlannerDbContext db, SiteService service, DistrictTime time, ProgressReportService reports) : PageModel
{
    /// <summary>One line of the timeline: a revision or a field report.</summary>
    public sealed record TimelineItem(DateTimeOffset At, SiteHistory.Entry? Revision, ReportSummary? Report);

    public Site Site { get; private set; } = null!;
    public IReadOnlyList<SiteHistory.Entry> Entries { get; private set; } = [];
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];
    public string? Message { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>The restore that overlaps other sites, to confirm: the revision and whether it is the state before it.</summary>
    public (long Revision, bool Before)? OverlapToConfirm { get; private set; }
    public DistrictTime Time => time;

    public async Task<IActionResult> OnGetAsync(long id, int? restored, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken)) return NotFound();
        await LoadAsync(id, cancellationToken);
        if (restored is { } v) Message = string.Format(Localization.UiText.For(HttpContext)["history.restored"], v);
        return Page();
    }

    /// <summary>Restores the fields and geometry after (or before) a revision; <paramref name="version"/> is the version the planner saw.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(long id, long revision, bool before, int version, bool confirmOverlap, CancellationToken cancellationToken)
    {
        if (!User.CanEdit()) return Forbid();
        if (!await FindAsync(id, cancellationToken)) return NotFound();
        try
        {
            var site = await service.RestoreAsync(id, revision, before, version, User.DisplayName(), confirmOverlap, cancellationToken);
            return RedirectToPage(new { id, restored = site.Version });
        }
        catch (ConcurrencyConflictException e)
        {
            Problems = [new Problem("version", L10n.T($"您查看修改历史期间项目已被修改（您看到的是第 {e.ExpectedVersion} 版，现在是第 {e.CurrentVersion} 版）；请重新查看后再恢复",
                $"the site changed while you looked at its history (you saw version {e.ExpectedVersion}, it is now {e.CurrentVersion}); look again before restoring"))];
        }
        catch (OverlapWarningException e)
        {
            Problems = [new Problem("geometry", e.Message)];
            OverlapToConfirm = (revision, before);
        }
        catch (ValidationFailedException e)
        {
            Problems = e.Problems;
        }
        db.ChangeTracker.Clear();
        await FindAsync(id, cancellationToken);
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    async Task LoadAsync(long id, CancellationToken cancellationToken)
    {
        Entries = await SiteHistory.LoadAsync(db, id, cancellationToken);
        var fieldReports = await reports.ListAsync(id, User.Scope(), cancellationToken) ?? [];
        // Revisions keep their own order (by version) where times tie; a report goes above what happened before it.
        Timeline = Entries.Select((e, i) => (Item: new TimelineItem(e.At, e, null), Order: i))
            .Concat(fieldReports.Select(r => (Item: new TimelineItem(r.ReportedAt, null, r), Order: -1)))
            .OrderByDescending(x => x.Item.At).ThenBy(x => x.Order).Select(x => x.Item).ToList();
    }

    /// <summary>The site, when the user may see it; the history is loaded only where the page shows it.</summary>
    async Task<bool> FindAsync(long id, CancellationToken cancellationToken)
    {
        // Deleted sites keep their history (and can be restored); other townships' sites stay hidden.
        var site = await User.Scope().Apply(db.Sites.AsNoTracking()).Include(s => s.Township).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null) return false;
        Site = site;
        return true;
    }

    /// <summary>A field's value in a snapshot, for showing before → after.</summary>
    public static string Value(string? snapshot, string field)
    {
        if (snapshot is null) return "";
        using var doc = JsonDocument.Parse(snapshot);
        if (field == "geometry")
        {
            var p = doc.RootElement.GetProperty("properties");
            return p.TryGetProperty("areaM2", out var a) ? $"{a.GetDouble():N0} m²" : p.TryGetProperty("lengthM", out var l) ? $"{l.GetDouble():N0} m" : "";
        }
        return doc.RootElement.GetProperty("properties").TryGetProperty(field, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()
            : "";
    }
}
