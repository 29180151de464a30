using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Spatial;
using Planner.Tiles;
using Planner.Web.Access;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>
/// Mapbox vector tiles for the map (and for any client that reads them, QGIS included, with an access token):
/// <c>/tiles/sites/{z}/{x}/{y}.mvt</c> with the map's filters, <c>/tiles/townships/{z}/{x}/{y}.mvt</c> with the township
/// figures. Within the user's townships; cached per node by data version, filters, scope and day; an ETag from the same,
/// so a browser revalidates with one cheap request and gets 304 until something changes.
/// </summary>
public static class TilesApi
{
    public static RouteGroupBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tiles").WithTags("Tiles");
        group.MapGet("/sites/{z:int}/{x:int}/{y:int}.mvt", Sites);
        group.MapGet("/townships/{z:int}/{x:int}/{y:int}.mvt", Townships);
        return group;
    }

    /// <summary>Site tiles: from the read replica when there is one (<see cref="ReadReplica"/>).</summary>
    static Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Sites(int z, int x, int y, HttpContext http, PlannerDbContext db,
        ReadReplica replica, DistrictTime time, TileCache cache, MapVersion versions, CancellationToken cancellationToken) =>
        AnswerAsync("sites", z, x, y, http, db, time, cache, versions, async (services, tile, filter, scope, today, version, ct) =>
        {
            var readDb = services.GetRequiredKeyedService<PlannerDbContext>(ReadReplica.Key);
            // A standby's replay only moves forward: what the tile reads after this is at least the version read here.
            var replayed = replica.Configured ? await DataVersion.MapAsync(readDb, ct) : version;
            var made = await SiteTiles.SitesAsync(readDb, tile, filter, scope, today, ct);
            return replayed >= version ? made : throw new ReplicaBehindException(made, replayed, version);
        }, cancellationToken);

    /// <summary>Township tiles: from the primary (a dozen boundaries, the figures cached per version there).</summary>
    static Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Townships(int z, int x, int y, HttpContext http, PlannerDbContext db,
        DistrictTime time, TileCache cache, MapVersion versions, HybridCache figuresCache, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        // Read while the request is alive: the tile may be made after it ended (the fetch is shared).
        var figuresQuery = TownshipsApi.FiguresQuery(http.Request);
        return AnswerAsync("townships", z, x, y, http, db, time, cache, versions, (services, tile, filter, scope, today, version, ct) =>
            TownshipTileAsync(services.GetRequiredService<PlannerDbContext>(), figuresQuery, tile, filter, scope, today, version, figuresCache, scopes, ct), cancellationToken);
    }

    /// <summary>Makes a tile with the services of the cache's own scope (<see cref="TileCache.GetOrMakeAsync"/>), never the request's.</summary>
    delegate Task<byte[]> TileMaker(IServiceProvider services, TileAddress tile, SiteFilter filter, Planner.Users.SiteScope scope, DateOnly today, long version,
        CancellationToken cancellationToken);

    static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> AnswerAsync(string layer, int z, int x, int y, HttpContext http,
        PlannerDbContext db, DistrictTime time, TileCache cache, MapVersion versions, TileMaker make, CancellationToken cancellationToken)
    {
        if (!TileAddress.TryCreate(z, x, y, out var tile, out var bad))
            return TypedResults.Problem(bad, statusCode: StatusCodes.Status400BadRequest, title: Planner.Localization.L10n.T("瓦片编号有误", "Bad tile address"));
        var filter = SiteQuery.Parse(http.Request.Query, out var error);
        if (error is not null) return SiteQuery.BadFilter(error);
        var scope = http.User.Scope();
        var today = time.Today;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var version = await versions.CurrentAsync(db, cancellationToken);
        var versionMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // "v" is the map's revision after a change of data (it makes the browser ask again); the data version here says
        // the same, so it stays out of the key.
        var key = $"{layer}|{tile}|" + CacheKey(CanonicalQuery(http.Request, ignored: ["bbox", "v"]), scope, today, version);
        key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{key}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        // The browser keeps the tile and asks each time; the answer is then a 304 of a few bytes.
        http.Response.Headers.CacheControl = "private, no-cache";
        // What the answer cost, for the browser's developer tools and the tile benchmark.
        var timing = string.Create(CultureInfo.InvariantCulture, $"version;dur={versionMs:F2}");
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            http.Response.Headers["Server-Timing"] = timing;
            TileCache.CountNotModified();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var (cached, current) = await cache.GetOrMakeAsync($"tiles:{key}", async (services, ct) =>
        {
            var began = System.Diagnostics.Stopwatch.GetTimestamp();
            var made = await make(services, tile, filter, scope, today, version, ct);
            timing += string.Create(CultureInfo.InvariantCulture, $", tile;dur={System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalMilliseconds:F2}");
            return made;
        }, cancellationToken);
        http.Response.Headers["Server-Timing"] = timing;
        http.Response.Headers.Vary = "Accept-Encoding";
        if (!current)
        {
            // Older than the version its tag would name: not to be kept by the browser under that tag.
            http.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);
            http.Response.Headers.CacheControl = "no-store";
        }
        // An empty tile stays empty (gzip would make it 20 bytes).
        if (cached.Bytes.Length == 0 || !AcceptsGzip(http.Request)) return TypedResults.File(cached.Bytes, SiteTiles.ContentType);
        http.Response.Headers.ContentEncoding = "gzip";
        return TypedResults.File(cached.Gzip, SiteTiles.ContentType);
    }

    /// <summary>Whether the client takes gzip (a q of 0 refuses it; <c>*</c> stands for it).</summary>
    static bool AcceptsGzip(HttpRequest request)
    {
        var codings = request.GetTypedHeaders().AcceptEncoding;
        var gzip = codings.FirstOrDefault(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
                   ?? codings.FirstOrDefault(c => c.Value.Equals("*", StringComparison.Ordinal));
        return gzip is not null && gzip.Quality is not 0;
    }

    /// <summary>
    /// What an answer made from the sites depends on: the query's parameters (but the ignored ones, in a fixed order), the
    /// user's townships, the district's day and the data version; hashed, as a drawn area may be long.
    /// </summary>
    /// <summary>The request's query but the <paramref name="ignored"/> parameters, in a fixed order.</summary>
    public static string CanonicalQuery(HttpRequest request, string[] ignored) =>
        string.Join('&', request.Query.Where(q => !ignored.Contains(q.Key)).OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));

    public static string CacheKey(string query, Planner.Users.SiteScope scope, DateOnly today, long version)
    {
        var scopeKey = scope.WholeDistrict ? "district" : string.Join(',', scope.TownshipIds.Order());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{query}|{scopeKey}|{today:yyyy-MM-dd}|{version}"))))[..32];
    }

    /// <summary>Township boundaries with the figures of the choropleth under the same filters (<see cref="TownshipsApi.FiguresAsync"/>).</summary>
    static async Task<byte[]> TownshipTileAsync(PlannerDbContext db, string figuresQuery, TileAddress tile, SiteFilter filter, Planner.Users.SiteScope scope,
        DateOnly today, long version, HybridCache figuresCache, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var box = SpatialQueries.Box(MvtTileBuilder.QueryBounds(tile));
        var townships = await scope.Apply(db.TownshipsMeeting(box).AsNoTracking()).OrderBy(t => t.Code).ToListAsync(cancellationToken);
        if (townships.Count == 0) return [];
        var figures = await TownshipsApi.FiguresAsync(figuresCache, scopes, figuresQuery, filter, scope, today, version, cancellationToken);
        var builder = new MvtTileBuilder(tile);
        foreach (var t in townships)
        {
            var f = figures.GetValueOrDefault(t.Id, new TownshipsApi.TownshipFigures(0, 0, 0));
            builder.Add("townships", t.Id, t.Boundary, new Dictionary<string, object?>
            {
                ["code"] = t.Code, ["name"] = t.Name, ["total"] = f.Total, ["done"] = f.Done, ["overdue"] = f.Overdue, ["percentDone"] = f.PercentDone,
            });
        }
        return builder.ToArray();
    }
}
