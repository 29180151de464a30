using System.Diagnostics;

namespace Planner.Tests;

/// <summary>
/// A PostgreSQL cluster made with initdb in a temp folder, on a free loopback port, removed on dispose.
/// initdb refuses to run as root, so as root the server tools run as the postgres user.
/// Shared by the PostGIS tests and the benchmarks.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    readonly string dataDirectory;
    readonly string pgCtl;
    readonly int port;
    static bool AsRoot => Environment.UserName == "root";

    ThrowawayPostgres(string dataDirectory, string pgCtl, int port)
    {
        this.dataDirectory = dataDirectory;
        this.pgCtl = pgCtl;
        this.port = port;
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Superuser connection to the cluster's postgres database.</summary>
    public string AdminConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null) throw new InvalidOperationException("no PostgreSQL server binaries in /usr/lib/postgresql (apt-get install postgresql)");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var dir = Directory.CreateTempSubdirectory("planner-pg-").FullName;
        if (AsRoot) await RunAsync("chown", $"postgres {dir}", asPostgres: false);
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {dir} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", AsRoot);
        return await StartServerAsync(pgCtl, dir, "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    }

    /// <summary>The server on a data directory, on a free loopback port.</summary>
    static async Task<ThrowawayPostgres> StartServerAsync(string pgCtl, string dir, string settings)
    {
        var port = WebProcess.FreePort();
        // Test classes run in parallel, each on its own database with its own connection pool: more than the default 100 connections.
        await RunAsync(pgCtl, $"-D {dir} -w -t 60 -l {dir}/server.log -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c max_connections=300 {settings}\" start", AsRoot);
        return new ThrowawayPostgres(dir, pgCtl, port);
    }

    /// <summary>A hot streaming standby of this cluster (<c>pg_basebackup -R</c>) on a port of its own; dispose it first.</summary>
    public async Task<ThrowawayPostgres> StartStandbyAsync()
    {
        var dir = Directory.CreateTempSubdirectory("planner-pg-standby-").FullName;
        if (AsRoot) await RunAsync("chown", $"postgres {dir}", asPostgres: false);
        await RunAsync(Path.Combine(Path.GetDirectoryName(pgCtl)!, "pg_basebackup"), $"-h 127.0.0.1 -p {port} -U postgres -D {dir} -R -X stream", AsRoot);
        return await StartServerAsync(pgCtl, dir, "-c hot_standby=on");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(pgCtl, $"-D {dataDirectory} -m immediate stop", AsRoot);
        }
        finally
        {
            Directory.Delete(dataDirectory, true);
        }
    }

    static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", $"{file} {arguments}"])
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
