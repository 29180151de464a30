namespace Planner.Import;

public sealed record ImportReport(string Crs, int Read, int New, int Updated, int Refused, IReadOnlyList<ImportRow> RefusedRows,
    IReadOnlyList<(NetTopologySuite.Geometries.Geometry Geometry, string Code, string Name, ImportAction Action)> Preview, bool Committed)
{
    public int Valid => New + Updated;

    /// <summary>Of the <see cref="Updated"/> sites (matched by code), how many the file left as they were, or, in a preview, would leave.</summary>
    public int Unchanged { get; init; }
}
