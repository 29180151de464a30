using Planner.Sites;

namespace Planner.Tests.Sites;

/// <summary>"Today" is the district's date (Asia/Shanghai by default), whatever the server's own zone.</summary>
public sealed class DistrictTimeTests
{
    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc; // a server kept on UTC
    }

    [Fact]
    public void After_4_pm_UTC_it_is_already_tomorrow_in_the_district_and_deadlines_follow()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero));
        var shanghai = new DistrictTime(clock, DistrictTime.DefaultZone);
        Assert.Equal(new DateOnly(2026, 12, 2), shanghai.Today);
        Assert.Equal(new DateOnly(2026, 12, 1), DateOnly.FromDateTime(clock.GetLocalNow().DateTime)); // what the server's zone says
        // A site due on 1 December is overdue in Zhengzhou from midnight local time, not from 8 am.
        Assert.True(SiteWorkflow.IsOverdue(SiteStatus.Construction, new DateOnly(2026, 12, 1), shanghai.Today));
        Assert.Equal(new DateOnly(2026, 12, 1), new DistrictTime(clock, DistrictTime.FindZone("Europe/London")).Today);
    }

    [Fact]
    public void Short_dates_name_the_year_only_when_it_is_not_the_districts_current_one()
    {
        // 31 December 2025, 17:30 UTC: already 1 January 2026 in the district.
        var shanghai = new DistrictTime(new FixedClock(new DateTimeOffset(2025, 12, 31, 17, 30, 0, TimeSpan.Zero)), DistrictTime.DefaultZone);
        Assert.Equal("01-05", shanghai.ShortDate(new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2025-12-18", shanghai.ShortDate(new DateTimeOffset(2025, 12, 18, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2025-12-31 23:59", shanghai.ShortDate(new DateTimeOffset(2025, 12, 31, 15, 59, 0, TimeSpan.Zero), withTime: true));
        Assert.Equal("01-01 00:00", shanghai.ShortDate(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero), withTime: true));
        Assert.Equal("2027-01-02", shanghai.ShortDate(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void An_unknown_zone_is_refused_with_its_name()
    {
        var e = Assert.Throws<ArgumentException>(() => DistrictTime.FindZone("Mars/Olympus_Mons"));
        Assert.Contains("Mars/Olympus_Mons", e.Message);
        Assert.Equal(DistrictTime.DefaultZone, DistrictTime.FindZone(null));
    }
}
