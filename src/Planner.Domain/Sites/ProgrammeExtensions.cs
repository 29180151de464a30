namespace Planner.Sites;

public static class ProgrammeExtensions
{
    public static SiteGeometryKind GeometryKind(this Programme programme) =>
        programme == Programme.Road ? SiteGeometryKind.Linear : SiteGeometryKind.Polygonal;

    /// <summary>Stable lower-case code used in URLs, files and the database discriminator.</summary>
    public static string Code(this Programme programme) => programme switch
    {
        Programme.Road => "road",
        Programme.Compound => "compound",
        Programme.Fringe => "fringe",
        _ => throw new ArgumentOutOfRangeException(nameof(programme), programme, null),
    };

    /// <summary>A short name for messages, in the user's language.</summary>
    public static string Label(this Programme programme) => programme switch
    {
        Programme.Road => Localization.L10n.T("道路", "road"),
        Programme.Compound => Localization.L10n.T("老旧小区", "old compound"),
        Programme.Fringe => Localization.L10n.T("城乡接合部", "urban–rural fringe"),
        _ => programme.ToString(),
    };

    public static string ChineseName(this Programme programme) => programme switch
    {
        Programme.Road => "城市道路综合改造",
        Programme.Compound => "老旧小区综合改造",
        Programme.Fringe => "城乡接合部综合改造",
        _ => programme.ToString(),
    };

    /// <summary>Parses the code (e.g. "road") or the Chinese name.</summary>
    public static bool TryParse(string? text, out Programme programme) => CodedEnum.TryParse(text, Code, ChineseName, out programme);
}
