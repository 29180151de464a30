using System.Globalization;
using NetTopologySuite.Geometries;

namespace Planner.Localization;

/// <summary>
/// Where a problem is, in the user's language: a file's feature or row, a field, a vertex, a ring.
/// Field names stay as the API and the import mapping spell them (code, plannedEnd, geometry), so a user
/// can find them in a file or a request; the words around them are translated. Each builds only its own
/// language's text: an import makes a place for every row.
/// </summary>
public static class Place
{
    public static string Feature(string file, int row) => L10n.English ? $"{file} feature {row}" : $"{file} 第 {row} 个要素";
    public static string Placemark(string file, int row) => L10n.English ? $"{file} placemark {row}" : $"{file} 第 {row} 个地标";
    public static string Record(string file, int row) => L10n.English ? $"{file} record {row}" : $"{file} 第 {row} 条记录";
    public static string Row(string file, int row) => L10n.English ? $"{file} row {row}" : $"{file} 第 {row} 行";
    public static string Byte(string where, long offset) => L10n.English ? $"{where} (byte {offset})" : $"{where}（第 {offset} 字节）";
    public static string Header(string file) => L10n.English ? $"{file} header" : $"{file} 表头";
    public static string Column(string where, string column) => L10n.English ? $"{where} column {column}" : $"{where} 列 {column}";
    public static string Field(string where, string field) => L10n.English ? $"{where} field {field}" : $"{where} 字段 {field}";
    /// <summary>The row's geometry: "geometry" as GeoJSON names it.</summary>
    public static string Geometry(string where) => $"{where} geometry";
    public static string Vertex(string where, int vertex) => L10n.English ? $"{where} vertex {vertex}" : $"{where} 第 {vertex} 个顶点";
    public static string Part(string where, int part) => L10n.English ? $"{where} part {part}" : $"{where} 第 {part} 部分";
    public static string OuterRing(string where) => L10n.English ? $"{where} outer ring" : $"{where} 外环";
    public static string Hole(string where, int hole) => L10n.English ? $"{where} hole {hole}" : $"{where} 第 {hole} 个内环";
    public static string Ring(string where, int ring) => L10n.English ? $"{where} ring {ring}" : $"{where} 第 {ring} 个环";
    public static string Line(string where, int line) => L10n.English ? $"{where} line {line}" : $"{where} 第 {line} 条线";
    public static string Polygon(string where, int polygon) => L10n.English ? $"{where} polygon {polygon}" : $"{where} 第 {polygon} 个面";
    public static string Point(string where, int point) => L10n.English ? $"{where} point {point}" : $"{where} 第 {point} 个点";
    public static string History(string where, int entry) => L10n.English ? $"{where} history {entry}" : $"{where} 第 {entry} 条进度记录";
    public static string Site(string code) => L10n.English ? $"site {code}" : $"项目 {code}";
    public static string At(string where, Coordinate c) =>
        L10n.English ? $"{where} at {Format(c)}" : $"{where} 位于 {Format(c)}";

    /// <summary>Lon, lat to 1e-7° (about a centimetre).</summary>
    public static string Format(Coordinate c) => string.Create(CultureInfo.InvariantCulture, $"{c.X:0.0000000}, {c.Y:0.0000000}");
}
