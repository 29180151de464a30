using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Web.Access;

namespace Planner.Web.Api;

/// <summary>Sites for the map: GeoJSON, filtered, within the user's townships.</summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sites").WithTags("Sites");
        group.MapGet("/", GetSites);
        return group;
    }

    /// <summary>GET /api/sites?bbox=minLon,minLat,maxLon,maxLat&amp;programme=…&amp;township=…&amp;status=…&amp;overdue=1&amp;q=…&amp;res=…</summary>
    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetSites(HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Bad filter");
        double? tolerance = double.TryParse(http.Request.Query["res"], NumberStyles.Float, CultureInfo.InvariantCulture, out var res) && res > 0
            ? GeoJsonFeatures.ToleranceDegrees(res) : null;
        var today = Today(clock);
        var rows = await filter.Apply(http.User.Scope().Apply(db.Sites.AsNoTracking()), today)
            .OrderBy(s => s.Code)
            .Select(s => new { Site = s, Township = s.Township!.Name })
            .ToListAsync(cancellationToken);
        await GeoJsonFeatures.WriteAsync(http.Response, rows, r => GeoJsonFeatures.Simplify(r.Site.Geometry, tolerance), (w, r) =>
        {
            var s = r.Site;
            w.WriteString("code", s.Code);
            w.WriteString("name", s.Name);
            w.WriteString("programme", s.Programme.Code());
            w.WriteNumber("townshipId", s.TownshipId);
            w.WriteString("township", r.Township);
            w.WriteString("status", s.Status.Code());
            w.WriteNumber("progress", s.Progress);
            w.WriteBoolean("overdue", s.IsOverdue(today));
            w.WriteBoolean("pilot", s.IsPilot);
            w.WriteBoolean("showcase", s.IsShowcase);
            if (s.PlannedEnd is { } end) w.WriteString("plannedEnd", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (s.AreaSquareMetres is { } a) w.WriteNumber("areaM2", Math.Round(a, 1));
            w.WriteNumber("lengthM", Math.Round(s.LengthMetres, 1));
        }, r => r.Site.Id);
        return TypedResults.Empty;
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
