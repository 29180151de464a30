using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Planner.Geometry;

namespace Planner.Benchmarks;

/// <summary>
/// Area of every real polygon in the DataV files (GCJ-02 converted to CGCS2000), measured by Planner
/// (ProjNet Gauss–Krüger + shoelace) and by PROJ (`cs2cs` projecting the same vertices, same shoelace),
/// side by side: throughput of each and the largest relative deviation.
/// </summary>
static class AreaBenchmark
{
    public static int Run(string folder)
    {
        var polygons = Load(folder);
        var vertices = polygons.Sum(p => p.NumPoints);
        Console.WriteLine($"{polygons.Count} polygons, {vertices:N0} vertices from {Directory.GetFiles(folder, "*.json").Length} files in {folder}");

        // Planner: warm up, then best of 5 full passes.
        var ours = polygons.Select(Measure.Area).ToArray();
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var sw = Stopwatch.StartNew();
            double sum = 0;
            foreach (var p in polygons) sum += Measure.Area(p);
            sw.Stop();
            if (sw.Elapsed < best) best = sw.Elapsed;
            GC.KeepAlive(sum);
        }

        // PROJ: one cs2cs process per zone over all that zone's vertices.
        var projSw = Stopwatch.StartNew();
        var reference = ProjAreas(polygons);
        projSw.Stop();

        // Deviation by size: cs2cs prints micrometres, so polygons of a few m² carry rounding noise.
        double MaxRelative(Func<int, bool> include) => Enumerable.Range(0, polygons.Count)
            .Where(i => reference[i] > 0 && include(i)).Select(i => Math.Abs(ours[i] - reference[i]) / reference[i]).DefaultIfEmpty().Max();
        var measurer = new GaussKrugerMeasurer();
        bool InsideZone(int i)
        {
            var e = polygons[i].EnvelopeInternal;
            var cm = measurer.ZoneFor(polygons[i]).CentralMeridian;
            return e.MinX >= cm - 1.5 && e.MaxX <= cm + 1.5;
        }
        var maxRelative = MaxRelative(i => reference[i] >= 1e4);
        var maxRelativeInZone = MaxRelative(i => reference[i] >= 1e4 && InsideZone(i));
        var inZone = Enumerable.Range(0, polygons.Count).Count(InsideZone);
        var maxAbsolute = polygons.Select((_, i) => Math.Abs(ours[i] - reference[i])).Max();

        var oursRate = polygons.Count / best.TotalSeconds;
        var projRate = polygons.Count / projSw.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| measure | Planner (ProjNet GK) | PROJ cs2cs + shoelace | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| time for all polygons | {best.TotalMilliseconds:N1} ms | {projSw.Elapsed.TotalMilliseconds:N1} ms | {projSw.Elapsed / best:N1}× faster |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| area computations / s | {oursRate:N0} | {projRate:N0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| vertices / s | {vertices / best.TotalSeconds:N0} | {vertices / projSw.Elapsed.TotalSeconds:N0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| max relative deviation from PROJ, {inZone} polygons inside their 3° zone (≥ 1 ha) | {maxRelativeInZone:E2} | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| max relative deviation from PROJ, all polygons ≥ 1 ha (provinces span many zones) | {maxRelative:E2} | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| max absolute deviation (any polygon) | {maxAbsolute:N1} m² | | |"));
        return maxRelativeInZone < 1e-6 ? 0 : 1;
    }

    static List<NetTopologySuite.Geometries.Geometry> Load(string folder)
    {
        var result = new List<NetTopologySuite.Geometries.Geometry>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = GeoJsonGeometry.ParseFile(File.ReadAllBytes(file));
            var i = 0;
            foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var g = GeoJsonGeometry.Read(feature.GetProperty("geometry"), $"{Path.GetFileName(file)} feature {i++}");
                g = CoordinateTransform.Gcj02ToCgcs2000(g);
                for (var k = 0; k < g.NumGeometries; k++)
                    if (g.GetGeometryN(k) is Polygon p) result.Add(p);
            }
        }
        return result;
    }

    /// <summary>Reference areas: vertices projected by cs2cs in the same zone Planner picks, then the shoelace formula.</summary>
    static double[] ProjAreas(List<NetTopologySuite.Geometries.Geometry> polygons)
    {
        var measurer = new GaussKrugerMeasurer();
        var areas = new double[polygons.Count];
        foreach (var group in polygons.Select((p, i) => (p, i)).GroupBy(x => measurer.ZoneFor(x.p).Epsg))
        {
            var input = new StringBuilder();
            foreach (var (p, _) in group)
                foreach (var c in p.Coordinates)
                    input.Append(CultureInfo.InvariantCulture, $"{c.Y:R} {c.X:R}\n"); // EPSG:4490 axis order is lat, lon
            var projected = Cs2cs(group.Key, input.ToString());
            var k = 0;
            foreach (var (p, i) in group)
            {
                var poly = (Polygon)p;
                double area = 0;
                foreach (var ring in new[] { poly.ExteriorRing }.Concat(poly.InteriorRings))
                {
                    var n = ring.NumPoints;
                    double twice = 0;
                    for (var j = 0; j < n - 1; j++)
                    {
                        var (e1, n1) = projected[k + j];
                        var (e2, n2) = projected[k + j + 1];
                        twice += e1 * n2 - e2 * n1;
                    }
                    area += ring == poly.ExteriorRing ? Math.Abs(twice) / 2 : -Math.Abs(twice) / 2;
                    k += n;
                }
                areas[i] = area;
            }
        }
        return areas;
    }

    static List<(double E, double N)> Cs2cs(int epsg, string input)
    {
        var start = new ProcessStartInfo("cs2cs", ["-f", "%.6f", "EPSG:4490", $"EPSG:{epsg}"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cs2cs (Debian proj-bin) is needed for the reference");
        var writer = Task.Run(() => { process.StandardInput.Write(input); process.StandardInput.Close(); });
        var result = new List<(double, double)>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var parts = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            // Output axis order of the GK CRS is northing, easting.
            result.Add((double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[0], CultureInfo.InvariantCulture)));
        }
        writer.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("cs2cs failed: " + process.StandardError.ReadToEnd());
        return result;
    }
}
