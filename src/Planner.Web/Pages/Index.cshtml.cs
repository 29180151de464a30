using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Access;

namespace Planner.Web.Pages;

/// <summary>The overview: sites counted per programme and status, then listed per programme, within the user's townships.</summary>
public sealed class IndexModel(PlannerDbContext db, DistrictTime time) : PageModel
{
    public sealed record SiteRow(long Id, string Code, string Name, Programme Programme, string Township, SiteStatus Status, int Progress,
        DateOnly? PlannedEnd, double? AreaSquareMetres, double LengthMetres, bool Overdue);

    public IReadOnlyList<SiteRow> Sites { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public int Count(Programme programme, SiteStatus status) => Sites.Count(s => s.Programme == programme && s.Status == status);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = time.Today;
        var rows = await User.Scope().Apply(db.Sites.AsNoTracking())
            .Where(s => s.DeletedAt == null)
            .OrderBy(s => s.Code)
            .Select(s => new { Site = s, Township = s.Township!.Name })
            .ToListAsync(cancellationToken);
        Sites = rows.Select(r => new SiteRow(r.Site.Id, r.Site.Code, r.Site.Name, r.Site.Programme, r.Township, r.Site.Status, r.Site.Progress,
                r.Site.PlannedEnd, r.Site.AreaSquareMetres, r.Site.LengthMetres, r.Site.IsOverdue(Today)))
            .ToList();
    }
}
