using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Planner.Tests.PostgisServer))]

namespace Planner.Tests;

/// <summary>
/// A real PostgreSQL + PostGIS server for the tests: the one named by PLANNER_TEST_POSTGRES (an admin
/// connection string), or a throwaway cluster made with initdb in a temp folder on a free loopback port.
/// When neither is possible the PostGIS tests are skipped with the reason, unless
/// PLANNER_REQUIRE_POSTGIS=1 (CI), which turns the skip into a failure.
/// </summary>
public sealed class PostgisServer : IAsyncLifetime
{
    string? dataDirectory;
    string? pgCtl;

    public string? AdminConnectionString { get; private set; }
    public string? UnavailableReason { get; private set; }

    static bool Required => Environment.GetEnvironmentVariable("PLANNER_REQUIRE_POSTGIS") == "1";

    public async ValueTask InitializeAsync()
    {
        try
        {
            AdminConnectionString = Environment.GetEnvironmentVariable("PLANNER_TEST_POSTGRES") ?? await StartClusterAsync();
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'", connection);
            if ((long)(await cmd.ExecuteScalarAsync())! == 0)
                throw new InvalidOperationException("the PostgreSQL server has no PostGIS extension (apt-get install postgresql-15-postgis-3)");
        }
        catch (Exception e)
        {
            UnavailableReason = $"PostGIS unavailable: {e.Message}";
            AdminConnectionString = null;
        }
    }

    /// <summary>Skips the calling test when there is no server (fails instead when PostGIS is required).</summary>
    public string RequireAdminConnectionString()
    {
        if (AdminConnectionString is { } cs) return cs;
        if (Required) throw new InvalidOperationException($"{UnavailableReason} (PLANNER_REQUIRE_POSTGIS=1)");
        Assert.Skip(UnavailableReason ?? "PostGIS unavailable");
        return null!;
    }

    /// <summary>A new, empty database on the server; the caller migrates it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var admin = RequireAdminConnectionString();
        var name = $"planner_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    async Task<string> StartClusterAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null) throw new InvalidOperationException("no PostgreSQL server binaries in /usr/lib/postgresql (apt-get install postgresql)");
        pgCtl = Path.Combine(bin, "pg_ctl");
        var port = FreePort();
        dataDirectory = Directory.CreateTempSubdirectory("planner-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", $"postgres {dataDirectory}", asPostgres: false);
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {dataDirectory} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", asRoot);
        await RunAsync(pgCtl, $"-D {dataDirectory} -w -t 60 -l {dataDirectory}/server.log -o \"-p {port} -k {dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start", asRoot);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataDirectory is null || pgCtl is null) return;
        try
        {
            await RunAsync(pgCtl, $"-D {dataDirectory} -m immediate stop", Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(dataDirectory, true);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        // initdb refuses to run as root: run the server tools as the postgres user.
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
