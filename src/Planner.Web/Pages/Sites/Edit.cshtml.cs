using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Townships;
using Planner.Web.Access;

namespace Planner.Web.Pages.Sites;

/// <summary>
/// The site form shown in the map's side panel after drawing (new) or for an existing site, with
/// pick-lists. It is only the form: the map sends it with the geometry to the editing API, which validates.
/// </summary>
[Authorize(Policy = Policies.Edit)]
public sealed class EditModel(PlannerDbContext db) : PageModel
{
    public Site? Site { get; private set; }
    public Programme Programme { get; private set; }
    public IReadOnlyList<Township> Townships { get; private set; } = [];

    /// <summary>Road grades as planners name them.</summary>
    public static readonly string[] Grades = ["快速路", "主干路", "次干路", "支路", "街巷"];

    public async Task<IActionResult> OnGetAsync(long? id, string? programme, CancellationToken cancellationToken)
    {
        // The form is a fragment the map fetches into its panel; opened as a page (a bookmark, a new tab) it leads to the map.
        if (Request.Headers["Sec-Fetch-Dest"] == "document") return Redirect(id is { } shown ? $"/Map?site={shown}" : "/Map");
        if (id is { } siteId)
        {
            Site = await User.Scope().Apply(db.Sites.AsNoTracking()).Include(s => s.Township)
                .FirstOrDefaultAsync(s => s.Id == siteId && s.DeletedAt == null, cancellationToken);
            if (Site is null) return NotFound();
            Programme = Site.Programme;
        }
        else if (ProgrammeExtensions.TryParse(programme, out var p)) Programme = p;
        else return BadRequest(Planner.Localization.L10n.T($"programme：“{programme}”不是 road、compound 或 fringe", $"programme: \"{programme}\" is not road, compound or fringe"));
        Townships = await db.Townships.AsNoTracking().OrderBy(t => t.Code).ToListAsync(cancellationToken);
        return Page();
    }
}
