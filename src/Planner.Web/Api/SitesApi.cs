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
        group.MapGet("/export", Export);
        group.MapSiteEditApi();
        return group;
    }

    /// <summary>GET /api/sites?bbox=minLon,minLat,maxLon,maxLat&amp;programme=…&amp;township=…&amp;status=…&amp;overdue=1&amp;q=…&amp;res=…</summary>
    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetSites(HttpContext http, PlannerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        double? tolerance = double.TryParse(http.Request.Query["res"], NumberStyles.Float, CultureInfo.InvariantCulture, out var res) && res > 0
            ? GeoJsonFeatures.ToleranceDegrees(res) : null;
        var today = Today(clock);
        // Only the columns the map shows: no change tracking, no entity per row.
        var rows = await filter.Apply(http.User.Scope().Apply(db.Sites.AsNoTracking()), today)
            .OrderBy(s => s.Code)
            .Select(s => new
            {
                s.Id, s.Code, s.Name, Programme = EF.Property<string>(s, "programme"), s.TownshipId, Township = s.Township!.Name,
                s.Status, s.Progress, s.PlannedEnd, s.IsPilot, s.IsShowcase, s.AreaSquareMetres, s.LengthMetres, s.Geometry,
            })
            .ToListAsync(cancellationToken);
        if (filter.Area is not null) rows = rows.Where(r => filter.MatchesArea(r.Geometry)).ToList();
        await GeoJsonFeatures.WriteAsync(http.Response, rows, r => GeoJsonFeatures.Simplify(r.Geometry, tolerance), (w, r) =>
        {
            w.WriteString("code", r.Code);
            w.WriteString("name", r.Name);
            w.WriteString("programme", r.Programme);
            w.WriteNumber("townshipId", r.TownshipId);
            w.WriteString("township", r.Township);
            w.WriteString("status", r.Status.Code());
            w.WriteNumber("progress", r.Progress);
            w.WriteBoolean("overdue", SiteWorkflow.IsOverdue(r.Status, r.PlannedEnd, today));
            w.WriteBoolean("pilot", r.IsPilot);
            w.WriteBoolean("showcase", r.IsShowcase);
            if (r.PlannedEnd is { } end) w.WriteString("plannedEnd", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (r.AreaSquareMetres is { } a) w.WriteNumber("areaM2", Math.Round(a, 1));
            w.WriteNumber("lengthM", Math.Round(r.LengthMetres, 1));
        }, r => r.Id);
        return TypedResults.Empty;
    }

    /// <summary>GET /api/sites/export?format=xlsx|csv|geojson|kml|gpx&amp;…filters: the user's filtered selection as a download, within their townships.</summary>
    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Export(HttpContext http, PlannerDbContext db, TimeProvider clock, string? format, CancellationToken cancellationToken)
    {
        if (!Planner.Export.SiteExport.TryParse(format, out var f))
            return TypedResults.Problem($"format: \"{format}\" is not xlsx, csv, geojson, kml or gpx", statusCode: StatusCodes.Status400BadRequest, title: "Bad format");
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        var rows = Planner.Export.ExportQuery.RowsAsync(db, filter, http.User.Scope(), Today(clock), cancellationToken);
        var name = $"sites-{DateTime.Now:yyyyMMdd-HHmm}{Planner.Export.SiteExport.Extension(f)}";
        http.Response.ContentType = Planner.Export.SiteExport.ContentType(f);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        if (f is Planner.Export.ExportFormat.Xlsx or Planner.Export.ExportFormat.Kml or Planner.Export.ExportFormat.Gpx)
        {
            // The zip package needs a seekable stream, and XmlWriter writes synchronously, which Kestrel refuses:
            // build the file in a temp file, then send it.
            var temp = Path.GetTempFileName();
            try
            {
                await using (var file = File.Create(temp)) await Planner.Export.SiteExport.WriteAsync(f, rows, file, cancellationToken);
                await using var read = File.OpenRead(temp);
                http.Response.ContentLength = read.Length;
                await read.CopyToAsync(http.Response.Body, cancellationToken);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        else await Planner.Export.SiteExport.WriteAsync(f, rows, http.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
