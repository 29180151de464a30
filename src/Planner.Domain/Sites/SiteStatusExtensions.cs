using System.Collections.Frozen;

namespace Planner.Sites;

public static class SiteStatusExtensions
{
    // Each status's code made once: the map writes one per site of a view, the exports one per row.
    static readonly FrozenDictionary<SiteStatus, string> Codes = Enum.GetValues<SiteStatus>().ToFrozenDictionary(s => s, s => s.ToString().ToLowerInvariant());

    static readonly FrozenDictionary<string, SiteStatus> ByCode = Codes.ToFrozenDictionary(c => c.Value, c => c.Key, StringComparer.OrdinalIgnoreCase);

    public static string Code(this SiteStatus status) => Codes.TryGetValue(status, out var code) ? code : status.ToString().ToLowerInvariant();

    /// <summary>The status a stored code names (as the database holds it; any case), or an error naming the code.</summary>
    public static SiteStatus FromCode(string code) =>
        ByCode.TryGetValue(code, out var status) ? status : throw new FormatException($"'{code}' is not a site status code");

    public static string ChineseName(this SiteStatus status) => status switch
    {
        SiteStatus.Planning => "谋划",
        SiteStatus.Approved => "立项",
        SiteStatus.Design => "设计",
        SiteStatus.Tender => "招标",
        SiteStatus.Construction => "施工",
        SiteStatus.Completed => "完工",
        SiteStatus.Accepted => "验收",
        SiteStatus.Suspended => "暂停",
        _ => status.ToString(),
    };

    /// <summary>The status for a message: its Chinese name with the code an API client sends, in the user's language.</summary>
    public static string Display(this SiteStatus status) =>
        Localization.L10n.T($"“{status.ChineseName()}”（{status.Code()}）", $"{status.Code()} ({status.ChineseName()})");

    /// <summary>Work still to do: every state before completion. Only active sites can be suspended.</summary>
    public static bool IsActive(this SiteStatus status) => status <= SiteStatus.Construction;

    public static bool IsFinished(this SiteStatus status) => status is SiteStatus.Completed or SiteStatus.Accepted;

    /// <summary>Parses the code (e.g. "construction") or the Chinese name.</summary>
    public static bool TryParse(string? text, out SiteStatus status) => CodedEnum.TryParse(text, Code, ChineseName, out status);
}
