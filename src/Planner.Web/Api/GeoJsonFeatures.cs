using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NetTopologySuite.Simplify;
using Planner.Geometry;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>Streams RFC 7946 FeatureCollections (CGCS2000 lon/lat, which equals WGS84 to centimetres).</summary>
static class GeoJsonFeatures
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Degrees per pixel for an OpenLayers EPSG:3857 resolution (metres per pixel at the equator).</summary>
    public static double ToleranceDegrees(double webMercatorResolution) => webMercatorResolution / 111_319.49;

    /// <summary>
    /// Decimals of a degree the map needs at a tolerance of one pixel: the last one a fifth of a pixel or finer
    /// (z14: 5, 1 m; z16: 6; closer: 7, 1 cm, what is stored). Editing reads a site's whole geometry on its own.
    /// </summary>
    public static int Decimals(double? toleranceDegrees) =>
        toleranceDegrees is { } t && t > 0 ? Math.Clamp((int)Math.Ceiling(-Math.Log10(t / 5)), 5, 7) : 7;

    /// <summary>
    /// Drops detail finer than a pixel: vertices closer than the tolerance add nothing on screen.
    /// Topology-preserving, so a simplified polygon stays valid; tiny shapes keep their original form.
    /// </summary>
    public static NetTopologySuite.Geometries.Geometry Simplify(NetTopologySuite.Geometries.Geometry geometry, double? toleranceDegrees)
    {
        if (toleranceDegrees is not { } t || t <= 0 || geometry.NumPoints < 8) return geometry;
        var simplified = TopologyPreservingSimplifier.Simplify(geometry, t);
        return simplified.IsEmpty ? geometry : simplified;
    }

    /// <param name="members">Foreign members of the collection (RFC 7946 §6.1), such as how many matched when the answer is truncated.</param>
    public static Task WriteAsync<T>(HttpResponse response, IEnumerable<T> items, Func<T, NetTopologySuite.Geometries.Geometry> geometry,
        Action<Utf8JsonWriter, T> properties, Func<T, object?>? id = null, Action<Utf8JsonWriter>? members = null) =>
        WriteAsync(response, items.ToAsyncEnumerable(), (w, item) => GeoJsonGeometry.Write(w, geometry(item), decimals: 7), properties, id, members);

    /// <param name="items">Written as they arrive: rows read from the database go out while later ones are still coming.</param>
    /// <param name="geometry">Writes the item's geometry object (as a value: the "geometry" member is named here).</param>
    /// <param name="members">Written after the features, when the items have all arrived (so they may count them).</param>
    public static async Task WriteAsync<T>(HttpResponse response, IAsyncEnumerable<T> items, Action<Utf8JsonWriter, T> geometry,
        Action<Utf8JsonWriter, T> properties, Func<T, object?>? id = null, Action<Utf8JsonWriter>? members = null)
    {
        var cancellationToken = response.HttpContext.RequestAborted;
        await using var rows = items.WithCancellation(cancellationToken).GetAsyncEnumerator();
        // The first row before the first byte: a statement that fails (a database that is down) is answered by the error
        // handler as a whole answer, not appended to the start of a collection. Once rows flow, a fault can only cut it.
        var more = await rows.MoveNextAsync();
        response.ContentType = "application/geo+json; charset=utf-8";
        await using var output = new JsonResponseWriter(response, Options);
        var writer = output.Json;
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        try
        {
            for (; more; more = await rows.MoveNextAsync())
            {
                Write(rows.Current);
                await output.SendIfFullAsync(cancellationToken);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Half a collection with a 200 would read as a whole one to a client that does not check the JSON's end: the
            // connection is cut instead, which every client sees as a failure (the fault itself is logged by the server).
            response.HttpContext.Abort();
            throw;
        }
        writer.WriteEndArray();
        members?.Invoke(writer);
        writer.WriteEndObject();
        await output.SendAsync(cancellationToken);

        void Write(T item)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            switch (id?.Invoke(item))
            {
                case long l: writer.WriteNumber("id", l); break;
                case int i: writer.WriteNumber("id", i); break;
            }
            writer.WritePropertyName("geometry");
            geometry(writer, item);
            writer.WriteStartObject("properties");
            properties(writer, item);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}
