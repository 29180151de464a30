namespace Planner.Export;

/// <summary>User text that a spreadsheet must never take for a formula.</summary>
public static class SpreadsheetText
{
    /// <summary>Prefixes an apostrophe to text starting with = + - @ (or a tab or carriage return), as OWASP advises for CSV.</summary>
    public static string? Neutralise(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
