using System.Globalization;
using Planner.Localization;

namespace Planner.Validation;

/// <summary>A day as forms, queries and files give it (yyyy-MM-dd), read the same way everywhere.</summary>
public static class Dates
{
    /// <summary>The day, or null when the text is empty; a problem naming <paramref name="where"/> when it is not a day.</summary>
    public static DateOnly? Day(string? text, string where, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add(new Problem(where, Messages.NotADate(text)));
        return null;
    }
}
