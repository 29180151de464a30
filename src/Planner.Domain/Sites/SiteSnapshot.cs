using System.Text.Json;
using Planner.Geometry;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// A site as its history keeps it: the Feature's properties as JSON (its <c>geometry</c> member null) and the geometry
/// itself, stored as geometry (a PostGIS column; EWKB on SQLite) rather than as GeoJSON text. Writing a district's
/// outlines as text cost an import more than half a second (docs/benchmarks.md); a geometry column takes the bytes
/// the site's own column takes.
/// </summary>
public sealed record SiteSnapshot(string Feature, NetTopologySuite.Geometries.Geometry Geometry)
{
    /// <summary>Two snapshots' geometries are the same within this many degrees (0.1 mm): what a round trip through text keeps.</summary>
    const double SameWithin = 1e-9;

    /// <summary>The site now, as a snapshot of its own (the geometry copied: the site may change after).</summary>
    public static SiteSnapshot Of(Site site) => new(SiteFeature.Snapshot(site), site.Geometry.Copy());

    /// <summary>
    /// A snapshot as stored; null when none was. Snapshots written before the geometry had a column of its own carry
    /// it in the Feature's JSON, and are read from there.
    /// </summary>
    public static SiteSnapshot? From(string? feature, NetTopologySuite.Geometries.Geometry? geometry)
    {
        if (feature is null) return null;
        if (geometry is not null) return new SiteSnapshot(feature, geometry);
        using var doc = JsonDocument.Parse(feature);
        return doc.RootElement.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object
            ? new SiteSnapshot(feature, GeoJsonGeometry.Read(g))
            : null;
    }

    /// <summary>The snapshot as a draft to restore, naming every field at fault; null with the problems when it cannot be one.</summary>
    public SiteDraft? ReadDraft(List<Problem> problems)
    {
        using var doc = JsonDocument.Parse(Feature);
        return SiteFeature.ReadDraft(doc.RootElement, problems, Geometry);
    }

    /// <summary>The fields (and "geometry") that differ between two snapshots; measures and names that follow from others are left out.</summary>
    public static List<string> ChangedFields(SiteSnapshot? before, SiteSnapshot? after)
    {
        if (before is null || after is null) return [];
        var changed = new List<string>();
        if (!before.Geometry.EqualsExact(after.Geometry, SameWithin)) changed.Add("geometry");
        using var a = JsonDocument.Parse(before.Feature);
        using var b = JsonDocument.Parse(after.Feature);
        var pa = a.RootElement.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var pb = b.RootElement.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        foreach (var name in pa.Keys.Union(pb.Keys))
        {
            if (name is "areaM2" or "areaMu" or "lengthM" or "townshipName") continue; // follow from the geometry and the township
            if (!Same(pa.TryGetValue(name, out var x) ? x : null, pb.TryGetValue(name, out var y) ? y : null)) changed.Add(name);
        }
        return changed;
    }

    /// <summary>Numbers by value: PostgreSQL's numeric keeps its column's scale, so a budget of 359.2 reads back as 359.20.</summary>
    static bool Same(JsonElement? a, JsonElement? b) => (a, b) switch
    {
        (null, null) => true,
        ({ ValueKind: JsonValueKind.Number } x, { ValueKind: JsonValueKind.Number } y) when x.TryGetDecimal(out var dx) && y.TryGetDecimal(out var dy) => dx == dy,
        ({ } x, { } y) => x.GetRawText() == y.GetRawText(),
        _ => false,
    };
}
