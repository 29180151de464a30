using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Planner.Data;
using Planner.Sample;
using Planner.Tests;
using Planner.Users;
using Planner.Web;
using SkiaSharp;

namespace Planner.Benchmarks;

/// <summary>
/// Field teams sending progress reports with photos: 1,000 reports with 3 photos each (phone photos of 2000×1500,
/// each decoded, checked, re-encoded twice and stored in PostGIS with the report) by 20 signed-in users at once,
/// against the web app in its own process. Reports the throughput, the latency per report and the app's peak memory.
/// </summary>
static class ReportsBenchmark
{
    public static async Task<int> RunAsync(int reports, int users, int photosPerReport)
    {
        await using var cluster = await ThrowawayPostgres.StartAsync();
        var database = $"planner_bench_reports_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var c = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;
        var password = UserAdministration.GeneratePassword();
        List<(long Id, int Progress)> sites;
        await using (var setup = PlannerApp.Build(["--environment", "Testing"], b =>
                     {
                         b.Configuration["ConnectionStrings:Planner"] = cs;
                         b.Logging.SetMinimumLevel(LogLevel.Warning);
                     }))
        {
            await using (var db = PlannerDatabase.Open(cs))
            {
                await MigrationRunner.MigrateAsync(db);
                await SampleDistrictSeeder.SeedAsync(db, null);
            }
            await using var scope = setup.Services.CreateAsyncScope();
            var db2 = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            var townships = await db2.Townships.Select(t => t.Name).ToListAsync();
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            for (var u = 0; u < users; u++) await admin.AddAsync($"field{u}", password, Roles.FieldTeam, townships);
            sites = (await db2.Sites.Select(s => new { s.Id, s.Progress }).ToListAsync()).Select(s => (s.Id, s.Progress)).ToList();
        }

        // Distinct phone-sized photos with texture, so that they do not compress to nothing.
        var photos = Enumerable.Range(0, 24).Select(Photo).ToList();
        Console.WriteLine($"{reports:N0} reports × {photosPerReport} photos by {users} users; photos 2000×1500, {photos.Average(p => p.Length) / 1024:N0} KiB each on average");

        using var web = await WebProcess.StartAsync(cs);
        var clients = new List<(HttpClient Http, string Token)>();
        for (var u = 0; u < users; u++)
        {
            var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
            var form = await http.GetStringAsync("/Account/Login");
            var token = new HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var signIn = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = $"field{u}", ["Password"] = password, ["__RequestVerificationToken"] = token }));
            if ((int)signIn.StatusCode != 302) throw new InvalidOperationException("sign-in failed");
            var page = new HtmlParser().ParseDocument(await http.GetStringAsync("/Map"));
            clients.Add((http, page.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!));
        }

        async Task<double> SendAsync((HttpClient Http, string Token) client, int n)
        {
            var (siteId, progress) = sites[n % sites.Count];
            using var form = new MultipartFormDataContent
            {
                { new StringContent(progress.ToString(CultureInfo.InvariantCulture)), "progress" },
                { new StringContent(Guid.NewGuid().ToString()), "clientId" },
                { new StringContent($"现场填报 {n}"), "note" },
            };
            for (var p = 0; p < photosPerReport; p++)
            {
                var file = new ByteArrayContent(photos[(n * photosPerReport + p) % photos.Count]);
                file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(file, "photos", $"IMG_{n}_{p}.jpg");
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{siteId}/reports") { Content = form };
            request.Headers.Add("X-CSRF-TOKEN", client.Token);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.Http.SendAsync(request);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if ((int)response.StatusCode != 201) throw new InvalidOperationException($"report {n}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return ms;
        }

        // Warm-up: each user sends one report first (JIT, pools, Skia's first decode), not measured.
        await Task.WhenAll(clients.Select((c, i) => SendAsync(c, reports + i)));
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < reports) latencies.Add(await SendAsync(c, n));
        }));
        wall.Stop();
        long stored, bytes;
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            stored = (long)(await new NpgsqlCommand("SELECT count(*) FROM evidence_photos", c).ExecuteScalarAsync())!;
            bytes = (long)(await new NpgsqlCommand("SELECT pg_total_relation_size('evidence_photos')", c).ExecuteScalarAsync())!;
        }
        var sorted = latencies.Order().ToList();
        double P(double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q / 100 * sorted.Count) - 1)];
        Console.WriteLine();
        Console.WriteLine("| reports | photos stored | wall time | reports/s | photos/s | latency p50 / p95 / max | app peak memory | photo table |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {reports:N0} by {users} users | {stored:N0} | {wall.Elapsed.TotalSeconds:N1} s | {reports / wall.Elapsed.TotalSeconds:N1} | {reports * photosPerReport / wall.Elapsed.TotalSeconds:N1} | {P(50):N0} / {P(95):N0} / {sorted[^1]:N0} ms | {web.PeakMemoryMiB:N0} MiB | {bytes / 1048576.0:N0} MiB |"));
        foreach (var (http, _) in clients) http.Dispose();
        return 0;
    }

    /// <summary>One photo read as evidence, alone: decode, EXIF, two re-encoded copies, hash (no HTTP, no database).</summary>
    public static int ReadOne()
    {
        var photos = Enumerable.Range(0, 24).Select(Photo).ToList();
        foreach (var p in photos.Take(4)) Planner.Photos.PhotoReader.Read(p, "w.jpg", "w", "bench", Planner.Sites.DistrictTime.System, Planner.Field.FieldLimits.Default);
        var watch = Stopwatch.StartNew();
        foreach (var p in photos) Planner.Photos.PhotoReader.Read(p, "p.jpg", "p", "bench", Planner.Sites.DistrictTime.System, Planner.Field.FieldLimits.Default);
        Console.WriteLine($"PhotoReader.Read: {watch.Elapsed.TotalMilliseconds / photos.Count:N1} ms a photo (2000×1500, one thread)");
        return 0;
    }

    static byte[] Photo(int seed)
    {
        var rng = new Random(seed);
        using var bitmap = new SKBitmap(2000, 1500);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
            using var paint = new SKPaint();
            for (var i = 0; i < 4000; i++)
            {
                paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
                canvas.DrawRect(rng.Next(2000), rng.Next(1500), rng.Next(4, 60), rng.Next(4, 60), paint);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 88);
        return data.ToArray();
    }
}
