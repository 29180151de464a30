using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Reports;
using Planner.Sites;
using Planner.Web.Api;

namespace Planner.Web.Pages;

/// <summary>
/// 日例会: the morning meeting's brief for the user's townships, as of now (see <see cref="DailyBrief"/>); rendered on
/// the server, readable without script and printable.
/// </summary>
public sealed class DailyModel(DailyBriefService briefs, DistrictTime time) : PageModel
{
    /// <summary>How many of each list the page shows (the counts and the table hold them all).</summary>
    public const int ListLimit = 50;

    public DailyBrief Brief { get; private set; } = null!;
    public DistrictTime Time => time;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Brief = await briefs.LoadAsync(HttpContext.Actor(), cancellationToken);
}
