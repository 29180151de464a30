using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;
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

/// <summary>Settings for site geometry checks; <see cref="GeometryValidator.Validate"/> uses the defaults.</summary>
public sealed class SiteGeometryRules
{
    double minimumAreaSquareMetres = 1.0;
    double minimumLengthMetres = 1.0;

    /// <summary>Polygons smaller than this (m², measured in Gauss–Krüger) are refused as zero-area.</summary>
    public double MinimumAreaSquareMetres
    {
        get => minimumAreaSquareMetres;
        init => minimumAreaSquareMetres = value >= 0 && double.IsFinite(value)
            ? value : throw new ArgumentOutOfRangeException(nameof(MinimumAreaSquareMetres), value, "Must be a finite number ≥ 0.");
    }

    /// <summary>Lines shorter than this (m) are refused as degenerate.</summary>
    public double MinimumLengthMetres
    {
        get => minimumLengthMetres;
        init => minimumLengthMetres = value >= 0 && double.IsFinite(value)
            ? value : throw new ArgumentOutOfRangeException(nameof(MinimumLengthMetres), value, "Must be a finite number ≥ 0.");
    }

    /// <summary>Box every vertex must fall in; China by default.</summary>
    public Envelope Bounds { get; init; } = Cgcs2000.ChinaBounds;

    public IReadOnlyList<Problem> Validate(NetTopologySuite.Geometries.Geometry? geometry, Programme programme)
    {
        const string field = "geometry";
        if (geometry is null || geometry.IsEmpty)
            return [new Problem(field, "is empty")];

        var problems = new List<Problem>();
        var expected = programme.GeometryKind();
        var actual = geometry switch
        {
            Polygon or MultiPolygon => SiteGeometryKind.Polygonal,
            LineString or MultiLineString => SiteGeometryKind.Linear,
            _ => (SiteGeometryKind?)null,
        };
        if (actual != expected)
        {
            problems.Add(new Problem(field,
                $"is a {geometry.GeometryType}; a {programme.Label()} site needs {(expected == SiteGeometryKind.Linear ? "a LineString or MultiLineString" : "a Polygon or MultiPolygon")}"));
            return problems;
        }

        // Coordinates first: topology checks on NaN or projected numbers say nothing useful.
        // One pass over the sequences settles the usual case; only a faulty geometry is listed vertex by vertex.
        var inBounds = new InBoundsFilter(Bounds);
        geometry.Apply(inBounds);
        if (!inBounds.AllInside)
        {
            var vertex = 0;
            foreach (var c in geometry.Coordinates)
            {
                if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
                    problems.Add(new Problem($"{field} vertex {vertex}", "coordinate is not a finite number"));
                else if (c.X is < -180 or > 180 || c.Y is < -90 or > 90)
                    problems.Add(new Problem($"{field} vertex {vertex}",
                        $"({GeometryValidator.Format(c)}) is not longitude/latitude; is the geometry in a projected CRS?"));
                else if (!Bounds.Contains(c))
                    problems.Add(new Problem($"{field} vertex {vertex}", $"({GeometryValidator.Format(c)}) lies outside China") { At = c });
                vertex++;
                if (problems.Count >= 20) break;
            }
            if (problems.Count > 0) return problems;
        }

        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            var where = geometry.NumGeometries > 1 ? $"{field} part {i}" : field;
            if (part is LineString line && !HasDistinct(line.CoordinateSequence, 2))
                problems.Add(new Problem(where, "a line needs at least 2 distinct points"));
            if (part is Polygon polygon)
            {
                foreach (var (ring, name) in Rings(polygon))
                    if (!HasDistinct(ring.CoordinateSequence, 3))
                        problems.Add(new Problem($"{where} {name}", "a ring needs at least 3 distinct points"));
            }
        }
        if (problems.Count > 0) return problems;

        // Most polygons are proven valid by one sweep; IsValidOp finds and names the fault in the rest.
        var error = ValidityShortcut.ProvesValid(geometry) ? null : new IsValidOp(geometry).ValidationError;
        if (error is not null)
        {
            problems.Add(new Problem($"{field} at {GeometryValidator.Format(error.Coordinate)}", Describe(error)) { At = error.Coordinate });
            return problems;
        }

        // In China a square degree is over 5e9 m² and a degree over 50 km: shapes clearly above the minimum need no projection.
        if (expected == SiteGeometryKind.Polygonal && geometry.Area * 5e9 <= MinimumAreaSquareMetres * 2)
        {
            var area = Measure.Area(geometry);
            if (area < MinimumAreaSquareMetres)
                problems.Add(new Problem(field, string.Create(CultureInfo.InvariantCulture,
                    $"has an area of {area:0.###} m², below the {MinimumAreaSquareMetres} m² minimum (zero-area polygon?)")));
        }
        else if (expected == SiteGeometryKind.Linear && geometry.Length * 5e4 <= MinimumLengthMetres * 2)
        {
            var length = Measure.Length(geometry);
            if (length < MinimumLengthMetres)
                problems.Add(new Problem(field, string.Create(CultureInfo.InvariantCulture,
                    $"is {length:0.###} m long, below the {MinimumLengthMetres} m minimum")));
        }
        return problems;
    }

    static IEnumerable<(LineString Ring, string Name)> Rings(Polygon polygon)
    {
        yield return (polygon.Shell, "outer ring");
        for (var i = 0; i < polygon.NumInteriorRings; i++)
            yield return (polygon.GetInteriorRingN(i), $"hole {i}");
    }

    sealed class InBoundsFilter(Envelope bounds) : IEntireCoordinateSequenceFilter
    {
        public bool AllInside { get; private set; } = true;
        public bool Done => !AllInside;
        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count && AllInside; i++)
            {
                double x = seq.GetX(i), y = seq.GetY(i);
                // Written so that NaN fails too.
                AllInside = x >= bounds.MinX && x <= bounds.MaxX && y >= bounds.MinY && y <= bounds.MaxY;
            }
        }
    }

    /// <summary>Whether the sequence has at least <paramref name="needed"/> (2 or 3) distinct points; stops as soon as it knows.</summary>
    static bool HasDistinct(CoordinateSequence seq, int needed)
    {
        Span<(double X, double Y)> found = stackalloc (double, double)[3];
        var count = 0;
        for (var i = 0; i < seq.Count; i++)
        {
            var p = (seq.GetX(i), seq.GetY(i));
            var seen = false;
            for (var j = 0; j < count && !seen; j++) seen = found[j] == p;
            if (seen) continue;
            found[count++] = p;
            if (count >= needed) return true;
        }
        return false;
    }

    static string Describe(TopologyValidationError error) => error.ErrorType switch
    {
        TopologyValidationErrors.SelfIntersection => "self-intersection: edges cross here",
        TopologyValidationErrors.RingSelfIntersection => "ring self-intersection: the ring touches or crosses itself here (a spike or a figure-of-eight?)",
        TopologyValidationErrors.HoleOutsideShell => "a hole lies outside its outer ring",
        TopologyValidationErrors.NestedHoles => "a hole lies inside another hole",
        TopologyValidationErrors.DisconnectedInteriors => "the polygon's interior is split in two here",
        TopologyValidationErrors.NestedShells => "one polygon part lies inside another",
        TopologyValidationErrors.DuplicateRings => "a ring is repeated",
        TopologyValidationErrors.TooFewPoints => "too few points",
        TopologyValidationErrors.InvalidCoordinate => "invalid coordinate",
        TopologyValidationErrors.RingNotClosed => "ring is not closed",
        _ => error.Message,
    };
}
