using System.CommandLine;
using Planner.Data;
using Planner.Localization;
using Planner.Export;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Cli;

static class ExportCommand
{
    public static Command Export()
    {
        var format = new Option<string>("--format") { Description = "xlsx | csv | geojson | gpkg | kml | gpx", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "File to write.", Required = true };
        var programme = new Option<string[]>("--programme") { Description = "road, compound, fringe (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var township = new Option<string[]>("--township") { Description = "Township name or code (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var status = new Option<string[]>("--status") { Description = "Status code or Chinese name (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var overdue = new Option<bool>("--overdue") { Description = "Only overdue sites." };
        var pilot = new Option<bool>("--pilot") { Description = "Only pilot sites (试点)." };
        var showcase = new Option<bool>("--showcase") { Description = "Only showcase sites (示范点)." };
        var text = new Option<string?>("--q") { Description = "Part of the name or code." };
        var db = CommonOptions.Database();
        var command = new Command("export", "Export a selection of sites for field teams.") { format, output, programme, township, status, overdue, pilot, showcase, text, db };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                if (!SiteExport.TryParse(parse.GetValue(format), out var f))
                    throw new ValidationFailedException("--format", SiteExport.NotAFormat(parse.GetValue(format)));
                // No EF Core here: its start-up was most of a one-township export (docs/benchmarks.md, export).
                var connectionString = CommonOptions.ConnectionString(parse, db);
                var engine = PlannerDatabase.EngineOf(connectionString);
                await using var connection = await PlannerDatabase.OpenConnectionAsync(connectionString, ct);
                await MigrationRunner.MigrateAsync(connection, engine, ct);
                var problems = new List<Problem>();
                var programmes = new HashSet<Programme>();
                foreach (var p in parse.GetValue(programme) ?? [])
                    if (ProgrammeExtensions.TryParse(p, out var x)) programmes.Add(x); else problems.Add(new Problem("--programme", Messages.NotAProgramme(p)));
                var statuses = new HashSet<SiteStatus>();
                foreach (var s in parse.GetValue(status) ?? [])
                    if (SiteStatusExtensions.TryParse(s, out var x)) statuses.Add(x); else problems.Add(new Problem("--status", Messages.NotAStatus(s)));
                // Read only when an option names a township or nothing was exported (to say why).
                List<(int Id, string Name, string Code)>? townships = null;
                var townshipIds = new HashSet<int>();
                foreach (var t in parse.GetValue(township) ?? [])
                {
                    townships ??= await TownshipsAsync(connection, ct);
                    if (townships.FirstOrDefault(x => x.Name == t || x.Code == t) is { Name: not null } found) townshipIds.Add(found.Id);
                    else problems.Add(new Problem("--township", townships.Count > 0 ? Messages.NoTownshipNamed(t) : Messages.NoTownships));
                }
                if (problems.Count > 0) throw new ValidationFailedException(problems);
                var filter = new SiteFilter
                {
                    Programmes = programmes, Statuses = statuses, TownshipIds = townshipIds,
                    OverdueOnly = parse.GetValue(overdue), PilotOnly = parse.GetValue(pilot), ShowcaseOnly = parse.GetValue(showcase), Text = parse.GetValue(text),
                };
                var today = CommonOptions.Time.Today;
                var path = parse.GetValue(output)!.FullName;
                var temp = path + ".part";
                int count;
                try
                {
                    await using (var stream = File.Create(temp))
                        count = await SiteExport.WriteAsync(f, SqlExportQuery.RowsAsync(connection, engine, filter, today, ct), stream, LedgerHeading.For(CommonOptions.Configuration["Planner:District"], today), ct);
                    File.Move(temp, path, overwrite: true); // a half-written export never replaces a good one
                }
                catch
                {
                    File.Delete(temp); // nor stays beside it
                    throw;
                }
                parse.InvocationConfiguration.Output.WriteLine(L10n.T($"已导出 {count} 个项目到 {path}。", $"Exported {count} sites to {path}."));
                if (count == 0 && (townships ?? await TownshipsAsync(connection, ct)).Count == 0) error.WriteLine(Messages.NoTownships);
                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) error.WriteLine(p);
                return 1;
            }
        });
        return command;
    }

    /// <summary>The district's townships, to find those the options name (by name or code) in one query.</summary>
    static async Task<List<(int Id, string Name, string Code)>> TownshipsAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, code FROM townships ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var townships = new List<(int, string, string)>();
        while (await reader.ReadAsync(ct)) townships.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return townships;
    }
}
