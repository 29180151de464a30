using NetTopologySuite.IO.VectorTiles.Mapbox;
using Planner.Geometry;

namespace Planner.Tests.Api;

/// <summary>A feature of a Mapbox vector tile as the tests read it: its layer, the site's id (0 for a dot of several sites), its properties and its lon/lat geometry.</summary>
public sealed record TileFeature(string Layer, long Id, IReadOnlyDictionary<string, object?> Properties, NetTopologySuite.Geometries.Geometry Geometry)
{
    /// <summary>Every feature of a tile's bytes (none for an empty tile), read by NetTopologySuite's reader.</summary>
    public static List<TileFeature> Read(byte[] bytes, TileAddress tile)
    {
        if (bytes.Length == 0) return [];
        var read = new MapboxTileReader().Read(new MemoryStream(bytes), new NetTopologySuite.IO.VectorTiles.Tiles.Tile(tile.X, tile.Y, tile.Z), "id");
        return read.Layers.SelectMany(l => l.Features.Select(f => new TileFeature(l.Name,
            Convert.ToInt64(f.Attributes.Exists("id") ? f.Attributes["id"] : 0),
            f.Attributes.GetNames().ToDictionary(n => n, n => (object?)f.Attributes[n]), f.Geometry))).ToList();
    }
}
