namespace Planner.Web.Api;

/// <summary>What one map request may ask for (Planner:Map): a request for all of China must not cost seconds of CPU.</summary>
public sealed class MapLimits
{
    /// <summary>Sites in one answer; beyond it the answer says it is truncated and how many matched.</summary>
    public int MaxFeatures { get; set; } = 5_000;
    /// <summary>Width and height of a requested box, in degrees.</summary>
    public double MaxBoxDegrees { get; set; } = 2;
    /// <summary>Width and height of a requested box in pixels at the requested resolution.</summary>
    public int MaxBoxPixels { get; set; } = 10_000;
}
