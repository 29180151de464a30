using System.Globalization;
using NetTopologySuite.Geometries;

namespace Planner.Localization;

/// <summary>
/// Where a problem is, in the user's language: a file's feature or row, a field, a vertex, a ring.
/// Field names stay as the API and the import mapping spell them (code, plannedEnd, geometry), so a user
/// can find them in a file or a request; the words around them are translated.
/// </summary>
public static class Place
{
    public static string Feature(string file, int row) => L10n.T($"{file} 第 {row} 个要素", $"{file} feature {row}");
    public static string Placemark(string file, int row) => L10n.T($"{file} 第 {row} 个地标", $"{file} placemark {row}");
    public static string Record(string file, int row) => L10n.T($"{file} 第 {row} 条记录", $"{file} record {row}");
    public static string Row(string file, int row) => L10n.T($"{file} 第 {row} 行", $"{file} row {row}");
    public static string Byte(string where, long offset) => L10n.T($"{where}（第 {offset} 字节）", $"{where} (byte {offset})");
    public static string Header(string file) => L10n.T($"{file} 表头", $"{file} header");
    public static string Column(string where, string column) => L10n.T($"{where} 列 {column}", $"{where} column {column}");
    public static string Field(string where, string field) => L10n.T($"{where} 字段 {field}", $"{where} field {field}");
    /// <summary>The row's geometry: "geometry" as GeoJSON names it.</summary>
    public static string Geometry(string where) => $"{where} geometry";
    public static string Vertex(string where, int vertex) => L10n.T($"{where} 第 {vertex} 个顶点", $"{where} vertex {vertex}");
    public static string Part(string where, int part) => L10n.T($"{where} 第 {part} 部分", $"{where} part {part}");
    public static string OuterRing(string where) => L10n.T($"{where} 外环", $"{where} outer ring");
    public static string Hole(string where, int hole) => L10n.T($"{where} 第 {hole} 个内环", $"{where} hole {hole}");
    public static string Ring(string where, int ring) => L10n.T($"{where} 第 {ring} 个环", $"{where} ring {ring}");
    public static string Line(string where, int line) => L10n.T($"{where} 第 {line} 条线", $"{where} line {line}");
    public static string Polygon(string where, int polygon) => L10n.T($"{where} 第 {polygon} 个面", $"{where} polygon {polygon}");
    public static string Point(string where, int point) => L10n.T($"{where} 第 {point} 个点", $"{where} point {point}");
    public static string History(string where, int entry) => L10n.T($"{where} 第 {entry} 条进度记录", $"{where} history {entry}");
    public static string Site(string code) => L10n.T($"项目 {code}", $"site {code}");
    public static string At(string where, Coordinate c) =>
        L10n.T($"{where} 位于 {Format(c)}", $"{where} at {Format(c)}");

    /// <summary>Lon, lat to 1e-7° (about a centimetre).</summary>
    public static string Format(Coordinate c) => string.Create(CultureInfo.InvariantCulture, $"{c.X:0.0000000}, {c.Y:0.0000000}");
}
