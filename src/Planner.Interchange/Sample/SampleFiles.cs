using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Sample;

/// <summary>The sample district's files: GeoJSON FeatureCollections in CGCS2000 lon/lat.</summary>
public static class SampleFiles
{
    public const string DistrictFile = "district.geojson";
    public const string TownshipsFile = "townships.geojson";
    public const string SitesFile = "sites.geojson";

    /// <summary>Where the build copies data/guancheng: beside the application.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data", "guancheng");

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    public static void WriteCollection<T>(string path, IEnumerable<(NetTopologySuite.Geometries.Geometry Geometry, T Properties)> features)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Json.Encoder, Indented = false });
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var (geometry, properties) in features)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WritePropertyName("properties");
            JsonSerializer.Serialize(writer, properties, Json);
            writer.WritePropertyName("geometry");
            GeoJsonGeometry.Write(writer, geometry, decimals: 8);
            writer.WriteEndObject();
            writer.Flush();
            stream.WriteByte((byte)'\n');
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static IEnumerable<(NetTopologySuite.Geometries.Geometry Geometry, T Properties, string Where)> ReadCollection<T>(string path)
    {
        var name = Path.GetFileName(path);
        JsonDocument doc;
        try
        {
            doc = GeoJsonGeometry.ParseFile(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException(L10n.T($"{name} 第 {e.LineNumber + 1} 行", $"{name} line {e.LineNumber + 1}"), L10n.T($"JSON 格式错误：{e.Message}", $"malformed JSON: {e.Message}"));
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new ValidationFailedException(name, "is not a GeoJSON FeatureCollection");
            var i = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var where = Localization.Place.Feature(name, i++);
                var geometry = GeoJsonGeometry.Read(feature.GetProperty("geometry"), where);
                var properties = feature.GetProperty("properties").Deserialize<T>(Json)
                                 ?? throw new ValidationFailedException(where, "has no properties");
                yield return (geometry, properties, where);
            }
        }
    }
}
