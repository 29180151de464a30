using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Geometry;

/// <summary>
/// Reads and writes GeoJSON (RFC 7946) geometry objects. The reader checks structure as it goes and names the place
/// of each fault (part, ring, position), since NTS cannot even hold an unclosed ring and GeoJSON4STJ's reader says
/// only that something is wrong; the writer is GeoJSON4STJ's.
/// </summary>
public static class GeoJsonGeometry
{
    /// <summary>Reads a geometry object; <paramref name="where"/> prefixes the place in error messages (e.g. "feature 12").</summary>
    public static NetTopologySuite.Geometries.Geometry Read(JsonElement element, string where = "geometry", GeometryFactory? factory = null, bool closeRings = false)
    {
        factory ??= Cgcs2000.Factory;
        if (element.ValueKind != JsonValueKind.Object)
            throw new ValidationFailedException(where, L10n.T($"应为 GeoJSON 几何对象，实际是 {element.ValueKind}", $"expected a GeoJSON geometry object, found {element.ValueKind}"));
        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new ValidationFailedException(where, L10n.T("几何对象缺少 \"type\"", "geometry has no \"type\""));
        var type = typeElement.GetString();
        if (type == "GeometryCollection")
        {
            if (!element.TryGetProperty("geometries", out var geometries) || geometries.ValueKind != JsonValueKind.Array)
                throw new ValidationFailedException(where, L10n.T("GeometryCollection 缺少 \"geometries\" 数组", "GeometryCollection has no \"geometries\" array"));
            var parts = geometries.EnumerateArray().Select((g, i) => Read(g, Place.Part(where, i), factory, closeRings)).ToArray();
            return factory.CreateGeometryCollection(parts);
        }
        if (!element.TryGetProperty("coordinates", out var coords) || coords.ValueKind != JsonValueKind.Array)
            throw new ValidationFailedException(where, L10n.T($"{type} 缺少 \"coordinates\" 数组", $"{type} has no \"coordinates\" array"));
        var reader = new CoordinateReader(where, closeRings);
        return type switch
        {
            "Point" => factory.CreatePoint(reader.Position(coords, where)),
            "MultiPoint" => factory.CreateMultiPoint(coords.EnumerateArray().Select((p, i) => factory.CreatePoint(reader.Position(p, Place.Point(where, i)))).ToArray()),
            "LineString" => factory.CreateLineString(reader.Line(coords, where)),
            "MultiLineString" => factory.CreateMultiLineString(coords.EnumerateArray().Select((l, i) => factory.CreateLineString(reader.Line(l, Place.Line(where, i)))).ToArray()),
            "Polygon" => reader.Polygon(coords, where, factory),
            "MultiPolygon" => factory.CreateMultiPolygon(coords.EnumerateArray().Select((p, i) => reader.Polygon(p, Place.Polygon(where, i), factory)).ToArray()),
            _ => throw new ValidationFailedException(where, L10n.T($"未知的几何类型 \"{type}\"", $"unknown geometry type \"{type}\"")),
        };
    }

    public static NetTopologySuite.Geometries.Geometry Parse(string json, string where = "geometry")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement, where);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException(JsonPlace(where, e), L10n.T($"JSON 格式错误：{e.Message}", $"malformed JSON: {e.Message}"));
        }
    }

    /// <summary>The place of a JSON syntax error: line and byte.</summary>
    public static string JsonPlace(string where, JsonException e) =>
        L10n.T($"{where} 第 {e.LineNumber + 1} 行第 {e.BytePositionInLine + 1} 字节", $"{where} line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");

    /// <summary>Parses a JSON file's bytes, skipping a UTF-8 byte-order mark (common in files saved on Windows).</summary>
    public static JsonDocument ParseFile(byte[] bytes)
    {
        ReadOnlyMemory<byte> json = bytes;
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        return JsonDocument.Parse(json);
    }

    /// <summary>GeoJSON4STJ's writer, exterior rings counter-clockwise and holes clockwise as RFC 7946 asks.</summary>
    static readonly GeoJsonConverterFactory WriteFactory =
        new(Cgcs2000.Factory, writeGeometryBBox: false, GeoJsonConverterFactory.DefaultIdPropertyName, RingOrientationOption.EnforceRfc9746);

    static readonly JsonSerializerOptions WriteOptions = new() { Converters = { WriteFactory } };

    /// <summary>
    /// The library's geometry converter itself, called without the serializer's type resolution: that needs reflection,
    /// which the command line's ahead-of-time image does not have (docs/deploy.md).
    /// </summary>
    static readonly JsonConverter<NetTopologySuite.Geometries.Geometry> GeometryConverter =
        (JsonConverter<NetTopologySuite.Geometries.Geometry>)WriteFactory.CreateConverter(typeof(NetTopologySuite.Geometries.Geometry), WriteOptions);

    /// <summary>
    /// Writes a geometry object through NetTopologySuite.IO.GeoJSON4STJ, coordinates rounded to <paramref name="decimals"/>
    /// (the library writes every digit of a double: 7 decimals are 1 cm, 9 keep what is stored).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, NetTopologySuite.Geometries.Geometry geometry, int decimals = 8) =>
        GeometryConverter.Write(writer, Rounded(geometry, decimals), WriteOptions);

    static NetTopologySuite.Geometries.Geometry Rounded(NetTopologySuite.Geometries.Geometry geometry, int decimals)
    {
        var copy = geometry.Copy();
        copy.Apply(new RoundFilter(decimals));
        return copy;
    }

    sealed class RoundFilter(int decimals) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Math.Round(seq.GetX(i), decimals));
                seq.SetY(i, Math.Round(seq.GetY(i), decimals));
            }
        }
    }

    sealed class CoordinateReader(string where, bool closeRings)
    {
        public Coordinate Position(JsonElement p, string place) => Position(p, place, -1);

        /// <summary>The place is only spelled out when there is a fault: vertices are many.</summary>
        public static Coordinate Position(JsonElement p, string place, int vertex)
        {
            if (p.ValueKind == JsonValueKind.Array)
            {
                var items = p.EnumerateArray();
                if (items.MoveNext() && Number(items.Current, out var x) && items.MoveNext() && Number(items.Current, out var y))
                    return new Coordinate(x, y);
            }
            var where = vertex < 0 ? place : Place.Vertex(place, vertex);
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2)
                throw new ValidationFailedException(where, L10n.T("一个坐标至少需要两个数 [经度, 纬度]", "a position needs at least two numbers [lon, lat]"));
            var bad = p.EnumerateArray().Take(2).First(e => !Number(e, out _));
            throw new ValidationFailedException(where, L10n.T($"坐标 {bad.GetRawText()} 不是有限数值", $"coordinate {bad.GetRawText()} is not a finite number"));
        }

        static bool Number(JsonElement e, out double v)
        {
            v = 0;
            return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out v) && double.IsFinite(v);
        }

        Coordinate[] Positions(JsonElement array, string place)
        {
            if (array.ValueKind != JsonValueKind.Array)
                throw new ValidationFailedException(place, L10n.T("应为坐标数组", "expected an array of positions"));
            var result = new Coordinate[array.GetArrayLength()];
            var i = 0;
            foreach (var p in array.EnumerateArray())
            {
                result[i] = Position(p, place, i);
                i++;
            }
            return result;
        }

        public Coordinate[] Line(JsonElement array, string place)
        {
            var positions = Positions(array, place);
            if (positions.Length < 2)
                throw new ValidationFailedException(place, L10n.T($"线至少需要 2 个坐标，实际只有 {positions.Length} 个", $"a line needs at least 2 positions, found {positions.Length}"));
            return positions;
        }

        public Polygon Polygon(JsonElement rings, string place, GeometryFactory factory)
        {
            if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
                throw new ValidationFailedException(place, L10n.T("面至少需要一个环", "a polygon needs at least one ring"));
            var built = new List<LinearRing>();
            var index = 0;
            foreach (var ring in rings.EnumerateArray())
            {
                var ringPlace = index == 0 ? Place.OuterRing(place) : Place.Hole(place, index - 1);
                var positions = Positions(ring, ringPlace);
                if (positions.Length > 0 && !positions[0].Equals2D(positions[^1]))
                {
                    if (!closeRings)
                        throw new ValidationFailedException(ringPlace, Messages.RingNotClosed(positions[0], positions.Length - 1, positions[^1]));
                    positions = [.. positions, positions[0].Copy()];
                }
                if (positions.Length < 4)
                    throw new ValidationFailedException(ringPlace, Messages.RingTooShort(positions.Length));
                built.Add(factory.CreateLinearRing(positions));
                index++;
            }
            return factory.CreatePolygon(built[0], built.Skip(1).ToArray());
        }

        public override string ToString() => where;
    }
}
