namespace Planner.Field;

/// <summary>
/// The district's working time for case deadlines: a step's hours count only on working days (Monday to Friday,
/// minus configured holidays, plus configured make-up working days 调休), in the district's calendar.
/// </summary>
public sealed class WorkCalendar(IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? workingWeekends = null)
{
    readonly HashSet<DateOnly> holidays = [.. holidays ?? []];
    readonly HashSet<DateOnly> workingWeekends = [.. workingWeekends ?? []];

    public bool IsWorkingDay(DateOnly day) =>
        workingWeekends.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day));

    /// <summary>The local time <paramref name="hours"/> working hours (24 a working day) after <paramref name="start"/>.</summary>
    public DateTime AddWorkingHours(DateTime start, double hours)
    {
        var at = start;
        var left = TimeSpan.FromHours(hours);
        // A step that begins on a day off begins at the next working day's start.
        while (!IsWorkingDay(DateOnly.FromDateTime(at))) at = at.Date.AddDays(1);
        while (left > TimeSpan.Zero)
        {
            var endOfDay = at.Date.AddDays(1);
            var available = endOfDay - at;
            if (left <= available) return at + left;
            left -= available;
            at = endOfDay;
            while (!IsWorkingDay(DateOnly.FromDateTime(at))) at = at.AddDays(1);
        }
        return at;
    }

    /// <summary>Working hours between two local times (0 when <paramref name="to"/> is not later).</summary>
    public double WorkingHoursBetween(DateTime from, DateTime to)
    {
        double hours = 0;
        var at = from;
        while (at < to)
        {
            var endOfDay = at.Date.AddDays(1);
            var until = endOfDay < to ? endOfDay : to;
            if (IsWorkingDay(DateOnly.FromDateTime(at))) hours += (until - at).TotalHours;
            at = until;
        }
        return hours;
    }
}
