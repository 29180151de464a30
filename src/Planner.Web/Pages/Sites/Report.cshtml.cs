using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Api;

namespace Planner.Web.Pages.Sites;

/// <summary>
/// 填报进度 on one site, from the work list: the panel's report form on a page of its own, so that a phone can keep it
/// (the service worker caches it) and fill it in without network; the page's script then queues it in the outbox.
/// Without script it is a plain form post, stored once per client id.
/// </summary>
[Authorize(Policy = Policies.Report)]
public sealed class ReportModel(PlannerDbContext db, ProgressReportService reports, DistrictTime time, FieldLimits limits) : PageModel
{
    public Site Site { get; private set; } = null!;
    public string Township { get; private set; } = "";
    public IReadOnlyList<SiteStatus> Choices { get; private set; } = [];
    public List<Problem> Problems { get; } = [];

    [BindProperty] public Guid ClientId { get; set; }
    [BindProperty] public string? Progress { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? ActualDate { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken)) return NotFound();
        ClientId = Guid.NewGuid();
        Progress = Site.Progress.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken)) return NotFound();
        var photos = await FieldForms.PhotosAsync(Request.Form, HttpContext, time, limits, Problems, cancellationToken);
        var submission = FieldForms.Report(Request.Form, ClientId, Problems);
        if (Problems.Count > 0 || submission is null) return Page();
        try
        {
            await reports.SubmitAsync(id, submission, photos,
                User.Identity!.Name!, User.DisplayName(), User.Scope(), cancellationToken);
            return Redirect("/Work?sent=report");
        }
        catch (SiteNotVisibleException)
        {
            return NotFound();
        }
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
            return Page();
        }
    }

    async Task<bool> FindAsync(long id, CancellationToken cancellationToken)
    {
        // Another township's site is "not found": its existence is not disclosed.
        var site = await User.Scope().Apply(db.Sites.AsNoTracking()).Include(s => s.Township)
            .FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (site is null) return false;
        Site = site;
        Township = site.Township!.Name;
        Choices = SiteWorkflow.NextStates(site.Status, site.SuspendedFrom);
        return true;
    }
}
