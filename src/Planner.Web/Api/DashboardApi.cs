using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Dashboard;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// <c>GET /api/dashboard?from&amp;to&amp;…</c>: the leader's figures and chart series for a period (default: the last
/// 30 days), with the same period a week and a month before; the map's filters (programme, township, status …) and the
/// user's townships apply, so a chart's element opens the map with the same selection.
/// </summary>
public static class DashboardApi
{
    /// <summary>The longest period a dashboard counts.</summary>
    public const int MaxDays = 366;

    public static void MapDashboardApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", async Task<Results<Ok<DashboardResult>, ProblemHttpResult>> (HttpContext http, DashboardService dashboard, DistrictTime time, CancellationToken ct) =>
        {
            var filter = SiteQuery.Parse(http.Request.Query, out var error);
            if (error is not null) return SiteQuery.BadFilter(error);
            try
            {
                var (from, to) = Period(http.Request.Query["from"], http.Request.Query["to"], time.Today);
                return TypedResults.Ok(await dashboard.LoadAsync(filter, http.User.Scope(), from, to, ct));
            }
            catch (ValidationFailedException e)
            {
                return FieldForms.Invalid(e.Problems, L10n.T("无法统计", "Cannot count"));
            }
        });

    /// <summary>The period asked for: from and to as yyyy-MM-dd, from ≤ to, at most <see cref="MaxDays"/> days; the last 30 days by default.</summary>
    public static (DateOnly From, DateOnly To) Period(string? from, string? to, DateOnly today)
    {
        var problems = new List<Problem>();
        var end = Dates.Day(to, "to", problems) ?? today;
        // The last 30 days by default: a month's first days would show next to nothing.
        var start = Dates.Day(from, "from", problems) ?? end.AddDays(-29);
        if (start > end) problems.Add(new Problem("from", L10n.T($"开始日期 {start:yyyy-MM-dd} 晚于结束日期 {end:yyyy-MM-dd}", $"the start {start:yyyy-MM-dd} is after the end {end:yyyy-MM-dd}")));
        else if (end.DayNumber - start.DayNumber >= MaxDays)
            problems.Add(new Problem("from", L10n.T($"统计区间最长 {MaxDays} 天", $"a period is at most {MaxDays} days")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);
        return (start, end);
    }
}
