using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Planner.Import;

/// <summary>
/// Reads one well-formed GeoJSON Feature straight from its UTF-8 bytes into attributes and geometry,
/// without building a JSON document: an import reads a million positions. Anything unusual (a fault, a
/// GeometryCollection, a missing geometry, a repeated member) returns false, and the caller reads the
/// feature the careful way, which names the place of the fault.
/// </summary>
static class GeoJsonFeatureReader
{
    static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static bool TryRead(ReadOnlySpan<byte> json, GeometryFactory factory,
        out Dictionary<string, string?> attributes, out NetTopologySuite.Geometries.Geometry? geometry)
    {
        attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        geometry = null;
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        bool isFeature = false, sawProperties = false, sawGeometry = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Feature"u8)) return false;
                isFeature = true;
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                if (sawProperties || !reader.Read()) return false;
                sawProperties = true;
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartObject || !ReadProperties(ref reader, json, attributes)) return false;
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                if (sawGeometry || !reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                sawGeometry = true;
                var start = (int)reader.TokenStartIndex;
                // Writers put "type" first: then the coordinates are read in the same pass.
                var ahead = reader;
                if (ahead.Read() && ahead.TokenType == JsonTokenType.PropertyName && ahead.ValueTextEquals("type"u8) &&
                    ahead.Read() && ahead.TokenType == JsonTokenType.String && ahead.GetString() is { } type &&
                    ahead.Read() && ahead.TokenType == JsonTokenType.PropertyName && ahead.ValueTextEquals("coordinates"u8) &&
                    ahead.Read() && ahead.TokenType == JsonTokenType.StartArray)
                {
                    // Geometry last, as writers put it: its numbers are scanned from the bytes and the feature ends
                    // with it. (The source has already checked that the feature is well-formed JSON.)
                    var scan = (int)ahead.TokenStartIndex;
                    if (isFeature && ScanCoordinates(json, ref scan, type, factory) is { } scanned && OnlyClosingBraces(json[scan..], 2))
                    {
                        geometry = scanned;
                        return true;
                    }
                    geometry = Coordinates(ref ahead, type, factory);
                    if (geometry is null || !ahead.Read()) return false;
                    // Members after the coordinates (bbox, say) are skipped.
                    while (ahead.TokenType == JsonTokenType.PropertyName)
                        if (!ahead.Read() || !ahead.TrySkip() || !ahead.Read()) return false;
                    if (ahead.TokenType != JsonTokenType.EndObject) return false;
                    reader = ahead;
                }
                else
                {
                    if (!reader.TrySkip()) return false;
                    geometry = ReadGeometry(json[start..(int)reader.BytesConsumed], factory);
                }
                if (geometry is null) return false;
            }
            else
            {
                // id, bbox, foreign members: not needed.
                if (!reader.Read() || !reader.TrySkip()) return false;
            }
        }
        return isFeature && geometry is not null && reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>
    /// The coordinates array at <paramref name="i"/>, read straight from the bytes, leaving <paramref name="i"/> after
    /// it; null (read it the general way) for anything but arrays of plain decimals: exponents, comments, other types.
    /// </summary>
    internal static NetTopologySuite.Geometries.Geometry? ScanCoordinates(ReadOnlySpan<byte> json, ref int i, string type, GeometryFactory factory)
    {
        switch (type)
        {
            case "LineString":
                return ScanPositions(json, ref i, 2) is { } line ? factory.CreateLineString(line) : null;
            case "Polygon":
                return ScanPolygon(json, ref i, factory);
            case "MultiLineString":
            {
                var lines = new List<LineString>();
                if (!Open(json, ref i)) return null;
                do
                {
                    if (ScanPositions(json, ref i, 2) is not { } l) return null;
                    lines.Add(factory.CreateLineString(l));
                }
                while (Next(json, ref i));
                return Close(json, ref i) ? factory.CreateMultiLineString(lines.ToArray()) : null;
            }
            case "MultiPolygon":
            {
                var polygons = new List<Polygon>();
                if (!Open(json, ref i)) return null;
                do
                {
                    if (ScanPolygon(json, ref i, factory) is not { } p) return null;
                    polygons.Add(p);
                }
                while (Next(json, ref i));
                return Close(json, ref i) ? factory.CreateMultiPolygon(polygons.ToArray()) : null;
            }
            default:
                return null;
        }
    }

    static Polygon? ScanPolygon(ReadOnlySpan<byte> json, ref int i, GeometryFactory factory)
    {
        if (!Open(json, ref i)) return null;
        var rings = new List<LinearRing>();
        do
        {
            if (ScanPositions(json, ref i, 4) is not { } ring || !Closed(ring)) return null;
            rings.Add(factory.CreateLinearRing(ring));
        }
        while (Next(json, ref i));
        return Close(json, ref i) ? factory.CreatePolygon(rings[0], rings.Skip(1).ToArray()) : null;
    }

    /// <summary>[[x, y], …] with at least <paramref name="minimum"/> positions; a third number (altitude) is dropped.</summary>
    static PackedDoubleCoordinateSequence? ScanPositions(ReadOnlySpan<byte> json, ref int i, int minimum)
    {
        var buffer = scratch ??= new double[8192];
        var n = 0;
        if (!Open(json, ref i)) return null;
        do
        {
            if (!Open(json, ref i) || !ScanNumber(json, ref i, out var x) || !Next(json, ref i) || !ScanNumber(json, ref i, out var y)) return null;
            if (Next(json, ref i) && !ScanNumber(json, ref i, out _)) return null;
            if (!Close(json, ref i)) return null;
            Append(ref buffer, ref n, x, y);
        }
        while (Next(json, ref i));
        return Close(json, ref i) && n / 2 >= minimum ? Sequence(buffer, n) : null;
    }

    static bool ScanNumber(ReadOnlySpan<byte> json, ref int i, out double value)
    {
        SkipWhitespace(json, ref i);
        var start = i;
        while (i < json.Length && (json[i] is (byte)'-' or (byte)'.' || (uint)(json[i] - '0') <= 9)) i++;
        var text = json[start..i];
        // Longer decimals go to the general parser, correctly rounded like the JSON reader's.
        return TryParseDecimal(text, out value) ||
               (text.Length > 0 && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value));
    }

    static bool Open(ReadOnlySpan<byte> json, ref int i) => Expect(json, ref i, (byte)'[');
    static bool Close(ReadOnlySpan<byte> json, ref int i) => Expect(json, ref i, (byte)']');
    static bool Next(ReadOnlySpan<byte> json, ref int i) => Expect(json, ref i, (byte)',');

    static bool Expect(ReadOnlySpan<byte> json, ref int i, byte what)
    {
        SkipWhitespace(json, ref i);
        if (i >= json.Length || json[i] != what) return false;
        i++;
        return true;
    }

    static void SkipWhitespace(ReadOnlySpan<byte> json, ref int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') i++;
    }

    /// <summary>Whether the rest is <paramref name="count"/> closing braces (the geometry's and the feature's) and whitespace.</summary>
    static bool OnlyClosingBraces(ReadOnlySpan<byte> rest, int count)
    {
        var i = 0;
        for (var c = 0; c < count; c++)
            if (!Expect(rest, ref i, (byte)'}')) return false;
        SkipWhitespace(rest, ref i);
        return i == rest.Length;
    }

    static bool ReadProperties(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, Dictionary<string, string?> attributes)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            var name = reader.GetString()!;
            if (!reader.Read()) return false;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    attributes[name] = reader.GetString();
                    break;
                case JsonTokenType.Null:
                    attributes[name] = null;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    // As the document reader gives it: the value's JSON text.
                    var start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return false;
                    attributes[name] = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                    break;
                default:
                    attributes[name] = Encoding.UTF8.GetString(reader.ValueSpan); // numbers, true, false: their text
                    break;
            }
        }
        return false;
    }

    /// <summary>The geometry object; null when it is anything but a plain, well-formed geometry.</summary>
    static NetTopologySuite.Geometries.Geometry? ReadGeometry(ReadOnlySpan<byte> json, GeometryFactory factory)
    {
        // Members come in any order: find the type first, then read the coordinates knowing their depth.
        var reader = new Utf8JsonReader(json, Options);
        reader.Read();
        string? type = null;
        var coordinates = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (type is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                if (coordinates >= 0 || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
                coordinates = (int)reader.TokenStartIndex;
                if (!reader.TrySkip()) return null;
            }
            else if (!reader.Read() || !reader.TrySkip()) return null;
        }
        if (type is null || coordinates < 0) return null;

        var c = new Utf8JsonReader(json[coordinates..], Options);
        c.Read();
        return Coordinates(ref c, type, factory);
    }

    /// <summary>The coordinates array at the reader's StartArray, as a geometry of the type; null when malformed.</summary>
    static NetTopologySuite.Geometries.Geometry? Coordinates(ref Utf8JsonReader c, string type, GeometryFactory factory)
    {
        switch (type)
        {
            case "Point":
                return Position(ref c, out var point) ? factory.CreatePoint(point) : null;
            case "LineString":
                return Line(ref c) is { } line ? factory.CreateLineString(line) : null;
            case "Polygon":
                return Polygon(ref c, factory);
            case "MultiPoint":
            {
                var points = new List<Point>();
                while (c.Read() && c.TokenType == JsonTokenType.StartArray)
                {
                    if (!Position(ref c, out var p)) return null;
                    points.Add(factory.CreatePoint(p));
                }
                return c.TokenType == JsonTokenType.EndArray ? factory.CreateMultiPoint(points.ToArray()) : null;
            }
            case "MultiLineString":
            {
                var lines = new List<LineString>();
                while (c.Read() && c.TokenType == JsonTokenType.StartArray)
                {
                    if (Line(ref c) is not { } l) return null;
                    lines.Add(factory.CreateLineString(l));
                }
                return c.TokenType == JsonTokenType.EndArray ? factory.CreateMultiLineString(lines.ToArray()) : null;
            }
            case "MultiPolygon":
            {
                var polygons = new List<Polygon>();
                while (c.Read() && c.TokenType == JsonTokenType.StartArray)
                {
                    if (Polygon(ref c, factory) is not { } p) return null;
                    polygons.Add(p);
                }
                return c.TokenType == JsonTokenType.EndArray ? factory.CreateMultiPolygon(polygons.ToArray()) : null;
            }
            default:
                return null;
        }
    }

    static bool Closed(PackedDoubleCoordinateSequence ring)
    {
        var xy = ring.GetRawCoordinates();
        return xy[0] == xy[^2] && xy[1] == xy[^1];
    }

    static bool Position(ref Utf8JsonReader reader, out Coordinate coordinate)
    {
        var ok = Position(ref reader, out var x, out var y);
        coordinate = ok ? new Coordinate(x, y) : null!;
        return ok;
    }

    /// <summary>[x, y, …] at the reader's StartArray: the first two numbers, finite; further ones (altitude) are dropped.</summary>
    static bool Position(ref Utf8JsonReader reader, out double x, out double y)
    {
        x = 0;
        y = 0;
        var n = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (n < 2)
            {
                if (!TryParseDecimal(reader.ValueSpan, out var v) && (!reader.TryGetDouble(out v) || !double.IsFinite(v))) return false;
                if (n == 0) x = v; else y = v;
            }
            n++;
        }
        return reader.TokenType == JsonTokenType.EndArray && n >= 2;
    }

    static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// A plain decimal ([-]digits[.digits]) with at most 15 significant digits: its digits and its power of ten
    /// are both exact doubles, so one division gives the correctly rounded value, as the general parser does.
    /// Anything else (exponents, longer numbers) is left to the general parser.
    /// </summary>
    static bool TryParseDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative) i++;
        long digits = 0;
        int count = 0, scale = -1;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'.')
            {
                if (scale >= 0) return false;
                scale = 0;
                continue;
            }
            var d = b - (byte)'0';
            if ((uint)d > 9 || ++count > 15) return false;
            digits = digits * 10 + d;
            if (scale >= 0) scale++;
        }
        if (count == 0 || scale == 0) return false;
        value = scale > 0 ? digits / PowersOfTen[scale] : digits;
        if (negative) value = -value;
        return true;
    }

    // The reading thread's positions, x and y in turn, before they are copied into a sequence of the right size.
    [ThreadStatic] static double[]? scratch;

    /// <summary>
    /// The positions array at the reader's StartArray as a packed sequence: one array of doubles rather than an
    /// object per vertex, which is what the garbage collector would otherwise copy while rows wait to be stored.
    /// </summary>
    static PackedDoubleCoordinateSequence? Positions(ref Utf8JsonReader reader)
    {
        var buffer = scratch ??= new double[8192];
        var n = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (!Position(ref reader, out var x, out var y)) return null;
            Append(ref buffer, ref n, x, y);
        }
        return reader.TokenType == JsonTokenType.EndArray ? Sequence(buffer, n) : null;
    }

    static void Append(ref double[] buffer, ref int n, double x, double y)
    {
        if (n + 2 > buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            scratch = buffer;
        }
        buffer[n++] = x;
        buffer[n++] = y;
    }

    /// <summary>The positions gathered so far, in a sequence of their own (the scratch buffer is reused).</summary>
    static PackedDoubleCoordinateSequence Sequence(double[] buffer, int n) => new(buffer.AsSpan(0, n).ToArray(), 2, 0);

    static PackedDoubleCoordinateSequence? Line(ref Utf8JsonReader reader) =>
        Positions(ref reader) is { Count: >= 2 } positions ? positions : null;

    static Polygon? Polygon(ref Utf8JsonReader reader, GeometryFactory factory)
    {
        var rings = new List<LinearRing>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            // Unclosed or short rings are faults the careful reader names.
            if (Positions(ref reader) is not { Count: >= 4 } positions || !Closed(positions)) return null;
            rings.Add(factory.CreateLinearRing(positions));
        }
        if (reader.TokenType != JsonTokenType.EndArray || rings.Count == 0) return null;
        return factory.CreatePolygon(rings[0], rings.Skip(1).ToArray());
    }
}
