namespace Planner.Sites;

public sealed class FringeSite : Site
{
    public override Programme Programme => Programme.Fringe;
    /// <summary>Villages in the zone, separated by 、.</summary>
    public string? Villages { get; set; }
    public int? HouseholdsToRelocate { get; set; }
    public double? IllegalStructureAreaSquareMetres { get; set; }
}
