using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Sample;
using Planner.Tests;
using Planner.Users;
using Planner.Web;
using Planner.Web.Api;

namespace Planner.Benchmarks;

/// <summary>
/// The map's data path on PostGIS with a large district: GET /api/sites for map-sized bounding boxes
/// (through HTTP, auth, EF Core, GeoJSON writing) next to the raw PostGIS SQL that answers the same box,
/// and the time to the map's first complete draw in Chromium.
/// </summary>
static class MapBenchmark
{
    const int MapWidthPx = 820, MapHeightPx = 856, Requests = 120, Warmup = 5;

    public static async Task<int> RunAsync(int siteCount)
    {
        await using var bench = await BenchDistrict.CreateAsync(siteCount);
        var cs = bench.ConnectionString;
        var password = bench.Password;
        var district = bench.Bounds;

        // The web app in its own process, as deployed (Release build, server GC); this process is only its client.
        using var web = await WebProcess.StartAsync(cs);
        var baseUrl = web.BaseUrl;

        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(baseUrl) };
        await bench.SignInAsync(http);

        // The app warms up before anything is measured: JIT, EF Core's model and query cache, the connection pool, and .NET's
        // tiered compilation, which runs each hot method instrumented for a while before compiling it for good (on this
        // machine a new instance answered the same z14 view in 27 ms for its first 300 requests and in 13.5 ms after).
        // So it answers 300 views of each zoom, of the sizes measured but elsewhere; the reference's SQL, run from this
        // process through Npgsql, warms up beside it.
        var warmZ14Plain = new List<double>();
        foreach (var zoom in new[] { 14, 16 })
        {
            var views = Views(district, zoom, WarmupRequests, seed: 1000 + zoom);
            for (var i = 0; i < views.Count; i++)
            {
                var gzip = i % 2 == 0;
                var answer = await ReadAsync(http, Url(views[i], Resolution(zoom)), gzip);
                if (zoom == 14 && !gzip) warmZ14Plain.Add(answer.Ms);
                await RawSqlAsync(cs, views[i], Resolution(zoom));
            }
        }
        var half = warmZ14Plain.Count / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {2 * WarmupRequests} requests, z14 plain p50 {P([.. warmZ14Plain.Take(half)], 50):N1} ms over its first half, {P([.. warmZ14Plain.Skip(half)], 50):N1} ms over its second"));

        var rows = new List<string>();
        foreach (var zoom in new[] { 14, 16 })
        {
            var resolution = Resolution(zoom);
            var (widthDeg, heightDeg) = ViewSize(zoom);
            var boxes = Views(district, zoom, Requests + Warmup, seed: zoom);
            var api = new List<double>();
            var apiGzip = new List<double>();
            var sql = new List<double>();
            var apiDb = new List<double>();
            long apiFeatures = 0, sqlRows = 0, apiBytes = 0, gzipBytes = 0;
            for (var i = 0; i < boxes.Count; i++)
            {
                var b = boxes[i];
                var url = Url(b, resolution);
                var plain = await ReadAsync(http, url, gzip: false);
                var compressed = await ReadAsync(http, url, gzip: true);
                var (n, ms) = await RawSqlAsync(cs, b, resolution);
                if (i < Warmup) continue;
                api.Add(plain.Ms);
                apiDb.Add(plain.DbMs);
                apiGzip.Add(compressed.Ms);
                sql.Add(ms);
                apiBytes += plain.Bytes;
                gzipBytes += compressed.Bytes;
                apiFeatures += plain.Features;
                sqlRows += n;
            }
            if (apiFeatures != sqlRows) throw new InvalidOperationException($"API returned {apiFeatures} features but SQL {sqlRows} rows");
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| z{zoom} view ({widthDeg * 111.3:N1} × {heightDeg * 111.3 * 1.0:N1} km), {apiFeatures / (double)Requests:N0} sites per view | {P(api, 50):N1} / {P(api, 95):N1} ms | {P(sql, 50):N1} / {P(sql, 95):N1} ms | {P(api, 50) / P(sql, 50):N2}× | {apiBytes / Requests / 1024.0:N0} KiB | {P(apiGzip, 50):N1} / {P(apiGzip, 95):N1} ms, {gzipBytes / Requests / 1024.0:N0} KiB | {P(apiDb, 50):N1} ms |"));
        }
        Console.WriteLine();
        Console.WriteLine("| bbox query | GET /api/sites p50 / p95 | raw PostGIS SQL p50 / p95 | ratio (p50) | response | gzip (Accept-Encoding) p50 / p95, size | the app's query to its first row (Server-Timing db) p50 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);

        await BrowserAsync(baseUrl, password, district);
        return 0;
    }

    const int WarmupRequests = 300;

    static double Resolution(int zoom) => 156_543.03392804097 / Math.Pow(2, zoom);

    static string Url(Envelope b, double resolution) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/sites?bbox={b.MinX:F6},{b.MinY:F6},{b.MaxX:F6},{b.MaxY:F6}&res={resolution:F3}");

    /// <summary>The app's map, in degrees, at a zoom (at the district's latitude).</summary>
    static (double Width, double Height) ViewSize(int zoom)
    {
        var width = GeoJsonFeatures.ToleranceDegrees(Resolution(zoom)) * MapWidthPx;
        return (width, width * MapHeightPx / MapWidthPx * Math.Cos(34.7 * Math.PI / 180));
    }

    /// <summary>Map views of the app's map size at a zoom, at random places in the district.</summary>
    static List<Envelope> Views(Envelope district, int zoom, int count, int seed)
    {
        var (widthDeg, heightDeg) = ViewSize(zoom);
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x = district.MinX + rng.NextDouble() * (district.Width - widthDeg);
            var y = district.MinY + rng.NextDouble() * (district.Height - heightDeg);
            // Rounded as the URL gives them, so that the SQL asks for the very same box.
            return new Envelope(Math.Round(x, 6), Math.Round(x + widthDeg, 6), Math.Round(y, 6), Math.Round(y + heightDeg, 6));
        })];
    }

    /// <summary>One request, timed to its last byte, read into a reused buffer (no strings: this process stays quiet).</summary>
    static async Task<(double Ms, long Bytes, int Features, double DbMs)> ReadAsync(HttpClient http, string url, bool gzip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var sw = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(Buffer.AsMemory(length))) > 0)
        {
            length += read;
            if (length == Buffer.Length) Array.Resize(ref Buffer, Buffer.Length * 2);
        }
        sw.Stop();
        if (gzip && response.Content.Headers.ContentEncoding.Count == 0) throw new InvalidOperationException("the app did not compress although asked");
        var db = response.Headers.TryGetValues("Server-Timing", out var timing) && timing.First().Split("dur=") is [_, var dur]
            ? double.Parse(dur.Split(';')[0], CultureInfo.InvariantCulture) : double.NaN;
        return (sw.Elapsed.TotalMilliseconds, length, gzip ? 0 : CountFeatures(Buffer.AsSpan(0, length)), db);
    }

    static byte[] Buffer = new byte[1 << 22];

    /// <summary>What PostGIS itself takes: the same box over the GiST index, with GeoJSON made by the server.</summary>
    static async Task<(int Rows, double Ms)> RawSqlAsync(string cs, Envelope b, double resolution)
    {
        // Simplified to the map's pixel and rounded as the app does at this resolution.
        var tolerance = GeoJsonFeatures.ToleranceDegrees(resolution);
        // With the app's session settings (PlannerDatabase.DefaultSettings: no JIT, no parallel workers).
        await using var c = new NpgsqlConnection(PlannerDatabase.WithDefaults(cs));
        await c.OpenAsync();
        var sw = Stopwatch.StartNew();
        await using var cmd = new NpgsqlCommand("""
            SELECT s.id, s.code, s.name, s.programme, t.name, s.status, s.progress, s.planned_end, s.area_m2, s.length_m, s.is_pilot, s.is_showcase,
                   ST_AsGeoJSON(CASE WHEN ST_NPoints(s.geom) >= 8 THEN ST_SimplifyPreserveTopology(s.geom, @tol) ELSE s.geom END, @decimals)
            FROM sites s JOIN townships t ON t.id = s.township_id
            WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4490))
            ORDER BY s.code
            LIMIT @limit
            """, c);
        // The app's cap (Planner:Map:MaxFeatures) and the one more row it asks for, to know it truncates.
        cmd.Parameters.AddWithValue("limit", new MapLimits().MaxFeatures + 1);
        cmd.Parameters.AddWithValue("tol", tolerance);
        // As many decimals as the app writes at this resolution.
        cmd.Parameters.AddWithValue("decimals", GeoJsonFeatures.Decimals(tolerance));
        cmd.Parameters.AddWithValue("x0", b.MinX);
        cmd.Parameters.AddWithValue("y0", b.MinY);
        cmd.Parameters.AddWithValue("x1", b.MaxX);
        cmd.Parameters.AddWithValue("y1", b.MaxY);
        var n = 0;
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            // Every column read, as the app reads them.
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync()) { reader.GetValues(values); n++; }
            n = Math.Min(n, new MapLimits().MaxFeatures);
        }
        return (n, sw.Elapsed.TotalMilliseconds);
    }

    /// <summary>The map's first complete draw in Chromium at the district view, z14 and z16 (tiles since issue 15).</summary>
    public static async Task BrowserAsync(string baseUrl, string password, Envelope district)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("input[name=UserName]", BenchDistrict.Leader);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("form#login-form button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));

        var centre = district.Centre;
        var views = new (string Name, string Query)[]
        {
            ($"{BenchDistrict.Packing} zoom (choropleth and every site)", ""),
            ("z14 (sites)", string.Create(CultureInfo.InvariantCulture, $"?x={centre.X:F5}&y={centre.Y:F5}&z=14")),
            ("z16 (sites)", string.Create(CultureInfo.InvariantCulture, $"?x={centre.X:F5}&y={centre.Y:F5}&z=16")),
        };
        Console.WriteLine();
        Console.WriteLine("| map view in Chromium | first complete draw, median of 5 (from navigation start) | of which: last tile received | tiles, KiB | features drawn (sites they stand for) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, query) in views)
        {
            var times = new List<double>();
            List<double> tilesDone = [];
            var (features, sites) = (0, 0);
            var (tileCount, tileKiB) = (0, 0.0);
            for (var run = 0; run < 5; run++)
            {
                await page.GotoAsync($"{baseUrl}/Map{query}");
                await page.WaitForFunctionAsync("() => window.plannerFirstDrawMs !== undefined", null, new() { Timeout = 120_000 });
                // performance.now() counts from navigation start.
                times.Add(await page.EvaluateAsync<double>("() => window.plannerFirstDrawMs"));
                var drawn = await page.EvaluateAsync<int[]>("() => { const d = plannerMap.drawn(); return [d.features, d.sites]; }");
                (features, sites) = (drawn[0], drawn[1]);
                // Where the time went: the tiles' answers (Resource Timing) against the draw's end.
                var tiles = await page.EvaluateAsync<double[]>("""
                    () => { const t = performance.getEntriesByType('resource').filter(e => e.name.includes('/tiles/'));
                            return [t.length, t.reduce((a, e) => Math.max(a, e.responseEnd), 0), t.reduce((a, e) => a + e.encodedBodySize, 0)]; }
                    """);
                (tileCount, tilesDone, tileKiB) = ((int)tiles[0], [.. tilesDone, tiles[1]], tiles[2] / 1024);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {P(times, 50):N0} ms | {P(tilesDone, 50):N0} ms | {tileCount}, {tileKiB:N0} | {features:N0} ({sites:N0}) |"));
        }
    }

    static int CountFeatures(ReadOnlySpan<byte> geoJson)
    {
        var n = 0;
        for (var i = geoJson.IndexOf("\"type\":\"Feature\""u8); i >= 0; n++)
        {
            geoJson = geoJson[(i + 1)..];
            i = geoJson.IndexOf("\"type\":\"Feature\""u8);
        }
        return n;
    }

    static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
