using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;
using Planner.Sites;

namespace Planner.Web.Api;

/// <summary>
/// The map's filters as they appear in URLs (of the map page and of the API), so a leader can send a link:
/// programme=road,compound&amp;township=3&amp;status=construction&amp;overdue=1&amp;pilot=1&amp;showcase=1&amp;q=…&amp;bbox=…
/// </summary>
public static class SiteQuery
{
    public static SiteFilter Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var programmes = new HashSet<Programme>();
        foreach (var p in List(query, "programme"))
        {
            if (ProgrammeExtensions.TryParse(p, out var programme)) programmes.Add(programme);
            else error ??= $"programme: \"{p}\" is not road, compound or fringe";
        }
        var statuses = new HashSet<SiteStatus>();
        foreach (var s in List(query, "status"))
        {
            if (SiteStatusExtensions.TryParse(s, out var status)) statuses.Add(status);
            else error ??= $"status: \"{s}\" is not a status";
        }
        var townships = new HashSet<int>();
        foreach (var t in List(query, "township"))
        {
            if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)) townships.Add(id);
            else error ??= $"township: \"{t}\" is not a township id";
        }
        Envelope? bbox = null;
        if (query["bbox"].ToString() is { Length: > 0 } b)
        {
            var parts = b.Split(',');
            if (parts.Length == 4 && parts.All(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var v = parts.Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                if (v[0] <= v[2] && v[1] <= v[3] && v.All(double.IsFinite)) bbox = new Envelope(v[0], v[2], v[1], v[3]);
                else error ??= "bbox: expected minLon,minLat,maxLon,maxLat with min ≤ max";
            }
            else error ??= "bbox: expected four numbers minLon,minLat,maxLon,maxLat";
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
            if (points.Count < 3 || points.Any(p => p is null)) error ??= "area: expected at least three \"lon lat\" points separated by commas";
            else
            {
                if (!points[0]!.Equals2D(points[^1]!)) points.Add(points[0]!.Copy());
                var polygon = Planner.Geometry.Cgcs2000.Factory.CreatePolygon(points.ToArray()!);
                area = polygon.IsValid ? polygon : Planner.Geometry.GeometryValidator.Repair(polygon);
            }
        }
        return new SiteFilter
        {
            Unit = query["unit"].ToString() is { Length: > 0 } unit ? unit : null,
            Area = area,
            Programmes = programmes,
            Statuses = statuses,
            TownshipIds = townships,
            OverdueOnly = Flag(query, "overdue"),
            PilotOnly = Flag(query, "pilot"),
            ShowcaseOnly = Flag(query, "showcase"),
            Text = query["q"].ToString() is { Length: > 0 } q ? q : null,
            Bbox = bbox,
        };
    }

    /// <summary>The 400 the API answers for a bad filter.</summary>
    public static ProblemHttpResult BadFilter(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Bad filter");

    static IEnumerable<string> List(IQueryCollection query, string key) =>
        query[key].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    static bool Flag(IQueryCollection query, string key) => query[key].ToString() is "1" or "true";
}
