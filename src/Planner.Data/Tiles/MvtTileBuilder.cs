using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using Planner.Geometry;
using Mvt = NetTopologySuite.IO.VectorTiles.Mapbox.Tile;

namespace Planner.Tiles;

/// <summary>
/// A Mapbox vector tile (spec 2.1) from lon/lat features, with the rules of <c>ST_AsMVTGeom</c> so both engines draw
/// alike: shapes clipped to the tile and its buffer, simplified to a pixel, put on the tile's integer grid, and a shape
/// smaller than two units kept as its point on surface rather than dropped (a district view still shows every site).
/// The protobuf model and its serialisation are NetTopologySuite.IO.VectorTiles.Mapbox's; the geometry commands are
/// encoded here, because that package's writer (1.1.0, the version served) puts every coordinate near the tile's
/// corner and drops lines and polygons (docs/benchmarks.md, "Vector tiles": the reproduction and the figures).
/// </summary>
public sealed class MvtTileBuilder
{
    /// <summary>Tile units across a tile, as <c>ST_AsMVT</c> uses by default.</summary>
    public const uint Extent = 4096;
    /// <summary>Units drawn beyond each edge, so strokes do not stop at tile seams.</summary>
    public const int Buffer = 64;

    const double EarthRadius = 6378137;
    readonly TileAddress tile;
    readonly Envelope clip;
    readonly Polygon clipPolygon;
    readonly double pixel;
    readonly double left, top, unitsPerMetre;
    readonly Mvt mvt = new();
    readonly Dictionary<string, (Mvt.Layer Layer, Dictionary<string, uint> Keys, Dictionary<object, uint> Values)> layers = new(StringComparer.Ordinal);

    public MvtTileBuilder(TileAddress tile)
    {
        this.tile = tile;
        clip = QueryBounds(tile);
        clipPolygon = (Polygon)Cgcs2000.Factory.ToGeometry(clip);
        var bounds = tile.LonLatBounds();
        pixel = Math.Min(bounds.Width, bounds.Height) / Extent;
        var size = 2 * Math.PI * EarthRadius / (1L << tile.Z);
        left = -Math.PI * EarthRadius + tile.X * size;
        top = Math.PI * EarthRadius - tile.Y * size;
        unitsPerMetre = Extent / size;
    }

    /// <summary>Web Mercator metres per tile unit at a zoom (what the tile's pixel sizes are in PostGIS's 3857).</summary>
    public static double MetresPerUnit(int z) => 2 * Math.PI * EarthRadius / (1L << z) / Extent;

    /// <summary>The largest error, in tile units, that <see cref="LinearMercator"/> allows.</summary>
    public const double LinearTolerance = 0.5;

    /// <summary>
    /// Web Mercator over one tile as an affine map of lon/lat: x is linear in longitude anyway; y is taken on the chord
    /// through the tile's top and bottom edges, so it is exact there. Given when the chord's largest error over the tile
    /// and its buffer, R·sec φ·tan φ·h²/8 for a latitude span h, stays under <see cref="LinearTolerance"/> of a tile unit
    /// (at Zhengzhou's latitude from zoom 12 on), so every vertex lands on the grid cell the projection gives it or the
    /// next; null for larger tiles, which need the projection. PostGIS's <c>ST_Transform</c> calls PROJ for every vertex:
    /// a third of a z14 tile's statement (docs/benchmarks.md, the tiles); <c>ST_Affine</c> is arithmetic.
    /// </summary>
    /// <returns>Metres per degree of longitude and of latitude, and the metres at latitude 0 of the chord.</returns>
    public static (double Ax, double Ay, double By)? LinearMercator(TileAddress tile)
    {
        var size = 2 * Math.PI * EarthRadius / (1L << tile.Z);
        var top = Math.PI * EarthRadius - tile.Y * size;
        var bounds = tile.LonLatBounds();
        var buffered = tile.LonLatBounds((double)Buffer / Extent);
        var h = (bounds.MaxY - bounds.MinY) * Math.PI / 180;
        var phi = Math.Max(Math.Abs(buffered.MinY), Math.Abs(buffered.MaxY)) * Math.PI / 180;
        var error = EarthRadius / Math.Cos(phi) * Math.Tan(phi) * h * h / 8;
        if (!(error < LinearTolerance * MetresPerUnit(tile.Z))) return null;
        var ay = size / (bounds.MaxY - bounds.MinY);
        return (EarthRadius * Math.PI / 180, ay, top - ay * bounds.MaxY);
    }

    /// <summary>The box a query needs for this tile: the tile and its buffer, in lon/lat.</summary>
    public static Envelope QueryBounds(TileAddress tile) => tile.LonLatBounds((double)Buffer / Extent);

    /// <summary>Adds a feature to a layer (made on first use); its properties are strings, numbers or booleans (null ones are left out).</summary>
    public void Add(string layerName, long id, NetTopologySuite.Geometries.Geometry geometry, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var shape = Shape(geometry);
        if (shape is null) return;
        var feature = new Mvt.Feature { Id = (ulong)id };
        if (!Encode(shape, feature)) return;
        AddFeature(layerName, feature, properties);
    }

    /// <summary>
    /// Adds a point given in tile units (see <see cref="Footprint"/>), without an id when it stands for several features;
    /// left out beyond the tile's buffer.
    /// </summary>
    public void AddPoint(string layerName, long? id, (double X, double Y) at, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var p = ((int)Math.Round(at.X), (int)Math.Round(at.Y));
        if (p.Item1 < -Buffer || p.Item2 < -Buffer || p.Item1 > Extent + Buffer || p.Item2 > Extent + Buffer) return;
        var feature = new Mvt.Feature { Type = Mvt.GeomType.Point };
        if (id is { } value) feature.Id = (ulong)value;
        feature.Geometry.Add(1 | (1u << 3));
        feature.Geometry.Add(ZigZag(p.Item1));
        feature.Geometry.Add(ZigZag(p.Item2));
        AddFeature(layerName, feature, properties);
    }

    /// <summary>A geometry's size (the larger side of its box) and its box's centre, in tile units (y down).</summary>
    public (double Size, double X, double Y) Footprint(NetTopologySuite.Geometries.Geometry geometry)
    {
        var e = geometry.EnvelopeInternal;
        var (x0, y0) = Units(new Coordinate(e.MinX, e.MaxY));
        var (x1, y1) = Units(new Coordinate(e.MaxX, e.MinY));
        return (Math.Max(x1 - x0, y1 - y0), (x0 + x1) / 2, (y0 + y1) / 2);
    }

    void AddFeature(string layerName, Mvt.Feature feature, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        if (!layers.TryGetValue(layerName, out var layer))
        {
            layer = (new Mvt.Layer { Name = layerName, Version = 2, Extent = Extent }, new Dictionary<string, uint>(StringComparer.Ordinal), new Dictionary<object, uint>());
            layers.Add(layerName, layer);
            mvt.Layers.Add(layer.Layer);
        }
        foreach (var (key, value) in properties)
        {
            if (value is null) continue;
            if (!layer.Keys.TryGetValue(key, out var k))
            {
                layer.Keys.Add(key, k = (uint)layer.Layer.Keys.Count);
                layer.Layer.Keys.Add(key);
            }
            // One entry per distinct value, as the spec asks (a bool true and an int 1 stay apart: the key includes the type).
            if (!layer.Values.TryGetValue(value, out var v))
            {
                layer.Values.Add(value, v = (uint)layer.Layer.Values.Count);
                layer.Layer.Values.Add(value switch
                {
                    string s => new Mvt.Value { StringValue = s },
                    bool b => new Mvt.Value { BoolValue = b },
                    int or long or short => new Mvt.Value { IntValue = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) },
                    _ => new Mvt.Value { DoubleValue = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) },
                });
            }
            feature.Tags.Add(k);
            feature.Tags.Add(v);
        }
        layer.Layer.Features.Add(feature);
    }

    /// <summary>The shape as the tile holds it, or null when it lies outside the tile and its buffer.</summary>
    NetTopologySuite.Geometries.Geometry? Shape(NetTopologySuite.Geometries.Geometry geometry)
    {
        var e = geometry.EnvelopeInternal;
        if (!clip.Intersects(e)) return null;
        if (geometry is not (Point or MultiPoint) && e.Width < 2 * pixel && e.Height < 2 * pixel)
        {
            var point = geometry.InteriorPoint;
            return clip.Contains(point.Coordinate) ? point : null;
        }
        var shape = geometry.NumPoints >= 8 ? TopologyPreservingSimplifier.Simplify(geometry, pixel) : geometry;
        if (!clip.Contains(e)) shape = shape.Intersection(clipPolygon);
        return shape.IsEmpty ? null : shape;
    }

    (double X, double Y) Units(Coordinate c)
    {
        var x = c.X * Math.PI / 180 * EarthRadius;
        var y = Math.Log(Math.Tan(Math.PI / 4 + Math.Clamp(c.Y, -85.06, 85.06) * Math.PI / 360)) * EarthRadius;
        return ((x - left) * unitsPerMetre, (top - y) * unitsPerMetre);
    }

    (int X, int Y) Grid(Coordinate c)
    {
        var (x, y) = Units(c);
        return ((int)Math.Round(x), (int)Math.Round(y));
    }

    /// <summary>The geometry as MVT commands on the tile's grid; false when nothing of it is left on the grid.</summary>
    bool Encode(NetTopologySuite.Geometries.Geometry shape, Mvt.Feature feature)
    {
        var cursor = (X: 0, Y: 0);
        var g = feature.Geometry;
        void Command(uint id, int count) => g.Add((id & 0x7) | ((uint)count << 3));
        void Move((int X, int Y) to)
        {
            g.Add(ZigZag(to.X - cursor.X));
            g.Add(ZigZag(to.Y - cursor.Y));
            cursor = to;
        }
        List<(int X, int Y)> Path(Coordinate[] coordinates, bool ring)
        {
            var path = new List<(int X, int Y)>(coordinates.Length);
            foreach (var c in coordinates)
            {
                var p = Grid(c);
                if (path.Count == 0 || path[^1] != p) path.Add(p);
            }
            if (ring && path.Count > 1 && path[0] == path[^1]) path.RemoveAt(path.Count - 1);
            return path;
        }
        switch (shape)
        {
            case Point or MultiPoint:
                feature.Type = Mvt.GeomType.Point;
                var points = shape.Coordinates.Select(Grid).Distinct().ToList();
                Command(1, points.Count);
                foreach (var p in points) Move(p);
                return points.Count > 0;
            case LineString or MultiLineString:
                feature.Type = Mvt.GeomType.LineString;
                for (var i = 0; i < shape.NumGeometries; i++)
                {
                    var path = Path(shape.GetGeometryN(i).Coordinates, ring: false);
                    if (path.Count < 2) continue;
                    Command(1, 1);
                    Move(path[0]);
                    Command(2, path.Count - 1);
                    foreach (var p in path.Skip(1)) Move(p);
                }
                return g.Count > 0;
            case Polygon or MultiPolygon:
                feature.Type = Mvt.GeomType.Polygon;
                for (var i = 0; i < shape.NumGeometries; i++)
                {
                    if (shape.GetGeometryN(i) is not Polygon polygon) continue;
                    if (!Ring(polygon.ExteriorRing.Coordinates, exterior: true)) continue;
                    foreach (var hole in polygon.InteriorRings) Ring(hole.Coordinates, exterior: false);
                }
                return g.Count > 0;
            case GeometryCollection collection:
                // What a clip leaves of a shape can mix kinds; the tile keeps the kind of the largest part.
                var main = Enumerable.Range(0, collection.NumGeometries).Select(collection.GetGeometryN).MaxBy(p => p.Dimension);
                return main is not null && Encode(main, feature);
            default:
                return false;
        }

        bool Ring(Coordinate[] coordinates, bool exterior)
        {
            var path = Path(coordinates, ring: true);
            var area = path.Count < 3 ? 0 : Area(path);
            if (area == 0) return false;
            // The spec's rule itself: an exterior ring has a positive area by the surveyor's formula on the tile's grid
            // (clockwise, y down), an interior one a negative area.
            if (area > 0 != exterior) path.Reverse();
            Command(1, 1);
            Move(path[0]);
            Command(2, path.Count - 1);
            foreach (var p in path.Skip(1)) Move(p);
            Command(7, 1);
            return true;
        }
    }

    static long Area(List<(int X, int Y)> path)
    {
        long twice = 0;
        for (var i = 0; i < path.Count; i++)
        {
            var (a, b) = (path[i], path[(i + 1) % path.Count]);
            twice += (long)a.X * b.Y - (long)b.X * a.Y;
        }
        return twice;
    }

    static uint ZigZag(int n) => (uint)((n << 1) ^ (n >> 31));

    public byte[] ToArray()
    {
        if (mvt.Layers.Count == 0) return [];
        using var stream = new MemoryStream();
        ProtoBuf.Serializer.Serialize(stream, mvt);
        return stream.ToArray();
    }

    public override string ToString() => tile.ToString();
}
