namespace Planner.Sample;

public sealed record SiteProperties
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Programme { get; init; }
    public required string Township { get; init; }
    public string? Community { get; init; }
    public string? ResponsibleUnit { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? ResponsiblePhone { get; init; }
    public string? LeadOfficial { get; init; }
    public DateOnly? PlannedStart { get; init; }
    public DateOnly? PlannedEnd { get; init; }
    public decimal? Budget { get; init; }
    public bool Pilot { get; init; }
    public bool Showcase { get; init; }
    public string? Notes { get; init; }
    public int? BuildYear { get; init; }
    public int? Buildings { get; init; }
    public int? Households { get; init; }
    public double? FloorArea { get; init; }
    public bool? PropertyManagement { get; init; }
    public string? WorksClass { get; init; }
    public string? RoadName { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public double? Width { get; init; }
    public string? Grade { get; init; }
    public string? Villages { get; init; }
    public int? HouseholdsToRelocate { get; init; }
    public double? IllegalStructureArea { get; init; }
    public List<SampleProgress> History { get; init; } = [];
    public List<SampleTask> Tasks { get; init; } = [];
}
