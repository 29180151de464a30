using System.Globalization;
using NetTopologySuite.Geometries;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// Checks that a file's numbers fit the coordinate system it is said to be in, and when they do not,
/// names the systems they do fit (8-digit eastings are Gauss–Krüger with the zone number in front;
/// latitudes over 90 are not degrees; points hundreds of km away are in another system).
/// </summary>
public static class CrsCheck
{
    /// <summary>
    /// Null when the sample fits; otherwise the problem with suggestions. Numbers that land outside China
    /// never fit. Numbers in China but far from the district fit only a system the user stated explicitly
    /// (a city- or country-wide file is then what they mean).
    /// </summary>
    public static Problem? Check(IReadOnlyList<Coordinate> sample, SourceCrs crs, Envelope expected, bool stated = false)
    {
        if (sample.Count == 0) return null;
        var fit = Fraction(sample, crs, expected);
        if (fit >= 0.9) return null;
        if (stated && Fraction(sample, crs, Cgcs2000.ChinaBounds) >= 0.9) return null;
        var first = sample[0];
        var what = crs.IsGeographic && sample.Any(c => Math.Abs(c.Y) > 90 || Math.Abs(c.X) > 180)
            ? L10n.T($"({X(first.X)}, {X(first.Y)}) 这样的坐标不是经纬度{(sample.Any(c => Math.Abs(c.Y) > 90) ? "（纬度超过 90）" : "")}",
                $"coordinates such as ({X(first.X)}, {X(first.Y)}) are not longitude/latitude{(sample.Any(c => Math.Abs(c.Y) > 90) ? " (latitudes over 90)" : "")}")
            : first.X >= 10_000_000 && first.X < 100_000_000
                ? L10n.T($"{X(first.X)} 这样的横坐标有 8 位：前面带有带号", $"eastings such as {X(first.X)} have 8 digits: the zone number stands in front")
                : L10n.T($"按 {crs.Code} 解读时，{X((1 - fit) * 100, "0")}% 的坐标（如 {X(first.X)}, {X(first.Y)}）落在本区之外",
                    $"{X((1 - fit) * 100, "0")}% of the coordinates (e.g. {X(first.X)}, {X(first.Y)}) fall outside the district when read as {crs.Code}");
        var centre = expected.Centre;
        var suggestions = SourceCrs.Candidates(centre.X)
            .Where(c => c.Code != crs.Code)
            .Select(c => (Crs: c, Fit: Fraction(sample, c, expected)))
            .Where(c => c.Fit >= 0.9)
            .OrderByDescending(c => c.Fit)
            .Take(3)
            .Select(c => c.Crs.ToString())
            .ToList();
        var hint = suggestions.Count > 0
            ? L10n.T($"；它们符合 {L10n.Or(suggestions)}", $"; they fit {L10n.Or(suggestions)}")
            : Fraction(sample, crs, Cgcs2000.ChinaBounds) >= 0.9
                ? L10n.T($"；它们在中国境内但远离本区：如确需导入，请明确指定 --crs {crs.Code}", $"; they are in China but far from the district: state --crs {crs.Code} to import them anyway")
                : L10n.T("；没有任何支持的坐标系能把它们放进本区（如果是高德或百度坐标，请指定 gcj02 或 bd09）", "; no supported coordinate system puts them in the district (if they are AMap or Baidu coordinates, say gcj02 or bd09)");
        return new Problem($"crs {crs.Code}", what + hint);
    }

    static string X(double v, string format = "R") => v.ToString(format, CultureInfo.InvariantCulture);

    static double Fraction(IReadOnlyList<Coordinate> sample, SourceCrs crs, Envelope expected)
    {
        // Non-numbers are their rows' problem, not the coordinate system's.
        var inside = 0;
        var counted = 0;
        foreach (var c in sample)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y)) continue;
            counted++;
            if (crs.IsGeographic && (Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90)) continue;
            try
            {
                var (lon, lat) = crs.ToCgcs2000(c.X, c.Y);
                if (double.IsFinite(lon) && double.IsFinite(lat) && expected.Contains(lon, lat)) inside++;
            }
            catch (ArithmeticException)
            {
                // out of the projection's domain: does not fit
            }
        }
        return counted == 0 ? 1 : inside / (double)counted;
    }

    /// <summary>
    /// The area imports are expected in: about 200 km around the district's townships (a city's other
    /// districts are fine; a misread projection lands hundreds or thousands of km away); all of China when there are none.
    /// </summary>
    public static Envelope ExpectedArea(Envelope? townships)
    {
        if (townships is null || townships.IsNull) return Cgcs2000.ChinaBounds;
        var e = new Envelope(townships);
        e.ExpandBy(2.0, 1.8);
        return e;
    }
}
