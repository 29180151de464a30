namespace Planner.Sites;

public sealed record FringeFields(string? Villages = null, int? HouseholdsToRelocate = null,
    double? IllegalStructureAreaSquareMetres = null);
