using System.Globalization;
using Npgsql;
using Planner.Tests;

namespace Planner.Benchmarks;

/// <summary>
/// Exports 100,000 sites from PostGIS to XLSX and GeoJSON with `planner export` and with `ogr2ogr` reading
/// the same table, as whole processes timed by /usr/bin/time (wall time and peak memory).
/// </summary>
static class ExportBenchmark
{
    public static async Task<int> RunAsync(int siteCount, int runs)
    {
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "planner-bench-export")).FullName;
        var planner = ImportBenchmark.PublishCli();

        await using var cluster = await ThrowawayPostgres.StartAsync();
        await using (var c = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE bench_export", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "bench_export", Pooling = true }.ConnectionString;
        ImportBenchmark.Run("dotnet", [planner, "seed", "--db", cs], null);
        var fill = System.Diagnostics.Stopwatch.StartNew();
        await SyntheticDistrict.AddSitesAsync(cs, siteCount - 112);
        Console.WriteLine($"{siteCount:N0} sites on PostGIS ({fill.Elapsed.TotalSeconds:N0} s to generate)");
        var b = new NpgsqlConnectionStringBuilder(cs);
        var pg = $"PG:host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";

        Console.WriteLine();
        Console.WriteLine("| export 100,000 sites | planner export | ogr2ogr (same table) | ratio | planner peak memory | ogr2ogr peak memory |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (format, gdalDriver, ext) in new[] { ("xlsx", "XLSX", ".xlsx"), ("geojson", "GeoJSON", ".geojson") })
        {
            var ours = new List<(double Seconds, long KiB)>();
            var gdal = new List<(double Seconds, long KiB)>();
            for (var run = 0; run < runs; run++)
            {
                var ourFile = Path.Combine(work, "planner" + ext);
                var gdalFile = Path.Combine(work, "ogr" + ext);
                File.Delete(ourFile);
                File.Delete(gdalFile);
                var mine = ImportBenchmark.Timed("dotnet", [planner, "export", "--format", format, "--out", ourFile, "--db", cs], null);
                ours.Add((mine.Seconds, mine.KiB));
                var theirs = ImportBenchmark.Timed("ogr2ogr", ["-f", gdalDriver, gdalFile, pg, "sites"], null);
                gdal.Add((theirs.Seconds, theirs.KiB));
            }
            double Median(IEnumerable<double> v) { var l = v.Order().ToList(); return l[l.Count / 2]; }
            var o = Median(ours.Select(x => x.Seconds));
            var g = Median(gdal.Select(x => x.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {format.ToUpperInvariant()} (median of {runs}) | {o:N2} s | {g:N2} s | {g / o:N2}× {(o < g ? "faster" : "slower")} | {ours.Max(x => x.KiB) / 1024.0:N0} MB | {gdal.Max(x => x.KiB) / 1024.0:N0} MB |"));
        }
        NpgsqlConnection.ClearAllPools();
        return 0;
    }
}
