using Planner.Validation;

namespace Planner.Import;

/// <summary>A file of features read one at a time, so memory does not grow with the file.</summary>
public interface IFeatureSource : IDisposable
{
    /// <summary>The coordinate system the file states (.prj, GeoJSON crs, KML's WGS84), if any.</summary>
    SourceCrs? DeclaredCrs { get; }

    /// <summary>Features in file order. Structural faults of one feature come back as its Problem; faults that
    /// make the rest of the file unreadable throw <see cref="ValidationFailedException"/> with the place.</summary>
    IEnumerable<SourceFeature> Read();
}

static class SourceFactory
{
    public static NetTopologySuite.Geometries.GeometryFactory Raw { get; } = new();
}
