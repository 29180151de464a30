using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Planner.Data;
using Planner.Geometry;
using Planner.Tiles;

using Planner.Tests;

namespace Planner.Benchmarks;

/// <summary>
/// Vector tiles on PostGIS with a large district, side by side with the raw <c>ST_AsMVT</c> SQL for the same tile: each
/// tile once uncached (a miss: made from the database), again cached, and revalidated (304); then readers panning the
/// map at once for a while; then the map's first draw in Chromium.
/// </summary>
static class TileBenchmark
{
    const int TilesPerZoom = 60, WarmupTiles = 60;

    /// <summary>How often each warm-up tile is asked for: about 300 answers per zoom (fewer at z12, where the district has fewer tiles).</summary>
    static int WarmupRounds(int z) => z == 12 ? 20 : 5;

    /// <summary>Only the map's first draw in Chromium (what changes in the client are judged by).</summary>
    public static async Task<int> DrawAsync(int siteCount)
    {
        await using var bench = await BenchDistrict.CreateAsync(siteCount);
        using var web = await WebProcess.StartAsync(bench.ConnectionString);
        if (Environment.GetEnvironmentVariable("PLANNER_BENCH_HOLD") is { Length: > 0 })
        {
            // For profiling by hand: the app stays up until the benchmark is stopped.
            Console.WriteLine($"app at {web.BaseUrl}, sign in as {BenchDistrict.Leader} / {bench.Password}; district {bench.Bounds}; database {bench.ConnectionString}");
            await Task.Delay(Timeout.Infinite);
        }
        await MapBenchmark.BrowserAsync(web.BaseUrl, bench.Password, bench.Bounds);
        return 0;
    }

    public static async Task<int> RunAsync(int siteCount, int readers, int seconds)
    {
        await using var bench = await BenchDistrict.CreateAsync(siteCount);
        using var web = await WebProcess.StartAsync(bench.ConnectionString);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 512 })
            { BaseAddress = new Uri(web.BaseUrl) };
        await bench.SignInAsync(http);

        // Warm-up (JIT, EF Core's query cache, the pool, and .NET's tiered compilation, which runs hot methods instrumented
        // for the first few hundred answers; see MapBenchmark): tiles of each zoom measured, each asked with a parameter of
        // its own so that the measured tiles stay new to the cache, and the raw SQL beside them.
        foreach (var z in new[] { 12, 14, 16 })
        foreach (var t in TilesOver(bench.Bounds, z, WarmupTiles, seed: 99))
        {
            for (var round = 0; round < WarmupRounds(z); round++)
            {
                await GetAsync(http, t, etag: null, query: $"?warm={round}");
                await RawSqlAsync(bench.ConnectionString, t);
            }
        }

        // The floor under every answer: the same client, an anonymous probe and a signed-in request with no database work.
        var floor = new List<(string, List<double>)>();
        foreach (var url in new[] { "/healthz", "/api/my/csrf" })
        {
            var times = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                var sw = Stopwatch.StartNew();
                using var r = await http.GetAsync(url);
                await r.Content.ReadAsByteArrayAsync();
                if (i >= 10) times.Add(sw.Elapsed.TotalMilliseconds);
            }
            floor.Add((url, times));
        }
        Console.WriteLine(string.Join("; ", floor.Select(f => string.Create(CultureInfo.InvariantCulture, $"GET {f.Item1} p50 {P(f.Item2, 50):N2} ms"))));
        Console.WriteLine();
        Console.WriteLine("| tiles | uncached p50 / p95 | raw ST_AsMVT SQL p50 / p95 | ratio (p50) | of which making the tile (Server-Timing) p50 | cached p50 / p95 | cached, gzip as a browser asks, p50 / p95 | 304 p50 | size p50 (gzip) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var z in new[] { 12, 14, 16 })
        {
            var tiles = TilesOver(bench.Bounds, z, TilesPerZoom, seed: z);
            List<double> miss = [], hit = [], zipped = [], revalidate = [], sql = [], sizes = [], zippedSizes = [], makes = [];
            foreach (var (t, i) in tiles.Select((t, i) => (t, i)))
            {
                // Whichever reads a tile first finds its rows colder (PostgreSQL's buffers, the OS's cache): each goes first
                // for half the tiles.
                var appFirst = i % 2 == 0;
                var (raw, rawBytes) = appFirst ? (0.0, 0) : await RawSqlAsync(bench.ConnectionString, t);
                var first = await GetAsync(http, t, etag: null);
                if (appFirst) (raw, rawBytes) = await RawSqlAsync(bench.ConnectionString, t);
                var second = await GetAsync(http, t, etag: null);
                var third = await GetAsync(http, t, etag: first.ETag);
                // The first answer with gzip compresses the cached tile; the next is what every browser then gets.
                await GetAsync(http, t, etag: null, gzip: true);
                var fourth = await GetAsync(http, t, etag: null, gzip: true);
                if (first.Timing?.Split("tile;dur=") is [_, var made]) makes.Add(double.Parse(made, CultureInfo.InvariantCulture));
                if (third.Status != HttpStatusCode.NotModified) throw new InvalidOperationException($"{t}: {third.Status} on revalidation");
                if (Math.Abs(first.Bytes - rawBytes) > Math.Max(64, rawBytes / 20))
                    throw new InvalidOperationException($"{t}: the app's tile is {first.Bytes} bytes, the raw SQL's {rawBytes}");
                miss.Add(first.Ms);
                hit.Add(second.Ms);
                zipped.Add(fourth.Ms);
                zippedSizes.Add(fourth.Bytes);
                revalidate.Add(third.Ms);
                sql.Add(raw);
                sizes.Add(first.Bytes);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| z{z} | {P(miss, 50):N1} / {P(miss, 95):N1} ms | {P(sql, 50):N1} / {P(sql, 95):N1} ms | {P(miss, 50) / P(sql, 50):N2}× | {P(makes, 50):N1} ms | {P(hit, 50):N1} / {P(hit, 95):N1} ms | {P(zipped, 50):N1} / {P(zipped, 95):N1} ms | {P(revalidate, 50):N1} ms | {P(sizes, 50) / 1024:N1} KiB ({P(zippedSizes, 50) / 1024:N1}) |"));
        }

        await LoadAsync(http, web, bench.Bounds, readers, seconds);
        await MapBenchmark.BrowserAsync(web.BaseUrl, bench.Password, bench.Bounds);
        return 0;
    }

    /// <summary>
    /// Readers panning: each asks for the 4×3 tiles of a view at z14–z16, then moves by a tile or jumps elsewhere, as a
    /// person panning and zooming does; the browser's ETag revalidation is left out (every request is a full answer).
    /// </summary>
    static async Task LoadAsync(HttpClient http, WebProcess web, NetTopologySuite.Geometries.Envelope bounds, int readers, int seconds)
    {
        var times = new ConcurrentBag<double>();
        var errors = 0;
        var memoryBefore = web.ResidentMemoryMiB;
        var stop = Stopwatch.StartNew();
        var memory = new List<double>();
        var sampler = Task.Run(async () =>
        {
            while (stop.Elapsed.TotalSeconds < seconds) { memory.Add(web.ResidentMemoryMiB); await Task.Delay(5000); }
        });
        await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var rng = new Random(r);
            var z = 14 + rng.Next(3);
            var centre = TilesOver(bounds, z, 1, seed: r)[0];
            var (x, y) = (centre.X, centre.Y);
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                for (var dx = -2; dx < 2; dx++)
                for (var dy = -1; dy < 2; dy++)
                {
                    if (!TileAddress.TryCreate(z, x + dx, y + dy, out var tile, out _)) continue;
                    try
                    {
                        var answer = await GetAsync(http, tile, etag: null);
                        if (answer.Status != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                        times.Add(answer.Ms);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                // Pan by a tile; now and then zoom or jump.
                if (rng.NextDouble() < 0.1) { z = 14 + rng.Next(3); (x, y) = (TilesOver(bounds, z, 1, seed: rng.Next())[0].X, TilesOver(bounds, z, 1, seed: rng.Next())[0].Y); }
                else { x += rng.Next(3) - 1; y += rng.Next(3) - 1; }
            }
        })));
        await sampler;
        var all = times.ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{readers} readers panning for {seconds} s: {all.Count:N0} tiles ({all.Count / (double)seconds:N0}/s), {errors} errors, p50 / p95 / p99 {P(all, 50):N1} / {P(all, 95):N1} / {P(all, 99):N1} ms; " +
            $"app memory {memoryBefore:N0} MiB before, every 5 s {string.Join(", ", memory.Select(m => m.ToString("N0", CultureInfo.InvariantCulture)))} MiB, peak {web.PeakMemoryMiB:N0} MiB"));
    }

    /// <summary>
    /// One tile, its body read and counted (not kept: a new array per answer would put the benchmark's own garbage
    /// collections into the figures); <paramref name="gzip"/> asks as a browser does, and the bytes are then as sent.
    /// </summary>
    static async Task<(HttpStatusCode Status, double Ms, int Bytes, System.Net.Http.Headers.EntityTagHeaderValue? ETag, string? Timing)> GetAsync(HttpClient http, TileAddress tile,
        System.Net.Http.Headers.EntityTagHeaderValue? etag, bool gzip = false, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tiles/sites/{tile}.mvt{query}");
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br, zstd");
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            int read, bytes = 0;
            while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
            sw.Stop();
            if (gzip && response.StatusCode == HttpStatusCode.OK && bytes > 0 && !response.Content.Headers.ContentEncoding.Contains("gzip")) // an empty tile is sent as it is
                throw new InvalidOperationException($"{tile}: asked with gzip, answered with '{string.Join(",", response.Content.Headers.ContentEncoding)}'");
            return (response.StatusCode, sw.Elapsed.TotalMilliseconds, bytes, response.Headers.ETag,
                response.Headers.TryGetValues("Server-Timing", out var timing) ? string.Join(",", timing) : null);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The same tile straight from PostGIS: the layers, columns and rules of the app's tile, written by hand.</summary>
    static async Task<(double Ms, int Bytes)> RawSqlAsync(string cs, TileAddress tile)
    {
        // The app's session settings (PlannerDatabase.DefaultSettings: no JIT, no parallel workers).
        await using var c = new NpgsqlConnection(PlannerDatabase.WithDefaults(cs));
        await c.OpenAsync();
        var b = MvtTileBuilder.QueryBounds(tile);
        var sw = Stopwatch.StartNew();
        // Below the list's zoom the app's tiles carry only what drawing needs, and small sites close together are one
        // dot (SiteTiles.CoalesceBelowZoom); so does this one.
        var coalesce = tile.Z < SiteTiles.CoalesceBelowZoom;
        var columns = tile.Z >= SiteTiles.ListZoom
            ? """
              s.id, s.code, s.name, s.programme, s.township_id AS "townshipId", s.township, s.status, s.progress,
              to_char(s.planned_end, 'YYYY-MM-DD') AS "plannedEnd", s.is_pilot AS pilot, s.is_showcase AS showcase,
              """
            : "s.id, s.programme, s.status, s.progress,";
        var shapes = $$"""
            SELECT {{columns}}
                   (s.planned_end < current_date AND s.status NOT IN ('completed', 'accepted')) AS overdue,{{(coalesce ? " NULL::bigint AS count," : "")}}
                   COALESCE(ST_AsMVTGeom(s.merc, ST_TileEnvelope(@z, @x, @y), 4096, 64, true),
                            ST_AsMVTGeom(ST_PointOnSurface(s.merc), ST_TileEnvelope(@z, @x, @y), 4096, 64, true)) AS geom
            FROM g s
            """;
        var m = !coalesce ? shapes : $$"""
            {{shapes}} WHERE size >= @small
            UNION ALL
            SELECT CASE WHEN count(*) = 1 THEN min(id) END, programme, mode() WITHIN GROUP (ORDER BY status),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY progress),
                   bool_or(s.planned_end < current_date AND s.status NOT IN ('completed', 'accepted')), count(*),
                   ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(cx), avg(cy)), 3857), ST_TileEnvelope(@z, @x, @y), 4096, 64, true)
            FROM g s WHERE size < @small
            GROUP BY programme, floor(cx / @cell), floor(cy / @cell)
            """;
        // The same projection as the app's: affine where the tile is small enough (MvtTileBuilder.LinearMercator).
        var linear = MvtTileBuilder.LinearMercator(tile);
        var mercator = linear is null ? "ST_Transform(ST_SetSRID(s.geom, 4326), 3857)" : "ST_SetSRID(ST_Affine(s.geom, @ax, 0, 0, @ay, 0, @by), 3857)";
        await using var cmd = new NpgsqlCommand($$"""
            WITH g AS (
                SELECT s.id, s.code, s.name, s.programme, s.township_id, t.name AS township, s.status, s.progress, s.planned_end,
                       s.is_pilot, s.is_showcase, merc, GREATEST(ST_XMax(merc) - ST_XMin(merc), ST_YMax(merc) - ST_YMin(merc)) AS size,
                       (ST_XMin(merc) + ST_XMax(merc)) / 2 AS cx, (ST_YMin(merc) + ST_YMax(merc)) / 2 AS cy
                FROM sites s JOIN townships t ON t.id = s.township_id
                CROSS JOIN LATERAL (SELECT {{mercator}} AS merc OFFSET 0) g
                WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4490))
            ),
            m AS (
            {{m}}
            )
            SELECT COALESCE((SELECT ST_AsMVT(m, 'road', 4096, 'geom', 'id') FROM m WHERE programme = 'road' AND geom IS NOT NULL), ''::bytea)
                || COALESCE((SELECT ST_AsMVT(m, 'compound', 4096, 'geom', 'id') FROM m WHERE programme = 'compound' AND geom IS NOT NULL), ''::bytea)
                || COALESCE((SELECT ST_AsMVT(m, 'fringe', 4096, 'geom', 'id') FROM m WHERE programme = 'fringe' AND geom IS NOT NULL), ''::bytea)
            """, c);
        if (coalesce)
        {
            cmd.Parameters.AddWithValue("small", SiteTiles.SmallUnits * MvtTileBuilder.MetresPerUnit(tile.Z));
            cmd.Parameters.AddWithValue("cell", SiteTiles.CellUnits * MvtTileBuilder.MetresPerUnit(tile.Z));
        }
        if (linear is var (ax, ay, by))
        {
            cmd.Parameters.AddWithValue("ax", ax);
            cmd.Parameters.AddWithValue("ay", ay);
            cmd.Parameters.AddWithValue("by", by);
        }
        cmd.Parameters.AddWithValue("z", tile.Z);
        cmd.Parameters.AddWithValue("x", tile.X);
        cmd.Parameters.AddWithValue("y", tile.Y);
        cmd.Parameters.AddWithValue("x0", b.MinX);
        cmd.Parameters.AddWithValue("y0", b.MinY);
        cmd.Parameters.AddWithValue("x1", b.MaxX);
        cmd.Parameters.AddWithValue("y1", b.MaxY);
        var bytes = (byte[])(await cmd.ExecuteScalarAsync())!;
        return (sw.Elapsed.TotalMilliseconds, bytes.Length);
    }

    /// <summary>Tiles at a zoom whose centres fall in the district, drawn at random (distinct: each is new to the cache).</summary>
    static List<TileAddress> TilesOver(NetTopologySuite.Geometries.Envelope bounds, int z, int count, int seed)
    {
        var rng = new Random(seed);
        var found = new HashSet<(int, int)>();
        var tiles = new List<TileAddress>();
        for (var attempt = 0; tiles.Count < count && attempt < count * 50; attempt++)
        {
            var lon = bounds.MinX + rng.NextDouble() * bounds.Width;
            var lat = bounds.MinY + rng.NextDouble() * bounds.Height;
            var tile = TileAddress.Containing(lon, lat, z);
            if (found.Add((tile.X, tile.Y))) tiles.Add(tile);
        }
        return tiles;
    }

    static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
