using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Planner.Tests;

/// <summary>
/// The web app as deployed, in a process of its own (the Release build beside this one, server GC, the repository's
/// wwwroot), on a free loopback port; stopped with its owner (a benchmark, or a test of several nodes).
/// </summary>
public sealed class WebProcess : IDisposable
{
    readonly Process process;

    WebProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The app's resident memory now (VmRSS), in MiB.</summary>
    public double ResidentMemoryMiB => File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(" ", StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024).First();

    /// <summary>The app's peak resident memory so far (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB => File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(" ", StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024).First();

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Stops it at once, as a crash or a pulled plug would (no graceful shutdown).</summary>
    public void Kill() => process.Kill(true);

    /// <param name="environment">Settings beside the defaults (Production, no basemap, warnings only), such as Planner__DemoPassword.</param>
    public static async Task<WebProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Planner.Web.dll"), "--urls", baseUrl,
            "--contentRoot", Path.Combine(Paths.Repository, "src", "Planner.Web")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Planner"] = connectionString;
        start.Environment["Planner__Basemap__Type"] = "none";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("web: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            if (process.HasExited) throw new InvalidOperationException($"the web app exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync(baseUrl + "/Account/Login")).IsSuccessStatusCode) return new WebProcess(process, baseUrl);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
        }
        process.Kill(true);
        throw new TimeoutException("the web app did not answer within 60 s");
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(true);
        process.WaitForExit();
        process.Dispose();
    }
}
