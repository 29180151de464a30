namespace Planner.Sites;

public sealed record RoadFields(string? RoadName = null, string? From = null, string? To = null,
    double? WidthMetres = null, string? Grade = null);
