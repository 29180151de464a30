namespace Planner.Sites;

/// <summary>
/// The district's calendar: "today" (and so "overdue") is the date in the district's time zone,
/// Asia/Shanghai unless configured (Planner:TimeZone), whatever the server's own zone is.
/// </summary>
public sealed class DistrictTime(TimeProvider clock, TimeZoneInfo zone)
{
    public const string DefaultZoneId = "Asia/Shanghai";

    public static TimeZoneInfo DefaultZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);

    public static DistrictTime System { get; } = new(TimeProvider.System, DefaultZone);

    public TimeProvider Clock { get; } = clock;
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Today's date in the district.</summary>
    public DateOnly Today => DateOf(Clock.GetUtcNow());

    /// <summary>The district's date at an instant.</summary>
    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The district's local time at an instant, for display.</summary>
    public DateTime LocalTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    /// <summary>
    /// A date for lists, in the district: month and day within this year ("12-18"), with the year otherwise
    /// ("2025-12-18"), since a list of a year's deadlines would else show last December's beside this one's; optionally with the time.
    /// </summary>
    public string ShortDate(DateTimeOffset at, bool withTime = false)
    {
        var local = LocalTime(at);
        return ShortDate(DateOnly.FromDateTime(local)) + (withTime ? local.ToString(" HH:mm", global::System.Globalization.CultureInfo.InvariantCulture) : "");
    }

    /// <summary>A day for lists, as <see cref="ShortDate(DateTimeOffset, bool)"/> writes it.</summary>
    public string ShortDate(DateOnly day) =>
        day.ToString(day.Year == Today.Year ? "MM-dd" : "yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A wall-clock time read in the district (a camera's EXIF time without an offset) as an instant.</summary>
    public DateTimeOffset FromDistrictLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    /// <summary>A zone by its IANA (or Windows) id, with the id in the message when there is none.</summary>
    public static TimeZoneInfo FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return DefaultZone;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException($"Planner:TimeZone \"{id}\" is not a time zone this machine knows (for example {DefaultZoneId}).", nameof(id));
        }
    }
}
