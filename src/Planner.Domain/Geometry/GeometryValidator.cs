using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Geometry;

/// <summary>
/// Checks a site's geometry and says what is wrong and where (part, ring, vertex, lon/lat).
/// Never changes the geometry: <see cref="Repair"/> does that, and only when asked.
/// </summary>
public static class GeometryValidator
{
    public static IReadOnlyList<Problem> Validate(NetTopologySuite.Geometries.Geometry? geometry, Programme programme) =>
        new SiteGeometryRules().Validate(geometry, programme);

    /// <summary>Makes an invalid polygonal or linear geometry valid (NTS GeometryFixer), keeping its type family.</summary>
    public static NetTopologySuite.Geometries.Geometry Repair(NetTopologySuite.Geometries.Geometry geometry)
    {
        var fixedGeometry = GeometryFixer.Fix(geometry);
        fixedGeometry.SRID = geometry.SRID;
        return fixedGeometry;
    }

    internal static string Format(Coordinate c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.X:0.0000000}, {c.Y:0.0000000}");
}
