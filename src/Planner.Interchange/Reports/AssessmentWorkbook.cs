using System.IO.Compression;
using Planner.Assessment;
using Planner.Export;
using Planner.Export.Xlsx;

namespace Planner.Reports;

/// <summary>
/// 月考核表 as XLSX: one row per township in rank order (the unranked after, marked 样本不足) with every component's
/// count and rate, the score, the rank, the list, and the formula under the table; printed landscape on one page wide.
/// Written by the ledger's SpreadsheetML writer (<see cref="XlsxSheetWriter"/>), so the two workbooks read alike.
/// </summary>
public static class AssessmentWorkbook
{
    const uint FirstDataRow = 4;

    public static void Write(MonthAssessment month, string district, Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var components = ScoreComponent.All.Where(c => month.Townships.FirstOrDefault()?.Components.Any(x => x.Code == c.Code) ?? true).ToList();
        var widths = new List<double> { 6, 16, 9 };
        foreach (var _ in components) widths.AddRange([9, 9]);
        widths.AddRange([8, 8, 10]);
        var writer = new XlsxSheetWriter(zip, "xl/worksheets/sheet1.xml", widths, frozenColumns: 2, frozenRows: 3);
        var last = XlsxSheetWriter.Column(widths.Count);
        writer.Row(1, [XlsxCell.Of($"{district}{month.Month[..4]}年{int.Parse(month.Month[5..])}月乡镇（街道）考核表", XlsxStyles.Title)], height: 30);
        writer.Row(2, [XlsxCell.Of(month.Frozen
            ? $"{month.Month} 已固化（{month.FrozenAt:yyyy-MM-dd}）· 公式 {month.FormulaVersion}"
            : $"截至 {month.AsOf:yyyy-MM-dd} 实时计算 · 公式 {month.FormulaVersion}", XlsxStyles.Subtitle)]);
        var headers = new List<XlsxCell> { XlsxCell.Of("排名", XlsxStyles.Header), XlsxCell.Of("乡镇（街道）", XlsxStyles.Header), XlsxCell.Of("得分", XlsxStyles.Header) };
        foreach (var c in components) headers.AddRange([XlsxCell.Of($"{c.Name}（达标/总数）", XlsxStyles.Header), XlsxCell.Of(c.Name, XlsxStyles.Header)]);
        headers.AddRange([XlsxCell.Of("样本数", XlsxStyles.Header), XlsxCell.Of("红黑榜", XlsxStyles.Header), XlsxCell.Of("连续黑榜（月）", XlsxStyles.Header)]);
        writer.Row(3, headers.ToArray(), height: 36);
        var r = FirstDataRow;
        foreach (var t in month.Townships)
        {
            var cells = new List<XlsxCell>
            {
                t.Rank is { } rank ? XlsxCell.Of(rank, XlsxStyles.Integer) : XlsxCell.Of("样本不足"),
                XlsxCell.Of(SpreadsheetText.Neutralise(t.Name)!),
                t.Score is { } score ? XlsxCell.Of(score, XlsxStyles.Number) : XlsxCell.Of("—"),
            };
            foreach (var c in components)
            {
                var s = t.Components.Single(x => x.Code == c.Code);
                cells.Add(XlsxCell.Of(s.Denominator == 0 ? "—" : $"{s.Numerator}/{s.Denominator}"));
                cells.Add(s.Rate is { } rate ? XlsxCell.Of(Math.Round(rate, 3), XlsxStyles.PercentOneDecimal) : XlsxCell.Of("—"));
            }
            cells.Add(XlsxCell.Of(t.Sample, XlsxStyles.Integer));
            cells.Add(XlsxCell.Of(t.List switch { TownshipScore.Red => "红榜", TownshipScore.Black => "黑榜", _ => "" }));
            cells.Add(t.BlackStreak > 0 ? XlsxCell.Of(t.BlackStreak, XlsxStyles.Integer) : XlsxCell.Of(""));
            writer.Row(r++, cells.ToArray());
        }
        writer.Row(r + 1, [XlsxCell.Of($"考核公式：{month.Formula}；样本少于 {month.MinimumItems} 个不排名；红黑榜各 {month.ListSize} 名。", XlsxStyles.Subtitle)]);
        writer.Finish($"A3:{last}{Math.Max(r - 1, 3)}", [$"A1:{last}1", $"A2:{last}2", $"A{r + 1}:{last}{r + 1}"], XlsxExport.Footer);
        XlsxExport.WritePackageParts(zip, [new XlsxExport.Sheet("月考核", "worksheets/sheet1.xml", $"$A$3:${last}${Math.Max(r - 1, 3)}", 3, 0)]);
    }
}
