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

public sealed record DistrictProperties(string Adcode, string Name, string Source);

public sealed record TownshipProperties(string Code, string Name);

public sealed record SiteProperties
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Programme { get; init; }
    public required string Township { get; init; }
    public string? Community { get; init; }
    public string? ResponsibleUnit { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? ResponsiblePhone { get; init; }
    public string? LeadOfficial { get; init; }
    public DateOnly? PlannedStart { get; init; }
    public DateOnly? PlannedEnd { get; init; }
    public decimal? Budget { get; init; }
    public bool Pilot { get; init; }
    public bool Showcase { get; init; }
    public string? Notes { get; init; }
    public int? BuildYear { get; init; }
    public int? Buildings { get; init; }
    public int? Households { get; init; }
    public double? FloorArea { get; init; }
    public bool? PropertyManagement { get; init; }
    public string? WorksClass { get; init; }
    public string? RoadName { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public double? Width { get; init; }
    public string? Grade { get; init; }
    public string? Villages { get; init; }
    public int? HouseholdsToRelocate { get; init; }
    public double? IllegalStructureArea { get; init; }
    public List<SampleProgress> History { get; init; } = [];
    public List<SampleTask> Tasks { get; init; } = [];
}

public sealed record SampleProgress(DateTimeOffset At, string By, string Status, int Percent, string? Note, DateOnly? ActualDate);

public sealed record SampleTask(string Measure, DateOnly Deadline, string Responsible, DateOnly? DoneOn);
