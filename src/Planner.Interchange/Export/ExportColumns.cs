using System.Globalization;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Export;

/// <summary>The columns every tabular export (CSV, XLSX) writes, with Chinese headers, in one place.</summary>
public static class ExportColumns
{
    public enum Kind { Text, Number, Integer, Date, Percent, Link }

    public sealed record Column(string Header, string Key, Kind Kind, double Width, Func<ExportRow, object?> Value)
    {
        /// <summary>Whether a ledger's 合计 row adds this column up (money, sizes, counts; not coordinates).</summary>
        public bool Total { get; init; }
    }

    static string? Fmt(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<Column> Common =
    [
        new("编号", "code", Kind.Text, 14, r => r.Site.Code),
        new("名称", "name", Kind.Text, 30, r => r.Site.Name),
        new("工程类别", "programme", Kind.Text, 18, r => r.Site.Programme.ChineseName()),
        new("乡/街道", "township", Kind.Text, 14, r => r.Township),
        new("社区/村", "community", Kind.Text, 14, r => r.Site.Community),
        new("状态", "status", Kind.Text, 8, r => r.Site.Status.ChineseName()),
        new("进度", "progress", Kind.Percent, 8, r => r.Site.Progress),
        new("逾期", "overdue", Kind.Text, 6, r => r.Overdue ? "是" : "否"),
        new("计划开工", "planned_start", Kind.Date, 12, r => r.Site.PlannedStart),
        new("计划完工", "planned_end", Kind.Date, 12, r => r.Site.PlannedEnd),
        new("实际开工", "actual_start", Kind.Date, 12, r => r.Site.ActualStart),
        new("实际完工", "actual_end", Kind.Date, 12, r => r.Site.ActualEnd),
        new("责任单位", "responsible_unit", Kind.Text, 22, r => r.Site.ResponsibleUnit),
        new("责任人", "responsible_person", Kind.Text, 10, r => r.Site.ResponsiblePerson),
        new("联系电话", "phone", Kind.Text, 14, r => r.Site.ResponsiblePhone),
        new("包联领导", "lead_official", Kind.Text, 16, r => r.Site.LeadOfficial),
        new("投资（万元）", "budget", Kind.Number, 12, r => r.Site.Budget is { } b ? (double)b : null) { Total = true },
        new("面积（平方米）", "area_m2", Kind.Number, 14, r => r.Site.AreaSquareMetres is { } a ? Math.Round(a, 1) : null) { Total = true },
        new("面积（亩）", "area_mu", Kind.Number, 10, r => r.Site.AreaSquareMetres is { } a ? Math.Round(Measure.ToMu(a), 2) : null) { Total = true },
        new("长度（米）", "length_m", Kind.Number, 12, r => Math.Round(r.Site.LengthMetres, 1)) { Total = true },
        new("试点", "pilot", Kind.Text, 6, r => r.Site.IsPilot ? "是" : ""),
        new("示范点", "showcase", Kind.Text, 6, r => r.Site.IsShowcase ? "是" : ""),
        new("未完成整改", "open_tasks", Kind.Integer, 10, r => r.OpenTasks) { Total = true },
        new("经度（CGCS2000）", "lon", Kind.Number, 13, r => Math.Round(r.Point.Lon, 7)),
        new("纬度（CGCS2000）", "lat", Kind.Number, 13, r => Math.Round(r.Point.Lat, 7)),
        new("经度（GCJ-02）", "lon_gcj02", Kind.Number, 13, r => Math.Round(r.PointGcj02.Lon, 7)),
        new("纬度（GCJ-02）", "lat_gcj02", Kind.Number, 13, r => Math.Round(r.PointGcj02.Lat, 7)),
        new("高德导航", "amap", Kind.Link, 20, r => r.AmapLink),
        new("百度导航", "baidu", Kind.Link, 20, r => r.BaiduLink),
        new("备注", "notes", Kind.Text, 24, r => r.Site.Notes),
    ];

    public static string Text(Column column, object? value) => column.Kind == Kind.Percent && value is int p ? $"{p}%" : Text(value);

    public static string Text(object? value) => value switch
    {
        null => "",
        DateOnly d => Fmt(d)!,
        double x => x.ToString("0.#######", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
