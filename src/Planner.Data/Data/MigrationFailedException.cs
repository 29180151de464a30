namespace Planner.Data;

/// <summary>
/// The database and this build disagree on a migration: its script failed (and was rolled back), or it was applied with a
/// script that has changed since. Nothing can safely run on such a database, so a command stops here and says which.
/// </summary>
public sealed class MigrationFailedException(string migration, string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException)
{
    /// <summary>The migration's name (0020_map_geojson_lines_kept).</summary>
    public string Migration { get; } = migration;
}
