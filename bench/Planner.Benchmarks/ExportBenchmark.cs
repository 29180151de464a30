using System.Globalization;
using Npgsql;
using Planner.Tests;

namespace Planner.Benchmarks;

/// <summary>
/// Exports 100,000 sites from PostGIS (XLSX, GeoJSON, GeoPackage; the whole district, one township, one programme) with
/// `planner export` and with `ogr2ogr` reading the same table, as whole processes timed by /usr/bin/time (wall time,
/// CPU time and peak memory).
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
        ImportBenchmark.Run(planner, ["seed", "--db", cs], null);
        var fill = System.Diagnostics.Stopwatch.StartNew();
        await SyntheticDistrict.AddSitesAsync(cs, siteCount - 112);
        Console.WriteLine($"{siteCount:N0} sites on PostGIS ({fill.Elapsed.TotalSeconds:N0} s to generate)");
        var b = new NpgsqlConnectionStringBuilder(cs);
        var pg = $"PG:host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";

        (long Id, string Name) township;
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await using var r = await new NpgsqlCommand("SELECT id, name FROM townships ORDER BY code LIMIT 1", c).ExecuteReaderAsync();
            await r.ReadAsync();
            township = (r.GetInt64(0), r.GetString(1));
        }

        // The whole district in each format, then the selections a field team takes out (one township, one programme),
        // where the fixed cost of starting up weighs most.
        var cases = new (string Label, string Format, string[] Filter, string Driver, string Ext, string[] Where)[]
        {
            ("XLSX", "xlsx", [], "XLSX", ".xlsx", []),
            ("GeoJSON", "geojson", [], "GeoJSON", ".geojson", []),
            ("GeoPackage", "gpkg", [], "GPKG", ".gpkg", []),
            ($"XLSX, one township ({township.Name})", "xlsx", ["--township", township.Name], "XLSX", ".xlsx", ["-where", $"township_id = {township.Id}"]),
            ("XLSX, one programme (road)", "xlsx", ["--programme", "road"], "XLSX", ".xlsx", ["-where", "programme = 'road'"]),
            ("GeoJSON, one township", "geojson", ["--township", township.Name], "GeoJSON", ".geojson", ["-where", $"township_id = {township.Id}"]),
        };
        Console.WriteLine();
        Console.WriteLine($"| export from {siteCount:N0} sites | planner export | ogr2ogr (same table) | ratio | planner CPU | ogr2ogr CPU | planner peak memory | ogr2ogr peak memory |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (label, format, filter, gdalDriver, ext, where) in cases)
        {
            var ours = new List<ImportBenchmark.Measured>();
            var gdal = new List<ImportBenchmark.Measured>();
            for (var run = 0; run < runs; run++)
            {
                var ourFile = Path.Combine(work, "planner" + ext);
                var gdalFile = Path.Combine(work, "ogr" + ext);
                File.Delete(ourFile);
                File.Delete(gdalFile);
                ours.Add(ImportBenchmark.Timed(planner, ["export", "--format", format, "--out", ourFile, "--db", cs, .. filter], null));
                gdal.Add(ImportBenchmark.Timed("ogr2ogr", ["-f", gdalDriver, gdalFile, pg, "sites", .. where], null));
            }
            double Median(IEnumerable<double> v) { var l = v.Order().ToList(); return l[l.Count / 2]; }
            var o = Median(ours.Select(x => x.Seconds));
            var g = Median(gdal.Select(x => x.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} (median of {runs}) | {o:N2} s | {g:N2} s | {g / o:N2}× {(o < g ? "faster" : "slower")} | {Median(ours.Select(x => x.CpuSeconds)):N2} s | {Median(gdal.Select(x => x.CpuSeconds)):N2} s | {ours.Max(x => x.KiB) / 1024.0:N0} MB | {gdal.Max(x => x.KiB) / 1024.0:N0} MB |"));
        }
        NpgsqlConnection.ClearAllPools();
        return 0;
    }
}
