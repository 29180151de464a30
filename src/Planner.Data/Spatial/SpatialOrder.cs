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
/// rewrites it (about a second per 10⁵ sites here), so it waits at most <c>lockTimeout</c> for that lock rather than
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
            await ExecuteAsync(connection, "ANALYZE", cancellationToken);
            return new Outcome(0, clock.Elapsed);
        }
        var ms = ((long)Math.Ceiling(lockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        try
        {
            // One transaction: SET LOCAL ends with it, and a lock not granted leaves the table as it was.
            await ExecuteAsync(connection, $"BEGIN; SET LOCAL lock_timeout = '{ms}ms'; CLUSTER sites USING sites_geom_gist; ANALYZE sites; COMMIT", cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.LockNotAvailable)
        {
            await ExecuteAsync(connection, "ROLLBACK", cancellationToken);
            throw new TableBusyException("sites", lockTimeout, e);
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sites";
        return new Outcome(Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture), clock.Elapsed);
    }

    static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0; // the rewrite of a large table may take minutes; the lock wait is bounded above
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
