using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Planner.Tests.Hosting;

/// <summary>
/// Two app processes on one PostGIS behind nginx (Debian's package), as docs/deploy.md runs them: field reports keep
/// coming through the balancer while one node is killed; the client sends again what failed, as the phone's outbox
/// does, with the same clientId; every report is stored exactly once.
/// </summary>
public sealed class NginxTwoNodesTests(PostgisServer server)
{
    const string Nginx = "/usr/sbin/nginx";
    const int Writers = 8, ReportsPerWriter = 15;

    [Fact]
    public async Task Killing_one_node_during_a_load_run_loses_no_write_and_doubles_none()
    {
        if (!File.Exists(Nginx))
        {
            if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_NGINX") == "1") throw new InvalidOperationException("nginx missing (PLANNER_REQUIRE_NGINX=1)");
            Assert.Skip("nginx is not installed (apt-get install nginx-light)");
        }
        var cs = await server.CreateDatabaseAsync();
        var password = Planner.Users.UserAdministration.GeneratePassword();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Planner__DemoPassword"] = password, ["Planner__SampleHistory"] = "false",
            ["Planner__Basemap__Type"] = "none", ["Planner__SignIn__PerClientPerMinute"] = "10000",
        };
        // The first node migrates and seeds; the second starts on the ready database.
        using var first = await WebProcess.StartAsync(cs, settings);
        using var second = await WebProcess.StartAsync(cs, settings);

        var folder = Directory.CreateTempSubdirectory("planner-nginx-").FullName;
        var port = WebProcess.FreePort();
        foreach (var d in new[] { "logs", "body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(folder, d));
        var root = Environment.UserName == "root";
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{(root ? "user root;" : "")}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/logs/error.log;
            daemon off;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body; proxy_temp_path {{folder}}/proxy; fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi; scgi_temp_path {{folder}}/scgi;
                upstream planner {
                    server 127.0.0.1:{{first.Port}} max_fails=1 fail_timeout=30s;
                    server 127.0.0.1:{{second.Port}} max_fails=1 fail_timeout=30s;
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    client_max_body_size 20m;
                    location / {
                        proxy_pass http://planner;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host:$server_port;
                        proxy_connect_timeout 2s;
                        proxy_next_upstream error timeout http_502;
                    }
                }
            }
            """);
        using var nginx = Process.Start(new ProcessStartInfo(Nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            var cookies = new CookieContainer();
            using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var wait = Stopwatch.StartNew(); ; await Task.Delay(100))
            {
                try { if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) when (wait.Elapsed < TimeSpan.FromSeconds(20)) { }
            }
            var login = await client.GetStringAsync("/Account/Login");
            var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(login).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var signedIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["UserName"] = "inspector", ["Password"] = password, ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var csrf = JsonDocument.Parse(await client.GetStringAsync("/api/my/csrf")).RootElement.GetProperty("token").GetString()!;
            var category = JsonDocument.Parse(await client.GetStringAsync("/api/cases/categories")).RootElement[0].GetProperty("code").GetString()!;

            var sent = new ConcurrentBag<Guid>();
            var failures = 0;
            var done = 0;
            async Task<bool> SendAsync(Guid clientId, int n)
            {
                var (lon, lat) = (113.665 + n % 40 * 0.0005, 34.735 + n / 40 * 0.0005);
                var photo = new ByteArrayContent(TestPhotos.Jpeg(320, 240, gps: (lon, lat), taken: DateTime.Now, seed: n));
                photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
                var form = new MultipartFormDataContent
                {
                    { new StringContent(category), "category" },
                    { new StringContent(lon.ToString("F6", CultureInfo.InvariantCulture)), "lon" },
                    { new StringContent(lat.ToString("F6", CultureInfo.InvariantCulture)), "lat" },
                    { photo, "photos", $"现场{n}.jpg" },
                    { new StringContent($"负载测试 {n}"), "note" },
                    { new StringContent(clientId.ToString()), "clientId" },
                    { new StringContent("true"), "confirmNew" },
                };
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = form };
                request.Headers.Add("X-CSRF-TOKEN", csrf);
                try
                {
                    var response = await client.SendAsync(request);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) return true;
                    Assert.True((int)response.StatusCode >= 500, $"report {n}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException) { }
                Interlocked.Increment(ref failures);
                return false;
            }
            var load = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < ReportsPerWriter; i++)
                {
                    var n = w * ReportsPerWriter + i;
                    var clientId = Guid.NewGuid();
                    sent.Add(clientId);
                    // Sent again until stored, as the outbox does when the network or a node fails.
                    for (var attempt = 0; !await SendAsync(clientId, n); attempt++)
                    {
                        Assert.True(attempt < 20, $"report {n} was never stored");
                        await Task.Delay(200);
                    }
                    Interlocked.Increment(ref done);
                }
            })).ToList();
            // A quarter stored (or a writer failed: its exception comes out below), then a node dies.
            while (Volatile.Read(ref done) < Writers * ReportsPerWriter / 4 && !load.Any(t => t.IsCompleted)) await Task.Delay(20);
            first.Kill(); // mid-run, with requests in flight
            await Task.WhenAll(load);

            await using var db = new NpgsqlConnection(cs);
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT client_id, count(*) FROM problem_cases WHERE description LIKE '负载测试 %' GROUP BY client_id", db);
            var stored = new Dictionary<Guid, long>();
            await using (var r = await count.ExecuteReaderAsync())
                while (await r.ReadAsync()) stored[r.GetGuid(0)] = r.GetInt64(1);
            Assert.Equal(Writers * ReportsPerWriter, sent.Count);
            Assert.Equal(sent.Order(), stored.Keys.Order());          // none lost
            Assert.All(stored.Values, c => Assert.Equal(1, c));        // none stored twice
            Assert.True(await client.GetAsync("/readyz") is { IsSuccessStatusCode: true }, "the surviving node serves");
            TestContext.Current.SendDiagnosticMessage($"{failures} sends failed while a node died and were sent again");
        }
        finally
        {
            if (!nginx.HasExited) nginx.Kill(true);
            await nginx.WaitForExitAsync();
            Directory.Delete(folder, true);
        }
    }
}
