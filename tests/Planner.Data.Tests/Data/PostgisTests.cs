using Microsoft.EntityFrameworkCore;
using Npgsql;
using Planner.Data;
using Planner.Geometry;
using Planner.Sample;

namespace Planner.Tests.Data;

/// <summary>What only PostGIS has: real geometry columns, a GiST index, and PostGIS's own measurements.</summary>
public sealed class PostgisTests(PostgisServer server) : DatabaseTest(server, DatabaseEngine.Postgres)
{
    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    async Task<List<object[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Geometry_lives_in_real_PostGIS_columns_with_a_GiST_index()
    {
        var columns = await QueryAsync("SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns ORDER BY 1, 2");
        Assert.Equal([["problem_cases", "geom", "POINT", 4490], ["site_revisions", "after_geom", "GEOMETRY", 4490], ["site_revisions", "before_geom", "GEOMETRY", 4490],
            ["sites", "geom", "GEOMETRY", 4490], ["townships", "boundary", "MULTIPOLYGON", 4490]], columns.Select(r => r.ToArray()));
        // Searched by place: sites, townships and cases (a revision's geometry is read with its revision, never searched).
        var indexes = await QueryAsync("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%' ORDER BY 1");
        Assert.Equal(["problem_cases_geom", "sites_geom_gist", "townships_boundary_gist"], indexes.Select(r => (string)r[0]));
        var invalid = await QueryAsync("SELECT code FROM sites WHERE NOT ST_IsValid(geom)");
        Assert.Empty(invalid);
    }

    [Fact]
    public async Task Our_areas_agree_with_PostGIS_ST_Area_in_the_Gauss_Kruger_zone()
    {
        // PostGIS projects with PROJ: an independent check of the stored area_m2 for every polygonal site.
        var rows = await QueryAsync("SELECT code, area_m2, ST_Area(ST_Transform(geom, 4547)), length_m, ST_Perimeter(ST_Transform(geom, 4547)) + ST_Length(ST_Transform(geom, 4547)) FROM sites");
        Assert.InRange(rows.Count, 100, 130);
        foreach (var r in rows)
        {
            if (r[1] is double ours)
                Assert.True(Math.Abs(ours - (double)r[2]) / (double)r[2] < 1e-6, $"{r[0]}: {ours} m² vs PostGIS {(double)r[2]} m²");
            Assert.True(Math.Abs((double)r[3] - (double)r[4]) < 0.001, $"{r[0]}: {r[3]} m vs PostGIS {r[4]} m");
        }
    }

    [Fact]
    public async Task Spatial_SQL_runs_on_the_stored_geometry()
    {
        // A leader's question in SQL: which sites lie in 南关街道? Answered by PostGIS over the GiST index.
        var rows = await QueryAsync("""
            SELECT s.code FROM sites s JOIN townships t ON ST_Intersects(s.geom, t.boundary)
            WHERE t.name = '南关街道' AND s.geom && t.boundary ORDER BY s.code
            """);
        await using var db = Open();
        var township = await db.Townships.SingleAsync(t => t.Name == "南关街道");
        var sites = await db.Sites.ToListAsync();
        var expected = sites.Where(s => s.Geometry.Intersects(township.Boundary)).Select(s => s.Code).Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => (string)r[0]));
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task Sites_read_back_through_EF_equal_PostGIS_text()
    {
        var rows = await QueryAsync("SELECT code, ST_AsText(ST_Normalize(geom)) FROM sites ORDER BY code LIMIT 5");
        await using var db = Open();
        foreach (var r in rows)
        {
            var site = await db.Sites.SingleAsync(s => s.Code == (string)r[0]);
            var fromPostgis = new NetTopologySuite.IO.WKTReader().Read((string)r[1]);
            Assert.True(site.Geometry.EqualsExact(fromPostgis.Normalized().Reverse().Normalized()) || site.Geometry.Normalized().EqualsExact(fromPostgis.Normalized()),
                $"{r[0]} differs: {site.Geometry.AsText()} vs {r[1]}");
        }
    }
}
