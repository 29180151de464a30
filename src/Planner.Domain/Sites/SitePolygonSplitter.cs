using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Polygonize;

namespace Planner.Sites;

/// <summary>Cuts a polygon along a line: the faces of its boundary noded with the line that lie inside it.</summary>
public static class SitePolygonSplitter
{
    public static IReadOnlyList<Polygon> Split(NetTopologySuite.Geometries.Geometry polygonal, LineString line)
    {
        var noded = polygonal.Boundary.Union(line);
        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(polygonal);
        var parts = new List<Polygon>();
        foreach (var face in polygonizer.GetPolygons().OfType<Polygon>())
        {
            if (!prepared.Contains(face.InteriorPoint)) continue;
            face.SRID = polygonal.SRID;
            parts.Add(face);
        }
        return parts;
    }
}
