namespace Planner.Sites;

/// <summary>The three renovation programmes that put sites on the map.</summary>
public enum Programme
{
    /// <summary>城市道路综合改造工程: road segments (lines).</summary>
    Road = 1,
    /// <summary>老旧小区综合改造工程: old residential compounds (polygons).</summary>
    Compound = 2,
    /// <summary>城乡接合部综合改造工程: urban–rural fringe zones (polygons).</summary>
    Fringe = 3,
}
