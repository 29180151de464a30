namespace Planner.Sites;

public sealed class RoadSite : Site
{
    public override Programme Programme => Programme.Road;
    public string? RoadName { get; set; }
    public string? RoadFrom { get; set; }
    public string? RoadTo { get; set; }
    public double? WidthMetres { get; set; }
    /// <summary>Road grade, e.g. 主干路, 次干路, 支路.</summary>
    public string? Grade { get; set; }
}
