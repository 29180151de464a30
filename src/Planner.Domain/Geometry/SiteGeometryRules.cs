using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Geometry;

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

    int maxVertices = 20_000;

    /// <summary>Vertices one geometry may have: a site is a compound, a road or a zone, not a country's coastline.</summary>
    public int MaxVertices
    {
        get => maxVertices;
        init => maxVertices = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxVertices), value, "Must be a positive number.");
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
            problems.Add(new Problem(field, L10n.T(
                $"是 {geometry.GeometryType}；{programme.Label()}项目需要{(expected == SiteGeometryKind.Linear ? "线（LineString 或 MultiLineString）" : "面（Polygon 或 MultiPolygon）")}",
                $"is a {geometry.GeometryType}; a {programme.Label()} site needs {(expected == SiteGeometryKind.Linear ? "a LineString or MultiLineString" : "a Polygon or MultiPolygon")}")));
            return problems;
        }

        if (geometry.NumPoints > MaxVertices)
            return [new Problem(field, L10n.T($"有 {geometry.NumPoints:N0} 个顶点，超过上限 {MaxVertices:N0} 个（Planner:Limits:MaxVertices）：请先简化",
                $"has {geometry.NumPoints:N0} vertices, more than the limit of {MaxVertices:N0} (Planner:Limits:MaxVertices): simplify it first"))];

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
                    problems.Add(new Problem(Place.Vertex(field, vertex), L10n.T("坐标不是有限数值", "coordinate is not a finite number")));
                else if (c.X is < -180 or > 180 || c.Y is < -90 or > 90)
                    problems.Add(new Problem(Place.Vertex(field, vertex), L10n.T(
                        $"({GeometryValidator.Format(c)}) 不是经纬度；几何图形是否为投影坐标？",
                        $"({GeometryValidator.Format(c)}) is not longitude/latitude; is the geometry in a projected CRS?")));
                else if (!Bounds.Contains(c))
                    problems.Add(new Problem(Place.Vertex(field, vertex), L10n.T($"({GeometryValidator.Format(c)}) 在中国境外", $"({GeometryValidator.Format(c)}) lies outside China")) { At = c });
                vertex++;
                if (problems.Count >= 20) break;
            }
            if (problems.Count > 0) return problems;
        }

        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            var where = geometry.NumGeometries > 1 ? Place.Part(field, i) : field;
            if (part is LineString line && !HasDistinct(line.CoordinateSequence, 2))
                problems.Add(new Problem(where, L10n.T("线至少需要 2 个不同的点", "a line needs at least 2 distinct points")));
            if (part is Polygon polygon)
            {
                foreach (var (ring, place) in Rings(polygon, where))
                    if (!HasDistinct(ring.CoordinateSequence, 3))
                        problems.Add(new Problem(place, L10n.T("环至少需要 3 个不同的点", "a ring needs at least 3 distinct points")));
            }
        }
        if (problems.Count > 0) return problems;

        // Most polygons are proven valid by one sweep; IsValidOp finds and names the fault in the rest.
        var error = ValidityShortcut.ProvesValid(geometry) ? null : new IsValidOp(geometry).ValidationError;
        if (error is not null)
        {
            problems.Add(new Problem(Place.At(field, error.Coordinate), Describe(error)) { At = error.Coordinate });
            return problems;
        }

        // In China a square degree is over 5e9 m² and a degree over 50 km: shapes clearly above the minimum need no projection.
        if (expected == SiteGeometryKind.Polygonal && geometry.Area * 5e9 <= MinimumAreaSquareMetres * 2)
        {
            var area = Measure.Area(geometry);
            if (area < MinimumAreaSquareMetres)
            {
                var (a, min) = (Invariant(area, "0.###"), Invariant(MinimumAreaSquareMetres, "0.###"));
                problems.Add(new Problem(field, L10n.T($"面积 {a} m²，小于下限 {min} m²（面积为零的面？）", $"has an area of {a} m², below the {min} m² minimum (zero-area polygon?)")));
            }
        }
        else if (expected == SiteGeometryKind.Linear && geometry.Length * 5e4 <= MinimumLengthMetres * 2)
        {
            var length = Measure.Length(geometry);
            if (length < MinimumLengthMetres)
            {
                var (l, min) = (Invariant(length, "0.###"), Invariant(MinimumLengthMetres, "0.###"));
                problems.Add(new Problem(field, L10n.T($"长度 {l} 米，小于下限 {min} 米", $"is {l} m long, below the {min} m minimum")));
            }
        }
        return problems;
    }

    static string Invariant(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    static IEnumerable<(LineString Ring, string Place)> Rings(Polygon polygon, string where)
    {
        yield return (polygon.Shell, Place.OuterRing(where));
        for (var i = 0; i < polygon.NumInteriorRings; i++)
            yield return (polygon.GetInteriorRingN(i), Place.Hole(where, i));
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
        TopologyValidationErrors.SelfIntersection => L10n.T("自相交：边在此处交叉", "self-intersection: edges cross here"),
        TopologyValidationErrors.RingSelfIntersection => L10n.T("环自相交：环在此处与自身接触或交叉（尖刺或“8”字形？）",
            "ring self-intersection: the ring touches or crosses itself here (a spike or a figure-of-eight?)"),
        TopologyValidationErrors.HoleOutsideShell => L10n.T("内环位于外环之外", "a hole lies outside its outer ring"),
        TopologyValidationErrors.NestedHoles => L10n.T("内环位于另一个内环之中", "a hole lies inside another hole"),
        TopologyValidationErrors.DisconnectedInteriors => L10n.T("面的内部在此处被分成两块", "the polygon's interior is split in two here"),
        TopologyValidationErrors.NestedShells => L10n.T("一个面的部分位于另一部分之中", "one polygon part lies inside another"),
        TopologyValidationErrors.DuplicateRings => L10n.T("环重复", "a ring is repeated"),
        TopologyValidationErrors.TooFewPoints => L10n.T("点数太少", "too few points"),
        TopologyValidationErrors.InvalidCoordinate => L10n.T("坐标无效", "invalid coordinate"),
        TopologyValidationErrors.RingNotClosed => L10n.T("环未闭合", "ring is not closed"),
        _ => error.Message,
    };
}
