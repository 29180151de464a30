using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Web.Access;

namespace Planner.Web.Pages.Sites;

/// <summary>The side panel for one site, rendered on the server (HTML-encoded) and shown by the map.</summary>
public sealed class PanelModel(PlannerDbContext db, DistrictTime time, ProgressReportService reports, Planner.Supervision.SupervisionService supervisions) : PageModel
{
    /// <summary>The 督办 running on the site, if any: the panel leads to it rather than to a second one.</summary>
    public long? RunningOrderId { get; private set; }
    public IReadOnlyList<ReportSummary> Reports { get; private set; } = [];
    public Site Site { get; private set; } = null!;
    public string Township { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public DistrictTime Time => time;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        // Another township's site is "not found", not "forbidden": its existence is not disclosed.
        var site = await User.Scope().Apply(db.Sites.AsNoTracking())
            .Include(s => s.Township).Include(s => s.ProgressRecords).Include(s => s.Tasks)
            .FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (site is null) return NotFound();
        Site = site;
        Township = site.Township!.Name;
        Today = time.Today;
        Reports = await reports.ListAsync(id, User.Scope(), cancellationToken) ?? [];
        RunningOrderId = await supervisions.RunningOrderAsync(id, null, cancellationToken);
        return Page();
    }
}
