using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Planner.Cli;
using Planner.Data;
using Planner.Sample;
using Planner.Sites;

namespace Planner.Tests.Export;

/// <summary>
/// `planner export` in every format for every kind of selection a field team makes — the whole district, each
/// township, each programme, a name search, overdue only, and nothing at all — each file opened with GDAL and
/// the workbooks with LibreOffice, and compared with the database. (A whole-district export once passed while
/// every single-township XLSX failed.)
/// </summary>
public abstract class ExportMatrixTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }


    public static readonly string[] Formats = ["xlsx", "csv", "geojson", "gpkg", "kml", "gpx"];

    [Fact]
    public async Task Every_format_of_every_selection_opens_in_GDAL_and_LibreOffice_with_exactly_the_selected_sites()
    {
        ExportFiles.RequireGdal();
        await using var db = Open();
        var today = DistrictTime.System.Today;
        var townships = await db.Townships.OrderBy(t => t.Code).ToListAsync(TestContext.Current.CancellationToken);
        var selections = new List<(string Name, string[] Args, SiteFilter Filter)>
        {
            ("district", [], new SiteFilter()),
            ("q", ["--q", "家属院"], new SiteFilter { Text = "家属院" }),
            ("overdue", ["--overdue"], new SiteFilter { OverdueOnly = true }),
            ("empty", ["--q", "没有这样的项目"], new SiteFilter { Text = "没有这样的项目" }),
        };
        selections.AddRange(Enum.GetValues<Programme>().Select(p => (p.Code(), new[] { "--programme", p.Code() }, new SiteFilter { Programmes = new HashSet<Programme> { p } })));
        selections.AddRange(townships.Select(t => (t.Code, new[] { "--township", t.Name }, new SiteFilter { TownshipIds = new HashSet<int> { t.Id } })));
        Assert.Equal(4 + 3 + 11, selections.Count);

        var files = new List<(string Path, string Format, string Selection, HashSet<string> Expected)>();
        foreach (var (name, args, filter) in selections)
        {
            var expected = FilterOracle.Select(filter, await db.Sites.ToListAsync(TestContext.Current.CancellationToken), today).Select(s => s.Code).ToHashSet();
            if (name == "empty") Assert.Empty(expected);
            else Assert.NotEmpty(expected);
            foreach (var format in Formats)
            {
                var path = Path.Combine(Folder, $"{name}.{format}");
                var output = new StringWriter();
                var error = new StringWriter();
                var exit = await PlannerCommands.Root().Parse(["export", "--format", format, "--out", path, "--db", ConnectionString, .. args])
                    .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
                Assert.True(exit == 0, $"{name} {format}: {error}");
                Assert.True(File.Exists(path), $"{name} {format}");
                Assert.False(File.Exists(path + ".part"));
                files.Add((path, format, name, expected));
            }
        }

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (f, _) =>
        {
            var found = ExportFiles.CodesByProgramme(f.Path, f.Format);
            Assert.True(f.Expected.SetEquals(found.Values.SelectMany(c => c)), $"{f.Selection}.{f.Format}: {string.Join(",", found.Values.SelectMany(c => c).Order())}");
            Assert.Equal(f.Expected.Count, found.Values.Sum(c => c.Count)); // each site once
            return ValueTask.CompletedTask;
        });

        if (!ExportFiles.LibreOfficeAvailable()) return;
        var workbooks = files.Where(f => f.Format == "xlsx").ToList();
        var opened = await ExportFiles.SheetsInLibreOfficeAsync(workbooks.Select(w => w.Path).ToList(), Folder);
        foreach (var w in workbooks)
        {
            var sheets = opened[w.Path];
            foreach (var programme in ExportFiles.ProgrammeNames)
            {
                Assert.True(sheets.ContainsKey(programme), $"{w.Selection}: no sheet {programme}");
                var (header, rows) = ExportFiles.Ledger(sheets[programme].Where(l => l.Length > 0).ToArray());
                Assert.StartsWith("序号,编号,名称,工程类别,乡/街道", header);
                Assert.Equal(w.Expected.Count(c => ExportFiles.ProgrammeNames[Array.IndexOf(["GC-DL", "GC-XQ", "GC-CX"], c[..5])] == programme), rows.Length);
            }
        }
    }
}

public sealed class SqliteExportMatrixTests(PostgisServer server) : ExportMatrixTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisExportMatrixTests(PostgisServer server) : ExportMatrixTests(server, DatabaseEngine.Postgres);
