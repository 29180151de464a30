using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Planner.Assessment;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Planner.Reports;

/// <summary>
/// 周通报 as DOCX through the Open XML SDK, laid out as a Chinese official document (GB/T 9704-2012): A4, 37 mm top
/// and 28 mm left margins (a 156 × 225 mm text block), title in 小标宋 2号, body in 仿宋 3号 on a fixed 28.95 pt line
/// (22 lines of 28 characters), headings 一、 in 黑体 and (一) in 楷体. Every figure comes from <see cref="WeeklyBulletinData"/>.
/// </summary>
public static class WeeklyBulletin
{
    const string Title = "方正小标宋简体", Body = "仿宋_GB2312", Heading = "黑体", Sub = "楷体_GB2312";
    const int BodySize = 32, TitleSize = 44; // half-points: 3号 16 pt, 2号 22 pt
    const int Line = 579; // twips: 28.95 pt
    const int Indent = 640; // two characters of 16 pt

    /// <param name="zone">The district's time zone, in which deadlines are written (Asia/Shanghai unless said).</param>
    public static void Write(WeeklyBulletinData data, string district, Stream stream, TimeZoneInfo? zone = null)
    {
        zone ??= Planner.Sites.DistrictTime.DefaultZone;
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var body = new DocumentFormat.OpenXml.Wordprocessing.Body();
        main.Document = new Document(body);

        body.Append(Centered($"{district}“三项工程、一项管理”工作周通报", Title, TitleSize));
        body.Append(Centered($"（{data.Year}年第{data.Week}周　{data.Monday.Month}月{data.Monday.Day}日—{data.Sunday.Month}月{data.Sunday.Day}日）", Body, BodySize));
        body.Append(Paragraph(""));

        var now = data.ThisWeek;
        var before = data.WeekBefore;
        body.Append(HeadingOne("一、总体情况"));
        body.Append(Paragraph($"截至{now.To.Month}月{now.To.Day}日，全区共有项目{now.Sites}个，已完工{now.Completed}个，完工率{now.CompletedPercent:0.0}%（较上周{Change(now.CompletedPercent, before.CompletedPercent, "0.0")}个百分点）；"
            + $"逾期项目{now.Overdue}个（较上周{Change(now.Overdue, before.Overdue)}个）；已完工项目投资{now.BudgetCompleted:0.0}万元，计划投资{now.BudgetPlanned:0.0}万元。"
            + $"本周上报问题案件{now.CasesReported}件（上周{before.CasesReported}件），结案{now.CasesClosed}件，其中按期结案{now.CasesClosedOnTime}件，核查不通过返工{now.Rework}次。"));

        body.Append(HeadingOne("二、各乡镇（街道）进展"));
        body.Append(TownshipTable(data));
        var chart = BulletinChart.CompletionBars(data.Townships.Select(t => (t.Name, t.Sites == 0 ? 0.0 : 100.0 * t.Completed / t.Sites)).ToList());
        body.Append(Picture(main, chart, "各乡镇（街道）完工率", 156, 156.0 * (24 * 2 + Math.Max(1, data.Townships.Count) * 56) / 1560));

        var month = data.Assessment;
        body.Append(HeadingOne($"三、红黑榜（{month.Month[..4]}年{int.Parse(month.Month[5..], CultureInfo.InvariantCulture)}月{(month.Frozen ? "月考核" : "考核实时排名")}）"));
        body.Append(Paragraph("红榜：" + List(month.Townships.Where(t => t.List == TownshipScore.Red)) + "。"));
        body.Append(Paragraph("黑榜：" + List(month.Townships.Where(t => t.List == TownshipScore.Black)) + "。"));
        var few = month.Townships.Where(t => !t.Ranked && t.Score is not null).Select(t => t.Name).ToList();
        if (few.Count > 0) body.Append(Paragraph($"{string.Join("、", few)}样本不足（少于{month.MinimumItems}个），不参与排名。"));

        body.Append(HeadingOne("四、逾期项目"));
        if (data.OverdueByUnit.Count == 0) body.Append(Paragraph("本周无逾期项目。"));
        var n = 0;
        foreach (var unit in data.OverdueByUnit)
        {
            n++;
            var listed = unit.Sites.Take(10).Select(s => $"{s.Name}（{s.Township}，计划{s.PlannedEnd:yyyy年M月d日}完工）");
            var more = unit.Sites.Count > 10 ? $"等{unit.Sites.Count}个" : "";
            body.Append(Paragraph($"（{Chinese(n)}）{unit.Unit}：逾期{unit.Sites.Count}个。{string.Join("；", listed)}{more}。", subHeadingLength: $"（{Chinese(n)}）{unit.Unit}：".Length));
        }

        body.Append(HeadingOne("五、超期未处置案件"));
        body.Append(Paragraph(data.LateCases.Count == 0 ? "本周无超期未处置案件。"
            : $"共{data.LateCases.Count}件：" + string.Join("；", data.LateCases.Take(20).Select(c => $"#{c.Id} {c.Category}（{c.Township}{(c.Unit is { Length: > 0 } u ? "，" + u : "")}，时限{TimeZoneInfo.ConvertTime(c.Deadline, zone):M月d日HH:mm}）")) + "。"));
        var activity = data.Activity;
        body.Append(Paragraph(activity.FollowedUp == 0 ? "本周无结案回访。"
            : activity.Recurred == 0 ? $"本周回访已结案案件{activity.FollowedUp}件，均整改保持，无问题复发。"
            : $"本周回访已结案案件{activity.FollowedUp}件，其中问题复发{activity.Recurred}件（复发率{100.0 * activity.Recurred / activity.FollowedUp:0.0}%），已重新上报立案。"));

        body.Append(HeadingOne("六、督办事项"));
        body.Append(Paragraph($"本周签发督办{activity.OrdersIssued}件，答复{activity.OrdersAnswered}件，办结{activity.OrdersClosed}件。"));
        body.Append(Paragraph(data.Supervisions.Count == 0 ? "截至本周末无未办结督办事项。"
            : $"未办结督办{data.Supervisions.Count}件，其中逾期未答复{data.Supervisions.Count(o => o.Late)}件：" + string.Join("；", data.Supervisions.Take(20).Select(o =>
                $"{o.Subject}（{o.Unit}，{o.Level}，时限{TimeZoneInfo.ConvertTime(o.Deadline, zone):M月d日}{(o.Late ? "，逾期未答复" : o.Answered ? "，已答复待审核" : "")}）")) + "。"));

        body.Append(Paragraph(""));
        body.Append(Right($"{district}城市更新工作领导小组办公室"));
        body.Append(Right($"{data.Sunday.Year}年{data.Sunday.Month}月{data.Sunday.Day}日"));
        body.Append(PageSetup());
        main.Document.Save();
    }

    static string List(IEnumerable<TownshipScore> townships)
    {
        var named = townships.Select(t => $"{t.Name}（{t.Score:0.00}分{(t.BlackStreak > 1 ? $"，连续{t.BlackStreak}个月" : "")}）").ToList();
        return named.Count == 0 ? "无" : string.Join("、", named);
    }

    static string Change(double now, double before, string format = "0") =>
        now > before ? "增加" + (now - before).ToString(format, CultureInfo.InvariantCulture) : now < before ? "减少" + (before - now).ToString(format, CultureInfo.InvariantCulture) : "持平，变化0";

    static string Chinese(int n) => n switch
    {
        <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    static RunProperties Font(string face, int size, bool bold = false)
    {
        var properties = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = face, Hint = FontTypeHintValues.EastAsia });
        if (bold) properties.Append(new Bold());
        properties.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) });
        return properties;
    }

    static ParagraphProperties Spacing(JustificationValues justification, int firstLine = 0) => new(
        new SpacingBetweenLines { Line = Line.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
        new Indentation { FirstLine = firstLine.ToString(CultureInfo.InvariantCulture) },
        new Justification { Val = justification });

    static Paragraph Centered(string text, string face, int size) =>
        new(Spacing(JustificationValues.Center), new Run(Font(face, size), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    static Paragraph Right(string text) =>
        new(Spacing(JustificationValues.Right), new Run(Font(Body, BodySize), new Text(text)));

    static Paragraph HeadingOne(string text) =>
        new(Spacing(JustificationValues.Left, Indent), new Run(Font(Heading, BodySize), new Text(text)));

    /// <summary>A body paragraph, first line indented two characters; a leading (一) heading in 楷体 when its length is given.</summary>
    static Paragraph Paragraph(string text, int subHeadingLength = 0)
    {
        var paragraph = new Paragraph(Spacing(JustificationValues.Both, Indent));
        if (subHeadingLength > 0)
        {
            paragraph.Append(new Run(Font(Sub, BodySize), new Text(text[..subHeadingLength])));
            text = text[subHeadingLength..];
        }
        paragraph.Append(new Run(Font(Body, BodySize), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    static Table TownshipTable(WeeklyBulletinData data)
    {
        string[] headers = ["序号", "乡镇（街道）", "项目数", "已完工", "完工率", "逾期", "在建"];
        int[] widths = [700, 2300, 1100, 1100, 1200, 1000, 1000]; // twips, 8,400 in all: the text block is 8,844
        // Children in the schema's order (jc before the borders; top, left, bottom, right): Word refuses others.
        var table = new Table(new TableProperties(
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, widths, header: true));
        var i = 0;
        foreach (var t in data.Townships)
            table.Append(Row([(++i).ToString(CultureInfo.InvariantCulture), t.Name, Invariant(t.Sites), Invariant(t.Completed),
                t.Sites == 0 ? "—" : (100.0 * t.Completed / t.Sites).ToString("0.0", CultureInfo.InvariantCulture) + "%", Invariant(t.Overdue), Invariant(t.UnderConstruction)], widths));
        table.Append(Row(["合计", "", Invariant(data.Townships.Sum(t => t.Sites)), Invariant(data.Townships.Sum(t => t.Completed)),
            data.Townships.Sum(t => t.Sites) == 0 ? "—" : (100.0 * data.Townships.Sum(t => t.Completed) / data.Townships.Sum(t => t.Sites)).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            Invariant(data.Townships.Sum(t => t.Overdue)), Invariant(data.Townships.Sum(t => t.UnderConstruction))], widths, bold: true));
        return table;
    }

    static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row; a header row (bold, repeated on each page) or a bold 合计 row.</summary>
    static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header = false, bool bold = false)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        header |= bold;
        for (var c = 0; c < cells.Count; c++)
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[c].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                    new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto, Before = "0", After = "0" },
                        new Justification { Val = JustificationValues.Center }),
                    new Run(Font(header ? Heading : Body, 24), new Text(cells[c])))));
        return row;
    }

    /// <summary>An inline PNG, <paramref name="widthMm"/> wide.</summary>
    static Paragraph Picture(MainDocumentPart main, byte[] png, string name, double widthMm, double heightMm)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var s = new MemoryStream(png)) part.FeedData(s);
        var id = main.GetIdOfPart(part);
        long cx = (long)(widthMm * 36000), cy = (long)(heightMm * 36000); // EMU
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = 1U, Name = name },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = name + ".png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = id }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Drawing(inline)));
    }

    /// <summary>A4 with GB/T 9704's margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page numbers at the foot.</summary>
    static SectionProperties PageSetup() => new(
        new PageSize { Width = 11906U, Height = 16838U },
        new PageMargin { Top = 2098, Bottom = 1984, Left = 1587U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U },
        new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = Line, CharacterSpace = 0 });
}
