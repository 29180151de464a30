using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Townships;

namespace Planner.Benchmarks;

/// <summary>Fills a seeded database with many more sites of every kind, spread over the sample townships. Deterministic.</summary>
static class SyntheticDistrict
{
    public static async Task AddSitesAsync(string connectionString, int count)
    {
        var rng = new Random(4490);
        var zone = GaussKrugerZone.Get(38);
        List<Township> townships;
        await using (var db = PlannerDatabase.Open(connectionString)) townships = db.Townships.ToList();
        var prepared = townships.Select(t => (Township: t, Shape: PreparedGeometryFactory.Prepare(t.Boundary))).ToList();
        var weights = townships.Select(t => Math.Sqrt(t.AreaSquareMetres)).ToArray();
        var at = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        const int batch = 2000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = PlannerDatabase.Open(connectionString);
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var (township, shape) = prepared[Pick(rng, weights)];
                var e = township.Boundary.EnvelopeInternal;
                Coordinate c;
                do c = new Coordinate(e.MinX + rng.NextDouble() * e.Width, e.MinY + rng.NextDouble() * e.Height);
                while (!shape.Contains(Cgcs2000.Factory.CreatePoint(c)));
                var (x0, y0) = zone.Project(c.X, c.Y);
                var kind = rng.NextDouble() switch { < 0.55 => Programme.Compound, < 0.9 => Programme.Road, _ => Programme.Fringe };
                Coordinate[] metric = kind switch
                {
                    Programme.Road => Enumerable.Range(0, 4).Select(k => new Coordinate(x0 + k * 150 + rng.Next(-20, 20), y0 + rng.Next(-60, 60))).ToArray(),
                    Programme.Compound => Box(x0, y0, 60 + rng.Next(200), 50 + rng.Next(150)),
                    _ => Enumerable.Range(0, 13).Select(k => k == 12 ? 0 : k).Select(k =>
                        {
                            var r = 250 + (k * 37 % 11) * 20;
                            return new Coordinate(x0 + r * Math.Cos(k * Math.PI / 6), y0 + r * Math.Sin(k * Math.PI / 6));
                        }).ToArray(),
                };
                var lonLat = metric.Select(m => { var (lon, lat) = zone.Unproject(m.X, m.Y); return new Coordinate(lon, lat); }).ToArray();
                NetTopologySuite.Geometries.Geometry geometry = kind == Programme.Road
                    ? Cgcs2000.Factory.CreateLineString(lonLat)
                    : Cgcs2000.Factory.CreatePolygon(lonLat);
                Site site = kind switch
                {
                    Programme.Road => new RoadSite { Code = $"BM-DL-{i:00000}", Name = $"测试道路{i}" },
                    Programme.Compound => new CompoundSite { Code = $"BM-XQ-{i:00000}", Name = $"测试小区{i}" },
                    _ => new FringeSite { Code = $"BM-CX-{i:00000}", Name = $"测试片区{i}" },
                };
                site.TownshipId = township.Id;
                site.PlannedStart = new DateOnly(2025, 3, 1).AddDays(rng.Next(400));
                site.PlannedEnd = site.PlannedStart.Value.AddDays(200 + rng.Next(300));
                site.SetGeometry(geometry);
                site.RecordProgress(SiteStatus.Planning, 0, "bench", at, "created");
                var target = rng.Next(6);
                for (var s = SiteStatus.Approved; s <= (SiteStatus)Math.Min(target, 4); s++)
                    site.RecordProgress(s, s == SiteStatus.Construction ? rng.Next(0, 101) : 0, "bench", at);
                db.Sites.Add(site);
            }
            await db.SaveChangesAsync();
        }
    }

    static Coordinate[] Box(double x, double y, double w, double h) =>
        [new(x, y), new(x + w, y), new(x + w, y + h), new(x, y + h), new(x, y)];

    static int Pick(Random rng, double[] weights)
    {
        var r = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r <= 0) return i;
        }
        return weights.Length - 1;
    }
}
