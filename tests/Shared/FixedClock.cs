using Planner.Sites;

namespace Planner.Tests;

/// <summary>A clock that stands still: months and weeks counted "as of" a chosen instant, the same on every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The district's time (Asia/Shanghai) standing still at <paramref name="utc"/>.</summary>
    public static DistrictTime District(DateTimeOffset utc) => new(new FixedClock(utc), DistrictTime.DefaultZone);
}
