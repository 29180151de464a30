using System.Globalization;
using NetTopologySuite.Geometries;
using Planner.Localization;

namespace Planner.Geometry;

/// <summary>
/// A Web Mercator tile as OpenLayers, OSM and <c>ST_TileEnvelope</c> number them (z/x/y, y from the north). CGCS2000
/// lon/lat is drawn on it as if it were WGS 84: the two differ by centimetres, far below a pixel at any map zoom.
/// </summary>
public readonly record struct TileAddress
{
    /// <summary>The deepest zoom served: a pixel of a 4096-unit tile is then about 1 cm.</summary>
    public const int MaxZoom = 22;

    public int Z { get; }
    public int X { get; }
    public int Y { get; }

    TileAddress(int z, int x, int y) => (Z, X, Y) = (z, x, y);

    /// <summary>The tile, or why there is none (in the user's language, naming the limit).</summary>
    public static bool TryCreate(int z, int x, int y, out TileAddress tile, out string? error)
    {
        tile = default;
        error = null;
        if (z < 0 || z > MaxZoom)
            error = L10n.T($"瓦片层级 z={z}：应在 0 到 {MaxZoom} 之间", $"tile zoom z={z}: must be between 0 and {MaxZoom}");
        else if (x < 0 || y < 0 || x >= 1L << z || y >= 1L << z)
            error = L10n.T($"瓦片 {z}/{x}/{y}：第 {z} 级的 x、y 应在 0 到 {(1L << z) - 1} 之间", $"tile {z}/{x}/{y}: at zoom {z}, x and y must be between 0 and {(1L << z) - 1}");
        else tile = new TileAddress(z, x, y);
        return error is null;
    }

    /// <summary>The tile at zoom <paramref name="z"/> that holds a lon/lat point.</summary>
    public static TileAddress Containing(double lon, double lat, int z)
    {
        var n = 1L << z;
        var r = Math.Clamp(lat, -85.0511, 85.0511) * Math.PI / 180;
        var x = (int)Math.Clamp(Math.Floor((lon + 180) / 360 * n), 0, n - 1);
        var y = (int)Math.Clamp(Math.Floor((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n), 0, n - 1);
        return TryCreate(z, x, y, out var tile, out var error) ? tile : throw new ArgumentOutOfRangeException(nameof(z), error);
    }

    /// <summary>The tile's box in lon/lat, widened on every side by <paramref name="buffer"/> of its width (0.015625 for 64 of 4096 units).</summary>
    public Envelope LonLatBounds(double buffer = 0)
    {
        double n = 1L << Z;
        static double Lat(double yTile, double n) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * yTile / n))) * 180 / Math.PI;
        return new Envelope(
            (X - buffer) / n * 360 - 180, (X + 1 + buffer) / n * 360 - 180,
            Lat(Math.Min(n, Y + 1 + buffer), n), Lat(Math.Max(0, Y - buffer), n));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Z}/{X}/{Y}");
}
