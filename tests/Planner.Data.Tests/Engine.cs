using Planner.Data;

namespace Planner.Tests;

/// <summary>One fresh, migrated database per test class, on the engine the concrete class names.</summary>
public abstract class DatabaseTest(PostgisServer server, DatabaseEngine engine) : IAsyncLifetime
{
    string? sqliteFile;
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

    public ValueTask DisposeAsync()
    {
        if (sqliteFile is not null && File.Exists(sqliteFile)) File.Delete(sqliteFile);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
