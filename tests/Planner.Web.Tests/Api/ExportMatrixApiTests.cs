using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Sites;

namespace Planner.Tests.Api;

/// <summary>
/// GET /api/sites/export in every format for every kind of selection, for a leader and for a field team bound
/// to one township; each file opened with GDAL (and the workbooks with LibreOffice) and compared with the database.
/// </summary>
public abstract class ExportMatrixApiTests(PlannerWebFactory factory) : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("planner-export-api-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, true);
        GC.SuppressFinalize(this);
    }

    static readonly string[] Formats = ["xlsx", "csv", "geojson", "gpkg", "kml", "gpx"];

    [Theory]
    [InlineData("leader1")]
    [InlineData("field1")]
    public async Task Every_format_of_every_selection_holds_exactly_what_the_user_may_see(string user)
    {
        ExportFiles.RequireGdal();
        var client = await factory.SignedInAsync(user);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var today = scope.ServiceProvider.GetRequiredService<DistrictTime>().Today;
        var townships = await db.Townships.OrderBy(t => t.Code).ToListAsync(TestContext.Current.CancellationToken);
        var nanguan = townships.Single(t => t.Name == "南关街道");
        // What the user may see at all: field1 works in 南关街道 only.
        IQueryable<Site> Visible() => user == "field1" ? db.Sites.Where(s => s.TownshipId == nanguan.Id) : db.Sites;

        var selections = new List<(string Name, string Query, SiteFilter Filter)>
        {
            ("district", "", new SiteFilter()),
            ("q", "q=家属院", new SiteFilter { Text = "家属院" }),
            ("overdue", "overdue=1", new SiteFilter { OverdueOnly = true }),
            ("empty", "q=没有这样的项目", new SiteFilter { Text = "没有这样的项目" }),
            ("unit", "unit=" + Uri.EscapeDataString("办事处"), new SiteFilter { Unit = "办事处" }),
        };
        selections.AddRange(Enum.GetValues<Programme>().Select(p => (p.Code(), $"programme={p.Code()}", new SiteFilter { Programmes = new HashSet<Programme> { p } })));
        selections.AddRange(townships.Select(t => (t.Code, $"township={t.Id}", new SiteFilter { TownshipIds = new HashSet<int> { t.Id } })));

        var files = new List<(string Path, string Format, string Selection, HashSet<string> Expected)>();
        foreach (var (name, query, filter) in selections)
        {
            var expected = FilterOracle.Select(filter, await Visible().ToListAsync(TestContext.Current.CancellationToken), today).Select(s => s.Code).ToHashSet();
            foreach (var format in Formats)
            {
                var response = await client.GetAsync($"/api/sites/export?format={format}&{query}", TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} {format}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                var path = Path.Combine(folder, $"{user}-{name}.{format}");
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
                files.Add((path, format, name, expected));
            }
        }
        // The edges are really there: an empty selection, and (for the field team) other townships giving nothing.
        Assert.Contains(files, f => f.Selection == "empty" && f.Expected.Count == 0);
        if (user == "field1") Assert.Equal(townships.Count - 1, files.Count(f => f.Format == "csv" && townships.Any(t => t.Code == f.Selection) && f.Expected.Count == 0));

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (f, _) =>
        {
            var found = ExportFiles.CodesByProgramme(f.Path, f.Format).Values.SelectMany(c => c).ToList();
            Assert.True(f.Expected.SetEquals(found) && found.Count == f.Expected.Count, $"{user} {f.Selection}.{f.Format}: {string.Join(",", found.Order())}");
            return ValueTask.CompletedTask;
        });

        if (!ExportFiles.LibreOfficeAvailable()) return;
        var workbooks = files.Where(f => f.Format == "xlsx" && (f.Selection is "district" or "empty" or "q" or "road" || f.Selection == nanguan.Code)).ToList();
        var opened = await ExportFiles.SheetsInLibreOfficeAsync(workbooks.Select(w => w.Path).ToList(), folder);
        foreach (var w in workbooks)
            foreach (var programme in ExportFiles.ProgrammeNames)
                Assert.StartsWith("序号,编号,名称,工程类别,乡/街道", ExportFiles.Ledger(opened[w.Path][programme]).Header);
    }
}

public sealed class SqliteExportMatrixApiTests(PlannerWebFactory factory) : ExportMatrixApiTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisExportMatrixApiTests(PostgisWebFactory factory) : ExportMatrixApiTests(factory), IClassFixture<PostgisWebFactory>;
