using Npgsql;

namespace Planner.Tests;

/// <summary>
/// A real PostgreSQL + PostGIS server for the tests: the one named by PLANNER_TEST_POSTGRES (an admin
/// connection string), or a <see cref="ThrowawayPostgres"/> cluster. When neither is possible the PostGIS
/// tests are skipped with the reason, unless PLANNER_REQUIRE_POSTGIS=1 (CI), which turns the skip into a failure.
/// </summary>
public sealed class PostgisServer : IAsyncLifetime
{
    ThrowawayPostgres? cluster;

    public string? AdminConnectionString { get; private set; }
    public string? UnavailableReason { get; private set; }

    static bool Required => Environment.GetEnvironmentVariable("PLANNER_REQUIRE_POSTGIS") == "1";

    public async ValueTask InitializeAsync()
    {
        try
        {
            if (Environment.GetEnvironmentVariable("PLANNER_TEST_POSTGRES") is { Length: > 0 } given) AdminConnectionString = given;
            else
            {
                cluster = await ThrowawayPostgres.StartAsync();
                AdminConnectionString = cluster.AdminConnectionString;
            }
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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (cluster is not null) await cluster.DisposeAsync();
    }
}
