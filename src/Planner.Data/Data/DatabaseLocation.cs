using Microsoft.Data.Sqlite;
using Npgsql;

namespace Planner.Data;

/// <summary>
/// Where the database is, resolved the same way by the web app and the command line, so both open the
/// same one: ConnectionStrings:Planner when set; otherwise the SQLite file planner.db in the data
/// directory, which is Planner:DataDirectory when set, the checkout's data/ folder when run from the
/// source tree, and the user's local data folder (~/.local/share/planner) when published.
/// </summary>
public static class DatabaseLocation
{
    public const string FileName = "planner.db";

    /// <param name="connectionString">ConnectionStrings:Planner, if configured.</param>
    /// <param name="dataDirectory">Planner:DataDirectory, if configured.</param>
    public static string Resolve(string? connectionString, string? dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(connectionString)) return connectionString;
        var folder = Directory.CreateDirectory(string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory() : dataDirectory).FullName;
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, FileName) }.ToString();
    }

    /// <summary>The checkout's data/ folder (found above the working directory or the program), else the user's local data folder.</summary>
    public static string DefaultDataDirectory() => DefaultDataDirectory(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>The same, searching upwards from the given folders in turn.</summary>
    public static string DefaultDataDirectory(params string[] starts)
    {
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Planner.sln"))) return Path.Combine(dir.FullName, "data");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "planner");
    }

    /// <summary>What to print at start: the engine and where, never a password.</summary>
    public static string Describe(string connectionString)
    {
        if (PlannerDatabase.EngineOf(connectionString) == DatabaseEngine.Postgres)
        {
            var b = new NpgsqlConnectionStringBuilder(PlannerDatabase.ToKeywordForm(connectionString));
            return $"PostgreSQL {b.Username}@{b.Host}:{b.Port}/{b.Database}";
        }
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return $"SQLite {Path.GetFullPath(file)}";
    }
}
