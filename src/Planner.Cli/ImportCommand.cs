using Microsoft.EntityFrameworkCore;
using System.CommandLine;
using Planner.Data;
using Planner.Localization;
using Planner.Import;
using Planner.Sites;
using Planner.Validation;
using Spectre.Console;

namespace Planner.Cli;

static class ImportCommand
{
    public static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "GeoJSON, Shapefile (.shp with .shx/.dbf), KML/KMZ, CSV (WKT or lon/lat columns), or a .zip of one." };
        var format = new Option<string?>("--format") { Description = "geojson | shapefile | gpkg | kml | kmz | csv | xlsx (default: from the extension)." };
        var towgs84 = new Option<string?>("--towgs84") { Description = "Seven parameters dx,dy,dz,rx,ry,rz,s (m, arc-seconds, ppm) to WGS84/CGCS2000, for a .prj on Beijing 1954 or Xi'an 1980." };
        var crs = new Option<string?>("--crs") { Description = "EPSG:4490, EPSG:4326, EPSG:4513–4554, EPSG:4491–4512, EPSG:3857, gcj02 or bd09 (default: the file's own, else EPSG:4490)." };
        var programme = new Option<string?>("--programme") { Description = "road | compound | fringe for rows that do not say." };
        var township = new Option<string?>("--township") { Description = "Township (name or code) for rows that do not say; otherwise each site's geometry decides." };
        var fields = new Option<string[]>("--field") { Description = "Map a site field to a source attribute, e.g. --field code=adcode --field name=名称 (remembered for this source).", AllowMultipleArgumentsPerToken = true };
        var source = new Option<string?>("--source") { Description = "Name under which the field mapping is remembered (default: the file name)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and report; store nothing." };
        var user = new Option<string>("--user") { Description = "Who the progress records name.", DefaultValueFactory = _ => Environment.UserName };
        var db = CommonOptions.Database();
        var command = new Command("import", "Import sites from a file: every row checked, all valid rows stored in one transaction, or nothing.")
        {
            file, format, crs, towgs84, programme, township, fields, source, dryRun, user, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            string? temp = null;
            try
            {
                ImportFormat? chosen = null;
                if (parse.GetValue(format) is { } f)
                {
                    if (!FeatureSources.TryParseFormat(f, out var parsed)) throw new ValidationFailedException("--format", L10n.T($"“{f}”不是 geojson、shapefile、gpkg、kml、kmz、csv 或 xlsx", $"\"{f}\" is not geojson, shapefile, gpkg, kml, kmz, csv or xlsx"));
                    chosen = parsed;
                }
                Programme? defaultProgramme = null;
                if (parse.GetValue(programme) is { } p)
                {
                    if (!ProgrammeExtensions.TryParse(p, out var parsed)) throw new ValidationFailedException("--programme", Messages.NotAProgramme(p));
                    defaultProgramme = parsed;
                }
                var mapping = (parse.GetValue(fields) ?? []).Select(x => x.Split('=', 2)).ToList();
                if (mapping.FirstOrDefault(m => m.Length != 2 || m[0].Length == 0 || m[1].Length == 0) is { } bad)
                    throw new ValidationFailedException("--field", L10n.T($"“{string.Join("=", bad)}”不是“字段=属性”的形式", $"\"{string.Join("=", bad)}\" is not FIELD=ATTRIBUTE"));
                var options = new ImportOptions
                {
                    Programme = defaultProgramme,
                    Township = parse.GetValue(township),
                    Crs = parse.GetValue(crs) is { } c ? SourceCrs.Parse(c) : null,
                    Fields = mapping.ToDictionary(m => m[0], m => m[1]),
                    SourceKey = parse.GetValue(source) ?? Path.GetFileNameWithoutExtension(path.Name),
                    DryRun = parse.GetValue(dryRun),
                    User = parse.GetValue(user)!,
                    Limits = CommonOptions.Limits,
                };

                var (featureSource, tempFolder) = FeatureSources.Open(path.FullName, chosen, CommonOptions.ZipLimits,
                    parse.GetValue(towgs84) is { } shift ? DatumShift.Parse(shift) : null);
                temp = tempFolder;
                using var _ = featureSource;
                // Reading, converting and checking need no database: they start while it opens and migrates.
                var connectionString = CommonOptions.ConnectionString(parse, db);
                var engine = PlannerDatabase.EngineOf(connectionString);
                await using var pipeline = ImportPipeline.Start(featureSource, options, ct, encode: engine == DatabaseEngine.Postgres);
                // On PostGIS the import needs no EF Core model: plain Npgsql opens, migrates and copies.
                await using var connection = engine == DatabaseEngine.Postgres ? await PlannerDatabase.DataSource(connectionString).OpenConnectionAsync(ct) : null;
                await using var context = connection is null ? PlannerDatabase.Open(connectionString) : null;
                await MigrationRunner.MigrateAsync(connection ?? context!.Database.GetDbConnection(), engine, ct);
                var importer = connection is not null ? new Importer(connection) { Time = CommonOptions.Time } : new Importer(context!) { Time = CommonOptions.Time };
                ImportReport report;
                if (!Console.IsErrorRedirected && output == Console.Out)
                {
                    report = null!;
                    await AnsiConsole.Progress().Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
                        .StartAsync(async progressContext =>
                        {
                            var task = progressContext.AddTask(L10n.T($"正在读取 {path.Name}", $"Reading {path.Name}"));
                            task.IsIndeterminate = true;
                            report = await importer.ImportAsync(pipeline, options, new Progress<int>(n => task.Description = L10n.T($"正在读取 {path.Name}：{n:N0} 行", $"Reading {path.Name}: {n:N0} rows")), ct);
                            task.StopTask();
                        });
                }
                else report = await importer.ImportAsync(pipeline, options, null, ct);

                foreach (var row in report.RefusedRows)
                    foreach (var problem in row.Problems)
                        error.WriteLine(L10n.T($"拒绝：{problem}", $"refused: {problem}"));
                if (report.Refused > report.RefusedRows.Count) error.WriteLine(L10n.T($"…… 另有 {report.Refused - report.RefusedRows.Count} 行被拒绝", $"… and {report.Refused - report.RefusedRows.Count} more refused rows"));
                output.WriteLine(L10n.T($"{path.Name}（{report.Crs}）：读取 {report.Read} 行，新增 {report.New}，更新 {report.Updated}，拒绝 {report.Refused}。",
                    $"{path.Name} ({report.Crs}): {report.Read} rows read, {report.New} new, {report.Updated} updated, {report.Refused} refused."));
                output.WriteLine(report.Committed ? L10n.T($"已在一个事务中导入 {report.Valid} 个项目。", $"Imported {report.Valid} sites in one transaction.")
                    : options.DryRun ? L10n.T("试运行：未保存任何数据。", "Dry run: nothing was stored.") : L10n.T("未导入任何数据。", "Nothing was imported."));
                if (report.Unchanged > 0)
                    output.WriteLine(Messages.ImportUnchanged(report.Unchanged, report.Committed));
                return report.Valid > 0 ? 0 : 1;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) error.WriteLine(p);
                error.WriteLine(L10n.T("未导入任何数据。", "Nothing was imported."));
                return 1;
            }
            finally
            {
                if (temp is not null) Directory.Delete(temp, true);
            }
        });
        return command;
    }
}
