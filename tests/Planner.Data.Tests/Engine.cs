using Planner.Data;

namespace Planner.Tests;

/// <summary>One fresh, migrated database per test class, on the engine the concrete class names.</summary>
public abstract class DatabaseTest(PostgisServer server, DatabaseEngine engine) : IAsyncLifetime
{
    string? sqliteFile;
    string? folder;
    protected DatabaseEngine Engine { get; } = engine;
    protected string ConnectionString { get; private set; } = "";
    protected PostgisServer Server { get; } = server;

    public async ValueTask InitializeAsync()
    {
        if (Engine == DatabaseEngine.Postgres)
        {
            ConnectionString = await Server.CreateDatabaseAsync();
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"planner-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={sqliteFile};Pooling=False";
        }
        await using var db = Open();
        await MigrationRunner.MigrateAsync(db);
        await SeedAsync();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    protected PlannerDbContext Open() => PlannerDatabase.Open(ConnectionString);

    /// <summary>A temporary folder for the test's files, removed with the test.</summary>
    protected string Folder => folder ??= Directory.CreateTempSubdirectory("planner-test-").FullName;

    public ValueTask DisposeAsync()
    {
        if (sqliteFile is not null && File.Exists(sqliteFile)) File.Delete(sqliteFile);
        if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
