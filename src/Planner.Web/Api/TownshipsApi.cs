using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Access;
using Planner.Web.Hosting;

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

    /// <summary>
    /// Counts per township under the current filters (all but the township filter, so every township keeps its figures),
    /// kept in this node's cache until the data version moves: the map, each township tile and each filter switched
    /// back ask for the same figures, a scan of every site in scope.
    /// </summary>
    public static async Task<Dictionary<int, TownshipFigures>> FiguresAsync(HybridCache cache, IServiceScopeFactory scopes, string figuresQuery, SiteFilter filter,
        Planner.Users.SiteScope scope, DateOnly today, long version, CancellationToken cancellationToken)
    {
        var key = "figures:" + TilesApi.CacheKey(figuresQuery, scope, today, version);
        return await cache.GetOrCreateInOwnScopeAsync(scopes, key,
            (services, ct) => CountAsync(services.GetRequiredService<PlannerDbContext>(), filter, scope, today, ct), cancellationToken: cancellationToken);
    }

    /// <summary>The query the figures depend on: the township filter and the view's box do not change them; a tile's address is not in the query.</summary>
    public static string FiguresQuery(HttpRequest request) => TilesApi.CanonicalQuery(request, ignored: ["bbox", "v", "township"]);

    /// <summary>One pass over the selection: total, done and overdue per township.</summary>
    static async Task<Dictionary<int, TownshipFigures>> CountAsync(PlannerDbContext db, SiteFilter filter, Planner.Users.SiteScope scope,
        DateOnly today, CancellationToken cancellationToken)
    {
        // The drawn area counts by its shape, as the list and exports do; the map's box does not narrow the choropleth.
        var sites = db.SelectSites(filter with { TownshipIds = new HashSet<int>(), Bbox = null }, scope, today)
            .Select(OverdueRule.Project((s, overdue) => new CountedSite { TownshipId = s.TownshipId, Done = s.Status == SiteStatus.Completed || s.Status == SiteStatus.Accepted, Overdue = overdue }, today));
        return await sites.GroupBy(s => s.TownshipId)
            .Select(g => new { g.Key, Figures = new TownshipFigures(g.Count(), g.Count(s => s.Done), g.Count(s => s.Overdue)) })
            .ToDictionaryAsync(g => g.Key, g => g.Figures, cancellationToken);
    }

    // A class with setters, not a positional record: EF Core groups over member initialisers only.
    sealed class CountedSite
    {
        public int TownshipId { get; init; }
        public bool Done { get; init; }
        public bool Overdue { get; init; }
    }

    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetTownships(HttpContext http, PlannerDbContext db, DistrictTime time,
        MapVersion versions, HybridCache cache, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        var scope = http.User.Scope();
        var version = await versions.CurrentAsync(db, cancellationToken);
        var figures = await FiguresAsync(cache, scopes, FiguresQuery(http.Request), filter, scope, time.Today, version, cancellationToken);
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
