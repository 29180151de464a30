using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Tests;
using Planner.Users;
using Planner.Web;

namespace Planner.Benchmarks;

/// <summary>
/// The map's data path on PostGIS with a large district: GET /api/sites for map-sized bounding boxes
/// (through HTTP, auth, EF Core, GeoJSON writing) next to the raw PostGIS SQL that answers the same box,
/// and the time to the map's first complete draw in Chromium.
/// </summary>
static class MapBenchmark
{
    const int MapWidthPx = 820, MapHeightPx = 856, Requests = 60, Warmup = 5;

    public static async Task<int> RunAsync(int siteCount)
    {
        await using var cluster = Environment.GetEnvironmentVariable("PLANNER_BENCH_POSTGRES") is { Length: > 0 } ? null : await ThrowawayPostgres.StartAsync();
        var admin = Environment.GetEnvironmentVariable("PLANNER_BENCH_POSTGRES") ?? cluster!.AdminConnectionString;
        var database = $"planner_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;

        var contentRoot = Path.Combine(Paths.Repository, "src", "Planner.Web");
        var app = PlannerApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--contentRoot", contentRoot], b =>
        {
            b.Configuration["ConnectionStrings:Planner"] = cs;
            b.Configuration["Planner:Basemap:Type"] = "none";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var password = UserAdministration.GeneratePassword();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync("bench-leader", password, Roles.Leader, []);

        var fill = Stopwatch.StartNew();
        await SyntheticDistrict.AddSitesAsync(cs, siteCount - 112);
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("ANALYZE", c).ExecuteNonQueryAsync();
        }
        Console.WriteLine($"{siteCount:N0} sites on PostGIS ({fill.Elapsed.TotalSeconds:N1} s to generate and insert)");

        Envelope district;
        await using (var db = PlannerDatabase.Open(cs))
            district = db.Townships.AsEnumerable().Aggregate(new Envelope(), (e, t) => { e.ExpandToInclude(t.Boundary.EnvelopeInternal); return e; });

        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        await SignInAsync(http, password);

        var rows = new List<string>();
        foreach (var zoom in new[] { 14, 16 })
        {
            var resolution = 156_543.03392804097 / Math.Pow(2, zoom);
            var widthDeg = resolution * MapWidthPx / 111_319.49;
            var heightDeg = widthDeg * MapHeightPx / MapWidthPx * Math.Cos(34.7 * Math.PI / 180);
            var rng = new Random(zoom);
            var boxes = Enumerable.Range(0, Requests + Warmup).Select(_ =>
            {
                var x = district.MinX + rng.NextDouble() * (district.Width - widthDeg);
                var y = district.MinY + rng.NextDouble() * (district.Height - heightDeg);
                return new Envelope(x, x + widthDeg, y, y + heightDeg);
            }).ToList();

            var api = new List<double>();
            var sql = new List<double>();
            long apiFeatures = 0, sqlRows = 0, apiBytes = 0;
            for (var i = 0; i < boxes.Count; i++)
            {
                var b = boxes[i];
                var bbox = string.Create(CultureInfo.InvariantCulture, $"{b.MinX:F6},{b.MinY:F6},{b.MaxX:F6},{b.MaxY:F6}");
                var sw = Stopwatch.StartNew();
                var body = await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/sites?bbox={bbox}&res={resolution:F3}"));
                sw.Stop();
                var (n, ms) = await RawSqlAsync(cs, b, resolution / 111_319.49);
                if (i < Warmup) continue;
                api.Add(sw.Elapsed.TotalMilliseconds);
                sql.Add(ms);
                apiBytes += body.Length;
                apiFeatures += CountFeatures(body);
                sqlRows += n;
            }
            // PostGIS's && compares float4-rounded boxes, so it may take in a few more sites on the edges.
            if (Math.Abs(apiFeatures - sqlRows) > 0.005 * sqlRows) throw new InvalidOperationException($"API returned {apiFeatures} features but SQL {sqlRows} rows");
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| z{zoom} view ({widthDeg * 111.3:N1} × {heightDeg * 111.3 * 1.0:N1} km), {apiFeatures / (double)Requests:N0} sites per view | {P(api, 50):N1} / {P(api, 95):N1} ms | {P(sql, 50):N1} / {P(sql, 95):N1} ms | {P(api, 50) / P(sql, 50):N1}× | {apiBytes / Requests / 1024.0:N0} KiB |"));
        }
        Console.WriteLine();
        Console.WriteLine("| bbox query | GET /api/sites p50 / p95 | raw PostGIS SQL p50 / p95 | ratio (p50) | response |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);

        await BrowserAsync(baseUrl, password, district);
        await app.StopAsync();
        NpgsqlConnection.ClearAllPools();
        return 0;
    }

    /// <summary>What PostGIS itself takes: the same box over the GiST index, with GeoJSON made by the server.</summary>
    static async Task<(int Rows, double Ms)> RawSqlAsync(string cs, Envelope b, double tolerance)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        var sw = Stopwatch.StartNew();
        await using var cmd = new NpgsqlCommand("""
            SELECT s.id, s.code, s.name, s.programme, t.name, s.status, s.progress, s.planned_end, s.area_m2, s.length_m, s.is_pilot, s.is_showcase,
                   ST_AsGeoJSON(CASE WHEN ST_NPoints(s.geom) >= 8 THEN ST_SimplifyPreserveTopology(s.geom, @tol) ELSE s.geom END, 7)
            FROM sites s JOIN townships t ON t.id = s.township_id
            WHERE s.deleted_at IS NULL AND s.geom && ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4490)
            ORDER BY s.code
            """, c);
        cmd.Parameters.AddWithValue("tol", tolerance);
        cmd.Parameters.AddWithValue("x0", b.MinX);
        cmd.Parameters.AddWithValue("y0", b.MinY);
        cmd.Parameters.AddWithValue("x1", b.MaxX);
        cmd.Parameters.AddWithValue("y1", b.MaxY);
        var n = 0;
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) { _ = reader.GetString(12); n++; }
        return (n, sw.Elapsed.TotalMilliseconds);
    }

    static async Task BrowserAsync(string baseUrl, string password, Envelope district)
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
        await page.FillAsync("input[name=UserName]", "bench-leader");
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("form#login-form button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));

        var centre = district.Centre;
        var views = new (string Name, string Query)[]
        {
            ("district zoom (township choropleth)", ""),
            ("z14 (sites)", string.Create(CultureInfo.InvariantCulture, $"?x={centre.X:F5}&y={centre.Y:F5}&z=14")),
            ("z16 (sites)", string.Create(CultureInfo.InvariantCulture, $"?x={centre.X:F5}&y={centre.Y:F5}&z=16")),
        };
        Console.WriteLine();
        Console.WriteLine("| map view in Chromium | first complete draw, median of 5 (from navigation start) | features drawn |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, query) in views)
        {
            var times = new List<double>();
            var features = 0;
            for (var run = 0; run < 5; run++)
            {
                await page.GotoAsync($"{baseUrl}/Map{query}");
                await page.WaitForFunctionAsync("() => window.plannerFirstDrawMs !== undefined", null, new() { Timeout = 120_000 });
                // performance.now() counts from navigation start.
                times.Add(await page.EvaluateAsync<double>("() => window.plannerFirstDrawMs"));
                features = await page.EvaluateAsync<int>("() => plannerMap.map.getLayers().getArray().filter(l => l.get('name')).reduce((n, l) => n + l.getSource().getFeatures().length, 0)");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {P(times, 50):N0} ms | {features:N0} |"));
        }
    }

    static async Task SignInAsync(HttpClient http, string password)
    {
        var form = await http.GetStringAsync("/Account/Login");
        var token = new HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "bench-leader", ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if ((int)response.StatusCode != 302) throw new InvalidOperationException("sign-in failed");
    }

    static int CountFeatures(string geoJson)
    {
        var n = 0;
        for (var i = geoJson.IndexOf("\"type\":\"Feature\"", StringComparison.Ordinal); i >= 0; i = geoJson.IndexOf("\"type\":\"Feature\"", i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
