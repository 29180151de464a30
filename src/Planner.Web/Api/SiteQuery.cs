using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;
using Planner.Localization;
using Planner.Sites;

namespace Planner.Web.Api;

/// <summary>
/// The map's filters as they appear in URLs (of the map page and of the API), so a leader can send a link:
/// programme=road,compound&amp;township=3&amp;status=construction&amp;overdue=1&amp;pilot=1&amp;showcase=1&amp;q=…&amp;bbox=…
/// Anything else is refused with what and where, never passed on to the database.
/// </summary>
public static class SiteQuery
{
    /// <summary>Longest text a search (q, unit) may be.</summary>
    public const int MaxTextLength = 100;
    /// <summary>Most points an area drawn on the map may have.</summary>
    public const int MaxAreaPoints = 500;

    public static SiteFilter Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var programmes = new HashSet<Programme>();
        foreach (var p in List(query, "programme"))
        {
            if (ProgrammeExtensions.TryParse(p, out var programme)) programmes.Add(programme);
            else error ??= $"programme: {Messages.NotAProgramme(p)}";
        }
        var statuses = new HashSet<SiteStatus>();
        foreach (var s in List(query, "status"))
        {
            if (SiteStatusExtensions.TryParse(s, out var status)) statuses.Add(status);
            else error ??= $"status: {Messages.NotAStatus(s)}";
        }
        var townships = new HashSet<int>();
        foreach (var t in List(query, "township"))
        {
            if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)) townships.Add(id);
            else error ??= L10n.T($"township：“{t}”不是乡/街道编号", $"township: \"{t}\" is not a township id");
        }
        Envelope? bbox = null;
        if (query["bbox"].ToString() is { Length: > 0 } b)
        {
            var parts = b.Split(',');
            if (parts.Length == 4 && parts.All(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var v = parts.Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                if (v[0] <= v[2] && v[1] <= v[3] && v.All(double.IsFinite)) bbox = new Envelope(v[0], v[2], v[1], v[3]);
                else error ??= L10n.T("bbox：应为 最小经度,最小纬度,最大经度,最大纬度，且最小值不大于最大值", "bbox: expected minLon,minLat,maxLon,maxLat with min ≤ max");
            }
            else error ??= L10n.T("bbox：应为四个数 最小经度,最小纬度,最大经度,最大纬度", "bbox: expected four numbers minLon,minLat,maxLon,maxLat");
        }
        NetTopologySuite.Geometries.Geometry? area = null;
        if (query["area"].ToString() is { Length: > 0 } a)
        {
            // A ring drawn on the map: "lon lat,lon lat,…" (closed or not).
            var points = a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(p => p.Length == 2 && double.TryParse(p[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.IsFinite(x) && double.IsFinite(y)
                    ? new Coordinate(x, y) : null)
                .ToList();
            if (points.Count < 3 || points.Any(p => p is null))
                error ??= L10n.T("area：至少需要三个用逗号分隔的“经度 纬度”点", "area: expected at least three \"lon lat\" points separated by commas");
            else if (points.Count > MaxAreaPoints)
                error ??= L10n.T($"area：有 {points.Count} 个点，超过上限 {MaxAreaPoints} 个", $"area: {points.Count} points, more than the limit of {MaxAreaPoints}");
            else
            {
                if (!points[0]!.Equals2D(points[^1]!)) points.Add(points[0]!.Copy());
                var polygon = Planner.Geometry.Cgcs2000.Factory.CreatePolygon(points.ToArray()!);
                area = polygon.IsValid ? polygon : Planner.Geometry.GeometryValidator.Repair(polygon);
            }
        }
        return new SiteFilter
        {
            Unit = Text(query, "unit", ref error),
            Area = area,
            Programmes = programmes,
            Statuses = statuses,
            TownshipIds = townships,
            OverdueOnly = Flag(query, "overdue"),
            PilotOnly = Flag(query, "pilot"),
            ShowcaseOnly = Flag(query, "showcase"),
            Text = Text(query, "q", ref error),
            Bbox = bbox,
        };
    }

    /// <summary>The 400 the API answers for a bad filter.</summary>
    public static ProblemHttpResult BadFilter(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: L10n.T("筛选条件有误", "Bad filter"));

    /// <summary>Search text: no control characters (PostgreSQL refuses a NUL in text), at most <see cref="MaxTextLength"/> characters.</summary>
    static string? Text(IQueryCollection query, string key, ref string? error)
    {
        var text = query[key].ToString();
        if (text.Length == 0) return null;
        if (text.Any(char.IsControl))
        {
            error ??= L10n.T($"{key}：含有控制字符", $"{key}: contains a control character");
            return null;
        }
        if (text.Length > MaxTextLength)
        {
            error ??= $"{key}: {Messages.TooLong(text.Length, MaxTextLength)}";
            return null;
        }
        return text;
    }

    static IEnumerable<string> List(IQueryCollection query, string key) =>
        query[key].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    static bool Flag(IQueryCollection query, string key) => query[key].ToString() is "1" or "true";
}
