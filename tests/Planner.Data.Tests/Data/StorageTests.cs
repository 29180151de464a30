using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Data;
using Planner.Geometry;
using Planner.Sample;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Data;

/// <summary>The same storage behaviour, asserted on both engines (see the two subclasses at the bottom).</summary>
public abstract class StorageTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    // A small compound inside 南关街道 (see data/guancheng/townships.geojson).
    const string CompoundWkt = "POLYGON((113.6775 34.7360, 113.6790 34.7360, 113.6790 34.7372, 113.6775 34.7372, 113.6775 34.7360))";

    static SiteDraft Compound(string code, string wkt = CompoundWkt, string? township = null) => new()
    {
        Programme = Programme.Compound,
        Code = code,
        Name = "测试家属院",
        Geometry = Wkt.Read(wkt),
        TownshipCode = township,
        PlannedStart = new DateOnly(2026, 3, 1),
        PlannedEnd = new DateOnly(2026, 12, 31),
        Budget = 320.5m,
        Compound = new CompoundFields(1988, 6, 240, 15600, false, WorksClass.Improvement),
    };

    async Task<(int Sites, int Records, int Tasks, int Townships)> CountsAsync()
    {
        await using var db = Open();
        return (await db.Sites.CountAsync(), await db.ProgressRecords.CountAsync(), await db.SiteTasks.CountAsync(), await db.Townships.CountAsync());
    }

    [Fact]
    public async Task Migrations_are_recorded_and_rerunning_applies_nothing()
    {
        await using var db = Open();
        Assert.Empty(await MigrationRunner.MigrateAsync(db));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM schema_migrations";
        Assert.Equal(MigrationRunner.Available(Engine).Count, Convert.ToInt32(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task The_sample_district_is_seeded_once()
    {
        var (sites, records, tasks, townships) = await CountsAsync();
        Assert.Equal(11, townships);
        Assert.InRange(sites, 100, 130);
        Assert.True(records > sites * 3);
        Assert.True(tasks > 0);
        await using var db = Open();
        Assert.False((await SampleDistrictSeeder.SeedAsync(db, Paths.Data)).Seeded);
        Assert.Equal(sites, await db.Sites.CountAsync());
        var programmes = await db.Sites.GroupBy(s => EF.Property<string>(s, "programme")).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(new Dictionary<string, int> { ["compound"] = 60, ["road"] = 40, ["fringe"] = 12 }, programmes.ToDictionary(p => p.Key, p => p.Count));
    }

    [Fact]
    public async Task Geometry_and_fields_round_trip_exactly()
    {
        await using (var db = Open())
        {
            var site = await new SiteService(db).CreateAsync(Compound("RT-1"), "planner.wang", overlapConfirmed: true);
            Assert.Equal("410104003", (await db.Townships.FindAsync(site.TownshipId))!.Code);
        }
        await using (var db = Open())
        {
            var site = (CompoundSite)await db.Sites.Include(s => s.ProgressRecords).SingleAsync(s => s.Code == "RT-1");
            Assert.Equal(Wkt.Read(CompoundWkt).Normalized().AsText(), site.Geometry.Normalized().AsText());
            Assert.Equal(Cgcs2000.Srid, site.Geometry.SRID);
            Assert.Equal(Measure.Area(Wkt.Read(CompoundWkt)), site.AreaSquareMetres!.Value, 6);
            Assert.Equal((1988, 6, 240, WorksClass.Improvement, false), (site.BuildYear, site.Buildings, site.Households, site.WorksClass, site.HasPropertyManagement));
            Assert.Equal(320.5m, site.Budget);
            Assert.Equal(new DateOnly(2026, 12, 31), site.PlannedEnd);
            Assert.Equal(SiteStatus.Planning, site.Status);
            var record = Assert.Single(site.ProgressRecords);
            Assert.Equal(("planner.wang", SiteStatus.Planning, 0), (record.By, record.Status, record.Percent));
            Assert.Equal(1, site.Version);
        }
    }

    [Fact]
    public async Task An_invalid_geometry_is_refused_and_nothing_is_stored()
    {
        var before = await CountsAsync();
        await using var db = Open();
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => new SiteService(db).CreateAsync(
            Compound("BAD-1", "POLYGON((113.6775 34.7360, 113.6790 34.7372, 113.6790 34.7360, 113.6775 34.7372, 113.6775 34.7360))"), "planner"));
        Assert.Contains(e.Problems, p => p.Where.StartsWith("geometry 位于 113.67825") && p.What.Contains("自相交"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_township_code_that_does_not_exist_is_refused()
    {
        var before = await CountsAsync();
        await using var db = Open();
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => new SiteService(db).CreateAsync(Compound("BAD-2", township: "410104999"), "planner"));
        Assert.Equal(new Problem("township", "没有代码为 410104999 的乡/街道"), Assert.Single(e.Problems));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_site_outside_every_township_is_refused()
    {
        await using var db = Open();
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => new SiteService(db).CreateAsync(
            Compound("BAD-3", "POLYGON((116.30 39.90, 116.31 39.90, 116.31 39.91, 116.30 39.91, 116.30 39.90))"), "planner"));
        Assert.Contains("不在本区任何乡/街道范围内", Assert.Single(e.Problems).What);
    }

    [Fact]
    public async Task Duplicate_codes_and_empty_names_are_refused_together()
    {
        await using var db = Open();
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => new SiteService(db).CreateAsync(
            Compound("GC-XQ-001") with { Name = "  ", PlannedEnd = new DateOnly(2026, 1, 1) }, "planner"));
        Assert.Contains(e.Problems, p => p.Where == "code" && p.What.Contains("已存在"));
        Assert.Contains(e.Problems, p => p.Where == "name");
        Assert.Contains(e.Problems, p => p.Where == "plannedEnd" && p.What.Contains("早于计划开工日期"));
    }

    [Fact]
    public async Task An_illegal_status_jump_is_refused_and_the_site_is_unchanged()
    {
        long id;
        await using (var db = Open()) id = (await new SiteService(db).CreateAsync(Compound("JUMP-1"), "planner", overlapConfirmed: true)).Id;
        await using (var db = Open())
        {
            var e = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                new SiteService(db).RecordProgressAsync(id, new ProgressUpdate(SiteStatus.Construction, 30), "planner"));
            Assert.Contains(e.Problems, p => p.Where == "status" && p.What.Contains("下一步只能是：“立项”（approved）"));
        }
        await using (var db = Open())
        {
            var site = await db.Sites.Include(s => s.ProgressRecords).SingleAsync(s => s.Id == id);
            Assert.Equal((SiteStatus.Planning, 0, 1, 1), (site.Status, site.Progress, site.Version, site.ProgressRecords.Count));
        }
    }

    [Fact]
    public async Task A_progress_that_contradicts_the_status_is_refused()
    {
        long id;
        await using (var db = Open()) id = (await new SiteService(db).CreateAsync(Compound("PCT-1"), "planner", overlapConfirmed: true)).Id;
        await using (var db = Open())
        {
            var e = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                new SiteService(db).RecordProgressAsync(id, new ProgressUpdate(SiteStatus.Approved, 40), "planner"));
            Assert.Equal("progress", Assert.Single(e.Problems).Where);
        }
        await using (var db = Open()) Assert.Equal(1, await db.ProgressRecords.CountAsync(r => r.SiteId == id));
    }

    [Fact]
    public async Task Progress_moves_the_version_and_appends_records()
    {
        long id;
        await using (var db = Open()) id = (await new SiteService(db).CreateAsync(Compound("WF-1"), "planner", overlapConfirmed: true)).Id;
        await using (var db = Open())
        {
            var service = new SiteService(db);
            await service.RecordProgressAsync(id, new ProgressUpdate(SiteStatus.Approved, 0, "立项"), "planner", expectedVersion: 1);
            var site = await service.RecordProgressAsync(id, new ProgressUpdate(SiteStatus.Design, 0), "planner", expectedVersion: 2);
            Assert.Equal(3, site.Version);
        }
        await using (var db = Open())
        {
            var statuses = await db.ProgressRecords.Where(r => r.SiteId == id).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync();
            Assert.Equal([SiteStatus.Planning, SiteStatus.Approved, SiteStatus.Design], statuses);
        }
    }

    [Fact]
    public async Task Concurrent_edits_never_overwrite_each_other()
    {
        long id;
        await using (var db = Open()) id = (await new SiteService(db).CreateAsync(Compound("CC-1"), "planner", overlapConfirmed: true)).Id;
        await using var first = Open();
        await using var second = Open();
        var a = await first.Sites.SingleAsync(s => s.Id == id);
        var b = await second.Sites.SingleAsync(s => s.Id == id);
        a.RecordProgress(SiteStatus.Approved, 0, "planner.a", DateTimeOffset.UtcNow);
        await first.SaveChangesAsync();
        b.RecordProgress(SiteStatus.Suspended, 0, "planner.b", DateTimeOffset.UtcNow, "暂缓");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        // And through the service: a stale expected version is refused before anything is written.
        await using var third = Open();
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            new SiteService(third).RecordProgressAsync(id, new ProgressUpdate(SiteStatus.Design, 0), "planner.c", expectedVersion: 1));
        Assert.Equal(2, conflict.CurrentVersion);
        await using var check = Open();
        var stored = await check.Sites.SingleAsync(s => s.Id == id);
        Assert.Equal((SiteStatus.Approved, 2), (stored.Status, stored.Version));
        Assert.Equal(2, await check.ProgressRecords.CountAsync(r => r.SiteId == id));
    }

    [Fact]
    public async Task Progress_records_and_the_audit_history_are_append_only_in_the_database_itself()
    {
        await using (var seed = Open()) await new SiteService(seed).CreateAsync(Compound("AUDIT-1"), "planner", overlapConfirmed: true);
        await using var db = Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in new[]
                 {
                     "UPDATE progress_records SET percent = 99 WHERE id = 1", "DELETE FROM progress_records WHERE id = 1",
                     "UPDATE site_revisions SET by_user = 'someone else'", "DELETE FROM site_revisions",
                 })
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            var e = await Assert.ThrowsAnyAsync<DbException>(() => cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", e.Message);
        }
    }

    [Fact]
    public async Task History_keeps_each_version_s_geometry_as_geometry_and_still_restores_a_snapshot_written_as_GeoJSON_text()
    {
        var ct = TestContext.Current.CancellationToken;
        const string moved = "POLYGON((113.6776 34.7361, 113.6791 34.7361, 113.6791 34.7373, 113.6776 34.7373, 113.6776 34.7361))";
        long id;
        await using (var db = Open())
        {
            var service = new SiteService(db);
            id = (await service.CreateAsync(Compound("SNAP-1"), "planner", overlapConfirmed: true)).Id;
            await service.UpdateAsync(id, Compound("SNAP-1", moved) with { Name = "改名" }, 1, "planner", overlapConfirmed: true);
        }
        await using (var db = Open())
        {
            var revisions = await db.SiteRevisions.AsNoTracking().Where(r => r.SiteId == id).OrderBy(r => r.Version).ToListAsync(ct);
            Assert.Equal(2, revisions.Count);
            // The geometry is stored as geometry, once per snapshot, and not again as text inside the JSON.
            Assert.True(revisions[0].AfterGeometry!.EqualsExact(Wkt.Read(CompoundWkt)), revisions[0].AfterGeometry!.AsText());
            Assert.True(revisions[1].BeforeGeometry!.EqualsExact(Wkt.Read(CompoundWkt)));
            Assert.True(revisions[1].AfterGeometry!.EqualsExact(Wkt.Read(moved)));
            Assert.Contains("\"geometry\":null", revisions[1].After);
            Assert.Contains("改名", revisions[1].After);
            var history = await SiteHistory.LoadAsync(db, id, ct);
            Assert.Equal(["geometry", "name"], history[0].Changed.Order());
        }

        // A revision written before the geometry had a column of its own: the outline is inside the Feature.
        const string legacy = "POLYGON((113.6777 34.7362, 113.6789 34.7362, 113.6789 34.7371, 113.6777 34.7371, 113.6777 34.7362))";
        await using (var db = Open())
        {
            var site = await db.Sites.Include(s => s.Township).SingleAsync(s => s.Id == id, ct);
            var feature = SiteFeature.Snapshot(site).Replace("\"geometry\":null",
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[113.6777,34.7362],[113.6789,34.7362],[113.6789,34.7371],[113.6777,34.7371],[113.6777,34.7362]]]}");
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO site_revisions (site_id, version, at, by_user, action, summary, before, after) VALUES " +
                                 $"({id}, 2, {(Engine == DatabaseEngine.Postgres ? "now()" : "0")}, 'earlier', 'edited', 'old form', NULL, @after)";
            var parameter = insert.CreateParameter();
            parameter.ParameterName = "after";
            parameter.Value = feature;
            insert.Parameters.Add(parameter);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using (var db = Open())
        {
            var old = await db.SiteRevisions.AsNoTracking().SingleAsync(r => r.SiteId == id && r.Summary == "old form", ct);
            Assert.Null(old.AfterGeometry);
            var restored = await new SiteService(db).RestoreAsync(id, old.Id, before: false, expectedVersion: 2, "planner", overlapConfirmed: true, ct);
            Assert.True(restored.Geometry.EqualsExact(Wkt.Read(legacy)), restored.Geometry.AsText());
            var history = await SiteHistory.LoadAsync(db, id, ct);
            Assert.Contains("geometry", history[0].Changed);
        }
    }

    [Fact]
    public async Task Ledger_tasks_are_added_completed_and_bump_the_site_version()
    {
        long id;
        await using (var db = Open()) id = (await new SiteService(db).CreateAsync(Compound("TASK-1"), "planner", overlapConfirmed: true)).Id;
        long taskId;
        await using (var db = Open())
        {
            var task = await new SiteService(db).AddTaskAsync(id, new TaskDraft("加装电梯", new DateOnly(2026, 6, 30), "王建国"), "planner");
            taskId = task.Id;
            var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => new SiteService(db).AddTaskAsync(id, new TaskDraft(" ", new DateOnly(2026, 6, 30), ""), "planner"));
            Assert.Equal(["measure", "responsiblePerson"], empty.Problems.Select(p => p.Where));
        }
        await using (var db = Open())
        {
            await new SiteService(db).CompleteTaskAsync(taskId, new DateOnly(2026, 6, 20), "planner");
        }
        await using (var db = Open())
        {
            var site = await db.Sites.Include(s => s.Tasks).SingleAsync(s => s.Id == id);
            Assert.Equal(LedgerState.Done, Assert.Single(site.Tasks).StateOn(new DateOnly(2026, 7, 1)));
            Assert.Equal(3, site.Version);
        }
    }

    [Fact]
    public async Task Overdue_sites_can_be_found_in_the_database()
    {
        var today = new DateOnly(2026, 11, 1);
        await using var db = Open();
        var overdue = await db.Sites
            .Where(s => s.PlannedEnd < today && s.Status != SiteStatus.Completed && s.Status != SiteStatus.Accepted)
            .Select(s => s.Code).ToListAsync();
        var all = await db.Sites.ToListAsync();
        Assert.Equal(all.Where(s => s.IsOverdue(today)).Select(s => s.Code).Order(), overdue.Order());
        Assert.NotEmpty(overdue);
    }

    [Fact]
    public async Task Bounding_box_query_finds_the_sites_in_a_box()
    {
        await using var db = Open();
        var box = new Envelope(113.66, 113.70, 34.73, 34.77);
        var inBox = await db.Sites.Where(s => s.MinLon <= box.MaxX && s.MaxLon >= box.MinX && s.MinLat <= box.MaxY && s.MaxLat >= box.MinY).ToListAsync();
        var all = await db.Sites.ToListAsync();
        var expected = all.Where(s => s.Geometry.EnvelopeInternal.Intersects(box)).Select(s => s.Code).Order();
        Assert.Equal(expected, inBox.Select(s => s.Code).Order());
        Assert.NotEmpty(inBox);
    }
}

public sealed class SqliteStorageTests(PostgisServer server) : StorageTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisStorageTests(PostgisServer server) : StorageTests(server, DatabaseEngine.Postgres);
