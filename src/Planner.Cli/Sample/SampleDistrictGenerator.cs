using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;
using Planner.Geometry;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Sample;

/// <summary>
/// Generates the sample district, Guancheng Hui District (管城回族区, adcode 410104), from the real
/// DataV boundary (GCJ-02, converted to CGCS2000): township boundaries that partition the district
/// (Voronoi cells around hand-placed seeds, clipped to it) and sites with plausible attributes and
/// histories, each history replayed through the real workflow. Deterministic: the same source gives
/// identical files.
/// </summary>
public sealed class SampleDistrictGenerator
{
    public const string DistrictAdcode = "410104";

    /// <summary>"Today" for the generated histories, so the files do not change from day to day.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 11, 1);

    // Seeds in GCJ-02 lon/lat where the sub-districts lie: the old town in the north-west corner,
    // the large rural township in the east.
    static readonly (string Code, string Name, double Lon, double Lat, int Compounds, int Roads, int Fringe)[] Seeds =
    [
        ("410104001", "北下街街道", 113.6725, 34.7600, 7, 3, 0),
        ("410104002", "西大街街道", 113.6640, 34.7480, 7, 3, 0),
        ("410104003", "南关街道", 113.6790, 34.7390, 7, 3, 0),
        ("410104004", "城东路街道", 113.7010, 34.7430, 6, 4, 0),
        ("410104005", "东大街街道", 113.6905, 34.7540, 6, 3, 0),
        ("410104006", "二里岗街道", 113.7150, 34.7300, 6, 4, 0),
        ("410104007", "陇海马路街道", 113.6700, 34.7230, 6, 4, 0),
        ("410104008", "紫荆山南路街道", 113.6920, 34.7200, 5, 4, 0),
        ("410104009", "航海东路街道", 113.7120, 34.6980, 5, 4, 2),
        ("410104010", "十八里河街道", 113.7000, 34.6450, 3, 4, 4),
        ("410104200", "南曹乡", 113.7900, 34.7100, 2, 4, 6),
    ];

    static readonly string[] RoadNames =
    [
        "管城街", "书院街", "商城路", "城东路", "东大街", "西大街", "南关街", "北下街", "紫荆山路", "陇海路", "航海路",
        "未来路", "二里岗南街", "城南路", "中州大道", "南三环", "京广路", "郑汴路", "东明路", "银莺路", "港湾路", "凤凰路",
        "文德路", "布厂街", "顺城街", "南曹路", "商都路", "金岱路", "长江东路", "经南八路", "连云路", "豫英路",
    ];
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    static readonly string[] GivenNames = ["建国", "卫东", "志强", "海燕", "丽娟", "国庆", "秀英", "建华", "红梅", "振华", "晓东", "春生", "玉兰", "德胜", "明辉", "爱民", "桂芳", "新民"];
    static readonly string[] VillageNames = ["南曹村", "刘庄村", "西刘庄村", "郭庄村", "老庄刘村", "大里村", "姚庄村", "前王庄村", "后王庄村", "河西袁村", "十八里河村", "小刘庄村", "于庄村", "杨庄村", "冯湾村", "宋庄村", "白庄村", "李南岗村"];
    static readonly string[] CompoundSuffixes = ["家属院", "小区", "宿舍", "新村"];
    static readonly string[] Employers = ["市二毛", "国棉三厂", "市电业局", "区粮食局", "郑州铝厂", "市建一公司", "区供销社", "市搪瓷厂", "豫剧团", "市交运公司"];
    static readonly Dictionary<Programme, string[]> Measures = new()
    {
        [Programme.Compound] = ["更换老旧雨污管网", "加装电梯", "外墙保温及屋面防水改造", "补齐消防设施", "规范非机动车停车棚", "清理楼道堆物", "增设充电桩", "改造小区道路及照明", "拆除私搭乱建"],
        [Programme.Road] = ["路面铣刨重铺", "人行道改造", "增设路灯", "强弱电入地", "规范占道经营", "修补井盖及检查井", "补植行道树", "施划停车泊位"],
        [Programme.Fringe] = ["拆除违法建设", "清运垃圾杂物", "整治黑臭水体", "硬化村内道路", "建设公厕", "扬尘治理及裸土覆盖", "规范散乱污企业"],
    };

    readonly Random rng = new(410104);
    readonly GaussKrugerZone zone = GaussKrugerZone.Get(38);
    readonly GeometryFactory metric = new(new PrecisionModel(), 0);

    public sealed record Result(int Townships, int Sites, double DistrictAreaSquareMetres);

    /// <summary>Reads the DataV city file (e.g. 410100_full.json) and writes the sample files to <paramref name="outputDirectory"/>.</summary>
    public Result Generate(string sourceFile, string outputDirectory)
    {
        var district = ReadDistrict(sourceFile);
        Directory.CreateDirectory(outputDirectory);
        SampleFiles.WriteCollection(Path.Combine(outputDirectory, SampleFiles.DistrictFile),
            [(district, new DistrictProperties(DistrictAdcode, "管城回族区", $"{Path.GetFileName(sourceFile)} (DataV, GCJ-02) converted to CGCS2000"))]);

        var districtMetric = ToMetric(district);
        var townships = Partition(districtMetric);
        SampleFiles.WriteCollection(Path.Combine(outputDirectory, SampleFiles.TownshipsFile),
            townships.Select(t => ((NetTopologySuite.Geometries.Geometry)AsMultiPolygon(ToLonLat(t.Cell)), new TownshipProperties(t.Code, t.Name))));

        var sites = new List<(NetTopologySuite.Geometries.Geometry, SiteProperties)>();
        var taken = new List<NetTopologySuite.Geometries.Geometry>();
        var names = new HashSet<string>();
        int compoundNo = 0, roadNo = 0, fringeNo = 0;
        foreach (var t in townships)
        {
            for (var i = 0; i < t.Compounds; i++)
                sites.Add(Compound(t, ++compoundNo, taken, names));
            for (var i = 0; i < t.Roads; i++)
                sites.Add(Road(t, ++roadNo, districtMetric, names));
            for (var i = 0; i < t.Fringe; i++)
                sites.Add(Fringe(t, ++fringeNo, taken, names));
        }
        SampleFiles.WriteCollection(Path.Combine(outputDirectory, SampleFiles.SitesFile), sites);
        return new Result(townships.Count, sites.Count, Measure.Area(district));
    }

    public static MultiPolygon ReadDistrict(string sourceFile) =>
        ReadDistricts(sourceFile).FirstOrDefault(d => d.Adcode == DistrictAdcode)?.Boundary
        ?? throw new ValidationFailedException(Path.GetFileName(sourceFile), $"has no feature with adcode {DistrictAdcode}");

    /// <summary>A county-level unit of a DataV city file, its boundary converted to CGCS2000.</summary>
    public sealed record District(string Adcode, string Name, MultiPolygon Boundary);

    /// <summary>Every county-level unit of a DataV city file (e.g. 410100_full.json), GCJ-02 converted to CGCS2000.</summary>
    public static IEnumerable<District> ReadDistricts(string sourceFile)
    {
        using var doc = GeoJsonGeometry.ParseFile(File.ReadAllBytes(sourceFile));
        var i = 0;
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var where = Localization.Place.Feature(Path.GetFileName(sourceFile), i++);
            var properties = feature.GetProperty("properties");
            var gcj = GeoJsonGeometry.Read(feature.GetProperty("geometry"), where);
            var cgcs = CoordinateTransform.Gcj02ToCgcs2000(gcj);
            if (!cgcs.IsValid) cgcs = GeometryValidator.Repair(cgcs);
            yield return new District(properties.GetProperty("adcode").GetRawText(), properties.GetProperty("name").GetString() ?? "",
                cgcs as MultiPolygon ?? Cgcs2000.Factory.CreateMultiPolygon([(Polygon)cgcs]));
        }
    }

    sealed record TownshipCell(string Code, string Name, NetTopologySuite.Geometries.Geometry Cell, int Compounds, int Roads, int Fringe);

    List<TownshipCell> Partition(NetTopologySuite.Geometries.Geometry district)
    {
        var seeds = Seeds.Select(s =>
        {
            var (lon, lat) = ChineseOffsets.Gcj02ToCgcs2000(s.Lon, s.Lat);
            var (x, y) = zone.Project(lon, lat);
            return new Coordinate(x, y);
        }).ToList();
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(seeds);
        var clip = new Envelope(district.EnvelopeInternal);
        clip.ExpandBy(5000);
        builder.ClipEnvelope = clip;
        var diagram = builder.GetDiagram(metric);
        var result = new List<TownshipCell>();
        for (var i = 0; i < Seeds.Length; i++)
        {
            var cell = diagram.Geometries.First(g => ((Coordinate)g.UserData).Equals2D(seeds[i]));
            var clipped = cell.Intersection(district);
            var s = Seeds[i];
            result.Add(new TownshipCell(s.Code, s.Name, clipped, s.Compounds, s.Roads, s.Fringe));
        }
        return result;
    }

    (NetTopologySuite.Geometries.Geometry, SiteProperties) Compound(TownshipCell t, int no, List<NetTopologySuite.Geometries.Geometry> taken, HashSet<string> names)
    {
        var shape = Place(t.Cell, taken, () =>
        {
            double w = Between(80, 260), h = Between(60, 200);
            Coordinate[] pts = rng.NextDouble() < 0.3
                ? [new(0, 0), new(w, 0), new(w, h * 0.5), new(w * 0.55, h * 0.5), new(w * 0.55, h), new(0, h), new(0, 0)]
                : [new(0, 0), new(w, 0), new(w, h), new(0, h), new(0, 0)];
            return metric.CreatePolygon(pts);
        });
        var road = Pick(RoadNames);
        var name = Unique(names, rng.NextDouble() switch
        {
            < 0.45 => $"{road}{rng.Next(1, 140)}号院",
            < 0.75 => $"{Pick(Employers)}{Pick(CompoundSuffixes)}",
            _ => $"{road}{Pick(CompoundSuffixes)}",
        });
        var buildings = rng.Next(2, 25);
        var households = buildings * rng.Next(12, 61);
        return (ToLonLat(shape), Common(t, Programme.Compound, $"GC-XQ-{no:000}", name) with
        {
            Community = $"{road[..2]}社区",
            BuildYear = rng.Next(1975, 2001),
            Buildings = buildings,
            Households = households,
            FloorArea = Math.Round(households * Between(55, 90)),
            PropertyManagement = rng.NextDouble() < 0.4,
            WorksClass = (rng.NextDouble() switch { < 0.5 => WorksClass.Basic, < 0.85 => WorksClass.Improvement, _ => WorksClass.Enhancement }).Code(),
            Budget = Money(80, 900),
        });
    }

    (NetTopologySuite.Geometries.Geometry, SiteProperties) Road(TownshipCell t, int no, NetTopologySuite.Geometries.Geometry district, HashSet<string> names)
    {
        NetTopologySuite.Geometries.Geometry? line = null;
        for (var attempt = 0; attempt < 500 && line is null; attempt++)
        {
            var start = RandomPointIn(t.Cell);
            var heading = rng.Next(4) * Math.PI / 2 + Between(-0.2, 0.2);
            var pts = new List<Coordinate> { start };
            var segments = rng.Next(2, 6);
            for (var s = 0; s < segments; s++)
            {
                heading += Between(-0.25, 0.25);
                var len = Between(150, 600);
                var last = pts[^1];
                pts.Add(new Coordinate(last.X + len * Math.Cos(heading), last.Y + len * Math.Sin(heading)));
            }
            var candidate = metric.CreateLineString(pts.ToArray());
            // Most of the road in this township, all of it in the district.
            if (district.Covers(candidate) && t.Cell.Intersection(candidate).Length > 0.6 * candidate.Length) line = candidate;
        }
        if (line is null) throw new InvalidOperationException($"could not place road {no} in {t.Name}");
        var (roadName, from, to) = (Pick(RoadNames), Pick(RoadNames), Pick(RoadNames));
        var grade = rng.NextDouble() switch { < 0.25 => "主干路", < 0.6 => "次干路", _ => "支路" };
        var width = grade switch { "主干路" => Between(30, 50), "次干路" => Between(20, 35), _ => Between(9, 18) };
        var name = Unique(names, $"{roadName}（{from}—{to}段）综合改造");
        return (ToLonLat(line), Common(t, Programme.Road, $"GC-DL-{no:000}", name) with
        {
            RoadName = roadName,
            From = from,
            To = to,
            Width = Math.Round(width, 1),
            Grade = grade,
            Budget = Money(150, 3500),
        });
    }

    (NetTopologySuite.Geometries.Geometry, SiteProperties) Fringe(TownshipCell t, int no, List<NetTopologySuite.Geometries.Geometry> taken, HashSet<string> names)
    {
        var shape = Place(t.Cell, taken, () =>
        {
            var radius = Between(350, 900);
            var n = rng.Next(8, 13);
            var pts = new Coordinate[n + 1];
            for (var i = 0; i < n; i++)
            {
                var a = 2 * Math.PI * i / n;
                var r = radius * Between(0.7, 1.0);
                pts[i] = new Coordinate(r * Math.Cos(a), r * Math.Sin(a));
            }
            pts[n] = pts[0].Copy();
            return metric.CreatePolygon(pts);
        });
        var villages = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Pick(VillageNames)).Distinct().ToList();
        var name = Unique(names, $"{villages[0].TrimEnd('村')}片区城乡接合部整治");
        return (ToLonLat(shape), Common(t, Programme.Fringe, $"GC-CX-{no:000}", name) with
        {
            Community = villages[0],
            Villages = string.Join("、", villages),
            HouseholdsToRelocate = rng.Next(0, 601),
            IllegalStructureArea = Math.Round(Between(2000, 80000)),
            Budget = Money(600, 6000),
        });
    }

    SiteProperties Common(TownshipCell t, Programme programme, string code, string name)
    {
        var plannedStart = new DateOnly(2025, 3, 1).AddDays(rng.Next(0, 730));
        var plannedEnd = plannedStart.AddDays(rng.Next(120, 541));
        var person = Person();
        var properties = new SiteProperties
        {
            Code = code,
            Name = name,
            Programme = programme.Code(),
            Township = t.Name,
            ResponsibleUnit = programme switch
            {
                Programme.Road => rng.NextDouble() < 0.5 ? "管城回族区住房和城乡建设局" : "管城回族区城市管理局",
                _ => t.Name.EndsWith('乡') ? $"{t.Name}人民政府" : $"{t.Name}办事处",
            },
            ResponsiblePerson = person,
            ResponsiblePhone = $"13{rng.Next(0, 10)}{rng.Next(10000000, 100000000)}",
            LeadOfficial = $"{Person()}（副区长）",
            PlannedStart = plannedStart,
            PlannedEnd = plannedEnd,
            Pilot = rng.NextDouble() < 0.1,
            Showcase = rng.NextDouble() < 0.08,
        };
        return properties with
        {
            History = History(programme, plannedStart, plannedEnd, $"{person}（{properties.ResponsibleUnit}）"),
            Tasks = Tasks(programme, plannedStart, plannedEnd),
        };
    }

    List<SampleProgress> History(Programme programme, DateOnly plannedStart, DateOnly plannedEnd, string by)
    {
        // Replayed through the real workflow so the sample can only hold legal histories.
        Site probe = programme switch
        {
            Programme.Road => new RoadSite { Code = "probe", Name = "probe" },
            Programme.Compound => new CompoundSite { Code = "probe", Name = "probe" },
            _ => new FringeSite { Code = "probe", Name = "probe" },
        };
        var history = new List<SampleProgress>();
        var day = plannedStart.AddDays(-rng.Next(30, 90));
        void Step(SiteStatus status, int percent, string note, DateOnly? actual = null)
        {
            // A site planned to start next year was still put on the list before the reference date: no record lies ahead
            // of it. (Only the date shown moves: the generator's draws, and so every other site, stay as they were.)
            var shown = day < ReferenceDate ? day : ReferenceDate.AddDays(-1 - (day.DayNumber - ReferenceDate.DayNumber) % 60);
            var at = new DateTimeOffset(shown.ToDateTime(new TimeOnly(rng.Next(8, 18), rng.Next(0, 60))), TimeSpan.Zero);
            probe.RecordProgress(status, percent, by, at, note, actual);
            history.Add(new SampleProgress(at, by, status.Code(), percent, note, actual));
        }
        bool Advance(int minDays, int maxDays)
        {
            var next = day.AddDays(rng.Next(minDays, maxDays + 1));
            if (next >= ReferenceDate) return false;
            day = next;
            return true;
        }

        Step(SiteStatus.Planning, 0, "纳入三项工程任务清单");
        var span = plannedEnd.DayNumber - plannedStart.DayNumber;
        // Sites differ in pace: some keep to plan, some slip and become overdue.
        var pace = Between(0.8, 1.5);
        if (!Advance(10, 40)) return history;
        Step(SiteStatus.Approved, 0, "区政府常务会研究立项");
        if (!Advance(15, 45)) return history;
        Step(SiteStatus.Design, 0, "完成方案设计，征求居民意见");
        if (rng.NextDouble() < 0.08 && Advance(10, 30))
        {
            Step(SiteStatus.Suspended, 0, "设计方案调整，暂停推进");
            if (!Advance(20, 60)) return history;
            Step(SiteStatus.Design, 0, "方案批复，恢复推进");
        }
        if (!Advance(15, 40)) return history;
        Step(SiteStatus.Tender, 0, "发布招标公告");
        if (!Advance(20, 35)) return history;
        Step(SiteStatus.Construction, 5, "确定施工单位，进场施工", day);
        var constructionDays = (int)(span * pace);
        var built = day;
        var percent = 5;
        while (percent < 100)
        {
            if (!Advance(20, 45)) return history;
            var elapsed = (day.DayNumber - built.DayNumber) / (double)Math.Max(constructionDays, 30);
            if (rng.NextDouble() < 0.04)
            {
                Step(SiteStatus.Suspended, percent, "管线迁改协调，暂停施工");
                if (!Advance(15, 45)) return history;
                Step(SiteStatus.Construction, percent, "协调完成，恢复施工");
                continue;
            }
            var target = Math.Min(100, (int)Math.Round(elapsed * 100 / 5) * 5);
            if (target <= percent) target = Math.Min(100, percent + 5);
            if (target >= 100) break;
            percent = target;
            Step(SiteStatus.Construction, percent, $"完成工程量{percent}%");
        }
        if (!Advance(5, 20)) return history;
        Step(SiteStatus.Completed, 100, "主体工程完工", day);
        if (!Advance(20, 60)) return history;
        Step(SiteStatus.Accepted, 100, "通过竣工验收");
        return history;
    }

    List<SampleTask> Tasks(Programme programme, DateOnly plannedStart, DateOnly plannedEnd)
    {
        var measures = Measures[programme].OrderBy(_ => rng.Next()).Take(rng.Next(1, 4)).ToList();
        return measures.Select(m =>
        {
            var deadline = plannedStart.AddDays(rng.Next(30, Math.Max(31, plannedEnd.DayNumber - plannedStart.DayNumber)));
            DateOnly? done = deadline < ReferenceDate && rng.NextDouble() < 0.7 ? deadline.AddDays(-rng.Next(0, 21)) : null;
            return new SampleTask(m, deadline, Person(), done);
        }).ToList();
    }

    NetTopologySuite.Geometries.Geometry Place(NetTopologySuite.Geometries.Geometry cell, List<NetTopologySuite.Geometries.Geometry> taken, Func<Polygon> makeShape)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var shape = makeShape();
            var centre = RandomPointIn(cell);
            var angle = Between(-0.5, 0.5);
            var transform = NetTopologySuite.Geometries.Utilities.AffineTransformation.RotationInstance(angle)
                .Translate(centre.X - shape.Centroid.X, centre.Y - shape.Centroid.Y);
            var placed = transform.Transform(shape);
            if (!cell.Covers(placed)) continue;
            var margin = placed.Buffer(30);
            if (taken.Any(t => t.Intersects(margin))) continue;
            taken.Add(placed);
            return placed;
        }
        throw new InvalidOperationException("could not place a site without overlap");
    }

    Coordinate RandomPointIn(NetTopologySuite.Geometries.Geometry area)
    {
        var e = area.EnvelopeInternal;
        for (var i = 0; i < 10000; i++)
        {
            var c = new Coordinate(Between(e.MinX, e.MaxX), Between(e.MinY, e.MaxY));
            if (area.Contains(metric.CreatePoint(c))) return c;
        }
        throw new InvalidOperationException("area too small to place a point in");
    }

    NetTopologySuite.Geometries.Geometry ToMetric(NetTopologySuite.Geometries.Geometry lonLat)
    {
        var g = CoordinateTransform.Apply(lonLat, (x, y) => zone.Project(x, y));
        g.SRID = 0;
        return metric.CreateGeometry(g);
    }

    NetTopologySuite.Geometries.Geometry ToLonLat(NetTopologySuite.Geometries.Geometry metricGeometry)
    {
        var g = Cgcs2000.Factory.CreateGeometry(metricGeometry);
        g = CoordinateTransform.Apply(g, (x, y) => zone.Unproject(x, y), Cgcs2000.Srid);
        return g;
    }

    static MultiPolygon AsMultiPolygon(NetTopologySuite.Geometries.Geometry g) =>
        g as MultiPolygon ?? Cgcs2000.Factory.CreateMultiPolygon([(Polygon)g]);

    double Between(double min, double max) => min + rng.NextDouble() * (max - min);
    T Pick<T>(T[] items) => items[rng.Next(items.Length)];
    decimal Money(double min, double max) => Math.Round((decimal)Between(min, max), 1);
    string Person() => Pick(Surnames) + Pick(GivenNames);

    static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++) candidate = $"{name}（{i}）";
        return candidate;
    }
}
