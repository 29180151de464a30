using Planner.Sites;

namespace Planner.Import;

public sealed record ImportOptions
{
    /// <summary>Programme for rows that do not say.</summary>
    public Programme? Programme { get; init; }
    /// <summary>Township (name or code) for rows that do not say; otherwise the geometry decides.</summary>
    public string? Township { get; init; }
    /// <summary>The file's coordinate system when the user states it; else the file's own, else CGCS2000 lon/lat.</summary>
    public SourceCrs? Crs { get; init; }
    /// <summary>Site field → source attribute, chosen by the user; remembered for <see cref="SourceKey"/>.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>Names the source for the remembered mapping (default: the file name without extension).</summary>
    public required string SourceKey { get; init; }
    public bool DryRun { get; init; }
    public string User { get; init; } = "import";
    /// <summary>Refused rows listed in the report (all are counted).</summary>
    public int MaxListedRows { get; init; } = 1000;
    /// <summary>Valid features kept for a preview map.</summary>
    public int MaxPreviewFeatures { get; init; }
    /// <summary>The same limits as a planner's input.</summary>
    public SiteLimits Limits { get; init; } = SiteLimits.Default;
}
