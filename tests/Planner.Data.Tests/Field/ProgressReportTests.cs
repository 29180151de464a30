using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO;
using Planner.Data;
using Planner.Field;
using Planner.Geometry;
using Planner.Photos;
using Planner.Sample;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;

namespace Planner.Tests.Field;

/// <summary>Progress reports with photos and their review, on both engines (the two subclasses at the bottom).</summary>
public abstract class ProgressReportTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));
    // A compound inside 南关街道, and a point in it and one about 450 m east of it.
    const string CompoundWkt = "POLYGON((113.6775 34.7360, 113.6790 34.7360, 113.6790 34.7372, 113.6775 34.7372, 113.6775 34.7360))";
    static readonly (double, double) OnSite = (113.6780, 34.7365);
    static readonly (double, double) FarAway = (113.6840, 34.7365);

    long siteId;
    int nanguan, other;

    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
        var site = await new SiteService(db).CreateAsync(new SiteDraft
        {
            Programme = Programme.Compound, Code = "FR-1", Name = "填报测试小区", Geometry = Wkt.Read(CompoundWkt),
            PlannedStart = new DateOnly(2026, 3, 1), PlannedEnd = new DateOnly(2026, 12, 31),
            Compound = new CompoundFields(1990, 4, 120, 8000, false, WorksClass.Basic),
        }, "规划员", overlapConfirmed: true);
        siteId = site.Id;
        nanguan = site.TownshipId;
        other = await db.Townships.Where(t => t.Id != nanguan).Select(t => t.Id).FirstAsync();
        await new SiteService(db).RecordProgressAsync(siteId, new ProgressUpdate(SiteStatus.Approved, 0), "规划员");
        await new SiteService(db).RecordProgressAsync(siteId, new ProgressUpdate(SiteStatus.Design, 0), "规划员");
        await new SiteService(db).RecordProgressAsync(siteId, new ProgressUpdate(SiteStatus.Tender, 0), "规划员");
    }

    (ProgressReportService Reports, PlannerDbContext Db) Service()
    {
        var db = Open();
        return (new ProgressReportService(db, new SiteService(db)), db);
    }

    static EvidencePhoto Photo((double, double)? gps = null, int seed = 0, DateTime? taken = null) =>
        PhotoReader.Read(TestPhotos.Jpeg(gps: gps, taken: taken ?? DistrictTime.System.LocalTime(DateTimeOffset.UtcNow), seed: seed), $"p{seed}.jpg", $"photos[{seed}]", "field", DistrictTime.System, FieldLimits.Default);

    SiteScope Field => SiteScope.Townships([nanguan]);

    [Fact]
    public async Task A_report_changes_nothing_until_a_planner_accepts_it_then_the_site_moves_and_the_history_names_both()
    {
        var (reports, db) = Service();
        await using (db)
        {
            var (report, created) = await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 10, SiteStatus.Construction, null, "进场施工"),
                [Photo(OnSite, 1), Photo(OnSite, 2)], "field", "南关街道巡查员", Field);
            Assert.True(created);
            Assert.Equal(ReportState.Pending, report.State);
        }
        await using (var check = Open())
        {
            var site = await check.Sites.SingleAsync(s => s.Id == siteId);
            Assert.Equal((SiteStatus.Tender, 0), (site.Status, site.Progress));
            Assert.Equal(2, await check.EvidencePhotos.CountAsync());
        }
        var (review, reviewDb) = Service();
        await using (reviewDb)
        {
            var pending = Assert.Single(await review.PendingAsync(SiteScope.District));
            Assert.Equal(2, pending.Photos.Count);
            Assert.All(pending.Photos, p => Assert.False(p.TooFar || p.TakenBeforeStep || p.DuplicateOf is not null));
            var accepted = await review.ReviewAsync(pending.Id, accept: true, null, "规划员", SiteScope.District);
            Assert.Equal(ReportState.Accepted, accepted.State);
        }
        await using (var check = Open())
        {
            var site = await check.Sites.Include(s => s.ProgressRecords).SingleAsync(s => s.Id == siteId);
            Assert.Equal((SiteStatus.Construction, 10), (site.Status, site.Progress));
            Assert.NotNull(site.ActualStart);
            var record = site.ProgressRecords.OrderBy(r => r.At).Last();
            Assert.Equal(("南关街道巡查员", "进场施工"), (record.By, record.Note));
            var history = await SiteHistory.LoadAsync(check, siteId);
            Assert.Equal("规划员", history[0].By);
            Assert.Contains("南关街道巡查员", HistoryNote.Render(history[0].Summary));
            Assert.Equal(ReportState.Accepted, (await check.ProgressReports.SingleAsync()).State);
        }
        // Reviewed once: a second review is refused.
        var (again, againDb) = Service();
        await using (againDb)
        {
            var id = await againDb.ProgressReports.Select(r => r.Id).SingleAsync();
            await Assert.ThrowsAsync<ValidationFailedException>(() => again.ReviewAsync(id, accept: false, "重复", "规划员", SiteScope.District));
        }
    }

    [Fact]
    public async Task A_report_below_the_sites_progress_is_flagged_for_the_reviewer_until_reviewed()
    {
        await using (var db = Open())
            await new SiteService(db).RecordProgressAsync(siteId, new ProgressUpdate(SiteStatus.Construction, 40), "规划员");
        var (reports, db2) = Service();
        await using (db2)
        {
            await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 25, null, null, "误填"), [Photo(OnSite, 31)], "field", "南关街道巡查员", Field);
            await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 40, null, null, "持平"), [Photo(OnSite, 32)], "field", "南关街道巡查员", Field);
            await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 55, null, null, "推进"), [Photo(OnSite, 33)], "field", "南关街道巡查员", Field);
        }
        var (review, db3) = Service();
        await using (db3)
        {
            var pending = await review.PendingAsync(SiteScope.District);
            Assert.Equal(pending.Count, await review.PendingCountAsync(SiteScope.District));
            Assert.Equal([(25, true), (40, false), (55, false)], pending.Select(r => (r.Percent, r.BelowSite)));
            Assert.All(pending, r => Assert.Equal(40, r.SiteProgress));
            Assert.Equal([true, false, false], pending.Select(r => r.Flagged));
            // Returned, it is no longer a question for the reviewer.
            await review.ReviewAsync(pending[0].Id, accept: false, "进度填错", "规划员", SiteScope.District);
            Assert.False((await review.SummaryAsync(pending[0].Id)).BelowSite);
        }
    }

    [Fact]
    public async Task A_returned_report_carries_its_reason_and_a_return_needs_one()
    {
        var (reports, db) = Service();
        await using (db)
        {
            var (report, _) = await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, null, null, "围挡已设"), [Photo(OnSite, 3)], "field", "巡查员", Field);
            var none = await Assert.ThrowsAsync<ValidationFailedException>(() => reports.ReviewAsync(report.Id, accept: false, " ", "规划员", SiteScope.District));
            Assert.Equal("reason", none.Problems[0].Where);
        }
        var (review, reviewDb) = Service();
        await using (reviewDb)
        {
            var id = await reviewDb.ProgressReports.Select(r => r.Id).SingleAsync();
            await review.ReviewAsync(id, accept: false, "照片看不清施工内容", "规划员", SiteScope.District);
            var listed = Assert.Single((await review.ListAsync(siteId, Field))!);
            Assert.Equal((ReportState.Returned, "照片看不清施工内容", "规划员"), (listed.State, listed.ReturnReason, listed.ReviewedBy));
        }
        await using var check = Open();
        var unchanged = await check.Sites.SingleAsync(s => s.Id == siteId);
        Assert.Equal((SiteStatus.Tender, 0), (unchanged.Status, unchanged.Progress));
    }

    [Fact]
    public async Task The_same_report_sent_twice_is_stored_once()
    {
        var clientId = Guid.NewGuid();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (reports, db) = Service();
            await using (db)
            {
                var (_, created) = await reports.SubmitAsync(siteId, new ReportSubmission(clientId, 0, null, null, "重发"), [Photo(OnSite, 4)], "field", "巡查员", Field);
                Assert.Equal(attempt == 0, created);
            }
        }
        await using var check = Open();
        Assert.Equal((1, 1), (await check.ProgressReports.CountAsync(), await check.EvidencePhotos.CountAsync()));
        // The id is the phone's: another user cannot reuse it.
        var (thief, thiefDb) = Service();
        await using (thiefDb)
            await Assert.ThrowsAsync<ValidationFailedException>(() =>
                thief.SubmitAsync(siteId, new ReportSubmission(clientId, 0, null, null, null), [Photo(OnSite, 5)], "other", "别人", SiteScope.District));
    }

    [Fact]
    public async Task Photos_far_away_taken_before_the_step_or_sent_before_are_flagged_for_the_reviewer()
    {
        var repeated = Photo(OnSite, 6);
        var (reports, db) = Service();
        await using (db)
            await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, null, null, null), [repeated], "field", "巡查员", Field);
        var (second, secondDb) = Service();
        await using (secondDb)
        {
            var again = PhotoReader.Read(repeated.Original, "again.jpg", "photos[0]", "field", DistrictTime.System, FieldLimits.Default);
            var far = Photo(FarAway, 7);
            var early = Photo(OnSite, 8, taken: new DateTime(2020, 1, 1, 8, 0, 0));
            await second.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, null, null, null), [again, far, early], "field", "巡查员", Field);
        }
        var (list, listDb) = Service();
        await using (listDb)
        {
            var newest = (await list.ListAsync(siteId, SiteScope.District))![0];
            var firstId = await listDb.EvidencePhotos.MinAsync(p => p.Id);
            Assert.Equal(firstId, newest.Photos[0].DuplicateOf);
            Assert.True(newest.Photos[1].TooFar);
            Assert.InRange(newest.Photos[1].DistanceMetres!.Value, 440, 470);
            Assert.True(newest.Photos[2].TakenBeforeStep);
            Assert.False(newest.Photos[2].TooFar);
        }
    }

    [Fact]
    public async Task Nothing_is_stored_for_a_report_that_is_refused_and_scope_is_enforced()
    {
        var (reports, db) = Service();
        await using (db)
        {
            // Tender → Completed skips the workflow; no photo; a note over its limit: all named at once.
            var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 100, SiteStatus.Completed, null, new string('长', 1001)), [], "field", "巡查员", Field));
            Assert.Equal(["note", "photos", "status"], refused.Problems.Select(p => p.Where).Order());
            await Assert.ThrowsAsync<SiteNotVisibleException>(() =>
                reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, null, null, null), [Photo(OnSite, 9)], "field", "巡查员", SiteScope.Townships([other])));
            Assert.Null(await reports.ListAsync(siteId, SiteScope.Townships([other])));
        }
        var (review, reviewDb) = Service();
        await using (reviewDb)
        {
            var (report, _) = await review.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, null, null, null), [Photo(OnSite, 10)], "field", "巡查员", Field);
            await Assert.ThrowsAsync<ReportNotVisibleException>(() => review.ReviewAsync(report.Id, true, null, "别处的规划员", SiteScope.Townships([other])));
        }
        await using var check = Open();
        Assert.Equal((1, 1), (await check.ProgressReports.CountAsync(), await check.EvidencePhotos.CountAsync()));
    }

    [Fact]
    public async Task Accepting_a_report_the_workflow_no_longer_allows_is_refused_and_leaves_it_pending()
    {
        long reportId;
        var (reports, db) = Service();
        await using (db)
            reportId = (await reports.SubmitAsync(siteId, new ReportSubmission(Guid.NewGuid(), 0, SiteStatus.Construction, null, null), [Photo(OnSite, 11)], "field", "巡查员", Field)).Report.Id;
        // Meanwhile a planner suspended the site: from there it can only go back to tendering.
        await using (var planner = Open())
            await new SiteService(planner).RecordProgressAsync(siteId, new ProgressUpdate(SiteStatus.Suspended, 0, "资金未到位"), "规划员");
        var (review, reviewDb) = Service();
        await using (reviewDb)
            await Assert.ThrowsAsync<ValidationFailedException>(() => review.ReviewAsync(reportId, true, null, "规划员", SiteScope.District));
        await using var check = Open();
        Assert.Equal(ReportState.Pending, (await check.ProgressReports.SingleAsync()).State);
        Assert.Equal(SiteStatus.Suspended, (await check.Sites.SingleAsync(s => s.Id == siteId)).Status);
    }
}

public sealed class SqliteProgressReportTests(PostgisServer server) : ProgressReportTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisProgressReportTests(PostgisServer server) : ProgressReportTests(server, DatabaseEngine.Postgres);
