using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;
using Planner.Geometry;
using Planner.Sites;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>
/// What the signed-in user should do next, most urgent first: cases whose next step is theirs (red, then yellow, then
/// by deadline) and, for field teams and planners, the unfinished sites in their townships (overdue first, then by
/// planned end), each with AMap navigation. The 我的任务 page and <c>GET /api/my/work</c> show the same list.
/// </summary>
public static class MyWork
{
    public sealed record SiteItem(long Id, string Code, string Name, SiteStatus Status, int Progress, DateOnly? PlannedEnd, bool Overdue, double Lon, double Lat, string Navigation);

    public sealed record CaseItem(CaseView Case, string Navigation);

    /// <summary>
    /// The list: cases whose next step is the user's, unfinished sites, (for planners) reports waiting for their review,
    /// oldest first, and (for field teams) their reports a planner returned, to redo.
    /// </summary>
    public sealed record List(IReadOnlyList<CaseItem> Cases, IReadOnlyList<SiteItem> Sites, IReadOnlyList<ReportSummary> Reviews, IReadOnlyList<ReportSummary> Returned);

    public static async Task<List> LoadAsync(HttpContext http, PlannerDbContext db, CaseService cases, ProgressReportService reports, DistrictTime time,
        CancellationToken cancellationToken)
    {
        var actor = http.Actor();
        var open = await cases.ListAsync(actor, openOnly: true, cancellationToken: cancellationToken);
        var caseItems = open.Where(c => c.Allowed.Count > 0).Select(c => new CaseItem(c, MapLinks.AmapNavigation(c.Lon, c.Lat, c.CategoryName))).ToList();
        // The planners' review queue: what field teams reported, waiting here rather than only in each site's panel.
        IReadOnlyList<ReportSummary> reviews = http.User.CanEdit() ? await reports.PendingAsync(http.User.Scope(), cancellationToken) : [];
        IReadOnlyList<ReportSummary> returned = actor.IsFieldTeam ? await reports.ReturnedAsync(http.User.Identity!.Name!, http.User.Scope(), cancellationToken) : [];
        if (!actor.IsFieldTeam && !actor.IsCommandCentre) return new List(caseItems, [], reviews, returned);
        var today = time.Today;
        var rows = await MostUrgentUnfinished(http.User.Scope().Apply(db.Sites.AsNoTracking())).Take(SiteLimit).ToListAsync(cancellationToken);
        var sites = rows.Select(s =>
            {
                var p = s.Geometry.InteriorPoint;
                return new SiteItem(s.Id, s.Code, s.Name, s.Status, s.Progress, s.PlannedEnd, s.IsOverdue(today), p.X, p.Y, MapLinks.AmapNavigation(p.X, p.Y, s.Name));
            }).ToList();
        return new List(caseItems, sites, reviews, returned);
    }

    /// <summary>Where a report is reviewed: its site's panel on the map, scrolled to the report, with 采纳 and 退回.</summary>
    public static string ReviewPage(ReportSummary report) => $"/Map?site={report.SiteId}&report={report.Id}";

    /// <summary>Where a returned report is redone: the site's report form.</summary>
    public static string RedoPage(ReportSummary report) => $"/Sites/Report/{report.SiteId}";

    /// <summary>The most sites the list holds (the most urgent ones: the rest are on the map).</summary>
    public const int SiteLimit = 500;

    /// <summary>
    /// Unfinished sites, the most urgent first, ordered by the database so that a limit keeps the most urgent: by planned
    /// end (none last), then code. Unfinished, a site is overdue exactly when its planned end has passed
    /// (<see cref="OverdueRule"/>), so the overdue ones come first, the longest overdue at the top.
    /// </summary>
    public static IOrderedQueryable<Site> MostUrgentUnfinished(IQueryable<Site> sites) =>
        sites.Where(s => s.DeletedAt == null && s.Status != SiteStatus.Completed && s.Status != SiteStatus.Accepted)
            .OrderBy(s => s.PlannedEnd == null).ThenBy(s => s.PlannedEnd).ThenBy(s => s.Code);

    public static void MapMyWorkApi(this IEndpointRouteBuilder app)
    {
        var my = app.MapGroup("/api/my").RequireAuthorization();
        // The antiforgery token for the API's multipart posts, fresh: the outbox sends what a phone kept offline with it,
        // since the token in a page cached days ago may belong to an earlier sign-in. Other sites cannot read it (same-origin).
        my.MapGet("/csrf", (HttpContext http, IAntiforgery antiforgery) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new { token = antiforgery.GetAndStoreTokens(http).RequestToken });
        });
        my.MapGet("/work", async (HttpContext http, PlannerDbContext db, CaseService cases, ProgressReportService reports, DistrictTime time, CancellationToken ct) =>
        {
            var work = await LoadAsync(http, db, cases, reports, time, ct);
            return TypedResults.Ok(new
            {
                cases = work.Cases.Select(c => new
                {
                    c.Case.Id, c.Case.Category, c.Case.CategoryName, state = c.Case.State.Code(), light = c.Case.Light.Code(), c.Case.Deadline, rework = c.Case.ReworkCount,
                    lon = Math.Round(c.Case.Lon, 7), lat = Math.Round(c.Case.Lat, 7), allowed = c.Case.Allowed.Select(a => a.Code()), navigation = c.Navigation, page = $"/Cases/Detail/{c.Case.Id}",
                }),
                sites = work.Sites.Select(s => new
                {
                    s.Id, s.Code, s.Name, status = s.Status.Code(), s.Progress, plannedEnd = s.PlannedEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    s.Overdue, lon = Math.Round(s.Lon, 7), lat = Math.Round(s.Lat, 7), navigation = s.Navigation,
                }),
                reviews = work.Reviews.Select(r => new
                {
                    r.Id, r.SiteId, r.SiteCode, r.SiteName, reporter = r.ReporterName, r.ReportedAt, r.Percent, photos = r.Photos.Count, page = ReviewPage(r),
                }),
                returned = work.Returned.Select(r => new
                {
                    r.Id, r.SiteId, r.SiteCode, r.SiteName, r.ReportedAt, r.Percent, reason = r.ReturnReason, r.ReviewedBy, r.ReviewedAt, page = RedoPage(r),
                }),
            });
        });
    }
}
