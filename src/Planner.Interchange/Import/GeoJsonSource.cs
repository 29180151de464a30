using System.Text.Json;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// GeoJSON, streamed: a FeatureCollection is read one feature at a time from a growing buffer, so a
/// file of any size needs memory for its largest feature only. A lone Feature or geometry works too.
/// </summary>
public sealed class GeoJsonSource(Stream stream, string fileName) : IFeatureSource
{
    const int MaxFeatureBytes = 256 << 20;
    byte[] buffer = new byte[1 << 16];
    int start, end;
    bool eof;
    JsonReaderState state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
    string? property;
    string? rootType;

    public SourceCrs? DeclaredCrs { get; private set; }

    public IEnumerable<SourceFeature> Read()
    {
        if (!SkipBom()) throw new ValidationFailedException(fileName, "is empty");
        if (!SeekFeatures())
        {
            // Not a FeatureCollection: a single Feature or bare geometry, read whole.
            foreach (var f in ReadWholeDocument()) yield return f;
            yield break;
        }
        var row = 0;
        while (NextFeature(out var featureStart, out var featureLength))
        {
            row++;
            yield return ReadFeature(featureStart, featureLength, row);
        }
    }

    /// <summary>
    /// The reader of well-formed features: our byte scanner (<see cref="GeoJsonFeatureReader"/>), or, with
    /// PLANNER_GEOJSON_READER=geojson4stj, GeoJSON4STJ's — which `bench … import` measures against it (docs/benchmarks.md).
    /// </summary>
    internal bool LibraryReader { get; init; } = Environment.GetEnvironmentVariable("PLANNER_GEOJSON_READER") == "geojson4stj";

    static readonly JsonSerializerOptions LibraryOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
        Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory(SourceFactory.Raw) },
    };

    /// <summary>Most features are read straight from their bytes; a faulty or unusual one through a document, which names the fault's place.</summary>
    SourceFeature ReadFeature(int featureStart, int featureLength, int row)
    {
        if (LibraryReader ? TryReadWithLibrary(buffer.AsSpan(featureStart, featureLength), out var attributes, out var geometry)
                : GeoJsonFeatureReader.TryRead(buffer.AsSpan(featureStart, featureLength), SourceFactory.Raw, out attributes, out geometry))
            return new SourceFeature(row, Place.Feature(fileName, row), geometry, attributes, null);
        using var doc = Parse(() => JsonDocument.Parse(buffer.AsMemory(featureStart, featureLength),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
        return ToFeature(doc.RootElement, row);
    }

    static bool TryReadWithLibrary(ReadOnlySpan<byte> json, out Dictionary<string, string?> attributes, out NetTopologySuite.Geometries.Geometry? geometry)
    {
        attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        geometry = null;
        NetTopologySuite.Features.IFeature? feature;
        try
        {
            feature = JsonSerializer.Deserialize<NetTopologySuite.Features.IFeature>(json, LibraryOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return false; // read again the careful way, which names the place
        }
        if (feature?.Geometry is null) return false;
        geometry = feature.Geometry;
        if (feature.Attributes is { } table)
            foreach (var name in table.GetNames())
                attributes[name] = table[name] switch
                {
                    null => null,
                    string text => text,
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    // Arrays and objects as the JSON they were, as the scanner keeps them.
                    var v => JsonSerializer.Serialize(v, LibraryOptions),
                };
        return true;
    }

    IEnumerable<SourceFeature> ReadWholeDocument()
    {
        stream.Position = 0;
        using var doc = Parse(() => JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }));
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "Feature") yield return ToFeature(root, 1);
        else if (type is not null) yield return new SourceFeature(1, Place.Geometry(fileName), ReadGeometry(root, Place.Geometry(fileName), out var p), new Dictionary<string, string?>(), p);
        else throw new ValidationFailedException(fileName, L10n.T("不是 GeoJSON：缺少 \"type\"", "is not GeoJSON: no \"type\""));
    }

    SourceFeature ToFeature(JsonElement feature, int row)
    {
        var where = Place.Feature(fileName, row);
        var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (feature.ValueKind != JsonValueKind.Object)
            return new SourceFeature(row, where, null, attributes, new Problem(where, L10n.T("不是 JSON 对象", "is not a JSON object")));
        if (feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            foreach (var p in props.EnumerateObject())
                attributes[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
            return new SourceFeature(row, where, null, attributes, new Problem(where, Messages.NoGeometry));
        var geometry = ReadGeometry(g, where, out var problem);
        return new SourceFeature(row, where, geometry, attributes, problem);
    }

    static NetTopologySuite.Geometries.Geometry? ReadGeometry(JsonElement g, string where, out Problem? problem)
    {
        try
        {
            problem = null;
            return GeoJsonGeometry.Read(g, where, SourceFactory.Raw);
        }
        catch (ValidationFailedException e)
        {
            problem = e.Problems[0];
            return null;
        }
    }

    bool SkipBom()
    {
        Fill();
        if (end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF) start += 3;
        while (start < end && buffer[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') start++;
        return start < end;
    }

    /// <summary>Reads the root object up to the start of its "features" array, picking up "crs" on the way.</summary>
    bool SeekFeatures()
    {
        while (true)
        {
            var reader = Reader();
            while (true)
            {
                var before = reader.BytesConsumed;
                var saved = reader.CurrentState;
                if (!TryRead(ref reader))
                {
                    Advance(before, saved);
                    break;
                }
                switch (reader.CurrentDepth, reader.TokenType)
                {
                    case (0, JsonTokenType.StartObject):
                        continue;
                    case (0, JsonTokenType.EndObject):
                        if (rootType == "FeatureCollection") throw new ValidationFailedException(fileName, L10n.T("是缺少 \"features\" 数组的 FeatureCollection", "is a FeatureCollection without a \"features\" array"));
                        return false;
                    case (0, _):
                        throw new ValidationFailedException(fileName, L10n.T("不是 GeoJSON：顶层不是对象", "is not GeoJSON: the top level is not an object"));
                    case (1, JsonTokenType.PropertyName):
                        property = reader.GetString();
                        continue;
                    case (1, JsonTokenType.String) when property == "type":
                        rootType = reader.GetString();
                        if (rootType != "FeatureCollection") return false;
                        continue;
                    case (1, JsonTokenType.StartArray) when property == "features":
                        Advance(reader.BytesConsumed, reader.CurrentState);
                        return true;
                    case (1, JsonTokenType.StartObject) when property == "crs":
                    {
                        var value = reader;
                        JsonDocument? crs;
                        try
                        {
                            if (!JsonDocument.TryParseValue(ref value, out crs)) { Advance(before, saved); goto more; }
                        }
                        catch (JsonException e) { throw Malformed(e); }
                        using (crs) DeclaredCrs = CrsOf(crs!.RootElement);
                        reader = value;
                        continue;
                    }
                    case (_, JsonTokenType.StartObject or JsonTokenType.StartArray):
                    {
                        var value = reader;
                        bool skipped;
                        try { skipped = value.TrySkip(); }
                        catch (JsonException e) { throw Malformed(e); }
                        if (!skipped) { Advance(before, saved); goto more; }
                        reader = value;
                        continue;
                    }
                }
            }
            more:
            if (!Grow()) throw new ValidationFailedException(fileName, L10n.T("在 \"features\" 数组之前就结束了（文件被截断？）", "ends before its \"features\" array (truncated?)"));
        }
    }

    /// <summary>Where the next element of the features array lies, whole, in the buffer; false at the array's end.</summary>
    bool NextFeature(out int featureStart, out int featureLength)
    {
        while (true)
        {
            // A reader made from a saved state starts on the previous token: step onto the next one first.
            var reader = Reader();
            if (TryRead(ref reader))
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    (featureStart, featureLength) = (0, 0);
                    return false;
                }
                var tokenStart = (int)reader.TokenStartIndex;
                bool whole;
                try
                {
                    whole = reader.TrySkip();
                }
                catch (JsonException e)
                {
                    throw Malformed(e);
                }
                if (whole)
                {
                    featureStart = start + tokenStart;
                    featureLength = (int)reader.BytesConsumed - tokenStart;
                    Advance(reader.BytesConsumed, reader.CurrentState);
                    return true;
                }
            }
            if (!Grow()) throw new ValidationFailedException(fileName, L10n.T("在一个要素中间结束（文件被截断？）", "ends inside a feature (truncated?)"));
        }
    }

    bool TryRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    ValidationFailedException Malformed(JsonException e) =>
        new(GeoJsonGeometry.JsonPlace(fileName, e), L10n.T($"JSON 格式错误：{e.Message.Split(" LineNumber", 2)[0]}", $"malformed JSON: {e.Message.Split(" LineNumber", 2)[0]}"));

    T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    Utf8JsonReader Reader() => new(buffer.AsSpan(start, end - start), eof, state);

    void Advance(long consumed, JsonReaderState newState)
    {
        start += (int)consumed;
        state = newState;
    }

    /// <summary>More bytes for an unfinished token: shift, refill, and grow the buffer when a single value fills it.</summary>
    bool Grow()
    {
        if (eof) return false;
        if (start == 0 && end == buffer.Length)
        {
            if (buffer.Length >= MaxFeatureBytes)
                throw new ValidationFailedException(fileName, L10n.T($"单个要素超过 {MaxFeatureBytes >> 20} MB", $"a single feature is larger than {MaxFeatureBytes >> 20} MB"));
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        Fill();
        return true;
    }

    void Fill()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < buffer.Length && !eof)
        {
            var n = stream.Read(buffer, end, buffer.Length - end);
            if (n == 0) eof = true;
            end += n;
        }
    }

    static SourceCrs? CrsOf(JsonElement crs) =>
        crs.TryGetProperty("properties", out var p) && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? SourceCrs.FromName(n.GetString()!)
            : null;

    public void Dispose() => stream.Dispose();
}
