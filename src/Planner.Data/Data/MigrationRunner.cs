using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planner.Localization;

namespace Planner.Data;

/// <summary>
/// Applies the versioned SQL scripts for the context's engine (embedded as migrations/{engine}/NNNN_name.sql),
/// each in its own transaction together with its row in schema_migrations. Safe to run from several
/// processes at once: PostgreSQL takes an advisory lock, SQLite an immediate (write) transaction.
/// </summary>
public static class MigrationRunner
{
    const long AdvisoryLockKey = 4490_410104;

    public sealed record Migration(int Version, string Name, string Sql)
    {
        public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))))[..16];
    }

    public static IReadOnlyList<Migration> Available(DatabaseEngine engine)
    {
        var prefix = $"migrations/{(engine == DatabaseEngine.Postgres ? "postgres" : "sqlite")}/";
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = Path.GetFileNameWithoutExtension(n[prefix.Length..]);
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_')));
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new Migration(version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>The migrations not yet applied (or applied with another checksum): what a node must not serve without.</summary>
    public static async Task<IReadOnlyList<Migration>> PendingAsync(PlannerDbContext db, CancellationToken cancellationToken = default)
    {
        var migrations = Available(db.Engine);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(cancellationToken);
        try
        {
            var applied = new Dictionary<int, string>();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, checksum FROM schema_migrations";
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) applied[Convert.ToInt32(reader.GetValue(0))] = reader.GetString(1);
            }
            catch (DbException)
            {
                return migrations; // no schema_migrations yet: everything is pending
            }
            return migrations.Where(m => !(applied.TryGetValue(m.Version, out var checksum) && checksum == m.Checksum)).ToList();
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    /// <summary>Applies what is pending; returns the migrations applied by this call.</summary>
    public static Task<IReadOnlyList<Migration>> MigrateAsync(PlannerDbContext db, CancellationToken cancellationToken = default) =>
        MigrateAsync(db.Database.GetDbConnection(), db.Engine, Available(db.Engine), cancellationToken);

    /// <summary>The same on a plain connection, for commands that need no EF Core model (an import on PostGIS).</summary>
    public static Task<IReadOnlyList<Migration>> MigrateAsync(DbConnection connection, DatabaseEngine engine, CancellationToken cancellationToken = default) =>
        MigrateAsync(connection, engine, Available(engine), cancellationToken);

    internal static Task<IReadOnlyList<Migration>> MigrateAsync(PlannerDbContext db, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken = default) =>
        MigrateAsync(db.Database.GetDbConnection(), db.Engine, migrations, cancellationToken);

    static async Task<IReadOnlyList<Migration>> MigrateAsync(DbConnection connection, DatabaseEngine engine, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken)
    {
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(cancellationToken);
        try
        {
            // SQLite's write-ahead log, kept in the file from then on: readers and the one writer no longer wait for each
            // other. In the rollback journal a writer's commit waits for every reader to finish, and one reader left open
            // (a slow download, a dropped phone) made the map, sign-in and every report wait, then fail "database is locked".
            if (engine == DatabaseEngine.Sqlite) await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
            await ExecuteAsync(connection, null, engine == DatabaseEngine.Postgres
                ? "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
                cancellationToken);
            // The usual case, everything applied and unchanged, takes one query and no lock.
            if (await AllAppliedAsync(connection, migrations, cancellationToken)) return [];

            var applied = new List<Migration>();
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                if (engine == DatabaseEngine.Postgres)
                    await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
                var existing = await ScalarAsync(connection, tx, $"SELECT checksum FROM schema_migrations WHERE version = {migration.Version}", cancellationToken);
                if (existing is string checksum)
                {
                    if (checksum != migration.Checksum)
                        throw new MigrationFailedException(migration.Name, L10n.T(
                            $"迁移 {migration.Name} 应用时的校验和为 {checksum}，而本程序中的脚本为 {migration.Checksum}：已应用的迁移不得更改（数据库与程序版本不一致）",
                            $"Migration {migration.Name} was applied with checksum {checksum} but the script now has {migration.Checksum}: applied migrations must not change."));
                    await tx.CommitAsync(cancellationToken);
                    continue;
                }
                try
                {
                    await ExecuteAsync(connection, tx, migration.Sql, cancellationToken);
                }
                catch (DbException e)
                {
                    throw new MigrationFailedException(migration.Name, L10n.T($"迁移 {migration.Name} 失败，已回滚：{e.Message}", $"Migration {migration.Name} failed and was rolled back: {e.Message}"), e);
                }
                await ExecuteAsync(connection, tx,
                    $"INSERT INTO schema_migrations (version, name, checksum) VALUES ({migration.Version}, '{migration.Name}', '{migration.Checksum}')",
                    cancellationToken);
                await tx.CommitAsync(cancellationToken);
                applied.Add(migration);
            }
            // A new extension (PostGIS) brings new types: the connection's type catalog must see them.
            if (applied.Count > 0 && connection is Npgsql.NpgsqlConnection npgsql)
                await npgsql.ReloadTypesAsync(cancellationToken);
            return applied;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    static async Task<bool> AllAppliedAsync(DbConnection connection, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT version, checksum FROM schema_migrations";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied[Convert.ToInt32(reader.GetValue(0))] = reader.GetString(1);
        }
        return migrations.All(m => applied.TryGetValue(m.Version, out var checksum) && checksum == m.Checksum);
    }

    static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
