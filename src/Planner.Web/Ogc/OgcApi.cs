using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Field;
using Planner.Geometry;
using Planner.Localization;
using Planner.Sites;
using Planner.Spatial;
using Planner.Users;
using Planner.Web.Access;
using Planner.Web.Api;
using Planner.Web.Hosting;

namespace Planner.Web.Ogc;

/// <summary>
/// OGC API Features under <c>/ogc</c> (Part 1 core, GeoJSON, OpenAPI 3.0; Part 2 CRS), what QGIS, ArcGIS Pro and GDAL's
/// OAPIF driver read: the sites by programme, the townships and the reported problems, within the user's townships.
/// Desktop GIS signs in with a personal access token (<c>Authorization: Bearer …</c>, read-only).
/// </summary>
public static class OgcApi
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 10_000;

    static readonly string[] Conformance =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    const string GeoJson = "application/geo+json";
    const string Json = "application/json";
    const string OpenApiJson = "application/vnd.oai.openapi+json;version=3.0";

    /// <summary>Parameters every items request may carry; a collection adds its filters. Anything else is a 400, as Part 1 asks.</summary>
    static readonly string[] ItemParameters = ["limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f"];

    public static RouteGroupBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ogc").WithTags("OGC API Features");
        group.MapGet("/", Landing);
        group.MapGet("/conformance", (HttpContext http) => Answer(http, new { conformsTo = Conformance }));
        group.MapGet("/api", OpenApi);
        group.MapGet("/collections", Collections);
        group.MapGet("/collections/{collectionId}", Collection);
        group.MapGet("/collections/{collectionId}/items", Items);
        group.MapGet("/collections/{collectionId}/items/{featureId}", Item);
        return group;
    }

    static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/ogc";

    static object Link(string rel, string type, string href, string? title = null) => new { rel, type, title, href };

    /// <summary>JSON only (f=json or none): the HTML encoding is not offered.</summary>
    static ProblemHttpResult? BadFormat(HttpContext http) =>
        http.Request.Query["f"].ToString() is { Length: > 0 } f && f != "json"
            ? Bad(L10n.T($"f：只提供 json，不是“{f}”", $"f: only json is offered, not \"{f}\""))
            : null;

    static Results<JsonHttpResult<object>, ProblemHttpResult> Answer(HttpContext http, object body, string contentType = Json) =>
        BadFormat(http) is { } bad ? bad : TypedResults.Json(body, contentType: contentType);

    static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: L10n.T("请求参数有误", "Bad parameter"));

    static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: L10n.T("没有找到", "Not found"));

    static Results<JsonHttpResult<object>, ProblemHttpResult> Landing(HttpContext http, IConfiguration configuration)
    {
        var b = Base(http);
        return Answer(http, new
        {
            title = $"{configuration["Planner:District"] ?? "Planner"} · 三项工程、一项管理",
            description = L10n.T("整治项目、乡/街道和问题的 OGC API Features 服务（只读，需个人访问令牌）",
                "OGC API Features of the remediation sites, townships and reported problems (read-only, with a personal access token)"),
            links = new[]
            {
                Link("self", Json, b, "this document"),
                Link("service-desc", OpenApiJson, $"{b}/api", "the API definition"),
                Link("conformance", Json, $"{b}/conformance", "conformance classes"),
                Link("data", Json, $"{b}/collections", "the collections"),
            },
        });
    }

    /// <summary>The district's extent as the user's townships cover it, in CRS84.</summary>
    static async Task<double[]> ExtentAsync(PlannerDbContext db, SiteScope scope, CancellationToken cancellationToken)
    {
        var boxes = await scope.Apply(db.Townships.AsNoTracking()).Select(t => new { t.MinLon, t.MinLat, t.MaxLon, t.MaxLat }).ToListAsync(cancellationToken);
        return boxes.Count == 0 ? [73, 3, 136, 54] : [boxes.Min(b => b.MinLon), boxes.Min(b => b.MinLat), boxes.Max(b => b.MaxLon), boxes.Max(b => b.MaxLat)];
    }

    static object Describe(OgcCollection c, string b, double[] extent) => new
    {
        id = c.Id,
        title = c.Title,
        description = c.Description,
        itemType = "feature",
        crs = OgcCrs.Supported,
        storageCrs = OgcCrs.Cgcs2000,
        extent = new { spatial = new { bbox = new[] { extent }, crs = OgcCrs.Crs84 } },
        links = new[]
        {
            Link("self", Json, $"{b}/collections/{c.Id}", c.Title),
            Link("items", GeoJson, $"{b}/collections/{c.Id}/items", c.Title),
        },
    };

    static async Task<Results<JsonHttpResult<object>, ProblemHttpResult>> Collections(HttpContext http, PlannerDbContext db, CancellationToken cancellationToken)
    {
        var b = Base(http);
        var extent = await ExtentAsync(db, http.User.Scope(), cancellationToken);
        return Answer(http, new
        {
            links = new[] { Link("self", Json, $"{b}/collections", "the collections") },
            collections = OgcCollection.All.Select(c => Describe(c, b, extent)).ToList(),
        });
    }

    static async Task<Results<JsonHttpResult<object>, ProblemHttpResult>> Collection(string collectionId, HttpContext http, PlannerDbContext db, CancellationToken cancellationToken)
    {
        if (OgcCollection.Find(collectionId) is not { } c) return NoCollection(collectionId);
        return Answer(http, Describe(c, Base(http), await ExtentAsync(db, http.User.Scope(), cancellationToken)));
    }

    static ProblemHttpResult NoCollection(string id) =>
        NotFound(L10n.T($"没有名为“{id}”的数据集，可用：{string.Join("、", OgcCollection.All.Select(c => c.Id))}",
            $"no collection \"{id}\"; there are {string.Join(", ", OgcCollection.All.Select(c => c.Id))}"));

    /// <summary>What an items request asks for, read and checked: paging, box, CRS, time, and the collection's own filters.</summary>
    sealed record ItemsRequest(int Limit, int Offset, Envelope? Bbox, string Crs, bool LatLon, DateTimeOffset? From, DateTimeOffset? To);

    static ItemsRequest? ReadItems(IQueryCollection query, OgcCollection c, out string? error)
    {
        error = null;
        var unknown = query.Keys.FirstOrDefault(k => !ItemParameters.Contains(k) && !c.Filters.Contains(k));
        if (unknown is not null)
        {
            error = L10n.T($"{unknown}：不是这个数据集的参数；可用 {string.Join("、", ItemParameters.Concat(c.Filters))}",
                $"{unknown}: not a parameter of this collection; there are {string.Join(", ", ItemParameters.Concat(c.Filters))}");
            return null;
        }
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } l)
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                error = L10n.T($"limit：“{l}”应为 1 到 {MaxLimit} 的整数", $"limit: \"{l}\" must be a whole number from 1 to {MaxLimit}");
                return null;
            }
            // Part 1: a larger limit is not an error; the server's maximum applies.
            limit = Math.Min(limit, MaxLimit);
        }
        var offset = 0;
        if (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            error = L10n.T($"offset：“{o}”应为不小于 0 的整数", $"offset: \"{o}\" must be a whole number, 0 or more");
            return null;
        }
        if (!OgcCrs.TryParse(query["crs"], "crs", out var crs, out var latLon, out error)) return null;
        if (!OgcCrs.TryParse(query["bbox-crs"], "bbox-crs", out _, out var bboxLatLon, out error)) return null;
        Envelope? bbox = null;
        if (query["bbox"].ToString() is { Length: > 0 } b)
        {
            var parts = b.Split(',');
            var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
            if (parts.Length is not (4 or 6) || values.Any(v => v is null))
            {
                error = L10n.T("bbox：应为 4 个（或含高程的 6 个）用逗号分隔的数", "bbox: expected 4 numbers (or 6 with heights) separated by commas");
                return null;
            }
            // Heights, when given, are the 3rd and 6th numbers: the sites have none, so they do not narrow anything.
            var (a0, a1, b0, b1) = parts.Length == 4 ? (values[0]!.Value, values[1]!.Value, values[2]!.Value, values[3]!.Value)
                : (values[0]!.Value, values[1]!.Value, values[3]!.Value, values[4]!.Value);
            // In the bbox-crs's axis order: EPSG:4490 is latitude first.
            var (minLon, minLat, maxLon, maxLat) = bboxLatLon ? (a1, a0, b1, b0) : (a0, a1, b0, b1);
            if (minLat > maxLat || minLat < -90 || maxLat > 90)
            {
                error = L10n.T($"bbox：纬度 {minLat}…{maxLat} 无效（bbox-crs 为 EPSG:4490 时纬度在前）", $"bbox: latitudes {minLat}…{maxLat} are not valid (latitude comes first with bbox-crs EPSG:4490)");
                return null;
            }
            // A box across the antimeridian (min > max longitude) cannot meet a Chinese district: it is read as the box it contains.
            bbox = new Envelope(Math.Min(minLon, maxLon), Math.Max(minLon, maxLon), minLat, maxLat);
        }
        DateTimeOffset? from = null, to = null;
        if (query["datetime"].ToString() is { Length: > 0 } dt)
        {
            var ends = dt.Split('/');
            DateTimeOffset? Parse(string s) => s is ".." or "" ? null
                : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
                : throw new FormatException(s);
            try
            {
                (from, to) = ends.Length switch
                {
                    1 => (Parse(ends[0]), Parse(ends[0])),
                    2 => (Parse(ends[0]), Parse(ends[1])),
                    _ => throw new FormatException(dt),
                };
                if (ends.Length == 1 && from is null) throw new FormatException(dt);
            }
            catch (FormatException)
            {
                error = L10n.T($"datetime：“{dt}”应为 RFC 3339 时间或区间（如 2026-01-01T00:00:00Z/..）", $"datetime: \"{dt}\" must be an RFC 3339 instant or interval (such as 2026-01-01T00:00:00Z/..)");
                return null;
            }
        }
        return new ItemsRequest(limit, offset, bbox, crs, latLon, from, to);
    }

    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Items(string collectionId, HttpContext http, PlannerDbContext db, DistrictTime time,
        CaseService cases, CancellationToken cancellationToken)
    {
        if (OgcCollection.Find(collectionId) is not { } c) return NoCollection(collectionId);
        if (BadFormat(http) is { } badFormat) return badFormat;
        var request = ReadItems(http.Request.Query, c, out var error);
        if (request is null) return Bad(error!);
        var scope = http.User.Scope();
        var b = Base(http);
        var page = c.Kind switch
        {
            OgcCollection.Contents.Sites => await SitePageAsync(http, db, c, request, scope, time, cancellationToken),
            OgcCollection.Contents.Townships => await TownshipPageAsync(db, request, scope, cancellationToken),
            _ => await CasePageAsync(http, cases, request, scope, cancellationToken),
        };
        if (page.Error is not null) return Bad(page.Error);

        http.Response.ContentType = GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{request.Crs}>";
        await using var output = new JsonResponseWriter(http.Response, SiteFeature.WriterOptions);
        var w = output.Json;
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("timeStamp", time.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("numberMatched", page.Matched);
        w.WriteNumber("numberReturned", page.Count);
        w.WriteStartArray("features");
        foreach (var write in page.Features)
        {
            write(w);
            await output.SendIfFullAsync(cancellationToken);
        }
        w.WriteEndArray();
        w.WriteStartArray("links");
        string PageUrl(int offset)
        {
            var query = http.Request.Query.Where(q => q.Key != "offset")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"offset={offset}");
            return $"{b}/collections/{c.Id}/items?{string.Join('&', query)}";
        }
        void WriteLink(string rel, string href, string title)
        {
            w.WriteStartObject();
            w.WriteString("rel", rel);
            w.WriteString("type", GeoJson);
            w.WriteString("title", title);
            w.WriteString("href", href);
            w.WriteEndObject();
        }
        WriteLink("self", PageUrl(request.Offset), "this page");
        if (request.Offset + page.Count < page.Matched) WriteLink("next", PageUrl(request.Offset + request.Limit), "the next page");
        if (request.Offset > 0) WriteLink("prev", PageUrl(Math.Max(0, request.Offset - request.Limit)), "the previous page");
        w.WriteStartObject();
        w.WriteString("rel", "collection");
        w.WriteString("type", Json);
        w.WriteString("href", $"{b}/collections/{c.Id}");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        await output.SendAsync(cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>A page of features, each as a writer of itself, with how many match in all.</summary>
    sealed record Page(int Matched, IReadOnlyList<Action<Utf8JsonWriter>> Features, string? Error = null)
    {
        public int Count => Features.Count;
    }

    static readonly Page Nothing = new(0, []);

    static async Task<Page> SitePageAsync(HttpContext http, PlannerDbContext db, OgcCollection c, ItemsRequest request, SiteScope scope,
        DistrictTime time, CancellationToken cancellationToken)
    {
        var today = time.Today;
        // The map's own filter reader for the collection's filters (bbox and the rest are this API's, read above).
        var filters = new QueryCollection(http.Request.Query.Where(q => c.Filters.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value));
        var filter = SiteQuery.Parse(filters, out var error);
        if (error is not null) return Nothing with { Error = error };
        var sites = db.SelectSites(filter with { Programmes = new HashSet<Programme> { c.Programme!.Value }, Bbox = request.Bbox }, scope, today);
        // datetime: the planned period meets the interval (a site without dates is always in it).
        if (request.From is { } from)
        {
            var day = time.DateOf(from);
            sites = sites.Where(s => s.PlannedEnd == null || s.PlannedEnd >= day);
        }
        if (request.To is { } to)
        {
            var day = time.DateOf(to);
            sites = sites.Where(s => s.PlannedStart == null || s.PlannedStart <= day);
        }
        var matched = await sites.CountAsync(cancellationToken);
        var rows = await sites.Include(s => s.Township).OrderBy(s => s.Id).Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        return new Page(matched, [.. rows.Select(s => (Action<Utf8JsonWriter>)(w => SiteFeature.WritePublished(w, s, today, request.LatLon)))]);
    }

    static async Task<Page> TownshipPageAsync(PlannerDbContext db, ItemsRequest request, SiteScope scope, CancellationToken cancellationToken)
    {
        var townships = scope.Apply(request.Bbox is { } box ? db.TownshipsMeeting(SpatialQueries.Box(box)) : db.Townships).AsNoTracking();
        var all = await townships.OrderBy(t => t.Code).ToListAsync(cancellationToken);
        // On SQLite the box narrows by the townships' boxes; the exact test is made here, as on PostGIS.
        if (request.Bbox is { } b) all = all.Where(t => t.Boundary.Intersects(SpatialQueries.Box(b))).ToList();
        var rows = all.Skip(request.Offset).Take(request.Limit).ToList();
        return new Page(all.Count, [.. rows.Select(t => (Action<Utf8JsonWriter>)(w => WriteTownship(w, t, request.LatLon)))]);
    }

    static void WriteTownship(Utf8JsonWriter w, Planner.Townships.Township t, bool latLon)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteNumber("id", t.Id);
        w.WritePropertyName("geometry");
        GeoJsonGeometry.Write(w, latLon ? AxisOrder.LatLon(t.Boundary) : t.Boundary, 8);
        w.WriteStartObject("properties");
        w.WriteString("code", t.Code);
        w.WriteString("name", t.Name);
        w.WriteNumber("areaM2", Math.Round(t.AreaSquareMetres));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static async Task<Page> CasePageAsync(HttpContext http, CaseService cases, ItemsRequest request, SiteScope scope, CancellationToken cancellationToken)
    {
        var query = cases.InScope(scope);
        var q = http.Request.Query;
        if (q["state"].ToString() is { Length: > 0 } state)
        {
            var codes = Enum.GetValues<CaseState>().Select(s => s.Code()).ToList();
            if (!codes.Contains(state))
                return Nothing with { Error = L10n.T($"state：“{state}”不是问题状态；可用 {string.Join("、", codes)}", $"state: \"{state}\" is not a case state; there are {string.Join(", ", codes)}") };
            var wanted = Enum.GetValues<CaseState>().First(x => x.Code() == state);
            query = query.Where(x => x.State == wanted);
        }
        if (q["category"].ToString() is { Length: > 0 } category) query = query.Where(x => x.Category == category);
        if (q["township"].ToString() is { Length: > 0 } township)
        {
            if (!int.TryParse(township, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return Nothing with { Error = L10n.T($"township：“{township}”不是乡/街道编号", $"township: \"{township}\" is not a township id") };
            query = query.Where(x => x.TownshipId == id);
        }
        if (request.From is { } from) query = query.Where(x => x.ReportedAt >= from);
        if (request.To is { } to) query = query.Where(x => x.ReportedAt <= to);
        query = query.OrderBy(x => x.Id);
        int matched;
        List<ProblemCase> rows;
        if (request.Bbox is { } box)
        {
            // A point in a box: tested here, as CaseService.ListAsync does (SQLite has no spatial functions for it).
            var inBox = (await query.ToListAsync(cancellationToken)).Where(x => box.Contains(x.Location.Coordinate)).ToList();
            (matched, rows) = (inBox.Count, inBox.Skip(request.Offset).Take(request.Limit).ToList());
        }
        else
        {
            matched = await query.CountAsync(cancellationToken);
            rows = await query.Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        }
        return new Page(matched, [.. rows.Select(x => (Action<Utf8JsonWriter>)(w => WriteCase(w, x, request.LatLon)))]);
    }

    static void WriteCase(Utf8JsonWriter w, ProblemCase x, bool latLon)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteNumber("id", x.Id);
        w.WritePropertyName("geometry");
        GeoJsonGeometry.Write(w, latLon ? AxisOrder.LatLon(x.Location) : x.Location, 8);
        w.WriteStartObject("properties");
        w.WriteString("category", x.Category);
        w.WriteString("state", x.State.Code());
        w.WriteNumber("townshipId", x.TownshipId);
        if (x.SiteId is { } site) w.WriteNumber("siteId", site);
        if (x.Description is { } d) w.WriteString("description", d);
        w.WriteString("reportedAt", x.ReportedAt);
        if (x.Deadline is { } deadline) w.WriteString("deadline", deadline);
        if (x.ClosedAt is { } closed) w.WriteString("closedAt", closed);
        w.WriteNumber("reworkCount", x.ReworkCount);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Item(string collectionId, string featureId, HttpContext http, PlannerDbContext db,
        DistrictTime time, CaseService cases, CancellationToken cancellationToken)
    {
        if (OgcCollection.Find(collectionId) is not { } c) return NoCollection(collectionId);
        if (!OgcCrs.TryParse(http.Request.Query["crs"], "crs", out var crs, out var latLon, out var error)) return Bad(error!);
        var unknown = http.Request.Query.Keys.FirstOrDefault(k => k is not ("crs" or "f"));
        if (unknown is not null) return Bad(L10n.T($"{unknown}：单个要素只接受 crs 和 f 参数", $"{unknown}: a single feature takes crs and f only"));
        var missing = NotFound(L10n.T($"数据集 {c.Id} 中没有编号为“{featureId}”的要素", $"collection {c.Id} has no feature \"{featureId}\""));
        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return missing;
        var scope = http.User.Scope();
        Action<Utf8JsonWriter>? write = null;
        switch (c.Kind)
        {
            case OgcCollection.Contents.Sites:
                var programme = c.Programme!.Value.Code();
                var site = await scope.Apply(db.Sites.AsNoTracking()).Include(s => s.Township)
                    .FirstOrDefaultAsync(s => s.Id == id && s.DeletedAt == null && EF.Property<string>(s, "programme") == programme, cancellationToken);
                if (site is not null) write = w => SiteFeature.WritePublished(w, site, time.Today, latLon);
                break;
            case OgcCollection.Contents.Townships:
                var township = await scope.Apply(db.Townships.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
                if (township is not null) write = w => WriteTownship(w, township, latLon);
                break;
            default:
                var problem = await cases.InScope(scope).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
                if (problem is not null) write = w => WriteCase(w, problem, latLon);
                break;
        }
        if (write is null) return missing;
        http.Response.ContentType = GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{crs}>";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, SiteFeature.WriterOptions);
        write(writer);
        await writer.FlushAsync(cancellationToken);
        return TypedResults.Empty;
    }

    static Results<JsonHttpResult<object>, ProblemHttpResult> OpenApi(HttpContext http) => Answer(http, OgcOpenApi.Document(Base(http)), OpenApiJson);
}
