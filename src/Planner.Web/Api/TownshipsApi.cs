using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>Township boundaries with progress figures for the district-zoom choropleth.</summary>
public static class TownshipsApi
{
    public static RouteGroupBuilder MapTownshipsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/townships").WithTags("Townships");
        group.MapGet("/", GetTownships);
        return group;
    }

    public sealed record TownshipFigures(int Total, int Done, int Overdue)
    {
        public double PercentDone => Total == 0 ? 0 : Math.Round(100.0 * Done / Total, 1);
    }

    /// <summary>Counts per township under the current filters (all but the township filter, so every township keeps its figures).</summary>
    public static async Task<Dictionary<int, TownshipFigures>> FiguresAsync(PlannerDbContext db, SiteFilter filter, Planner.Users.SiteScope scope,
        DateOnly today, CancellationToken cancellationToken)
    {
        // The drawn area counts by its shape, as the list and exports do; the map's box does not narrow the choropleth.
        var sites = db.SelectSites(filter with { TownshipIds = new HashSet<int>(), Bbox = null }, scope, today);
        var rows = await sites.GroupBy(s => s.TownshipId)
            .Select(g => new { g.Key, Total = g.Count(), Done = g.Count(s => s.Status == SiteStatus.Completed || s.Status == SiteStatus.Accepted) })
            .ToListAsync(cancellationToken);
        var overdue = await sites.Where(OverdueRule.On(today)).GroupBy(s => s.TownshipId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new TownshipFigures(r.Total, r.Done, overdue.GetValueOrDefault(r.Key)));
    }

    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetTownships(HttpContext http, PlannerDbContext db, DistrictTime time, CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        var scope = http.User.Scope();
        var figures = await FiguresAsync(db, filter, scope, time.Today, cancellationToken);
        var townships = await scope.Apply(db.Townships.AsNoTracking()).OrderBy(t => t.Code).ToListAsync(cancellationToken);
        await GeoJsonFeatures.WriteAsync(http.Response, townships, t => t.Boundary, (w, t) =>
        {
            var f = figures.GetValueOrDefault(t.Id, new TownshipFigures(0, 0, 0));
            w.WriteString("code", t.Code);
            w.WriteString("name", t.Name);
            w.WriteNumber("total", f.Total);
            w.WriteNumber("done", f.Done);
            w.WriteNumber("overdue", f.Overdue);
            w.WriteNumber("percentDone", f.PercentDone);
            w.WriteNumber("areaM2", Math.Round(t.AreaSquareMetres));
        }, t => t.Id);
        return TypedResults.Empty;
    }
}
