using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using Planner.Geometry;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// A coordinate system an imported file may be in, with its conversion to CGCS2000 lon/lat:
/// CGCS2000 or WGS84 lon/lat, CGCS2000 3- and 6-degree Gauss–Krüger (with or without the zone number in
/// the easting), Web Mercator, GCJ-02 (AMap, Tencent) and BD-09 (Baidu).
/// </summary>
public sealed partial class SourceCrs
{
    const double WebMercatorRadius = 6378137.0;
    readonly Func<double, double, (double Lon, double Lat)> toCgcs2000;
    /// <summary>Converts a whole sequence in place; null when the numbers are CGCS2000 lon/lat already.</summary>
    readonly Action<CoordinateSequence>? sequenceToCgcs2000;

    SourceCrs(string code, string description, bool geographic, Func<double, double, (double, double)> toCgcs2000,
        Action<CoordinateSequence>? sequenceToCgcs2000 = null, bool identity = false)
    {
        Code = code;
        Description = description;
        IsGeographic = geographic;
        this.toCgcs2000 = toCgcs2000;
        this.sequenceToCgcs2000 = identity ? null : sequenceToCgcs2000 ?? (seq =>
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = toCgcs2000(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        });
    }

    /// <summary>How the user names it: EPSG:4490, gcj02, bd09 …</summary>
    public string Code { get; }
    public string Description { get; }
    public bool IsGeographic { get; }

    public override string ToString() => $"{Code} ({Description})";

    public (double Lon, double Lat) ToCgcs2000(double x, double y) => toCgcs2000(x, y);

    /// <summary>
    /// Converts the geometry's own coordinates, without a copy: for a geometry just read from a file that
    /// nothing else holds. An import converts a million vertices; copies and per-point calls add up.
    /// </summary>
    public NetTopologySuite.Geometries.Geometry ToCgcs2000InPlace(NetTopologySuite.Geometries.Geometry geometry)
    {
        if (sequenceToCgcs2000 is not null) geometry.Apply(new InPlace(sequenceToCgcs2000));
        geometry.SRID = Cgcs2000.Srid;
        return geometry;
    }

    sealed class InPlace(Action<CoordinateSequence> convert) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq) => convert(seq);
    }

    public static readonly SourceCrs Cgcs2000LonLat = new("EPSG:4490", "CGCS2000 lon/lat", true, (x, y) => (x, y), identity: true);
    // WGS84 and CGCS2000 differ by centimetres, well below what a renovation map can show.
    public static readonly SourceCrs Wgs84 = new("EPSG:4326", "WGS 84 lon/lat", true, (x, y) => (x, y), identity: true);
    public static readonly SourceCrs WebMercator = new("EPSG:3857", "Web Mercator", false, (x, y) =>
        (x / WebMercatorRadius * 180 / Math.PI, (2 * Math.Atan(Math.Exp(y / WebMercatorRadius)) - Math.PI / 2) * 180 / Math.PI));
    public static readonly SourceCrs Gcj02 = new("gcj02", "GCJ-02, AMap/Tencent", true, ChineseOffsets.Gcj02ToCgcs2000, ChineseOffsets.Gcj02ToCgcs2000);
    public static readonly SourceCrs Bd09 = new("bd09", "BD-09, Baidu", true, ChineseOffsets.Bd09ToCgcs2000);

    /// <summary>CGCS2000 3-degree GK zone 25–45; with the zone number in front of the easting (EPSG:4513–4533) or not (4534–4554).</summary>
    public static SourceCrs GaussKruger3(int zone, bool zonePrefix)
    {
        var z = GaussKrugerZone.Get(zone);
        var cm = z.CentralMeridian;
        return zonePrefix
            ? new($"EPSG:{z.EpsgWithZonePrefix}", $"CGCS2000 3-degree Gauss–Krüger zone {zone}, zone number in the easting", false,
                (x, y) => TransverseMercator.Unproject(cm, x - zone * 1_000_000.0, y))
            : new($"EPSG:{z.Epsg}", $"CGCS2000 3-degree Gauss–Krüger CM {cm}E", false, (x, y) => TransverseMercator.Unproject(cm, x, y));
    }

    /// <summary>CGCS2000 6-degree GK zone 13–23 (CM 6·zone−3); with the zone number (EPSG:4491–4501) or not (4502–4512).</summary>
    public static SourceCrs GaussKruger6(int zone, bool zonePrefix)
    {
        if (zone is < 13 or > 23) throw new ArgumentOutOfRangeException(nameof(zone), zone, "CGCS2000 6-degree zones run from 13 to 23.");
        var cm = zone * 6 - 3;
        return zonePrefix
            ? new($"EPSG:{4491 + zone - 13}", $"CGCS2000 6-degree Gauss–Krüger zone {zone}, zone number in the easting", false,
                (x, y) => TransverseMercator.Unproject(cm, x - zone * 1_000_000.0, y))
            : new($"EPSG:{4502 + zone - 13}", $"CGCS2000 6-degree Gauss–Krüger CM {cm}E", false, (x, y) => TransverseMercator.Unproject(cm, x, y));
    }

    /// <summary>Parses "EPSG:4490", "4547", "gcj02", "bd09", "wgs84" …; refuses anything else, saying what is accepted.</summary>
    public static SourceCrs Parse(string text)
    {
        var t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "gcj02" or "gcj-02" or "amap" or "tencent": return Gcj02;
            case "bd09" or "bd-09" or "baidu": return Bd09;
            case "wgs84" or "wgs-84": return Wgs84;
            case "cgcs2000": return Cgcs2000LonLat;
        }
        var match = EpsgPattern().Match(t);
        if (match.Success && FromEpsg(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) is { } crs) return crs;
        throw new ValidationFailedException("crs", Localization.L10n.T($"“{text}”不是支持的坐标系：请用 EPSG:4490、EPSG:4326、EPSG:4513–4554（3 度带高斯–克吕格）、EPSG:4491–4512（6 度带）、EPSG:3857、gcj02 或 bd09", $"\"{text}\" is not a supported coordinate system: use EPSG:4490, EPSG:4326, EPSG:4513–4554 (3-degree GK), EPSG:4491–4512 (6-degree GK), EPSG:3857, gcj02 or bd09"));
    }

    public static SourceCrs? FromEpsg(int epsg) => epsg switch
    {
        4490 => Cgcs2000LonLat,
        4326 or 4979 => Wgs84,
        3857 or 900913 or 102100 => WebMercator,
        >= 4513 and <= 4533 => GaussKruger3(epsg - 4513 + 25, zonePrefix: true),
        >= 4534 and <= 4554 => GaussKruger3(epsg - 4534 + 25, zonePrefix: false),
        >= 4491 and <= 4501 => GaussKruger6(epsg - 4491 + 13, zonePrefix: true),
        >= 4502 and <= 4512 => GaussKruger6(epsg - 4502 + 13, zonePrefix: false),
        _ => null,
    };

    /// <summary>The CRS of a GeoJSON "crs" member name (urn:ogc:def:crs:EPSG::4490, EPSG:4490, CRS84).</summary>
    public static SourceCrs? FromName(string name)
    {
        if (name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase)) return Wgs84;
        var match = TrailingNumber().Match(name);
        if (!match.Success) return null;
        var epsg = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        RefuseOtherDatum(epsg, "crs");
        return FromEpsg(epsg);
    }

    /// <summary>Every system the plausibility check tries when numbers do not fit the stated one.</summary>
    public static IEnumerable<SourceCrs> Candidates(double nearLongitude)
    {
        yield return Cgcs2000LonLat;
        yield return WebMercator;
        var zone3 = Math.Clamp((int)Math.Round(nearLongitude / 3), 25, 45);
        yield return GaussKruger3(zone3, zonePrefix: false);
        var zone6 = Math.Clamp((int)Math.Floor(nearLongitude / 6) + 1, 13, 23);
        yield return GaussKruger6(zone6, zonePrefix: false);
        for (var z = 25; z <= 45; z++) yield return GaussKruger3(z, zonePrefix: true);
        for (var z = 13; z <= 23; z++) yield return GaussKruger6(z, zonePrefix: true);
    }

    [GeneratedRegex(@"^(?:EPSG:)?(\d{4,6})$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgPattern();

    [GeneratedRegex(@"(\d{4,6})\D*$")]
    private static partial Regex TrailingNumber();

}
