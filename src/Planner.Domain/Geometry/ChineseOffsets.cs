using NetTopologySuite.Geometries;

namespace Planner.Geometry;

/// <summary>
/// The obfuscated web-map coordinates used in China: GCJ-02 (AMap, Tencent, DataV boundaries) and
/// BD-09 (Baidu). They are offsets, not datums, so they are converted at the boundary only.
/// CGCS2000 stands in for WGS84 here: the two agree to centimetres.
/// </summary>
public static class ChineseOffsets
{
    const double KrasovskySemiMajor = 6378245.0;
    const double KrasovskyEccentricitySquared = 0.00669342162296594323;
    const double BaiduPi = Math.PI * 3000.0 / 180.0;
    // The forward offset changes by at most about 1 % of a step in the point (its slope is below 0.012 in
    // China), so once a step is below 1e-7° the point is within about 1e-9° (0.1 mm): well inside the 1 cm
    // round-trip promise.
    const double InverseTolerance = 1e-7;
    const int MaxIterations = 30;

    /// <summary>GCJ-02 leaves coordinates outside this box untouched.</summary>
    public static bool OutsideChina(double lon, double lat) =>
        lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

    public static (double Lon, double Lat) Cgcs2000ToGcj02(double lon, double lat)
    {
        if (OutsideChina(lon, lat)) return (lon, lat);
        var (dLon, dLat) = GcjDelta(lon, lat);
        return (lon + dLon, lat + dLat);
    }

    /// <summary>Exact inverse by fixed-point iteration (the forward offset varies slowly).</summary>
    public static (double Lon, double Lat) Gcj02ToCgcs2000(double lon, double lat) =>
        Invert(lon, lat, Cgcs2000ToGcj02);

    /// <summary>
    /// Converts a whole sequence in place. Neighbouring vertices have almost the same offset, so each
    /// inversion starts from the previous vertex's offset: two evaluations of the forward offset instead of four.
    /// </summary>
    public static void Gcj02ToCgcs2000(CoordinateSequence sequence)
    {
        if (sequence is NetTopologySuite.Geometries.Implementation.PackedDoubleCoordinateSequence { Dimension: 2 } packed)
        {
            // What an import reads: the numbers themselves, converted where they lie.
            Gcj02ToCgcs2000(packed.GetRawCoordinates().AsSpan());
            packed.ReleaseCoordinateArray();
            return;
        }
        var n = sequence.Count;
        var xy = System.Buffers.ArrayPool<double>.Shared.Rent(2 * n);
        try
        {
            for (var i = 0; i < n; i++) (xy[2 * i], xy[2 * i + 1]) = (sequence.GetX(i), sequence.GetY(i));
            Gcj02ToCgcs2000(xy.AsSpan(0, 2 * n));
            for (var i = 0; i < n; i++)
            {
                sequence.SetX(i, xy[2 * i]);
                sequence.SetY(i, xy[2 * i + 1]);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(xy);
        }
    }

    /// <summary>The same over x, y pairs.</summary>
    static void Gcj02ToCgcs2000(Span<double> xy)
    {
        var n = xy.Length / 2;
        // A closed ring must stay closed: its last vertex is its first, not a second inversion of the same point.
        var closed = n > 1 && xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1];
        double offsetLon = 0, offsetLat = 0;
        for (var i = 0; i < (closed ? n - 1 : n); i++)
        {
            double lon = xy[2 * i], lat = xy[2 * i + 1];
            var (x, y) = Invert(lon, lat, Cgcs2000ToGcj02, lon - offsetLon, lat - offsetLat);
            (offsetLon, offsetLat) = (lon - x, lat - y);
            (xy[2 * i], xy[2 * i + 1]) = (x, y);
        }
        if (closed) (xy[2 * n - 2], xy[2 * n - 1]) = (xy[0], xy[1]);
    }

    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * BaiduPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * BaiduPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat) =>
        Invert(lon, lat, Gcj02ToBd09);

    public static (double Lon, double Lat) Cgcs2000ToBd09(double lon, double lat)
    {
        var (gLon, gLat) = Cgcs2000ToGcj02(lon, lat);
        return Gcj02ToBd09(gLon, gLat);
    }

    public static (double Lon, double Lat) Bd09ToCgcs2000(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToCgcs2000(gLon, gLat);
    }

    /// <summary>Fixed-point inversion of <paramref name="forward"/>, from a first guess (by default the point itself).</summary>
    static (double Lon, double Lat) Invert(double lon, double lat, Func<double, double, (double Lon, double Lat)> forward)
        => Invert(lon, lat, forward, lon, lat);

    static (double Lon, double Lat) Invert(double lon, double lat, Func<double, double, (double Lon, double Lat)> forward, double x, double y)
    {
        for (var i = 0; i < MaxIterations; i++)
        {
            var (fx, fy) = forward(x, y);
            double ex = lon - fx, ey = lat - fy;
            x += ex;
            y += ey;
            if (Math.Abs(ex) < InverseTolerance && Math.Abs(ey) < InverseTolerance) break;
        }
        return (x, y);
    }

    static (double DLon, double DLat) GcjDelta(double lon, double lat)
    {
        double x = lon - 105.0, y = lat - 35.0;
        // sin 3a = 3 sin a − 4 sin³ a: the six sines of the published formula from four (same values to 1e-15).
        var s2x = Math.Sin(2.0 * x * Math.PI);
        var s6x = s2x * (3.0 - 4.0 * s2x * s2x);
        var sx3 = Math.Sin(x / 3.0 * Math.PI);
        var sx = sx3 * (3.0 - 4.0 * sx3 * sx3);
        var sy3 = Math.Sin(y / 3.0 * Math.PI);
        var sy = sy3 * (3.0 - 4.0 * sy3 * sy3);
        var sqrtX = Math.Sqrt(Math.Abs(x));
        var common = (20.0 * s6x + 20.0 * s2x) * 2.0 / 3.0;
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrtX
                   + common
                   + (20.0 * sy + 40.0 * sy3) * 2.0 / 3.0
                   + (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320.0 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrtX
                   + common
                   + (20.0 * sx + 40.0 * sx3) * 2.0 / 3.0
                   + (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        var (sinLat, cosLat) = Math.SinCos(lat / 180.0 * Math.PI);
        var magic = 1 - KrasovskyEccentricitySquared * sinLat * sinLat;
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskySemiMajor * (1 - KrasovskyEccentricitySquared) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskySemiMajor / sqrtMagic * cosLat * Math.PI);
        return (dLon, dLat);
    }
}
