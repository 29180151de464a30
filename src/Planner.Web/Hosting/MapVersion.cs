using Npgsql;
using Planner.Data;
using Planner.Tiles;

namespace Planner.Web.Hosting;

/// <summary>
/// The map's data version as this node knows it (<see cref="DataVersion"/>). On PostGIS a listener keeps it from the
/// database's announcements (NOTIFY at every commit that raises it), so a tile or a 304 costs no query: the query was
/// most of a cached tile's time (docs/benchmarks.md, "Vector tiles"). Until the listener is connected, after it
/// dropped, and on SQLite (a local file, microseconds), it is read from the database each time.
/// </summary>
public sealed class MapVersion
{
    long known = -1;

    /// <summary>The version; from memory while the listener is connected.</summary>
    public async ValueTask<long> CurrentAsync(PlannerDbContext db, CancellationToken cancellationToken)
    {
        var v = Volatile.Read(ref known);
        return v >= 0 ? v : await DataVersion.MapAsync(db, cancellationToken);
    }

    /// <summary>A version read or announced: kept if newer (announcements of two commits may arrive in either order).</summary>
    internal void Saw(long version)
    {
        long current;
        while ((current = Volatile.Read(ref known)) >= 0 && version > current && Interlocked.CompareExchange(ref known, version, current) != current) { }
    }

    internal void Listening(long version) => Interlocked.Exchange(ref known, version);

    internal void Lost() => Interlocked.Exchange(ref known, -1);
}

/// <summary>Listens for the map's version on PostGIS (<c>LISTEN planner_map_version</c>), reconnecting after a drop.</summary>
sealed class MapVersionListener(MapVersion version, DatabaseDescription database, ILogger<MapVersionListener> logger) : BackgroundService
{
    internal const string Channel = "planner_map_version";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (PlannerDatabase.EngineOf(database.ConnectionString) != DatabaseEngine.Postgres) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await PlannerDatabase.DataSource(database.ConnectionString).OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == Channel && long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var v)) version.Saw(v);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Read after LISTEN: a commit between the two is announced, one before it is read.
                await using (var read = new NpgsqlCommand("SELECT version FROM data_versions WHERE name = 'map'", connection))
                    version.Listening((long)(await read.ExecuteScalarAsync(stoppingToken))!);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                version.Lost();
                logger.LogWarning(e, "Lost the map version's announcements; reading it from the database until reconnected");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        version.Lost();
    }
}
