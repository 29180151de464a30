using System.Globalization;
using NetTopologySuite.IO;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// Where a table (a CSV file, a worksheet) keeps each row's geometry: a WKT column (wkt, geometry, geom …) or lon/lat
/// columns (lon/lng/longitude/x/经度, lat/latitude/y/纬度, also as the ledger export heads them, 经度（CGCS2000）).
/// </summary>
sealed class TableGeometry
{
    static readonly string[] WktColumns = ["wkt", "geometry", "geom", "the_geom", "shape"];
    static readonly string[] LonColumns = ["lon", "lng", "long", "longitude", "x", "经度", "经度（CGCS2000）", "经度(CGCS2000)"];
    static readonly string[] LatColumns = ["lat", "latitude", "y", "纬度", "纬度（CGCS2000）", "纬度(CGCS2000)"];

    readonly WKTReader wktReader = new(SourceFactory.Raw.GeometryServices) { IsOldNtsCoordinateSyntaxAllowed = false };

    TableGeometry(string? wkt, string? lon, string? lat) => (Wkt, Lon, Lat) = (wkt, lon, lat);

    public string? Wkt { get; }
    public string? Lon { get; }
    public string? Lat { get; }

    /// <summary>The columns the geometry comes from, as a place names them.</summary>
    public string Columns => Wkt ?? $"{Lon}/{Lat}";

    public static string Expected => L10n.T($"一个 WKT 列（{string.Join(", ", WktColumns)}）或经度、纬度两列", $"a WKT column ({string.Join(", ", WktColumns)}) or lon and lat columns");

    /// <summary>The geometry columns of a header row, or null when it has neither a WKT column nor both lon and lat.</summary>
    public static TableGeometry? Find(IEnumerable<string> header)
    {
        var names = header.ToList();
        string? Pick(string[] candidates) => names.FirstOrDefault(h => candidates.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        var wkt = Pick(WktColumns);
        var (lon, lat) = (Pick(LonColumns), Pick(LatColumns));
        return wkt is not null || (lon is not null && lat is not null) ? new TableGeometry(wkt, wkt is null ? lon : null, wkt is null ? lat : null) : null;
    }

    /// <summary>The row's geometry in the file's own coordinates, or the problem with its place (row and column).</summary>
    public (NetTopologySuite.Geometries.Geometry? Geometry, Problem? Problem) Read(Func<string, string?> field, string where)
    {
        NetTopologySuite.Geometries.Geometry? geometry = null;
        if (Wkt is not null)
        {
            var text = field(Wkt);
            try
            {
                geometry = string.IsNullOrWhiteSpace(text) ? null : wktReader.Read(text);
                if (geometry is null) return (null, new Problem(Place.Column(where, Wkt), Messages.IsEmpty));
            }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException or OverflowException)
            {
                return (null, new Problem(Place.Column(where, Wkt), L10n.T($"不是有效的 WKT：{e.Message}", $"is not valid WKT: {e.Message}")));
            }
        }
        else if (double.TryParse(field(Lon!), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
                 double.TryParse(field(Lat!), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.IsFinite(x) && double.IsFinite(y))
            geometry = SourceFactory.Raw.CreatePoint(new NetTopologySuite.Geometries.Coordinate(x, y));
        else return (null, new Problem(Place.Column(where, Columns), L10n.T("不是有限数值", "are not finite numbers")));
        // "1e999" reads as infinity: a coordinate that is no number, refused at its row.
        foreach (var c in geometry.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
                return (null, new Problem(Place.Column(where, Columns), L10n.T("坐标不是有限数值", "coordinate is not a finite number")));
        return (geometry, null);
    }
}
