using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Planner.Dashboard;
using Planner.Data;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;
using Planner.Web.Api;
using Planner.Web.Localization;

namespace Planner.Web.Pages;

/// <summary>
/// The leader's landing page: the headline figures with their change against a week and a month before (rendered
/// here, readable without script), and the charts (dashboard.ts, ECharts) whose elements open the map with the same filters.
/// </summary>
public sealed class DashboardModel(DashboardService dashboard, PlannerDbContext db, DistrictTime time) : PageModel
{
    public DashboardResult? Result { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Townships { get; private set; } = [];
    public string ConfigJson { get; private set; } = "{}";
    public SiteFilter Filter { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var T = UiText.For(HttpContext);
        Townships = (await User.Scope().Apply(db.Townships.AsNoTracking()).OrderBy(t => t.Code).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.Name)).ToList();
        Filter = SiteQuery.Parse(Request.Query, out var error);
        try
        {
            if (error is not null) throw new ValidationFailedException("filter", error);
            var (from, to) = DashboardApi.Period(Request.Query["from"], Request.Query["to"], time.Today);
            Result = await dashboard.LoadAsync(Filter, User.Scope(), from, to, cancellationToken);
        }
        catch (ValidationFailedException e)
        {
            Problems = e.Problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        ConfigJson = JsonSerializer.Serialize(new
        {
            programmes = Enum.GetValues<Programme>().ToDictionary(p => p.Code(), p => T.Programme(p)),
            statuses = Enum.GetValues<SiteStatus>().ToDictionary(s => s.Code(), s => T.Status(s)),
            text = T.WithPrefix("dash."),
        });
        return Page();
    }

    /// <summary>"+3" / "−2" / "±0" against an earlier figure.</summary>
    public static string Change(double now, double before, string format = "0.#") =>
        now > before ? $"+{(now - before).ToString(format)}" : now < before ? $"−{(before - now).ToString(format)}" : "±0";
}
