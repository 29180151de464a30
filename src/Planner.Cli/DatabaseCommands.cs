using System.CommandLine;
using Planner.Data;
using Planner.Localization;
using Planner.Sample;
using Planner.Validation;

namespace Planner.Cli;

static class DatabaseCommands
{
    public static Command Migrate()
    {
        var db = CommonOptions.Database();
        var command = new Command("migrate", "Apply pending schema migrations, each in one transaction.") { db };
        command.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse, db));
            var applied = await MigrationRunner.MigrateAsync(context, ct);
            parse.InvocationConfiguration.Output.WriteLine($"{context.Engine}: {(applied.Count == 0 ? L10n.T("数据库结构已是最新", "schema is up to date") : L10n.T($"已应用 {string.Join(", ", applied.Select(m => m.Name))}", $"applied {string.Join(", ", applied.Select(m => m.Name))}"))}");
            return 0;
        });
        return command;
    }

    public static Command Seed()
    {
        var db = CommonOptions.Database();
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder with the sample district files (default: data/guancheng beside the program)." };
        var command = new Command("seed", "Migrate, then load the sample district into an empty database.") { db, data };
        command.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse, db));
            await MigrationRunner.MigrateAsync(context, ct);
            try
            {
                var result = await SampleDistrictSeeder.SeedAsync(context, parse.GetValue(data)?.FullName, ct);
                if (!result.Seeded)
                {
                    parse.InvocationConfiguration.Output.WriteLine(L10n.T("数据库中已有乡/街道，未导入示例数据。", "The database already has townships; nothing was seeded."));
                    return 0;
                }
                parse.InvocationConfiguration.Output.WriteLine(L10n.T($"已导入 {result.Townships} 个乡/街道、{result.Sites} 个项目、{result.ProgressRecords} 条进度记录、{result.Tasks} 条整改台账。",
                    $"Seeded {result.Townships} townships, {result.Sites} sites, {result.ProgressRecords} progress records, {result.Tasks} ledger tasks."));
                return 0;
            }
            catch (ValidationFailedException e)
            {
                var error = parse.InvocationConfiguration.Error;
                foreach (var p in e.Problems) error.WriteLine(p);
                error.WriteLine(L10n.T("未保存任何数据。", "Nothing was stored."));
                return 1;
            }
        });
        return command;
    }

    public static Command Backup()
    {
        var db = CommonOptions.Database();
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write (SQLite: a database file; PostGIS: pg_dump's custom format).", Required = true };
        var command = new Command("backup", "Back up the database while the app runs: one consistent moment, written whole or not at all.") { db, output };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            try
            {
                await Planner.Backups.DatabaseBackup.BackupAsync(CommonOptions.ConnectionString(parse, db), file.FullName, ct);
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) parse.InvocationConfiguration.Error.WriteLine(p);
                return 1;
            }
            file.Refresh();
            parse.InvocationConfiguration.Output.WriteLine(L10n.T($"已备份到 {file.FullName}（{file.Length / 1024.0 / 1024:0.0} MB）", $"Backed up to {file.FullName} ({file.Length / 1024.0 / 1024:0.0} MB)"));
            return 0;
        });
        return command;
    }

    public static Command Restore()
    {
        var db = CommonOptions.Database();
        var input = new Argument<FileInfo>("file") { Description = "A backup written by planner backup." };
        var command = new Command("restore", "Restore a backup into an empty database (named by --db).") { input, db };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await Planner.Backups.DatabaseBackup.RestoreAsync(parse.GetValue(input)!.FullName, CommonOptions.ConnectionString(parse, db), ct);
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) parse.InvocationConfiguration.Error.WriteLine(p);
                parse.InvocationConfiguration.Error.WriteLine(L10n.T("未恢复任何数据。", "Nothing was restored."));
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine(L10n.T("已恢复。", "Restored."));
            return 0;
        });
        return command;
    }

    public static Command Optimize()
    {
        var db = CommonOptions.Database();
        var lockTimeout = new Option<double>("--lock-timeout") { Description = "Seconds to wait for the sites table's exclusive lock before giving up, more than 0 and at most 3600.", DefaultValueFactory = _ => 10 };
        var command = new Command("optimize",
            "Put the sites table in the order of its spatial index and refresh statistics (PostGIS: CLUSTER; locks the table while it runs, about a second per 100,000 sites: run it at a quiet hour).")
        { db, lockTimeout };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var seconds = parse.GetValue(lockTimeout);
            if (!(seconds > 0 && seconds <= 3600))
            {
                error.WriteLine(L10n.T($"--lock-timeout：{seconds} 不是大于 0、至多 3600 的秒数", $"--lock-timeout: {seconds} is not a number of seconds above 0 and at most 3600"));
                return 1;
            }
            var connectionString = CommonOptions.ConnectionString(parse, db);
            var engine = PlannerDatabase.EngineOf(connectionString);
            await using var connection = await PlannerDatabase.OpenConnectionAsync(connectionString, ct);
            await MigrationRunner.MigrateAsync(connection, engine, ct);
            try
            {
                var (sites, took) = await Planner.Spatial.SpatialOrder.ApplyAsync(connection, engine, TimeSpan.FromSeconds(seconds), ct);
                parse.InvocationConfiguration.Output.WriteLine(engine == DatabaseEngine.Postgres
                    ? L10n.T($"已按空间索引重排 {sites:N0} 个项目并更新统计信息（{took.TotalSeconds:0.0} 秒）。", $"Ordered {sites:N0} sites by their spatial index and refreshed statistics ({took.TotalSeconds:0.0} s).")
                    : L10n.T("SQLite 的空间索引与数据分开存放，无需重排；已更新统计信息。", "SQLite keeps its spatial index apart from the rows: nothing to reorder; statistics refreshed."));
                return 0;
            }
            catch (Planner.Spatial.TableBusyException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }
}
