using System.Data.Common;
using System.Globalization;
using Planner.Data;

namespace Planner.Spatial;

/// <summary>
/// Puts the sites table in the order of its spatial index and refreshes the planner's statistics (PostGIS:
/// <c>CLUSTER sites USING sites_geom_gist</c>, as PostGIS's own documentation advises for read-mostly tables). Rows
/// are stored where they were inserted or last edited, so after years of edits a map tile's sites lie on as many pages
/// as there are sites; in index order they lie on few. Measured at 10⁵ sites (docs/benchmarks.md, twelfth session):
/// the statement of a dense district-view tile 235 → 178 ms. CLUSTER holds an exclusive lock on the table while it
/// rewrites it (1.6 s for 10⁵ sites here), so it waits at most <c>lockTimeout</c> for that lock rather than
/// queue every map request behind a long reader, and changes nothing when it does not get it.
/// SQLite keeps the R*Tree apart from the rows and has no such order: there only the statistics are refreshed.
/// </summary>
public static class SpatialOrder
{
    /// <summary>What was done: the sites ordered (0 on SQLite, which has no such order) and how long it took.</summary>
    public sealed record Outcome(long SitesOrdered, TimeSpan Took);

    /// <exception cref="TableBusyException">Another session held the sites table for longer than <paramref name="lockTimeout"/>.</exception>
    public static async Task<Outcome> ApplyAsync(DbConnection connection, DatabaseEngine engine, TimeSpan lockTimeout, CancellationToken cancellationToken = default)
    {
        if (lockTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "Must be positive.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (engine == DatabaseEngine.Sqlite)
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync(cancellationToken);
            return new Outcome(0, clock.Elapsed);
        }
        var ms = ((long)Math.Ceiling(lockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        // One transaction and one round trip: SET LOCAL ends with it, and a lock not granted leaves the table as it was.
        command.CommandText = $"BEGIN; SET LOCAL lock_timeout = '{ms}ms'; CLUSTER sites USING sites_geom_gist; ANALYZE sites; SELECT count(*) FROM sites; COMMIT";
        command.CommandTimeout = 0; // the rewrite of a large table may take minutes; the lock wait is bounded above
        try
        {
            var sites = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return new Outcome(sites, clock.Elapsed);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException)
        {
            await PlannerDatabase.RollBackAsync(connection);
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.LockNotAvailable }) throw new TableBusyException("sites", lockTimeout, e);
            throw;
        }
    }
}
