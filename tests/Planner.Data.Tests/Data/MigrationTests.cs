using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Localization;

namespace Planner.Tests.Data;

public abstract class MigrationTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    async Task<bool> TableExistsAsync(PlannerDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Engine == DatabaseEngine.Postgres
            ? $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"
            : $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken)) > 0;
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        await using var db = Open();
        var broken = new MigrationRunner.Migration(9001, "9001_broken",
            "CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);");
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => MigrationRunner.MigrateAsync(db, [broken], TestContext.Current.CancellationToken));
        Assert.Equal("9001_broken", e.Migration);
        Assert.Contains(L10n.T("失败，已回滚", "failed and was rolled back"), e.Message);
        Assert.False(await TableExistsAsync(db, "half_done"));
        await using var check = Open();
        var connection = check.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = 9001";
        Assert.Equal(0, Convert.ToInt32(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task An_applied_migration_that_changed_is_refused()
    {
        await using var db = Open();
        var first = MigrationRunner.Available(Engine)[0];
        var edited = first with { Sql = first.Sql + "\n-- edited" };
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => MigrationRunner.MigrateAsync(db, [edited], TestContext.Current.CancellationToken));
        Assert.Equal(first.Name, e.Migration);
        Assert.Contains(L10n.T("已应用的迁移不得更改", "must not change"), e.Message);
    }

    [Fact]
    public async Task A_new_migration_applies_once()
    {
        var next = new MigrationRunner.Migration(9002, "9002_extra", "CREATE TABLE extra_table (id integer);");
        await using (var db = Open())
            Assert.Equal(["9002_extra"], (await MigrationRunner.MigrateAsync(db, [.. MigrationRunner.Available(Engine), next], TestContext.Current.CancellationToken)).Select(m => m.Name));
        await using (var db = Open())
        {
            Assert.Empty(await MigrationRunner.MigrateAsync(db, [.. MigrationRunner.Available(Engine), next], TestContext.Current.CancellationToken));
            Assert.True(await TableExistsAsync(db, "extra_table"));
        }
    }
}

public sealed class SqliteMigrationTests(PostgisServer server) : MigrationTests(server, DatabaseEngine.Sqlite)
{
    [Fact]
    public async Task The_file_keeps_a_write_ahead_log_so_a_reader_left_open_does_not_stop_a_writer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await reader.OpenAsync(ct);
        async Task<object?> ScalarAsync(string sql, DbTransaction? tx = null)
        {
            await using var command = reader.CreateCommand();
            command.CommandText = sql;
            command.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction?)tx;
            return await command.ExecuteScalarAsync(ct);
        }
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));

        // A reader in the middle of its transaction (a download streaming rows, say) ...
        await using var reading = reader.BeginTransaction(deferred: true);
        var before = Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM schema_migrations", reading), System.Globalization.CultureInfo.InvariantCulture);
        // ... and a writer with a second to wait: in the rollback journal its commit waits for the reader and fails.
        await using (var writer = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString + ";Default Timeout=1"))
        {
            await writer.OpenAsync(ct);
            await using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO schema_migrations (version, name, checksum) VALUES (999999, 'wal_test', 'x')";
            Assert.Equal(1, await insert.ExecuteNonQueryAsync(ct));
        }
        // The reader still sees the file as its transaction began.
        Assert.Equal(before, Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM schema_migrations", reading), System.Globalization.CultureInfo.InvariantCulture));
        await reading.CommitAsync(ct);
        Assert.Equal(before + 1, Convert.ToInt64(await ScalarAsync("SELECT count(*) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class PostgisMigrationTests(PostgisServer server) : MigrationTests(server, DatabaseEngine.Postgres);
