using System.Globalization;

namespace Planner.Localization;

/// <summary>
/// The user's language for every message the product writes: Simplified Chinese unless the current UI
/// culture is English. The web app sets the culture per request (the language cookie), the command line
/// from PLANNER_LANG or the locale. Both texts stand side by side where the message is made.
/// </summary>
public static class L10n
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The Chinese text, or the English one for an English-speaking user.</summary>
    public static string T(string zh, string en) => English ? en : zh;

    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en");

    /// <summary>"en…" is English; anything else (including nothing) is the product's default, Chinese.</summary>
    public static CultureInfo CultureFor(string? language) =>
        language is { Length: >= 2 } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? EnglishCulture : Chinese;

    /// <summary>Makes the culture the current UI culture (messages only: numbers and dates stay invariant where they are written).</summary>
    public static void Use(CultureInfo culture) => CultureInfo.CurrentUICulture = culture;

    /// <summary>A list joined the way the language joins it: 、 in Chinese, ", " in English.</summary>
    public static string List(IEnumerable<string> items) => string.Join(English ? ", " : "、", items);

    /// <summary>"a or b" / "a 或 b".</summary>
    public static string Or(IEnumerable<string> items) => string.Join(English ? " or " : " 或 ", items);
}
