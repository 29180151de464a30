using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planner.Data;
using Planner.Export;
using Planner.Localization;
using Planner.Geometry;
using Planner.Sites;
using Planner.Spatial;
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

    /// <summary>
    /// GET /api/sites?bbox=minLon,minLat,maxLon,maxLat&amp;programme=…&amp;township=…&amp;status=…&amp;overdue=1&amp;q=…&amp;res=…
    /// At most <see cref="MapLimits.MaxFeatures"/> sites (the collection then says "truncated" and how many matched), and a box
    /// no larger than the limits: a request for all of China would otherwise cost seconds of CPU.
    /// </summary>
    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetSites(HttpContext http, PlannerDbContext db, DistrictTime time, IOptions<MapLimits> mapLimits,
        CancellationToken cancellationToken)
    {
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        double? res = double.TryParse(http.Request.Query["res"], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && double.IsFinite(r) ? r : null;
        var limits = mapLimits.Value;
        if (filter.Bbox is { } box && BoxTooLarge(box, res, limits) is { } tooLarge) return SiteQuery.BadFilter(tooLarge);
        double? tolerance = res is { } rr ? GeoJsonFeatures.ToleranceDegrees(rr) : null;
        var today = time.Today;
        // Only the columns the map shows: no change tracking, no entity per row. On PostGIS the geometry arrives as the
        // map's GeoJSON, simplified by PostGIS where it lies; on SQLite it is simplified and written here.
        var selection = db.SelectSites(filter, http.User.Scope(), today).OrderBy(s => s.Code);
        var decimals = GeoJsonFeatures.Decimals(tolerance);
        var query = db.Engine == DatabaseEngine.Postgres
            ? selection.Select(s => new MapSite(s.Id, s.Code, s.Name, EF.Property<string>(s, "programme"), s.TownshipId, s.Township!.Name, s.Status, s.Progress,
                s.PlannedEnd, s.IsPilot, s.IsShowcase, s.AreaSquareMetres, s.LengthMetres, null, PostgisFunctions.MapGeoJson(s.Geometry, tolerance ?? 0, decimals)))
            : selection.Select(s => new MapSite(s.Id, s.Code, s.Name, EF.Property<string>(s, "programme"), s.TownshipId, s.Township!.Name, s.Status, s.Progress,
                s.PlannedEnd, s.IsPilot, s.IsShowcase, s.AreaSquareMetres, s.LengthMetres, s.Geometry, null));
        var started = Stopwatch.GetTimestamp();
        var returned = 0;
        int? matched = null;
        // Rows are written as they arrive, so the answer is never held whole (2.5 MB for a capped view at 100,000 sites). One
        // row more than the cap is asked for to know that the answer is truncated, and only then are the matches counted.
        async IAsyncEnumerable<MapSite> Rows([EnumeratorCancellation] CancellationToken ct = default)
        {
            var truncated = false;
            await foreach (var row in query.Take(limits.MaxFeatures + 1).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (returned == 0) NoteDatabaseTime();
                if (returned == limits.MaxFeatures) { truncated = true; break; }
                returned++;
                yield return row;
            }
            if (returned == 0) NoteDatabaseTime();
            if (truncated) matched = await selection.CountAsync(ct);
        }
        // The statement's time to its first row (sorted, so nearly all of it), for the browser's developer tools and the map
        // benchmark; sent with the headers, before the rows are.
        void NoteDatabaseTime() => http.Response.Headers["Server-Timing"] =
            string.Create(CultureInfo.InvariantCulture, $"db;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1};desc=\"first row\"");
        await GeoJsonFeatures.WriteAsync(http.Response, Rows(cancellationToken), (w, x) =>
        {
            if (x.GeoJson is { } json) w.WriteRawValue(json, skipInputValidation: true);
            else GeoJsonGeometry.Write(w, GeoJsonFeatures.Simplify(x.Geometry!, tolerance), decimals);
        }, (w, x) => MapSite.WriteProperties(w, x, today), x => x.Id, w =>
        {
            w.WriteNumber("numberReturned", returned);
            if (matched is { } m)
            {
                w.WriteBoolean("truncated", true);
                w.WriteNumber("numberMatched", m);
                w.WriteString("note", L10n.T($"共 {m} 个项目符合条件，只返回前 {limits.MaxFeatures} 个（Planner:Map:MaxFeatures）：请放大地图或缩小筛选范围",
                    $"{m} sites match; only the first {limits.MaxFeatures} are returned (Planner:Map:MaxFeatures): zoom in or narrow the filters"));
            }
        });
        return TypedResults.Empty;
    }

    /// <summary>
    /// The download's name says what it holds, so that an office exporting each township in turn can tell the files apart:
    /// 项目台账, the townships (up to three named) and the programme when the filter names one, the district's date and
    /// time. UTF-8 in <c>filename*</c>, with an ASCII stand-in for old clients.
    /// </summary>
    static async Task<string> ExportFileNameAsync(PlannerDbContext db, SiteFilter filter, DistrictTime time, CancellationToken cancellationToken)
    {
        List<string> parts = [L10n.T("项目台账", "sites")];
        if (filter.TownshipIds.Count is > 0 and <= 3)
        {
            var ids = filter.TownshipIds.ToList();
            parts.AddRange(await db.Townships.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderBy(t => t.Code).Select(t => t.Name).ToListAsync(cancellationToken));
        }
        if (filter.Programmes.Count == 1) parts.Add(filter.Programmes.Single() is var p ? L10n.T(p.ChineseName(), p.Code()) : "");
        parts.Add(time.LocalTime(time.Now).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture));
        return new string(string.Join('-', parts).Select(c => NotInFileNames.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
    }

    /// <summary>What no file name may hold on the server's system or on Windows, where most downloads land.</summary>
    static readonly HashSet<char> NotInFileNames = [.. Path.GetInvalidFileNameChars(), '\\', '/', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>Why a box is too large to answer, or null: its size in degrees, and in pixels at the resolution asked for.</summary>
    static string? BoxTooLarge(NetTopologySuite.Geometries.Envelope box, double? res, MapLimits limits)
    {
        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        if (box.Width > limits.MaxBoxDegrees || box.Height > limits.MaxBoxDegrees)
            return L10n.T($"bbox：{N(box.Width)}° × {N(box.Height)}°，超过上限 {N(limits.MaxBoxDegrees)}°（Planner:Map:MaxBoxDegrees）：请放大地图",
                $"bbox: {N(box.Width)}° × {N(box.Height)}°, more than the limit of {N(limits.MaxBoxDegrees)}° (Planner:Map:MaxBoxDegrees): zoom in");
        if (res is not { } r) return null;
        // Web Mercator metres per pixel at the equator, as OpenLayers gives its resolution.
        static double MercatorY(double lat) => Math.Log(Math.Tan(Math.PI / 4 + Math.Clamp(lat, -85, 85) * Math.PI / 360)) * 6378137;
        var width = box.Width * Math.PI / 180 * 6378137 / r;
        var height = (MercatorY(box.MaxY) - MercatorY(box.MinY)) / r;
        return width > limits.MaxBoxPixels || height > limits.MaxBoxPixels
            ? L10n.T($"bbox：按分辨率 {N(r)} 为 {width:0} × {height:0} 像素，超过上限 {limits.MaxBoxPixels} 像素（Planner:Map:MaxBoxPixels）",
                $"bbox: {width:0} × {height:0} pixels at resolution {N(r)}, more than the limit of {limits.MaxBoxPixels} (Planner:Map:MaxBoxPixels)")
            : null;
    }

    /// <summary>
    /// GET /api/sites/export?format=xlsx|csv|geojson|gpkg|kml|gpx&amp;…filters: the user's filtered selection as a download, within their townships.
    /// The file is written whole before anything is sent, so a fault gives an error, never a cut-off file with status 200.
    /// </summary>
    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Export(HttpContext http, PlannerDbContext db, DistrictTime time, IConfiguration configuration, string? format, CancellationToken cancellationToken)
    {
        if (!SiteExport.TryParse(format, out var f))
            return TypedResults.Problem(L10n.T("format：", "format: ") + SiteExport.NotAFormat(format),
                statusCode: StatusCodes.Status400BadRequest, title: L10n.T("导出格式有误", "Bad format"));
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        var rows = ExportQuery.RowsAsync(db, filter, http.User.Scope(), time.Today, cancellationToken);
        var temp = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temp)) await SiteExport.WriteAsync(f, rows, file, LedgerHeading.For(configuration["Planner:District"], time.Today), cancellationToken);
            var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(await ExportFileNameAsync(db, filter, time, cancellationToken) + SiteExport.Extension(f));
            http.Response.ContentType = SiteExport.ContentType(f);
            http.Response.Headers.ContentDisposition = disposition.ToString();
            await using var read = File.OpenRead(temp);
            http.Response.ContentLength = read.Length;
            await read.CopyToAsync(http.Response.Body, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
        return TypedResults.Empty;
    }
}
