using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Planner.Data;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Backups;

/// <summary>
/// Backups that restore, while the app runs. SQLite: its online backup API, one consistent copy of every page (the
/// writers wait the moment it takes). PostGIS: <c>pg_dump --format=custom</c>, one snapshot of the whole database with
/// the PostGIS extension and its SRIDs, restored by <c>pg_restore</c> into an empty database. A backup is written next to
/// its name and moved there whole, so a failed one never leaves a file that looks complete.
/// </summary>
public static class DatabaseBackup
{
    public static async Task BackupAsync(string connectionString, string file, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(file);
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
            throw new ValidationFailedException([new Problem("--out", L10n.T($"没有文件夹 {folder}", $"no folder {folder}"))]);
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            if (PlannerDatabase.EngineOf(connectionString) == DatabaseEngine.Postgres)
                await RunAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={partial}", .. Libpq(connectionString, out var password)], password, cancellationToken);
            else
            {
                await using var source = new SqliteConnection(connectionString);
                await source.OpenAsync(cancellationToken);
                // The copy needs a moment with no writer: it waits for one (the app's writes are short) rather than fail.
                await using (var wait = source.CreateCommand())
                {
                    wait.CommandText = "PRAGMA busy_timeout = 30000";
                    await wait.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString);
                await copy.OpenAsync(cancellationToken);
                source.BackupDatabase(copy);
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
        }
    }

    /// <summary>Restores a backup into an empty database (refused, naming what it holds, when it is not empty).</summary>
    public static async Task RestoreAsync(string file, string connectionString, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(file)) throw new ValidationFailedException([new Problem(file, L10n.T("没有这个备份文件", "no such backup file"))]);
        var engine = PlannerDatabase.EngineOf(connectionString);
        if (await FirstTableAsync(connectionString, engine, cancellationToken) is { } table)
            throw new ValidationFailedException([new Problem("--db", L10n.T($"目标数据库不是空的（已有表 {table}）：只能恢复到空数据库", $"the target database is not empty (it has table {table}): restore into an empty database"))]);
        if (engine == DatabaseEngine.Postgres)
        {
            await RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", .. Libpq(connectionString, out var password), file], password, cancellationToken);
            return;
        }
        // SQLite's header names the format: a PostgreSQL dump is refused before anything is written.
        var header = new byte[16];
        await using (var f = File.OpenRead(file)) await f.ReadExactlyAsync(header, cancellationToken);
        if (System.Text.Encoding.ASCII.GetString(header) != "SQLite format 3\0")
            throw new ValidationFailedException([new Problem(file, L10n.T("不是 SQLite 备份（PostGIS 备份请恢复到 PostgreSQL 数据库）", "not a SQLite backup (restore a PostGIS backup into a PostgreSQL database)"))]);
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await source.OpenAsync(cancellationToken);
        await using var target = new SqliteConnection(connectionString);
        await target.OpenAsync(cancellationToken);
        source.BackupDatabase(target);
        SqliteConnection.ClearAllPools();
    }

    static async Task<string?> FirstTableAsync(string connectionString, DatabaseEngine engine, CancellationToken cancellationToken)
    {
        if (engine == DatabaseEngine.Postgres)
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'spatial_ref_sys' ORDER BY 1 LIMIT 1", c);
            return await cmd.ExecuteScalarAsync(cancellationToken) as string;
        }
        await using var s = new SqliteConnection(connectionString);
        await s.OpenAsync(cancellationToken);
        await using var q = s.CreateCommand();
        q.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1 LIMIT 1";
        var name = await q.ExecuteScalarAsync(cancellationToken) as string;
        SqliteConnection.ClearPool(s);
        return name;
    }

    /// <summary>libpq's options for a connection string (the password goes through PGPASSWORD, not the command line).</summary>
    static string[] Libpq(string connectionString, out string? password)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        password = b.Password;
        var host = b.Host?.Split(',')[0] ?? "localhost";
        return [$"--host={host}", $"--port={b.Port}", $"--username={b.Username}", $"--dbname={b.Database}"];
    }

    static async Task RunAsync(string tool, string[] args, string? password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!string.IsNullOrEmpty(password)) start.Environment["PGPASSWORD"] = password;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ValidationFailedException([new Problem(tool, L10n.T($"找不到 {tool}（安装 postgresql-client）：{e.Message}", $"{tool} not found (install postgresql-client): {e.Message}"))]);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                throw new ValidationFailedException([new Problem(tool, L10n.T($"{tool} 失败（{process.ExitCode}）：{(await error).Trim()}", $"{tool} failed ({process.ExitCode}): {(await error).Trim()}"))]);
        }
    }
}
