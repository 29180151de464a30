namespace Planner.Sites;

public sealed class CompoundSite : Site
{
    /// <summary>Old compounds qualify when built before the end of 2000.</summary>
    public const int LatestEligibleBuildYear = 2000;

    public override Programme Programme => Programme.Compound;
    public int? BuildYear { get; set; }
    public int? Buildings { get; set; }
    public int? Households { get; set; }
    public double? FloorAreaSquareMetres { get; set; }
    /// <summary>有物业 (true) / 无物业 (false).</summary>
    public bool? HasPropertyManagement { get; set; }
    public WorksClass? WorksClass { get; set; }
}
