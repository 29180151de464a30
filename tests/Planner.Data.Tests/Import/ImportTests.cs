using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Geometry;
using Planner.Import;
using Planner.Sample;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Import;

/// <summary>Imports on both engines: real files in, the same checks as a planner's input, all valid rows or nothing.</summary>
public abstract class ImportTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly string DataV = Path.Combine(Paths.Shared, "data", "china-admin-gcj02");

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }


    /// <summary>
    /// Imports as the command line does: on PostGIS through a plain Npgsql connection (EF Core only for updates);
    /// <paramref name="throughContext"/> imports as the web app does, through its EF Core context's connection.
    /// </summary>
    async Task<ImportReport> ImportAsync(string path, ImportOptions? options = null, ImportFormat? format = null, bool throughContext = false, DatumShift? datumShift = null)
    {
        var (source, temp) = FeatureSources.Open(path, format, datumShift: datumShift);
        try
        {
            using (source)
            {
                options ??= new ImportOptions { SourceKey = Path.GetFileNameWithoutExtension(path) };
                var ct = TestContext.Current.CancellationToken;
                if (Engine == DatabaseEngine.Postgres && !throughContext)
                {
                    await using var connection = await PlannerDatabase.DataSource(ConnectionString).OpenConnectionAsync(ct);
                    return await new Importer(connection).ImportAsync(source, options, null, ct);
                }
                await using var db = Open();
                return await new Importer(db).ImportAsync(source, options, null, ct);
            }
        }
        finally
        {
            if (temp is not null) Directory.Delete(temp, true);
        }
    }

    async Task<(int Sites, int Records)> CountsAsync()
    {
        await using var db = Open();
        return (await db.Sites.CountAsync(TestContext.Current.CancellationToken), await db.ProgressRecords.CountAsync(TestContext.Current.CancellationToken));
    }

    async Task<Problem> RefusedWholeAsync(string path, ImportOptions? options = null, ImportFormat? format = null)
    {
        var before = await CountsAsync();
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => ImportAsync(path, options, format));
        Assert.Equal(before, await CountsAsync());
        return e.Problems[0];
    }

    /// <summary>A GeoJSON file of small squares in a row east of <paramref name="centre"/>, one per feature's properties.</summary>
    string Squares(string name, Coordinate centre, JsonObject[] properties)
    {
        var features = new JsonArray();
        for (var i = 0; i < properties.Length; i++)
        {
            double x = centre.X + (i + 1) * 3e-4, y = centre.Y;
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["properties"] = properties[i],
                ["geometry"] = JsonNode.Parse($"{{\"type\":\"Polygon\",\"coordinates\":[[[{x},{y}],[{x + 1e-4},{y}],[{x + 1e-4},{y + 1e-4}],[{x},{y + 1e-4}],[{x},{y}]]]}}"),
            });
        }
        return Write(name, new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString());
    }

    string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// Limits of a city-wide deployment, where whole districts are the zones: the real DataV districts test the
    /// conversion and the stores. (With the district's default limits they are refused: see the test on 中牟县.)
    /// </summary>
    static readonly SiteLimits CityWide = new() { MaxFringeSquareKilometres = 20_000, MinShareInsideDistrict = 0 };

    static ImportOptions Fringe(string key, string? township = "南曹乡", SourceCrs? crs = null) => new()
    {
        SourceKey = key, Programme = Programme.Fringe, Township = township, Crs = crs ?? SourceCrs.Gcj02,
        Fields = new Dictionary<string, string> { ["code"] = "adcode" }, Limits = CityWide,
    };

    [Fact]
    public async Task Real_DataV_districts_import_from_GCJ02_vertex_for_vertex()
    {
        var path = Path.Combine(DataV, "410100_full.json");
        var report = await ImportAsync(path, Fringe("zz"));
        Assert.Equal((12, 12, 0, true), (report.Read, report.New, report.Refused, report.Committed));

        await using var db = Open();
        var guancheng = await db.Sites.Include(s => s.ProgressRecords).SingleAsync(s => s.Code == "410104", TestContext.Current.CancellationToken);
        var expected = SampleDistrictGenerator.ReadDistrict(path);
        Assert.Equal(expected.NumPoints, guancheng.Geometry.NumPoints);
        var a = expected.Coordinates;
        var b = guancheng.Geometry.Coordinates;
        for (var i = 0; i < a.Length; i++) Assert.True(a[i].Distance(b[i]) < 1e-9, $"vertex {i}");
        Assert.Equal("管城回族区", guancheng.Name);
        // Vertices agree to 1e-9° (0.1 mm): the areas of a 205 km² district then agree to about 1e-9.
        var expectedArea = Measure.Area(expected);
        Assert.Equal(expectedArea, guancheng.AreaSquareMetres!.Value, expectedArea * 1e-8);
        Assert.Equal("从 zz 导入", HistoryNote.Render(Assert.Single(guancheng.ProgressRecords).Note));

        if (Engine == DatabaseEngine.Postgres)
        {
            // PostGIS's own measure (PROJ) of what was stored, in the Gauss–Krüger zone of every district.
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT code, area_m2, ST_Area(ST_Transform(geom, 4534 + round(ST_X(ST_Centroid(ST_Envelope(geom))) / 3)::int - 25)) FROM sites WHERE code LIKE '4101%'";
            await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var n = 0;
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                n++;
                Assert.True(Math.Abs(reader.GetDouble(1) - reader.GetDouble(2)) / reader.GetDouble(2) < 1e-6, $"{reader.GetString(0)}: {reader.GetDouble(1)} vs PostGIS {reader.GetDouble(2)}");
            }
            Assert.Equal(12, n);
        }
    }

    [Fact]
    public async Task A_rerun_matches_by_code_remembers_the_mapping_and_leaves_unchanged_sites_as_they_were()
    {
        var path = Path.Combine(DataV, "410100_full.json");
        await ImportAsync(path, Fringe("zz"));
        // No --field this time: the mapping code=adcode is remembered for the source "zz". As the web app imports.
        var again = await ImportAsync(path, Fringe("zz") with { Fields = new Dictionary<string, string>() }, throughContext: true);
        Assert.Equal((0, 12, 12), (again.New, again.Updated, again.Unchanged));
        var (sites, _) = await CountsAsync();
        Assert.Equal(112 + 12, sites);
        // The same file again changes nothing: each site keeps its version and only the first import's revision.
        await using var db = Open();
        var history = await db.SiteRevisions.Where(r => r.Site!.Code.StartsWith("4101"))
            .GroupBy(r => r.Action).Select(g => new { g.Key, Count = g.Count(), WithBefore = g.Count(r => r.Before != null) }).ToListAsync();
        Assert.Equal(12, history.Single(h => h.Key == RevisionAction.Imported).Count);
        Assert.Equal(0, history.Single(h => h.Key == RevisionAction.Imported).WithBefore);
        Assert.All(await db.Sites.Where(s => s.Code.StartsWith("4101")).Select(s => s.Version).ToListAsync(), v => Assert.Equal(1, v));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as the web app imports, through its context
    public async Task A_rerun_revises_the_row_it_changes_and_leaves_the_others_as_they_were(bool throughContext)
    {
        var ct = TestContext.Current.CancellationToken;
        Coordinate centre;
        await using (var db = Open())
            centre = (await db.Townships.SingleAsync(t => t.Name == "南曹乡", ct)).Boundary.InteriorPoint.Coordinate;
        string File(string name, string thirdName) => Squares(name, centre, [.. new[] { "甲院", "乙院", thirdName }.Select((title, i) =>
            new JsonObject { ["code"] = $"RR-{i + 1}", ["name"] = title, ["status"] = "施工", ["progress"] = 40 })]);
        var options = new ImportOptions { SourceKey = "rerun", Programme = Programme.Compound, Township = "南曹乡", Crs = SourceCrs.Cgcs2000LonLat };
        async Task<Dictionary<string, (int Version, int Revisions)>> StateAsync()
        {
            await using var db = Open();
            return await db.Sites.Where(s => s.Code.StartsWith("RR-"))
                .Select(s => new { s.Code, s.Version, Revisions = db.SiteRevisions.Count(r => r.SiteId == s.Id) })
                .ToDictionaryAsync(s => s.Code, s => (s.Version, s.Revisions), ct);
        }

        Assert.Equal(3, (await ImportAsync(File("first.geojson", "丙院"), options, throughContext: throughContext)).New);
        var created = await StateAsync();

        // Previewed first: the preview counts what the commit will leave as it was, and writes nothing.
        var preview = await ImportAsync(File("preview.geojson", "丙院（改）"), options with { DryRun = true }, throughContext: throughContext);
        Assert.Equal((0, 3, 2, false), (preview.New, preview.Updated, preview.Unchanged, preview.Committed));
        Assert.Equal(created, await StateAsync());
        await using (var db = Open())
            Assert.Equal("丙院", (await db.Sites.SingleAsync(s => s.Code == "RR-3", ct)).Name);

        var again = await ImportAsync(File("again.geojson", "丙院（改）"), options, throughContext: throughContext);
        Assert.Equal((0, 3, 2), (again.New, again.Updated, again.Unchanged));
        var after = await StateAsync();
        Assert.Equal(created["RR-1"], after["RR-1"]);
        Assert.Equal(created["RR-2"], after["RR-2"]);
        Assert.Equal((created["RR-3"].Version + 1, created["RR-3"].Revisions + 1), after["RR-3"]);
        await using (var db = Open())
            Assert.Equal("丙院（改）", (await db.Sites.SingleAsync(s => s.Code == "RR-3", ct)).Name);

        // The same file once more: nothing changes anywhere.
        var third = await ImportAsync(File("third.geojson", "丙院（改）"), options, throughContext: throughContext);
        Assert.Equal((3, 3), (third.Updated, third.Unchanged));
        Assert.Equal(after, await StateAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_row_restating_a_sites_township_leaves_it_following_the_shape_and_a_row_naming_another_assigns_it(bool throughContext)
    {
        var ct = TestContext.Current.CancellationToken;
        Coordinate centre;
        await using (var db = Open())
            centre = (await db.Townships.SingleAsync(t => t.Name == "南曹乡", ct)).Boundary.InteriorPoint.Coordinate;
        string File(string name, params string?[] townships) => Squares(name, centre, [.. townships.Select((township, i) =>
        {
            var properties = new JsonObject { ["code"] = $"TA-{i + 1}", ["name"] = $"院{i + 1}" };
            if (township is not null) properties["township"] = township;
            return properties;
        })]);
        var options = new ImportOptions { SourceKey = "assigned", Programme = Programme.Compound, Crs = SourceCrs.Cgcs2000LonLat };
        async Task<Dictionary<string, (string Township, bool Assigned, int Version)>> StateAsync()
        {
            await using var db = Open();
            return await db.Sites.Where(s => s.Code.StartsWith("TA-")).Select(s => new { s.Code, Township = s.Township!.Name, s.TownshipAssigned, s.Version })
                .ToDictionaryAsync(s => s.Code, s => (s.Township, s.TownshipAssigned, s.Version), ct);
        }

        // Located by their shapes.
        Assert.Equal(2, (await ImportAsync(File("located.geojson", null, null), options, throughContext: throughContext)).New);
        var located = await StateAsync();
        Assert.All(located.Values, v => Assert.Equal(("南曹乡", false, 1), v));

        // The ledger as exported names each site's own township: nothing changes, and the township still follows the shape.
        var restated = await ImportAsync(File("restated.geojson", "南曹乡", "南曹乡"), options, throughContext: throughContext);
        Assert.Equal((2, 2), (restated.Updated, restated.Unchanged));
        Assert.Equal(located, await StateAsync());

        // Naming another township is a choice: it is taken, and kept as a user's.
        var moved = await ImportAsync(File("moved.geojson", "南关街道", "南曹乡"), options, throughContext: throughContext);
        Assert.Equal((2, 1), (moved.Updated, moved.Unchanged));
        var after = await StateAsync();
        Assert.Equal(("南关街道", true, 2), after["TA-1"]);
        Assert.Equal(located["TA-2"], after["TA-2"]);
    }

    [Fact]
    public async Task Without_a_township_rows_outside_the_district_are_refused_with_the_row()
    {
        var report = await ImportAsync(Path.Combine(DataV, "410100_full.json"), Fringe("zz", township: null));
        Assert.True(report.New > 0 && report.Refused > 0);
        Assert.All(report.RefusedRows, r => Assert.Contains("不在本区任何乡/街道范围内", r.Problems[0].What));
        Assert.All(report.RefusedRows, r => Assert.StartsWith("410100_full.json 第 ", r.Where));
    }

    [Fact]
    public async Task Coordinates_that_do_not_fit_the_stated_system_are_refused_with_a_suggestion()
    {
        // The same districts in CGCS2000 3-degree GK zone 38 with the zone number in front of the easting.
        var zone = GaussKrugerZone.Get(38);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(DataV, "410100_full.json")))!;
        foreach (var f in json["features"]!.AsArray())
            foreach (var polygon in f!["geometry"]!["coordinates"]!.AsArray())
                foreach (var ring in polygon!.AsArray())
                    foreach (var p in ring!.AsArray())
                    {
                        var (e, n) = zone.Project((double)p![0]!, (double)p[1]!);
                        p[0] = Math.Round(38_000_000 + e, 3);
                        p[1] = Math.Round(n, 3);
                    }
        var path = Write("gk.geojson", json.ToJsonString());
        var problem = await RefusedWholeAsync(path, Fringe("gk", crs: SourceCrs.Cgcs2000LonLat));
        Assert.Contains("不是经纬度", problem.What);
        Assert.Contains("EPSG:4526", problem.What);

        var report = await ImportAsync(path, Fringe("gk", crs: SourceCrs.Parse("EPSG:4526")));
        Assert.Equal(12, report.New);
    }

    [Fact]
    public async Task Malformed_JSON_is_refused_with_its_line_and_nothing_is_stored()
    {
        var text = File.ReadAllText(Path.Combine(DataV, "410100_full.json"));
        var path = Write("cut.geojson", text[..(text.Length * 2 / 3)]);
        var problem = await RefusedWholeAsync(path, Fringe("cut"));
        Assert.Contains("cut.geojson", problem.Where);
        Assert.Matches("被截断|JSON 格式错误", problem.What);
    }

    [Fact]
    public async Task Unclosed_rings_and_mixed_types_are_refused_row_by_row()
    {
        var path = Write("rows.geojson", """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"OK-1","name":"好片区"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.700],[113.800,34.710],[113.790,34.710],[113.790,34.700]]]}},
              {"type":"Feature","properties":{"code":"BAD-RING","name":"未闭合"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.700],[113.800,34.710],[113.790,34.710]]]}},
              {"type":"Feature","properties":{"code":"BAD-MIX","name":"混合"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[113.79,34.7]},{"type":"LineString","coordinates":[[113.79,34.7],[113.8,34.7]]}]}},
              {"type":"Feature","properties":{"code":"BAD-HUGE","name":"巨大"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[1e300,34.700],[113.800,34.710],[113.790,34.700]]]}},
              {"type":"Feature","properties":{"code":"BAD-BOW","name":"自相交"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.800,34.710],[113.800,34.700],[113.790,34.710],[113.790,34.700]]]}}
            ]}
            """);
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "rows", Programme = Programme.Fringe, Crs = SourceCrs.Cgcs2000LonLat });
        Assert.Equal((5, 1, 4), (report.Read, report.New, report.Refused));
        var byRow = report.RefusedRows.ToDictionary(r => r.Row, r => r.Problems[0]);
        Assert.Contains("环未闭合", byRow[2].What);
        Assert.Equal("rows.geojson 第 2 个要素 外环", byRow[2].Where);
        Assert.Contains("混合了多种几何类型", byRow[3].What);
        Assert.Contains("不是经纬度", byRow[4].What);
        Assert.Contains("自相交", byRow[5].What);
    }

    [Fact]
    public async Task Over_a_thousand_rows_are_stored_each_with_its_record_and_revision_and_a_rerun_updates_them()
    {
        var ct = TestContext.Current.CancellationToken;
        Coordinate centre;
        await using (var db = Open())
            centre = (await db.Townships.SingleAsync(t => t.Name == "南曹乡", ct)).Boundary.InteriorPoint.Coordinate;
        const int rows = 1100; // more than one staging chunk on PostGIS
        string Squares(string name, int count, string prefix = "SQ")
        {
            var features = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                double x = centre.X + i % 40 * 3e-4, y = centre.Y + i / 40 * 3e-4;
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["properties"] = new JsonObject { ["id"] = $"{prefix}-{i:0000}", ["title"] = $"方块{i}", ["title2"] = $"方块{i}改" },
                    ["geometry"] = JsonNode.Parse($"{{\"type\":\"Polygon\",\"coordinates\":[[[{x},{y}],[{x + 1e-4},{y}],[{x + 1e-4},{y + 1e-4}],[{x},{y + 1e-4}],[{x},{y}]]]}}"),
                });
            }
            return Write(name, new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString());
        }
        ImportOptions Options(string nameField) => new()
        {
            SourceKey = "squares", Programme = Programme.Compound, Township = "南曹乡", Crs = SourceCrs.Cgcs2000LonLat,
            Fields = new Dictionary<string, string> { ["code"] = "id", ["name"] = nameField },
        };
        var before = await CountsAsync();

        var report = await ImportAsync(Squares("squares.geojson", rows), Options("title"));

        Assert.Equal((rows, rows, 0), (report.Read, report.New, report.Refused));
        Assert.Equal((before.Sites + rows, before.Records + rows), await CountsAsync());
        await using (var db = Open())
        {
            // Each new site has its own progress record and its own revision, not a neighbour's.
            var linked = await db.Sites.Where(s => s.Code.StartsWith("SQ-"))
                .Select(s => new { s.Name, s.Code, Records = s.ProgressRecords.Count, Revisions = db.SiteRevisions.Count(r => r.SiteId == s.Id && r.Action == RevisionAction.Imported) })
                .ToListAsync(ct);
            Assert.Equal(rows, linked.Count);
            Assert.All(linked, s => Assert.Equal((1, 1, $"方块{int.Parse(s.Code[3..])}"), (s.Records, s.Revisions, s.Name)));
            var square = await db.Sites.SingleAsync(s => s.Code == "SQ-0777", ct);
            Assert.InRange(square.AreaSquareMetres!.Value, 90, 130); // 1e-4° by 1e-4° at 34.7° N
        }

        // A rerun of the first rows with another name field updates them and remembers the new mapping.
        var again = await ImportAsync(Squares("squares-again.geojson", 20), Options("title2"));
        Assert.Equal((0, 20), (again.New, again.Updated));
        await using (var db = Open())
        {
            Assert.Equal("方块7改", (await db.Sites.SingleAsync(s => s.Code == "SQ-0007", ct)).Name);
            Assert.Equal("方块700", (await db.Sites.SingleAsync(s => s.Code == "SQ-0700", ct)).Name);
            Assert.Contains("title2", (await db.ImportMappings.SingleAsync(m => m.SourceKey == "squares", ct)).Fields);
        }

        // A file cut off after more than two chunks have been moved into sites: the whole import is undone.
        var whole = File.ReadAllText(Squares("more.geojson", rows, "MQ"));
        var cut = Write("more-cut.geojson", whole[..(whole.Length - 300)]);
        var counts = await CountsAsync();
        var problem = await RefusedWholeAsync(cut, Options("title"));
        Assert.Contains("JSON 格式错误", problem.What);
        Assert.Equal(counts, await CountsAsync());
    }

    [Fact]
    public async Task Every_field_of_every_programme_is_stored_as_the_file_gives_it()
    {
        var ct = TestContext.Current.CancellationToken;
        Coordinate c;
        await using (var db = Open())
            c = (await db.Townships.SingleAsync(t => t.Name == "南曹乡", ct)).Boundary.InteriorPoint.Coordinate;
        string Square(double dx) => $"[[[{c.X + dx},{c.Y}],[{c.X + dx + 1e-3},{c.Y}],[{c.X + dx + 1e-3},{c.Y + 1e-3}],[{c.X + dx},{c.Y + 1e-3}],[{c.X + dx},{c.Y}]]]";
        var path = Write("fields.geojson", $$$"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"编号":"F-ROAD","名称":"紫荆山路 \"北段\" 😀","类别":"road","社区":"紫荆山社区","责任单位":"区住建局",
              "责任人":"王工","电话":"0371-12345678","包联领导":"李区长","计划开工":"2026-03-01","计划完工":"2026/12/31","投资":"1234.56",
              "试点":"是","示范点":"0","备注":"=SUM(A1) 不是公式","状态":"construction","进度":"40%",
              "路名":"紫荆山路","起点":"金水路","终点":"农业路","路宽":"24.5","道路等级":"主干路"},
             "geometry":{"type":"LineString","coordinates":[[{{{c.X}}},{{{c.Y}}}],[{{{c.X + 0.002}}},{{{c.Y + 0.001}}}]]}},
            {"type":"Feature","properties":{"编号":"F-COMP","名称":"建设路12号院","类别":"compound","建成年代":"1992","楼栋数":"6","户数":"288",
              "建筑面积":"15321.5","物业":"无","改造类别":"完善类","投资":"88"},
             "geometry":{"type":"Polygon","coordinates":{{{Square(0.01)}}}}},
            {"type":"Feature","properties":{"编号":"F-FRIN","名称":"城中村","类别":"fringe","涉及村":"大刘庄, 小刘庄","拆迁户数":"35","违建面积":"1200.25"},
             "geometry":{"type":"Polygon","coordinates":{{{Square(0.02)}}}}}
            ]}
            """);

        var report = await ImportAsync(path, new ImportOptions { SourceKey = "fields", Township = "南曹乡", Crs = SourceCrs.Cgcs2000LonLat });

        Assert.Equal((3, 0), (report.New, report.Refused));
        await using var check = Open();
        var road = await check.Sites.OfType<RoadSite>().SingleAsync(s => s.Code == "F-ROAD", ct);
        Assert.Equal(("紫荆山路 \"北段\" 😀", "紫荆山社区", "区住建局", "王工", "0371-12345678", "李区长"),
            (road.Name, road.Community, road.ResponsibleUnit, road.ResponsiblePerson, road.ResponsiblePhone, road.LeadOfficial));
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31), 1234.56m, true, false, "=SUM(A1) 不是公式"),
            (road.PlannedStart, road.PlannedEnd, road.Budget, road.IsPilot, road.IsShowcase, road.Notes));
        Assert.Equal((SiteStatus.Construction, 40), (road.Status, road.Progress));
        Assert.Equal(("紫荆山路", "金水路", "农业路", 24.5, "主干路"), (road.RoadName, road.RoadFrom, road.RoadTo, road.WidthMetres, road.Grade));
        Assert.True(road.LengthMetres > 100 && road.AreaSquareMetres is null or 0, $"{road.LengthMetres} m, {road.AreaSquareMetres} m²");
        var compound = await check.Sites.OfType<CompoundSite>().SingleAsync(s => s.Code == "F-COMP", ct);
        Assert.Equal((1992, 6, 288, 15321.5, false, WorksClass.Improvement, 88m),
            (compound.BuildYear, compound.Buildings, compound.Households, compound.FloorAreaSquareMetres, compound.HasPropertyManagement, compound.WorksClass, compound.Budget));
        Assert.Null(compound.PlannedStart);
        var fringe = await check.Sites.OfType<FringeSite>().Include(s => s.ProgressRecords).SingleAsync(s => s.Code == "F-FRIN", ct);
        Assert.Equal(("大刘庄, 小刘庄", 35, 1200.25), (fringe.Villages, fringe.HouseholdsToRelocate, fringe.IllegalStructureAreaSquareMetres));
        Assert.Equal((SiteStatus.Planning, 0, "从 fields 导入"), (fringe.Status, fringe.Progress, HistoryNote.Render(Assert.Single(fringe.ProgressRecords).Note)));
        // Timestamps survive the binary encoding: the import's own clock, not the epoch or a time zone away.
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - fringe.ProgressRecords[0].At).TotalMinutes) < 5, $"recorded {fringe.ProgressRecords[0].At:O}");
        Assert.True(Math.Abs((fringe.CreatedAt - fringe.ProgressRecords[0].At).TotalSeconds) < 60, $"created {fringe.CreatedAt:O}");
        Assert.InRange(fringe.AreaSquareMetres!.Value, 9000, 12000); // 1e-3° squared at 34.7° N
    }

    [Fact]
    public async Task Budgets_keep_every_digit_through_COPY()
    {
        // Money as numeric(14,2) through binary COPY: whole and fractional groups, zeros and the scale kept.
        string[] budgets = ["0", "0.01", "0.5", "1", "9999.99", "10000", "10000.5", "9876543.21", "10000000", "100.10", "7"];
        var features = string.Join(",", budgets.Select((b, i) =>
            $$$"""{"type":"Feature","properties":{"code":"BUD-{{{i}}}","name":"预算 {{{b}}}","budget":"{{{b}}}"},"geometry":{"type":"Polygon","coordinates":[[[113.708,34.696],[113.712,34.696],[113.712,34.699],[113.708,34.699],[113.708,34.696]]]}}"""));
        var path = Write("budgets.geojson", $$"""{"type":"FeatureCollection","features":[{{features}}]}""");
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "budgets", Programme = Programme.Compound, Township = "航海东路街道" });
        Assert.Equal(budgets.Length, report.New);
        await using var db = Open();
        var stored = await db.Sites.Where(s => s.Code.StartsWith("BUD-")).ToDictionaryAsync(s => s.Code, s => s.Budget, TestContext.Current.CancellationToken);
        for (var i = 0; i < budgets.Length; i++)
            Assert.Equal(decimal.Parse(budgets[i], System.Globalization.CultureInfo.InvariantCulture), stored[$"BUD-{i}"]);
    }

    /// <summary>A value of the field's kind that differs per round and passes the checks.</summary>
    static string FieldValue(SiteField field, int round) => field.Key switch
    {
        "plannedStart" => $"2026-0{round + 1}-01",
        "plannedEnd" => $"2027-0{round + 1}-01",
        "responsiblePhone" => $"0371-6000000{round}",
        "buildYear" => (1980 + round).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => field.Kind switch
        {
            SiteFieldKind.Text => $"{field.Chinese}{round}",
            SiteFieldKind.Money => (100.25m * round).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            SiteFieldKind.Number => (10.5 * round).ToString(System.Globalization.CultureInfo.InvariantCulture),
            SiteFieldKind.Integer => (10 * round).ToString(System.Globalization.CultureInfo.InvariantCulture),
            SiteFieldKind.Flag => (field.Key == "pilot" ? round == 2 : round == 1) ? "true" : "false",
            SiteFieldKind.OptionalFlag => round == 1 ? "true" : "false",
            SiteFieldKind.WorksClass => round == 1 ? "basic" : "enhancement",
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        },
    };

    /// <summary>What the field holds on a site, as the file wrote it.</summary>
    static string? Stored(SiteField field, Site site) => field.Get(site) switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        double x => x.ToString(System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        WorksClass w => w.Code(),
        var v => v.ToString(),
    };

    [Fact]
    public async Task A_reimport_changes_every_field_of_every_programme_and_keeps_what_the_file_lacks()
    {
        var ct = TestContext.Current.CancellationToken;
        Coordinate c;
        await using (var db = Open())
            c = (await db.Townships.SingleAsync(t => t.Name == "南曹乡", ct)).Boundary.InteriorPoint.Coordinate;
        string Geometry(Programme p) => p == Programme.Road
            ? FormattableString.Invariant($$"""{"type":"LineString","coordinates":[[{{c.X}},{{c.Y}}],[{{c.X + 0.002}},{{c.Y + 0.001}}]]}""")
            : FormattableString.Invariant($$"""{"type":"Polygon","coordinates":[[[{{c.X + (int)p * 0.01}},{{c.Y}}],[{{c.X + (int)p * 0.01 + 1e-3}},{{c.Y}}],[{{c.X + (int)p * 0.01 + 1e-3}},{{c.Y + 1e-3}}],[{{c.X + (int)p * 0.01}},{{c.Y + 1e-3}}],[{{c.X + (int)p * 0.01}},{{c.Y}}]]]}""");
        string File(string name, int round, bool everyField)
        {
            var features = Enum.GetValues<Programme>().Select(p =>
            {
                var properties = new JsonObject { ["programme"] = p.Code() };
                foreach (var field in SiteFields.For(p))
                    if (everyField || field.Key is "code" or "name") properties[field.Key] = field.Key == "code" ? $"RE-{p.Code()}" : FieldValue(field, round);
                return new JsonObject { ["type"] = "Feature", ["properties"] = properties, ["geometry"] = JsonNode.Parse(Geometry(p)) };
            });
            return Write(name, new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray([.. features]) }.ToJsonString());
        }
        async Task AssertFieldsAsync(int round, string because)
        {
            await using var db = Open();
            foreach (var p in Enum.GetValues<Programme>())
            {
                var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Code == $"RE-{p.Code()}", ct);
                foreach (var field in SiteFields.For(p).Where(f => f.Key != "code"))
                    Assert.True(FieldValue(field, round) == Stored(field, site), $"{because}: {p} {field.Key} is {Stored(field, site)}, the file said {FieldValue(field, round)}");
            }
        }
        var options = new ImportOptions { SourceKey = "every", Township = "南曹乡", Crs = SourceCrs.Cgcs2000LonLat };

        var first = await ImportAsync(File("every-1.geojson", 1, everyField: true), options);
        Assert.Equal((3, 0), (first.New, first.Refused));
        await AssertFieldsAsync(1, "imported");
        var second = await ImportAsync(File("every-2.geojson", 2, everyField: true), options);
        Assert.Equal((0, 3, 0), (second.New, second.Updated, second.Refused));
        await AssertFieldsAsync(2, "re-imported");
        // A file with only codes and names changes the names and nothing else.
        var third = await ImportAsync(File("every-3.geojson", 2, everyField: false), options);
        Assert.Equal(3, third.Updated);
        await AssertFieldsAsync(2, "re-imported without the other columns");

        // The first history entry carries the site as imported, on both engines: version 1 can be restored.
        await using var check = Open();
        var firsts = await check.SiteRevisions.AsNoTracking().Where(r => r.Site!.Code.StartsWith("RE-") && r.Version == 1).ToListAsync(ct);
        Assert.Equal(3, firsts.Count);
        Assert.All(firsts, r => Assert.Contains($"\"{FieldValue(SiteFields.Find("community")!, 1)}\"", r.After));
        // Its outline as geometry (on PostGIS the bytes COPY wrote into the site's own column), restorable as version 1.
        Assert.All(firsts, r => Assert.True(r.AfterSnapshot()!.ReadDraft([]) is { Geometry: LineString or MultiLineString or Polygon or MultiPolygon }, r.After));
        Assert.All(firsts, r => Assert.NotNull(r.AfterGeometry));
    }

    [Fact]
    public async Task A_dry_run_reports_and_stores_nothing()
    {
        var before = await CountsAsync();
        var report = await ImportAsync(Path.Combine(DataV, "410100_full.json"), Fringe("dry") with { DryRun = true });
        Assert.Equal((12, false), (report.New, report.Committed));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var problem = await RefusedWholeAsync(Write("empty.geojson", ""));
        Assert.Contains("为空", problem.What);
    }

    [Fact]
    public async Task KML_placemarks_import_and_malformed_XML_is_refused_with_its_line()
    {
        var kml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
              <Placemark><name>南曹路综合改造</name><ExtendedData><Data name="code"><value>KML-1</value></Data></ExtendedData>
                <LineString><coordinates>113.79,34.70,0 113.80,34.701,0 113.81,34.70,0</coordinates></LineString></Placemark>
              <Placemark><name>开口环</name><ExtendedData><Data name="code"><value>KML-2</value></Data></ExtendedData>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>113.79,34.70 113.80,34.70 113.80,34.71 113.79,34.71</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
            </Document></kml>
            """;
        var report = await ImportAsync(Write("roads.kml", kml), new ImportOptions { SourceKey = "roads", Programme = Programme.Road });
        Assert.Equal((1, 1), (report.New, report.Refused));
        Assert.Contains("环未闭合", report.RefusedRows[0].Problems[0].What);

        var problem = await RefusedWholeAsync(Write("broken.kml", kml.Replace("</Document>", "</Documnt>")), new ImportOptions { SourceKey = "broken", Programme = Programme.Road });
        Assert.Contains("XML 格式错误", problem.What);
        Assert.Matches(@"broken\.kml 第 \d+ 行", problem.Where);

        var entity = "<?xml version=\"1.0\"?><!DOCTYPE kml [<!ENTITY x \"xx\">]><kml><Placemark><name>&x;</name></Placemark></kml>";
        Assert.Contains("XML 格式错误", (await RefusedWholeAsync(Write("dtd.kml", entity), new ImportOptions { SourceKey = "dtd", Programme = Programme.Road })).What);
    }

    [Theory]
    [InlineData("http://earth.google.com/kml/2.1")]
    [InlineData("http://earth.google.com/kml/2.2")]
    [InlineData("http://www.opengis.net/kml/2.2")]
    [InlineData(null)]
    public async Task KML_in_Google_Earths_namespaces_or_none_imports(string? ns)
    {
        var kml = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <kml{{(ns is null ? "" : $" xmlns=\"{ns}\"")}}><Document><Folder><name>道路</name>
              <Placemark><name>南曹路综合改造</name><ExtendedData><Data name="code"><value>KMLNS-1</value></Data></ExtendedData>
                <LineString><coordinates>113.79,34.70,0 113.80,34.701,0 113.81,34.70,0</coordinates></LineString></Placemark>
              <Placemark><name>南曹路二期</name><ExtendedData><Data name="code"><value>KMLNS-2</value></Data></ExtendedData>
                <MultiGeometry><LineString><coordinates>113.79,34.702 113.80,34.703</coordinates></LineString></MultiGeometry></Placemark>
            </Folder></Document></kml>
            """;
        var report = await ImportAsync(Write("ns.kml", kml), new ImportOptions { SourceKey = "ns", Programme = Programme.Road, DryRun = true });
        Assert.Equal((2, 0), (report.New, report.Refused));
        // Written without whitespace between elements (as our export and most tools write it): every placemark, not every other one.
        var compact = await ImportAsync(Write("compact.kml", System.Text.RegularExpressions.Regex.Replace(kml, @">\s+<", "><")),
            new ImportOptions { SourceKey = "compact", Programme = Programme.Road, DryRun = true });
        Assert.Equal((2, 0), (compact.New, compact.Refused));
    }

    [Fact]
    public async Task CSV_with_WKT_in_GBK_imports_with_Chinese_names()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "编号,名称,wkt\nCSV-1,陇海路改造,\"LINESTRING (113.680 34.730, 113.690 34.731)\"\nCSV-2,坏行,\"LINESTRING (113.68\"\nCSV-3,非数,\"LINESTRING (NaN 34.730, 113.690 34.731)\"\n";
        var report = await ImportAsync(Write("roads.csv", csv, Encoding.GetEncoding(936)), new ImportOptions { SourceKey = "roads", Programme = Programme.Road });
        Assert.Equal((1, 2), (report.New, report.Refused));
        Assert.Contains(report.RefusedRows, r => r.Row == 3 && r.Problems.Any(p => p.What.Contains("不是有限数值") || p.What.Contains("不是有效的 WKT")));
        Assert.Contains("不是有效的 WKT", report.RefusedRows[0].Problems[0].What);
        Assert.Equal("roads.csv 第 3 行 列 wkt", report.RefusedRows[0].Problems[0].Where);
        await using var db = Open();
        Assert.Equal("陇海路改造", (await db.Sites.SingleAsync(s => s.Code == "CSV-1", TestContext.Current.CancellationToken)).Name);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused()
    {
        var path = Path.Combine(Folder, "bomb.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("huge.geojson", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) s.Write(zeros);
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);
        var problem = await RefusedWholeAsync(path);
        Assert.Contains("zip 炸弹", problem.What);
    }

    // --- Shapefiles, written by GDAL as the district's GIS staff would --------------------

    static bool HaveGdal => File.Exists("/usr/bin/ogr2ogr");

    string Shapefile(string name, string encoding, string? geojson = null, params string[] ogrOptions)
    {
        if (!HaveGdal)
        {
            if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_GDAL") == "1") throw new InvalidOperationException("ogr2ogr missing (PLANNER_REQUIRE_GDAL=1)");
            Assert.Skip("GDAL's ogr2ogr is not installed (apt-get install gdal-bin)");
        }
        var source = Write($"{name}-source.geojson", geojson ?? """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"SHP-1","name":"航海东路南侧城中村","township":"航海东路街道"},"geometry":{"type":"Polygon","coordinates":[[[113.708,34.696],[113.712,34.696],[113.712,34.699],[113.708,34.699],[113.708,34.696]]]}},
              {"type":"Feature","properties":{"code":"SHP-2","name":"十八里河村整治片区","township":"十八里河街道"},"geometry":{"type":"MultiPolygon","coordinates":[[[[113.722,34.661],[113.728,34.661],[113.728,34.666],[113.722,34.666],[113.722,34.661]],[[113.724,34.663],[113.725,34.663],[113.725,34.664],[113.724,34.664],[113.724,34.663]]]]}}
            ]}
            """);
        var target = Path.Combine(Folder, $"{name}.shp");
        Ogr2ogr(["-f", "ESRI Shapefile", "-lco", $"ENCODING={encoding}", .. ogrOptions, target, source]);
        return target;
    }

    static void Ogr2ogr(string[] arguments)
    {
        var run = Process.Start(new ProcessStartInfo("ogr2ogr", arguments) { RedirectStandardError = true })!;
        var error = run.StandardError.ReadToEnd();
        run.WaitForExit();
        Assert.True(run.ExitCode == 0, error);
    }

    /// <summary>Marks a .dbf record deleted ('*' in its first byte), as dBASE, ArcMap and QGIS do until the file is packed.</summary>
    static void MarkDeleted(string shp, int record)
    {
        using var dbf = File.Open(Path.ChangeExtension(shp, ".dbf"), FileMode.Open);
        var header = new byte[12];
        dbf.ReadExactly(header);
        dbf.Position = BitConverter.ToUInt16(header, 8) + (long)BitConverter.ToUInt16(header, 10) * record;
        dbf.WriteByte((byte)'*');
    }

    [Fact]
    public async Task A_record_marked_deleted_in_the_dbf_is_not_imported()
    {
        var path = Shapefile("deleted", "GBK");
        MarkDeleted(path, 0);
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "deleted", Programme = Programme.Fringe });
        Assert.Equal((1, 0), (report.New, report.Refused));
        await using var db = Open();
        Assert.Equal(["SHP-2"], await db.Sites.Where(s => s.Code.StartsWith("SHP-")).Select(s => s.Code).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_dbf_record_longer_than_32_KB_is_read()
    {
        // 140 text fields of 250 bytes: a record of ≈ 35 KB, past a signed 16-bit length.
        var fields = string.Join(",", Enumerable.Range(0, 140).Select(i => $"\"f{i:000}\":\"{new string('备', 80)}{i:0000000000}\""));
        var path = Shapefile("wide", "UTF-8", $$$"""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"WIDE-1","name":"宽记录",{{{fields}}},"township":"航海东路街道"},"geometry":{"type":"Polygon","coordinates":[[[113.708,34.696],[113.712,34.696],[113.712,34.699],[113.708,34.699],[113.708,34.696]]]}}]}
            """);
        using (var dbf = File.OpenRead(Path.ChangeExtension(path, ".dbf")))
        {
            var header = new byte[12];
            dbf.ReadExactly(header);
            Assert.True(BitConverter.ToUInt16(header, 10) > short.MaxValue);
        }
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "wide", Programme = Programme.Fringe, Fields = new Dictionary<string, string> { ["notes"] = "f139" } });
        Assert.Equal((1, 0), (report.New, report.Refused));
        await using var db = Open();
        Assert.Equal(new string('备', 80) + "0000000139", await db.Sites.Where(s => s.Code == "WIDE-1").Select(s => s.Notes).SingleAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_island_in_a_lake_keeps_its_hole_in_the_outer_polygon_and_stays_a_polygon_of_its_own()
    {
        // The island's first vertex lies inside the outer shell: a hole must go to the shell that contains it whole.
        var path = Shapefile("lake", "UTF-8", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"LAKE-1","name":"湖心岛片区"},"geometry":{"type":"MultiPolygon","coordinates":[
              [[[113.700,34.690],[113.716,34.690],[113.716,34.702],[113.700,34.702],[113.700,34.690]],[[113.704,34.693],[113.704,34.699],[113.712,34.699],[113.712,34.693],[113.704,34.693]]],
              [[[113.707,34.695],[113.709,34.695],[113.709,34.697],[113.707,34.697],[113.707,34.695]],[[113.7075,34.6955],[113.7075,34.6965],[113.7085,34.6965],[113.7085,34.6955],[113.7075,34.6955]]]
            ]}}]}
            """);
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "lake", Programme = Programme.Fringe });
        Assert.Equal((1, 0), (report.New, report.Refused));
        await using var db = Open();
        var geometry = (await db.Sites.SingleAsync(s => s.Code == "LAKE-1", TestContext.Current.CancellationToken)).Geometry;
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(i => (Polygon)geometry.GetGeometryN(i)).OrderByDescending(p => p.Area).ToList();
        Assert.Equal([1, 1], polygons.Select(p => p.NumInteriorRings));
        Assert.True(polygons[0].Holes[0].EnvelopeInternal.Contains(polygons[1].EnvelopeInternal));
        Assert.True(geometry.IsValid);
    }

    [Fact]
    public async Task A_Beijing_1954_shapefile_is_refused_with_the_datum_and_nothing_is_stored()
    {
        var path = Shapefile("bj54", "GBK", null, "-t_srs", "EPSG:2435");
        var problem = await RefusedWholeAsync(path, new ImportOptions { SourceKey = "bj54", Programme = Programme.Fringe });
        Assert.Equal("bj54.prj", problem.Where);
        Assert.Contains("北京 1954", problem.What);
        Assert.Contains("--towgs84", problem.What);
    }

    [Fact]
    public async Task A_Xian_1980_shapefile_is_refused_with_the_datum()
    {
        var path = Shapefile("xa80", "GBK", null, "-t_srs", "EPSG:2383");
        var problem = await RefusedWholeAsync(path, new ImportOptions { SourceKey = "xa80", Programme = Programme.Fringe });
        Assert.Contains("西安 1980", problem.What);
    }

    [Fact]
    public async Task With_seven_parameters_a_Beijing_1954_shapefile_lands_where_GDAL_puts_it()
    {
        const string shift = "24.6,-128.9,-44.3,0.9,-1.1,2.4,-3.2";
        var path = Shapefile("bj54p", "GBK", null, "-t_srs", "EPSG:2435");
        var reference = Path.Combine(Folder, "bj54p-gdal.geojson");
        Ogr2ogr(["-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=10", "-s_srs",
            $"+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=krass +towgs84={shift} +units=m +no_defs", "-t_srs", "EPSG:4326", reference, path]);
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "bj54p", Programme = Programme.Fringe }, datumShift: DatumShift.Parse(shift));
        Assert.Equal((2, 0), (report.New, report.Refused));
        var gdal = JsonNode.Parse(File.ReadAllText(reference))!["features"]!.AsArray()
            .ToDictionary(f => (string)f!["properties"]!["code"]!, f => f!["geometry"]!.ToJsonString());
        await using var db = Open();
        foreach (var site in await db.Sites.Where(s => s.Code.StartsWith("SHP-")).ToListAsync(TestContext.Current.CancellationToken))
        {
            // Ring orientation may differ (the store keeps shells counter-clockwise): the same vertices, in any order.
            var ours = site.Geometry.Coordinates.Distinct().OrderBy(c => c.X).ThenBy(c => c.Y).ToList();
            var theirs = GeoJsonGeometry.Parse(gdal[site.Code]).Coordinates.Distinct().OrderBy(c => c.X).ThenBy(c => c.Y).ToList();
            Assert.Equal(theirs.Count, ours.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                Assert.Equal(theirs[i].X, ours[i].X, 1e-7);
                Assert.Equal(theirs[i].Y, ours[i].Y, 1e-7);
            }
        }
    }

    /// <summary>The shapefile test's two sites (a polygon, a multipolygon with a hole) as GDAL writes a GeoPackage of them.</summary>
    string GeoPackage(string name, params string[] ogrOptions)
    {
        var shp = Shapefile(name + "-shp", "UTF-8");
        var target = Path.Combine(Folder, $"{name}.gpkg");
        Ogr2ogr(["-f", "GPKG", .. ogrOptions, target, Path.Combine(Folder, $"{name}-shp-source.geojson")]);
        return target;
    }

    [Fact]
    public async Task A_GeoPackage_from_GDAL_in_Gauss_Krueger_imports_where_GDAL_puts_it()
    {
        var path = GeoPackage("gk", "-t_srs", "EPSG:4547", "-nln", "整治片区");
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "gk", Programme = Programme.Fringe });
        Assert.Equal((2, 0), (report.New, report.Refused));
        Assert.StartsWith("EPSG:4547", report.Crs);
        await using var db = Open();
        var sites = await db.Sites.Include(s => s.Township).Where(s => s.Code.StartsWith("SHP-")).OrderBy(s => s.Code).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["航海东路南侧城中村", "十八里河村整治片区"], sites.Select(s => s.Name));
        Assert.Equal(1, ((Polygon)sites[1].Geometry.GetGeometryN(0)).NumInteriorRings);
        // Back from the projection onto the source's lon/lat: PROJ and ProjNet agree to well under a millimetre.
        Assert.All(sites[0].Geometry.Coordinates, c => Assert.Contains(new[] { (113.708, 34.696), (113.712, 34.696), (113.712, 34.699), (113.708, 34.699) },
            p => Math.Abs(p.Item1 - c.X) < 1e-8 && Math.Abs(p.Item2 - c.Y) < 1e-8));
    }

    [Fact]
    public async Task A_GeoPackage_on_Beijing_1954_is_refused_with_the_datum_and_one_without_features_says_so()
    {
        var problem = await RefusedWholeAsync(GeoPackage("bj54", "-t_srs", "EPSG:2435"));
        Assert.Contains("Beijing", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--towgs84", problem.ToString(), StringComparison.Ordinal);

        var notGpkg = Write("not.gpkg", "SQLite format 3\0 but not really");
        Assert.Contains("GeoPackage", (await RefusedWholeAsync(notGpkg)).ToString(), StringComparison.Ordinal);
        var attributesOnly = Path.Combine(Folder, "table.gpkg");
        Ogr2ogr(["-f", "GPKG", attributesOnly, Write("table.csv", "code,name\nT-1,表\n")]);
        Assert.Contains("不含要素图层", (await RefusedWholeAsync(attributesOnly)).ToString(), StringComparison.Ordinal);
    }

    /// <summary>The whole district exported as the command line does, into the test's folder.</summary>
    async Task<string> ExportDistrictAsync(Planner.Export.ExportFormat format)
    {
        var path = Path.Combine(Folder, "district" + Planner.Export.SiteExport.Extension(format));
        var today = new DateOnly(2026, 11, 1);
        await using var db = Open();
        await using var file = File.Create(path);
        await Planner.Export.SiteExport.WriteAsync(format, Planner.Export.ExportQuery.RowsAsync(db, new SiteFilter(), Planner.Users.SiteScope.District, today, TestContext.Current.CancellationToken),
            file, new Planner.Export.LedgerHeading("管城回族区", today), TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task The_districts_GeoPackage_export_reimports_onto_the_same_sites()
    {
        var path = await ExportDistrictAsync(Planner.Export.ExportFormat.GeoPackage);
        var before = await CountsAsync();
        // Three layers, one a programme, each row saying its programme: one import takes them all, matched by code.
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "gpkg" });
        Assert.True(report.Refused == 0, string.Join("\n", report.RefusedRows.Select(r => string.Join("; ", r.Problems))));
        Assert.Equal((112, 0, 112, 0), (report.Read, report.New, report.Updated, report.Refused));
        Assert.Equal(before.Sites, (await CountsAsync()).Sites);
    }

    /// <summary>An office's ledger as Excel saves it: a title row, shared strings, a date cell and a percentage cell, a 合计 row.</summary>
    string Ledger(string name, string[] header, params object?[][] rows)
    {
        var path = Path.Combine(Folder, name);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
        var styles = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorkbookStylesPart>();
        styles.Stylesheet = new DocumentFormat.OpenXml.Spreadsheet.Stylesheet(
            new DocumentFormat.OpenXml.Spreadsheet.Fonts(new DocumentFormat.OpenXml.Spreadsheet.Font()),
            new DocumentFormat.OpenXml.Spreadsheet.Fills(new DocumentFormat.OpenXml.Spreadsheet.Fill()),
            new DocumentFormat.OpenXml.Spreadsheet.Borders(new DocumentFormat.OpenXml.Spreadsheet.Border()),
            new DocumentFormat.OpenXml.Spreadsheet.CellFormats(
                new DocumentFormat.OpenXml.Spreadsheet.CellFormat(),
                new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 9, ApplyNumberFormat = true }));
        var strings = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.SharedStringTablePart>();
        strings.SharedStringTable = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable();
        var sheetPart = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
        var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
        DocumentFormat.OpenXml.Spreadsheet.Cell Cell(object? v) => v switch
        {
            DateOnly d => new DocumentFormat.OpenXml.Spreadsheet.Cell { CellValue = new(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)), StyleIndex = 1 },
            double x => new DocumentFormat.OpenXml.Spreadsheet.Cell { CellValue = new(x.ToString(System.Globalization.CultureInfo.InvariantCulture)), StyleIndex = (uint)(x < 1 ? 2 : 0) },
            string t => new DocumentFormat.OpenXml.Spreadsheet.Cell { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString, CellValue = new(AddString(t).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            _ => new DocumentFormat.OpenXml.Spreadsheet.Cell(),
        };
        int AddString(string t)
        {
            strings.SharedStringTable.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(t)));
            return strings.SharedStringTable.Count() - 1;
        }
        data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(Cell("管城回族区项目台账")) { RowIndex = 1 });
        data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(header.Select(h => Cell(h))) { RowIndex = 3 });
        uint r = 3;
        foreach (var row in rows) data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(row.Select(Cell)) { RowIndex = ++r });
        data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(Cell("合计"), Cell((double)rows.Length)) { RowIndex = ++r });
        sheetPart.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
        workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "台账" }));
        return path;
    }

    [Fact]
    public async Task An_Excel_ledger_with_WKT_imports_under_its_title_with_dates_and_percentages_as_shown()
    {
        var path = Ledger("ledger.xlsx", ["序号", "编号", "名称", "工程类别", "状态", "进度", "计划完工", "WKT"],
            [1.0, "XL-1", "城东路综合改造", "城市道路综合改造", "施工", 0.35, new DateOnly(2027, 6, 30), "LINESTRING (113.708 34.6975, 113.712 34.6975)"],
            [2.0, "XL-2", "南关小区改造", "老旧小区综合改造", "设计", 0.0, new DateOnly(2027, 3, 1), "POLYGON ((113.708 34.696, 113.712 34.696, 113.712 34.699, 113.708 34.699, 113.708 34.696))"]);
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "ledger" });
        Assert.True(report.Refused == 0, string.Join("\n", report.RefusedRows.SelectMany(r => r.Problems)));
        Assert.Equal((2, 2), (report.Read, report.New));
        await using var db = Open();
        var road = await db.Sites.SingleAsync(s => s.Code == "XL-1", TestContext.Current.CancellationToken);
        Assert.Equal((Programme.Road, SiteStatus.Construction, 35, new DateOnly(2027, 6, 30)), (road.Programme, road.Status, road.Progress, road.PlannedEnd));
        Assert.Equal(Programme.Compound, (await db.Sites.SingleAsync(s => s.Code == "XL-2", TestContext.Current.CancellationToken)).Programme);

        // A workbook written by GDAL (from a CSV with a WKT column, as ogr2ogr -f XLSX gives it) reads the same way.
        if (!HaveGdal && Environment.GetEnvironmentVariable("PLANNER_REQUIRE_GDAL") == "1") throw new InvalidOperationException("ogr2ogr missing (PLANNER_REQUIRE_GDAL=1)");
        if (HaveGdal)
        {
            var gdal = Path.Combine(Folder, "gdal.xlsx");
            Ogr2ogr(["-f", "XLSX", "-nln", "台账", gdal, Write("gdal.csv", "code,name,programme,wkt\nXL-3,紫荆山路段,road,\"LINESTRING (113.708 34.6985, 113.712 34.6985)\"\n")]);
            var fromGdal = await ImportAsync(gdal, new ImportOptions { SourceKey = "gdal-xlsx" });
            Assert.Equal((1, 1, 0), (fromGdal.Read, fromGdal.New, fromGdal.Refused));
        }

        // Without geometry columns it says what it looked for, and where.
        var none = Ledger("none.xlsx", ["编号", "名称"], ["X-1", "无坐标"]);
        Assert.Contains("前 30 行", (await RefusedWholeAsync(none)).ToString(), StringComparison.Ordinal);
        Assert.Contains("不是有效的 .xlsx", (await RefusedWholeAsync(Write("fake.xlsx", "not a zip"))).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_districts_ledger_edited_in_Excel_updates_the_fields_it_changes_and_keeps_every_shape()
    {
        var path = await ExportDistrictAsync(Planner.Export.ExportFormat.Xlsx);
        Dictionary<string, NetTopologySuite.Geometries.Geometry> shapes;
        await using (var db = Open()) shapes = await db.Sites.ToDictionaryAsync(s => s.Code, s => s.Geometry, TestContext.Current.CancellationToken);

        // The office changes one site's 责任人 in Excel.
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, true))
        {
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "老旧小区综合改造");
            var rows = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
            var header = rows.Single(r => r.RowIndex! == 3u).Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
            var column = header.FindIndex(c => c.InnerText == "责任人");
            var first = rows.Single(r => r.RowIndex! == 4u).Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
            Assert.Equal("GC-XQ-001", first[1].InnerText);
            first[column].InlineString = new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("新责任人"));
        }
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "district-ledger" });
        Assert.True(report.Refused == 0, string.Join("\n", report.RefusedRows.SelectMany(r => r.Problems)));
        Assert.Equal((112, 0, 112), (report.Read, report.New, report.Updated));
        await using (var db = Open())
        {
            var sites = await db.Sites.ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal("新责任人", sites.Single(s => s.Code == "GC-XQ-001").ResponsiblePerson);
            Assert.All(sites, s => Assert.True(s.Geometry.EqualsExact(shapes[s.Code]), s.Code));
        }

        // A point cannot start a site: a row with a code the district does not have is refused, saying why.
        var stray = Ledger("stray.xlsx", ["编号", "名称", "工程类别", "经度", "纬度"], ["NEW-1", "新项目", "老旧小区综合改造", 113.68, 34.74]);
        var refused = await ImportAsync(stray, new ImportOptions { SourceKey = "stray" });
        Assert.Equal((0, 1), (refused.New, refused.Refused));
        Assert.Contains("新项目需要线或面的轮廓", refused.RefusedRows.Single().Problems.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GBK_shapefile_round_trips_its_Chinese_names_and_holes()
    {
        var path = Shapefile("gbk", "GBK");
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "gbk", Programme = Programme.Fringe });
        Assert.Equal((2, 0), (report.New, report.Refused));
        await using var db = Open();
        var sites = await db.Sites.Include(s => s.Township).Where(s => s.Code.StartsWith("SHP-")).OrderBy(s => s.Code).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["航海东路南侧城中村", "十八里河村整治片区"], sites.Select(s => s.Name));
        Assert.Equal(["航海东路街道", "十八里河街道"], sites.Select(s => s.Township!.Name));
        Assert.Equal(1, ((NetTopologySuite.Geometries.Polygon)sites[1].Geometry.GetGeometryN(0)).NumInteriorRings);
    }

    [Fact]
    public async Task A_shapefile_that_does_not_say_its_code_page_is_read_as_GBK()
    {
        var path = Shapefile("unsaid", "GBK");
        File.Delete(Path.ChangeExtension(path, ".cpg"));
        using (var dbf = File.OpenWrite(Path.ChangeExtension(path, ".dbf"))) { dbf.Position = 29; dbf.WriteByte(0); }
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "unsaid", Programme = Programme.Fringe });
        Assert.Equal(2, report.New);
        await using var db = Open();
        Assert.True(await db.Sites.AnyAsync(s => s.Name == "航海东路南侧城中村", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_code_page_is_reported_per_row()
    {
        var path = Shapefile("wrongcp", "GBK");
        File.WriteAllText(Path.ChangeExtension(path, ".cpg"), "UTF-8");
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "wrongcp", Programme = Programme.Fringe });
        Assert.Equal(0, report.New);
        Assert.Contains("不是有效的 utf-8 文本", report.RefusedRows[0].Problems[0].What);
    }

    [Fact]
    public async Task A_truncated_shp_is_refused_with_the_place()
    {
        var path = Shapefile("cut", "UTF-8");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
        var problem = await RefusedWholeAsync(path, new ImportOptions { SourceKey = "cut", Programme = Programme.Fringe });
        Assert.Contains("被截断", problem.What);
        Assert.StartsWith("cut.shp", problem.Where);
    }

    [Fact]
    public async Task A_dbf_that_disagrees_with_the_shp_is_refused()
    {
        var path = Shapefile("pair", "UTF-8");
        var other = Shapefile("single", "UTF-8", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X","name":"单个"},"geometry":{"type":"Polygon","coordinates":[[[113.708,34.696],[113.712,34.696],[113.712,34.699],[113.708,34.696]]]}}]}
            """);
        File.Copy(Path.ChangeExtension(other, ".dbf"), Path.ChangeExtension(path, ".dbf"), overwrite: true);
        var problem = await RefusedWholeAsync(path, new ImportOptions { SourceKey = "pair", Programme = Programme.Fringe });
        Assert.Contains("不属于同一数据", problem.What);
    }

    [Fact]
    public async Task A_zipped_shapefile_imports()
    {
        var path = Shapefile("zipped", "GBK");
        var zip = Path.Combine(Folder, "upload.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            foreach (var ext in new[] { ".shp", ".shx", ".dbf", ".cpg", ".prj" })
                if (File.Exists(Path.ChangeExtension(path, ext))) archive.CreateEntryFromFile(Path.ChangeExtension(path, ext), "data/zipped" + ext);
        var report = await ImportAsync(zip, new ImportOptions { SourceKey = "zipped", Programme = Programme.Fringe });
        Assert.Equal(2, report.New);
    }

    // --- What cannot be a site of this district ---------------------------------------------

    [Fact]
    public async Task A_county_that_touches_the_district_is_refused_with_its_size_not_stored_as_a_fringe_zone()
    {
        // Zhengzhou's districts and counties (GCJ-02), as a careless file of "fringe zones" would bring them.
        var report = await ImportAsync(Path.Combine(DataV, "410100_full.json"),
            new ImportOptions { SourceKey = "zz", Programme = Programme.Fringe, Crs = SourceCrs.Gcj02, Fields = new Dictionary<string, string> { ["code"] = "adcode" } });
        Assert.Equal(0, report.Valid);
        var zhongmu = report.RefusedRows.Single(r => r.Code == "410122"); // 中牟县, which borders 南曹乡
        var what = string.Join(" ", zhongmu.Problems.Select(p => p.What));
        Assert.Matches(@"面积 1,4\d\d\.\d\d km²，超过城乡接合部项目的上限 30\.00 km²", what);
        Assert.Contains("位于本区内", what);
        Assert.All(zhongmu.Problems, p => Assert.StartsWith("410100_full.json 第 ", p.Where));
        Assert.Equal((112, 1044), await CountsAsync());
    }

    [Fact]
    public async Task A_site_mostly_outside_the_district_is_refused_with_the_share_inside()
    {
        await using var db = Open();
        var townships = await db.Townships.ToListAsync(TestContext.Current.CancellationToken);
        var district = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(townships.Select(t => (NetTopologySuite.Geometries.Geometry)t.Boundary).ToList());
        var west = district.Coordinates.MinBy(c => c.X)!;
        // A square of about 0.01° around the district's westmost point: most of it outside.
        string P(double x, double y) => FormattableString.Invariant($"[{x:0.#######},{y:0.#######}]");
        var ring = $"{P(west.X - 0.008, west.Y - 0.005)},{P(west.X + 0.002, west.Y - 0.005)},{P(west.X + 0.002, west.Y + 0.005)},{P(west.X - 0.008, west.Y + 0.005)},{P(west.X - 0.008, west.Y - 0.005)}";
        var path = Write("edge.geojson", $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"EDGE-1","name":"边上"},"geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]}}]}""");
        var report = await ImportAsync(path, new ImportOptions { SourceKey = "edge", Programme = Programme.Compound });
        var problem = Assert.Single(Assert.Single(report.RefusedRows).Problems);
        Assert.Matches(@"只有 \d+% 位于本区内（面积 \d+\.\d\d km²），至少应有 50%", problem.What);
        Assert.Equal("edge.geojson 第 1 个要素 geometry", problem.Where);
    }

    [Fact]
    public async Task A_coordinate_too_large_for_a_number_is_refused_at_its_row()
    {
        var csv = "编号,名称,wkt\nBIG-1,大数,\"POINT (1e999 1)\"\nBIG-2,大数线,\"LINESTRING (113.680 34.730, 1e999 34.731)\"\n";
        var report = await ImportAsync(Write("big.csv", csv), new ImportOptions { SourceKey = "big", Programme = Programme.Road });
        Assert.Equal((0, 2), (report.Valid, report.Refused));
        Assert.All(report.RefusedRows, r => Assert.Contains("不是有限数值", r.Problems[0].What));
        var lonLat = await ImportAsync(Write("points.csv", "编号,名称,lon,lat\nBIG-3,点,1e999,34.7\n"), new ImportOptions { SourceKey = "points", Programme = Programme.Road });
        Assert.Contains("不是有限数值", Assert.Single(lonLat.RefusedRows).Problems[0].What);
    }

    [Fact]
    public async Task A_zip_of_many_small_entries_of_zeros_is_refused()
    {
        var path = Path.Combine(Folder, "many.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 400; i++)
            {
                using var s = zip.CreateEntry($"part{i}.geojson", CompressionLevel.SmallestSize).Open();
                s.Write(zeros);
            }
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);
        Assert.Contains("zip 炸弹", (await RefusedWholeAsync(path)).What);
    }
}

public sealed class SqliteImportTests(PostgisServer server) : ImportTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisImportTests(PostgisServer server) : ImportTests(server, DatabaseEngine.Postgres);
