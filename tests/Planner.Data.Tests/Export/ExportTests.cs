using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Export;
using Planner.Geometry;
using Planner.Sample;
using Planner.Sites;
using Planner.Townships;
using Planner.Users;

namespace Planner.Tests.Export;

/// <summary>Every export opened by the tools field teams' offices use (GDAL, LibreOffice) and compared with the database.</summary>
public abstract class ExportTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly DateOnly Today = new(2026, 11, 1);

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
        // User text that must stay text: a would-be formula and would-be markup.
        var a = await db.Sites.SingleAsync(s => s.Code == "GC-XQ-015");
        a.Name = "=HYPERLINK(\"http://evil\",\"点我\")";
        a.Notes = "@SUM(A1:A9)";
        var b = await db.Sites.SingleAsync(s => s.Code == "GC-XQ-016");
        b.Name = "<b>加粗</b>&小区";
        await db.SaveChangesAsync();
    }


    static void RequireTools()
    {
        if (File.Exists("/usr/bin/ogr2ogr")) return;
        if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_GDAL") == "1") throw new InvalidOperationException("ogr2ogr missing (PLANNER_REQUIRE_GDAL=1)");
        Assert.Skip("GDAL's ogr2ogr is not installed (apt-get install gdal-bin)");
    }

    async Task<(string Path, List<Site> Expected)> ExportAsync(ExportFormat format, SiteFilter? filter = null)
    {
        filter ??= new SiteFilter();
        var path = Path.Combine(Folder, "sites" + SiteExport.Extension(format));
        await using var db = Open();
        await using (var stream = File.Create(path))
            await SiteExport.WriteAsync(format, ExportQuery.RowsAsync(db, filter, SiteScope.District, Today, TestContext.Current.CancellationToken), stream, new LedgerHeading("管城回族区", Today), TestContext.Current.CancellationToken);
        var expected = FilterOracle.Select(filter, await db.Sites.Include(s => s.Township).ToListAsync(TestContext.Current.CancellationToken), Today).ToList();
        return (path, expected);
    }

    /// <summary>What GDAL reads from a file's layer, as GeoJSON features.</summary>
    static List<JsonElement> ReadWithGdal(string path, string? layer = null, params string[] openOptions)
    {
        string[] args = ["-f", "GeoJSON", "-preserve_fid", "/vsistdout/", path, .. openOptions.SelectMany(o => new[] { "-oo", o }), .. layer is null ? Array.Empty<string>() : [layer]];
        var p = Process.Start(new ProcessStartInfo("ogr2ogr", args) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var json = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone()).ToList();
    }

    static string Prop(JsonElement f, string name) => f.GetProperty("properties").TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    [Fact]
    public async Task GeoJSON_reads_back_in_GDAL_with_names_and_geometry()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.GeoJson);
        var features = ReadWithGdal(path);
        Assert.Equal(expected.Count, features.Count);
        foreach (var f in features)
        {
            var site = expected.Single(s => s.Code == Prop(f, "code"));
            Assert.Equal(site.Name, Prop(f, "name"));
            Assert.Equal(site.Township!.Name, Prop(f, "township"));
            var g = GeoJsonGeometry.Read(f.GetProperty("geometry"));
            Assert.True(g.Normalized().EqualsExact(site.Geometry.Normalized(), 1e-8), site.Code);
        }
    }

    [Fact]
    public async Task Each_site_carries_its_open_tasks_and_none_that_are_done()
    {
        await using (var db = Open())
        {
            // Tasks done on a site that keeps open ones, so the count must leave exactly those out.
            var withSeveral = await db.SiteTasks.GroupBy(t => t.SiteId).Where(g => g.Count() >= 2).Select(g => g.Key).FirstAsync(TestContext.Current.CancellationToken);
            var task = await db.SiteTasks.Where(t => t.SiteId == withSeveral && t.DoneOn == null).OrderBy(t => t.Id).FirstAsync(TestContext.Current.CancellationToken);
            task.MarkDone(Today);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using var check = Open();
        var open = (await check.SiteTasks.Where(t => t.DoneOn == null).Select(t => t.SiteId).ToListAsync(TestContext.Current.CancellationToken))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Contains(open.Values, n => n >= 1);
        var rows = new List<ExportRow>();
        await foreach (var r in ExportQuery.RowsAsync(check, new SiteFilter(), SiteScope.District, Today, TestContext.Current.CancellationToken)) rows.Add(r);
        Assert.Equal(await check.Sites.CountAsync(s => s.DeletedAt == null, TestContext.Current.CancellationToken), rows.Count);
        foreach (var r in rows) Assert.Equal(open.GetValueOrDefault(r.Site.Id), r.OpenTasks);
        Assert.Contains(rows, r => r.OpenTasks == 0);
        Assert.Contains(rows, r => r.OpenTasks > 0);
    }

    [Fact]
    public void The_plain_SQL_export_knows_every_field_of_the_map_s_filter()
    {
        // SqlExportQuery spells each filter once more in SQL (or refuses it); a new field of SiteFilter must be added
        // there and to the test below, or the CLI's export would silently ignore it.
        string[] handled = ["Area", "Bbox", "OverdueOnly", "PilotOnly", "Programmes", "ShowcaseOnly", "Statuses", "Text", "TownshipIds", "Unit"];
        Assert.Equal(handled, typeof(SiteFilter).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_CLIs_plain_SQL_export_writes_what_the_EF_Core_query_writes_for_every_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        List<Township> townships;
        await using (var db = Open())
        {
            // What the plain statement must leave out or count: a deleted site, a done task beside open ones; and
            // sites of every flag, so each filter selects some.
            (await db.Sites.OfType<RoadSite>().OrderBy(s => s.Id).FirstAsync(ct)).DeletedAt = DateTimeOffset.UtcNow;
            var withSeveral = await db.SiteTasks.GroupBy(t => t.SiteId).Where(g => g.Count() >= 2).Select(g => g.Key).FirstAsync(ct);
            (await db.SiteTasks.Where(t => t.SiteId == withSeveral && t.DoneOn == null).OrderBy(t => t.Id).FirstAsync(ct)).MarkDone(Today);
            foreach (var s in await db.Sites.OfType<CompoundSite>().OrderBy(s => s.Id).Take(3).ToListAsync(ct)) s.IsPilot = true;
            foreach (var s in await db.Sites.OfType<FringeSite>().OrderBy(s => s.Id).Take(2).ToListAsync(ct)) s.IsShowcase = true;
            await db.SaveChangesAsync(ct);
            townships = await db.Townships.OrderBy(t => t.Code).ToListAsync(ct);
        }
        var filters = new List<(string Name, SiteFilter Filter)>
        {
            ("district", new SiteFilter()),
            ("overdue", new SiteFilter { OverdueOnly = true }),
            ("pilot", new SiteFilter { PilotOnly = true }),
            ("showcase", new SiteFilter { ShowcaseOnly = true }),
            ("text", new SiteFilter { Text = " 家属院 " }),
            ("code", new SiteFilter { Text = "GC-XQ-01" }),
            ("unit", new SiteFilter { Unit = "住房和城乡建设局" }),
            ("none", new SiteFilter { Text = "没有这样的项目" }),
            ("programmes+overdue+townships", new SiteFilter { Programmes = new HashSet<Programme> { Programme.Road, Programme.Compound }, OverdueOnly = true, TownshipIds = townships.Select(t => t.Id).ToHashSet() }),
            ("two statuses", new SiteFilter { Statuses = new HashSet<SiteStatus> { SiteStatus.Construction, SiteStatus.Design } }),
        };
        filters.AddRange(Enum.GetValues<Programme>().Select(p => (p.Code(), new SiteFilter { Programmes = new HashSet<Programme> { p } })));
        filters.AddRange(Enum.GetValues<SiteStatus>().Select(st => (st.Code(), new SiteFilter { Statuses = new HashSet<SiteStatus> { st } })));
        filters.AddRange(townships.Select(t => (t.Name, new SiteFilter { TownshipIds = new HashSet<int> { t.Id } })));

        var heading = new LedgerHeading("管城回族区", Today);
        var empty = new List<string>();
        foreach (var (name, filter) in filters)
            foreach (var format in new[] { ExportFormat.Csv, ExportFormat.GeoJson, ExportFormat.Kml, ExportFormat.Gpx })
            {
                using var viaEf = new MemoryStream();
                await using (var db = Open())
                    await SiteExport.WriteAsync(format, ExportQuery.RowsAsync(db, filter, SiteScope.District, Today, ct), viaEf, heading, ct);
                using var viaSql = new MemoryStream();
                int count;
                await using (var connection = await PlannerDatabase.OpenConnectionAsync(ConnectionString, ct))
                    count = await SiteExport.WriteAsync(format, SqlExportQuery.RowsAsync(connection, Engine, filter, Today, ct), viaSql, heading, ct);
                Assert.True(viaEf.ToArray().AsSpan().SequenceEqual(viaSql.ToArray()), $"{name} {format}: {FirstDifference(viaEf, viaSql)}");
                if (format == ExportFormat.Csv && count == 0) empty.Add(name);
                if (name == "none") Assert.Equal(0, count);
            }
        Assert.Equal(Enum.GetValues<SiteStatus>().Where(st => !SampleHas(st)).Select(st => st.Code()).Append("none").Order(StringComparer.Ordinal), empty.Order(StringComparer.Ordinal)); // each other filter selects sites

        static string FirstDifference(MemoryStream a, MemoryStream b)
        {
            var x = Encoding.UTF8.GetString(a.ToArray()).Split('\n');
            var y = Encoding.UTF8.GetString(b.ToArray()).Split('\n');
            for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
                if (x[i] != y[i]) return $"line {i + 1}:\n  EF:  {x[i]}\n  SQL: {y[i]}";
            return $"{x.Length} lines against {y.Length}";
        }

        bool SampleHas(SiteStatus st)
        {
            using var db = Open();
            return db.Sites.Any(s => s.Status == st && s.DeletedAt == null);
        }
    }

    [Fact]
    public async Task KML_has_a_folder_per_programme_and_text_stays_text()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.Kml);
        var all = new List<JsonElement>();
        foreach (var programme in Enum.GetValues<Programme>())
        {
            var layer = ReadWithGdal(path, programme.ChineseName());
            Assert.Equal(expected.Count(s => s.Programme == programme), layer.Count);
            all.AddRange(layer);
        }
        var marked = all.Single(f => Prop(f, "Name").StartsWith("GC-XQ-016", StringComparison.Ordinal));
        Assert.Equal("GC-XQ-016 <b>加粗</b>&小区", Prop(marked, "Name"));
        Assert.Contains("&lt;b&gt;加粗&lt;/b&gt;&amp;小区", Prop(marked, "description"));
        Assert.DoesNotContain("<b>加粗", Prop(marked, "description"));
    }

    [Fact]
    public async Task GPX_waypoints_sit_at_each_sites_representative_point()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.Gpx, new SiteFilter { Programmes = new HashSet<Programme> { Programme.Road } });
        var waypoints = ReadWithGdal(path, "waypoints");
        Assert.Equal(expected.Count, waypoints.Count);
        foreach (var w in waypoints)
        {
            var site = expected.Single(s => Prop(w, "name").StartsWith(s.Code + " ", StringComparison.Ordinal));
            var point = site.Geometry.InteriorPoint;
            var c = w.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(point.X, c[0].GetDouble(), 7);
            Assert.Equal(point.Y, c[1].GetDouble(), 7);
            Assert.True(site.Geometry.Distance(point) < 1e-9, "the waypoint is on the site");
        }
    }

    [Fact]
    public async Task CSV_has_a_BOM_neutralised_formulas_and_both_coordinate_systems()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.Csv);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ReadWithGdal(path);
        Assert.Equal(expected.Count, rows.Count);
        var formula = rows.Single(r => Prop(r, "编号") == "GC-XQ-015");
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"点我\")", Prop(formula, "名称"));
        Assert.Equal("'@SUM(A1:A9)", Prop(formula, "备注"));
        var site = expected.Single(s => s.Code == "GC-XQ-001");
        var row = rows.Single(r => Prop(r, "编号") == "GC-XQ-001");
        var p = site.Geometry.InteriorPoint;
        Assert.Equal(p.X, double.Parse(Prop(row, "经度（CGCS2000）"), System.Globalization.CultureInfo.InvariantCulture), 6);
        var (gLon, gLat) = ChineseOffsets.Cgcs2000ToGcj02(p.X, p.Y);
        Assert.Equal(gLon, double.Parse(Prop(row, "经度（GCJ-02）"), System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Equal(gLat, double.Parse(Prop(row, "纬度（GCJ-02）"), System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Contains(FormattableString.Invariant($"position={gLon:F6},{gLat:F6}"), Prop(row, "高德导航"));
        var (bLon, bLat) = ChineseOffsets.Cgcs2000ToBd09(p.X, p.Y);
        Assert.Contains(FormattableString.Invariant($"location={bLat:F6},{bLon:F6}"), Prop(row, "百度导航"));
    }

    [Fact]
    public async Task XLSX_opens_in_GDAL_and_LibreOffice_with_a_sheet_per_programme_and_a_summary()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.Xlsx);
        var layers = ExportFiles.AllLayers(path, ["HEADERS=DISABLE"]);
        foreach (var programme in Enum.GetValues<Programme>())
        {
            var (sites, total) = ExportFiles.Ledger(layers[programme.ChineseName()]);
            var mine = expected.Where(s => s.Programme == programme).ToList();
            Assert.Equal(mine.Select(s => s.Code).Order(), sites.Select(r => r["编号"]));
            Assert.Equal($"管城回族区{programme.ChineseName()}项目台账", layers[programme.ChineseName()][0]["Field1"]);
            Assert.Equal("统计日期：2026年11月1日", layers[programme.ChineseName()][1]["Field1"]);
            // The 合计 row counts the sites and adds up what adds up (the cached values of its SUBTOTAL formulas).
            Assert.Equal(mine.Count.ToString(), total["名称"]);
            Assert.Equal(mine.Sum(s => Math.Round(s.LengthMetres, 1)), double.Parse(total["长度（米）"], System.Globalization.CultureInfo.InvariantCulture), 3);
            Assert.Equal("", total["经度（CGCS2000）"]);
        }
        var (townships, sum) = ExportFiles.Ledger(layers["汇总"]);
        Assert.Equal(11, townships.Count);
        // In the district's order (by code), not by name.
        await using (var db = Open())
            Assert.Equal(await db.Townships.OrderBy(t => t.Code).Select(t => t.Name).ToListAsync(TestContext.Current.CancellationToken), townships.Select(r => r["乡/街道"]));
        Assert.Equal(expected.Count, townships.Sum(r => int.Parse(r["项目总数"])));
        Assert.Equal(expected.Count.ToString(), sum["项目总数"]);
        // Rates are rounded to a tenth of a percent, as shown.
        Assert.All(townships, r => Assert.True(Math.Round(double.Parse(r["完成率"], System.Globalization.CultureInfo.InvariantCulture), 3) == double.Parse(r["完成率"], System.Globalization.CultureInfo.InvariantCulture), r["完成率"]));

        if (!File.Exists("/usr/bin/soffice"))
        {
            if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_LIBREOFFICE") == "1") throw new InvalidOperationException("LibreOffice missing");
            return;
        }
        // LibreOffice, the way district offices open it: every sheet to CSV, values as shown.
        var sheets = (await ExportFiles.SheetsInLibreOfficeAsync([path], Folder))[path];
        var (header, compounds) = ExportFiles.Ledger(sheets["老旧小区综合改造"]);
        Assert.StartsWith("序号,编号,名称,工程类别,乡/街道", header);
        Assert.Equal(expected.Count(s => s.Programme == Programme.Compound), compounds.Length);
        var first = expected.Where(s => s.Programme == Programme.Compound).OrderBy(s => s.Code).First();
        Assert.StartsWith($"1,{first.Code},{first.Name},老旧小区综合改造,{first.Township!.Name}", compounds[0]);
        // A would-be formula is shown as the text it is, not computed.
        Assert.Contains(compounds, l => l.Contains(",GC-XQ-015,\"=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"", StringComparison.Ordinal));
        Assert.Contains(compounds, l => l.Contains(first.PlannedEnd!.Value.ToString("yyyy-MM-dd"), StringComparison.Ordinal));
        // The summary's 合计 line as LibreOffice computes it.
        Assert.Contains(sheets["汇总"], l => l.StartsWith($"合计,,{expected.Count},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task XLSX_is_valid_Open_XML_with_real_hyperlinks_print_setup_and_a_filter()
    {
        var (path, expected) = await ExportAsync(ExportFormat.Xlsx);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Path?.PartUri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));

        var workbook = document.WorkbookPart!;
        var names = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.DefinedName>().ToList();
        var sheets = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().ToList();
        Assert.Equal(["汇总", .. ExportFiles.ProgrammeNames], sheets.Select(s => s.Name!.Value!));
        foreach (var programme in Enum.GetValues<Programme>())
        {
            var index = sheets.FindIndex(s => s.Name == programme.ChineseName());
            var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheets[index].Id!);
            var mine = expected.Where(s => s.Programme == programme).ToList();
            // Two links a site (AMap, Baidu), each a relationship holding the whole address, however long.
            var links = part.HyperlinkRelationships.ToList();
            Assert.Equal(2 * mine.Count, links.Count);
            var baidu = links.Select(l => l.Uri.OriginalString).Where(u => u.StartsWith("https://api.map.baidu.com/", StringComparison.Ordinal)).ToList();
            Assert.Equal(mine.Count, baidu.Count);
            if (programme == Programme.Road) Assert.Contains(baidu, u => u.Length > 255);
            var ws = part.Worksheet;
            Assert.DoesNotContain(ws.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>(), f => f.Text.Contains("HYPERLINK", StringComparison.Ordinal));
            Assert.Equal($"A3:AE{3 + mine.Count}", ws.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.AutoFilter>()!.Reference!.Value);
            var setup = ws.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.PageSetup>()!;
            Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Landscape, setup.Orientation!.Value);
            Assert.Equal(1u, setup.FitToWidth!.Value);
            Assert.Equal(8u, setup.PaperSize!.Value); // A3
            Assert.True(ws.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.SheetProperties>()!.PageSetupProperties!.FitToPage!.Value);
            Assert.Contains(names, n => n.Name == "_xlnm.Print_Titles" && n.LocalSheetId?.Value == (uint)index && n.Text.EndsWith("!$3:$3", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GeoPackage_opens_in_GDAL_in_CGCS2000_with_each_sites_shape_and_fields()
    {
        RequireTools();
        var (path, expected) = await ExportAsync(ExportFormat.GeoPackage);
        var info = Process.Start(new ProcessStartInfo("ogrinfo", ["-so", "-ro", path, "城市道路综合改造"]) { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var summary = info.StandardOutput.ReadToEnd();
        info.WaitForExit();
        Assert.Contains("China Geodetic Coordinate System 2000", summary, StringComparison.Ordinal);
        Assert.Contains("Extent: (", summary, StringComparison.Ordinal);
        var byCode = expected.ToDictionary(s => s.Code);
        foreach (var programme in Enum.GetValues<Programme>())
        {
            var features = ReadWithGdal(path, programme.ChineseName());
            Assert.Equal(expected.Where(s => s.Programme == programme).Select(s => s.Code).Order(), features.Select(f => Prop(f, "code")).Order());
            foreach (var f in features)
            {
                var site = byCode[Prop(f, "code")];
                Assert.Equal(site.Id, f.GetProperty("id").GetInt64()); // fid = the site's id
                Assert.Equal(site.Name, Prop(f, "name"));
                Assert.Equal(site.PlannedEnd?.ToString("yyyy-MM-dd") ?? "", Prop(f, "planned_end"));
                var shape = GeoJsonGeometry.Parse(f.GetProperty("geometry").GetRawText());
                Assert.True(shape.EqualsExact(site.Geometry, 1e-12), $"{site.Code}: {shape} ≠ {site.Geometry}");
            }
        }
    }

    [Fact]
    public async Task Filters_select_the_exported_sites()
    {
        await using var db = Open();
        var township = await db.Townships.SingleAsync(t => t.Name == "南关街道", TestContext.Current.CancellationToken);
        var (path, expected) = await ExportAsync(ExportFormat.GeoJson, new SiteFilter { TownshipIds = new HashSet<int> { township.Id }, Programmes = new HashSet<Programme> { Programme.Compound } });
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var codes = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()).Order();
        Assert.Equal(expected.Select(s => s.Code).Order(), codes);
        Assert.NotEmpty(expected);
        Assert.All(expected, s => Assert.Equal(("南关街道", Programme.Compound), (s.Township!.Name, s.Programme)));
    }
}

public sealed class SqliteExportTests(PostgisServer server) : ExportTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisExportTests(PostgisServer server) : ExportTests(server, DatabaseEngine.Postgres);
