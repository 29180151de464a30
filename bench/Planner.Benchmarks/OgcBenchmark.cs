using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;

using Planner.Tests;

namespace Planner.Benchmarks;

/// <summary>
/// OGC API Features pages of 10,000 features beside <c>ogr2ogr</c> reading the same rows from PostGIS directly into
/// GeoJSON (what a GIS office would otherwise do with database access), in CRS84 and in EPSG:4490.
/// </summary>
static class OgcBenchmark
{
    const int Runs = 5, PageSize = 10_000;

    public static async Task<int> RunAsync(int siteCount)
    {
        await using var bench = await BenchDistrict.CreateAsync(siteCount);
        using var web = await WebProcess.StartAsync(bench.ConnectionString);
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BaseUrl) };
        await bench.SignInAsync(http);
        var pg = new NpgsqlConnectionStringBuilder(bench.ConnectionString);
        var gdalSource = $"PG:host={pg.Host} port={pg.Port} dbname={pg.Database} user={pg.Username}" + (string.IsNullOrEmpty(pg.Password) ? "" : $" password={pg.Password}");

        // Warm-up: JIT, EF Core's query cache, the pool.
        for (var i = 0; i < 3; i++) await PageAsync(http, "compounds", 100, null);

        Console.WriteLine();
        Console.WriteLine($"| a page of {PageSize:N0} compounds (of {siteCount:N0} sites) | /ogc items, median of {Runs} | ogr2ogr from PostGIS to GeoJSON, median of {Runs} | ratio | size |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, crs) in new[] { ("CRS84", (string?)null), ("EPSG:4490 (latitude first)", "http://www.opengis.net/def/crs/EPSG/0/4490") })
        {
            var api = new List<double>();
            var gdal = new List<double>();
            long bytes = 0;
            for (var run = 0; run < Runs; run++)
            {
                var (ms, size, returned) = await PageAsync(http, "compounds", PageSize, crs);
                if (returned != PageSize) throw new InvalidOperationException($"the page holds {returned} features, not {PageSize}");
                api.Add(ms);
                bytes = size;
                gdal.Add(Ogr2Ogr(gdalSource));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(api):N0} ms | {Median(gdal):N0} ms | {Median(api) / Median(gdal):N2}× | {bytes / 1048576.0:N1} MiB |"));
        }
        return 0;
    }

    static async Task<(double Ms, long Bytes, int Returned)> PageAsync(HttpClient http, string collection, int limit, string? crs)
    {
        var url = $"/ogc/collections/{collection}/items?limit={limit}" + (crs is null ? "" : $"&crs={Uri.EscapeDataString(crs)}");
        var sw = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        sw.Stop();
        response.EnsureSuccessStatusCode();
        // numberReturned sits after the timeStamp near the start.
        var head = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(300, body.Length));
        var at = head.IndexOf("\"numberReturned\":", StringComparison.Ordinal) + 17;
        var returned = int.Parse(head[at..].Split(',', '}')[0], CultureInfo.InvariantCulture);
        return (sw.Elapsed.TotalMilliseconds, body.Length, returned);
    }

    /// <summary>The same rows and columns as the page, read by GDAL straight from the database and written as GeoJSON.</summary>
    static double Ogr2Ogr(string source)
    {
        var sql = $"SELECT s.*, t.code AS township, t.name AS township_name FROM sites s JOIN townships t ON t.id = s.township_id " +
                  $"WHERE s.programme = 'compound' AND s.deleted_at IS NULL ORDER BY s.id LIMIT {PageSize}";
        // GDAL writes what it reads, longitude first, for both rows of the table; the app swaps each vertex for EPSG:4490.
        string[] args = ["-f", "GeoJSON", "/vsistdout/", source, "-sql", sql, "-lco", "COORDINATE_PRECISION=8"];
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("ogr2ogr", args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        // Its output read here, as the app's answer is.
        var drain = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = p.StandardError.ReadToEnd();
        drain.Wait();
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException("ogr2ogr: " + error);
        return sw.Elapsed.TotalMilliseconds;
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
