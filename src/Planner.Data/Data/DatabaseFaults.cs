using System.Data.Common;

namespace Planner.Data;

/// <summary>
/// A database that cannot be used as configured — unreachable, no such file, database or role, a migration that differs
/// from this build — told the same way by the command line and by the web app's start.
/// </summary>
public static class DatabaseFaults
{
    public static bool Is(Exception e) => e is DbException or MigrationFailedException;

    /// <summary>The message with the causes that say more ("Failed to connect to 127.0.0.1:1: Connection refused").</summary>
    public static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (!parts.Any(p => p.Contains(x.Message, StringComparison.Ordinal))) parts.Add(x.Message);
        return string.Join(": ", parts);
    }
}
