using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Geometry;
using Planner.Sites;
using Planner.Web.Access;
using Planner.Web.Api;

namespace Planner.Web.Pages;

/// <summary>
/// 我的任务: what the signed-in user should do next, most urgent first — cases to handle (their township's), to verify
/// (an inspector's, not handled by them), to accept or dispatch (the command centre's), and their townships' unfinished
/// sites, overdue first — each with a navigation link and one tap to act.
/// </summary>
public sealed class WorkModel(PlannerDbContext db, CaseService cases, DistrictTime time) : PageModel
{
    public sealed record SiteItem(long Id, string Code, string Name, SiteStatus Status, int Progress, DateOnly? PlannedEnd, bool Overdue, double Lon, double Lat, string Navigation);

    public sealed record CaseItem(CaseView Case, string Navigation);

    public IReadOnlyList<CaseItem> Cases { get; private set; } = [];
    public IReadOnlyList<SiteItem> Sites { get; private set; } = [];
    public DistrictTime Time => time;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = HttpContext.Actor();
        var open = await cases.ListAsync(actor, cancellationToken: cancellationToken);
        // Only the cases whose next step is this user's.
        Cases = open.Where(c => c.Allowed.Count > 0)
            .Select(c => new CaseItem(c, MapLinks.AmapNavigation(c.Lon, c.Lat, c.CategoryName))).ToList();
        if (!actor.IsFieldTeam && !actor.IsCommandCentre) return;
        var today = time.Today;
        var rows = await User.Scope().Apply(db.Sites.AsNoTracking())
            .Where(s => s.DeletedAt == null && s.Status != SiteStatus.Completed && s.Status != SiteStatus.Accepted)
            .Take(500).ToListAsync(cancellationToken);
        Sites = rows.Select(s =>
            {
                var p = s.Geometry.InteriorPoint;
                return new SiteItem(s.Id, s.Code, s.Name, s.Status, s.Progress, s.PlannedEnd, s.IsOverdue(today), p.X, p.Y, MapLinks.AmapNavigation(p.X, p.Y, s.Name));
            })
            .OrderByDescending(s => s.Overdue).ThenBy(s => s.PlannedEnd ?? DateOnly.MaxValue).ThenBy(s => s.Code).ToList();
    }
}
