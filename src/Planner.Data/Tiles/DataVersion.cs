using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tiles;

/// <summary>
/// A number that every committed change to sites or townships raises (triggers in the database, migration 0017), so
/// every web node knows when what it has cached is stale without talking to the others. Read before the data: a tile
/// made after a write that committed meanwhile is newer than its key says, never older.
/// </summary>
public static class DataVersion
{
    public static async Task<long> MapAsync(PlannerDbContext db, CancellationToken cancellationToken = default) =>
        await db.Database.SqlQueryRaw<long>("SELECT version AS \"Value\" FROM data_versions WHERE name = 'map'").SingleAsync(cancellationToken);
}
