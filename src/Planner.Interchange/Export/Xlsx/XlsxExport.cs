using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Planner.Sites;

namespace Planner.Export.Xlsx;

/// <summary>
/// The ledger a district office prints: a summary per township (汇总) first, in the district's order, then one sheet
/// per programme. Each sheet has a title row with the district, the statistics date, a header row that is frozen,
/// filtered and repeated on every printed page, 序号, a 合计 row (SUBTOTAL, so it follows the filter), landscape pages
/// one page wide. Navigation links are hyperlink relationships (a formula would cut links over 255 characters).
/// Rows go straight into the zip as they come, so memory stays flat; text cells are strings, never formulas.
/// </summary>
/// <remarks>
/// Written with ZipArchive and XmlWriter rather than the OpenXml SDK (see docs/benchmarks.md): the SDK's package layer
/// (System.IO.Packaging) holds every part in memory until it closes (≈400 MB at 100,000 sites), and its writer's "x:"
/// prefixes are not read by GDAL 3.6. The output is checked against the SDK's OpenXmlValidator in the tests.
/// </remarks>
static class XlsxExport
{
    const uint FirstDataRow = 4;
    const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    internal const string Footer = "&C第 &P 页，共 &N 页";

    static readonly string[] SummaryHeaders = ["序号", "乡/街道", "项目总数", "已完工", "完成率", "逾期", "道路", "老旧小区", "城乡接合部"];

    internal sealed record Sheet(string Name, string File, string? FilterRange, uint? PrintTitleRow, int Rank);

    sealed class TownshipFigures
    {
        public int Total, Done, Overdue;
        public readonly int[] ByProgramme = new int[3];
    }

    public static async Task<int> WriteAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, LedgerHeading heading, CancellationToken cancellationToken)
    {
        // Part after part in create mode: nothing but the current sheet's writer buffers.
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var sheets = new List<Sheet>();
        // Ordinal: townships in code order, the district's own, whatever the machine's culture.
        var figures = new SortedDictionary<(string Code, string Name), TownshipFigures>(Comparer<(string Code, string Name)>.Create((a, b) =>
            string.CompareOrdinal(a.Code, b.Code) is var c and not 0 ? c : string.CompareOrdinal(a.Name, b.Name)));
        var written = new HashSet<Programme>();
        var columns = ExportColumns.Common;
        var cells = new XlsxCell[columns.Count + 1];
        ProgrammeSheet? open = null;
        var n = 0;

        void Close()
        {
            if (open is null) return;
            sheets.Add(open.Finish());
            open = null;
        }

        void Open(Programme programme)
        {
            Close();
            open = new ProgrammeSheet(zip, $"worksheets/sheet{sheets.Count + 1}.xml", programme, heading);
            written.Add(programme);
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (open?.Programme != row.Site.Programme) Open(row.Site.Programme);
            open!.Add(row, cells);
            if (!figures.TryGetValue((row.TownshipCode, row.Township), out var f)) figures[(row.TownshipCode, row.Township)] = f = new TownshipFigures();
            f.Total++;
            if (row.Site.Status.IsFinished()) f.Done++;
            if (row.Overdue) f.Overdue++;
            f.ByProgramme[(int)row.Site.Programme - 1]++;
            n++;
        }
        // Every programme gets its sheet, with headers, also when the selection has none of its sites.
        foreach (var p in Enum.GetValues<Programme>().Where(p => !written.Contains(p))) Open(p);
        Close();

        sheets.Add(WriteSummary(zip, $"worksheets/sheet{sheets.Count + 1}.xml", figures, heading));
        // The summary per township first, then the programmes in the programme's order (rows come in the order of its code).
        var order = sheets.OrderBy(s => s.Rank).ToList();
        WritePackageParts(zip, order);
        return n;
    }

    /// <summary>A programme's sheet being written: its rows, and the running totals its 合计 row shows.</summary>
    sealed class ProgrammeSheet
    {
        readonly XlsxSheetWriter writer;
        readonly string name, file;
        readonly double[] sums = new double[ExportColumns.Common.Count];
        uint next = FirstDataRow;

        public Programme Programme { get; }

        public ProgrammeSheet(ZipArchive zip, string file, Programme programme, LedgerHeading heading)
        {
            Programme = programme;
            name = programme.ChineseName();
            this.file = file;
            var columns = ExportColumns.Common;
            writer = new XlsxSheetWriter(zip, "xl/" + file, [6, .. columns.Select(c => c.Width)], frozenColumns: 3, frozenRows: 3);
            var width = columns.Count + 1;
            writer.Row(1, [XlsxCell.Of($"{heading.District}{name}项目台账", XlsxStyles.Title)], height: 30);
            writer.Row(2, [XlsxCell.Of(heading.DateText, XlsxStyles.Subtitle)]);
            var header = new XlsxCell[width];
            header[0] = XlsxCell.Of("序号", XlsxStyles.Header);
            for (var i = 0; i < columns.Count; i++) header[i + 1] = XlsxCell.Of(columns[i].Header, XlsxStyles.Header);
            writer.Row(3, header, height: 30);
        }

        public void Add(ExportRow row, XlsxCell[] cells)
        {
            var columns = ExportColumns.Common;
            cells[0] = XlsxCell.Of(next - FirstDataRow + 1, XlsxStyles.Integer);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].Value(row);
                cells[i + 1] = Cell(columns[i], value);
                if (columns[i].Total && value is double or int) sums[i] += Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
            writer.Row(next++, cells);
        }

        public Sheet Finish()
        {
            var columns = ExportColumns.Common;
            var last = next - 1;
            var count = last - FirstDataRow + 1;
            var total = new XlsxCell[columns.Count + 1];
            total[0] = XlsxCell.Of("合计", XlsxStyles.TotalLabel);
            for (var i = 0; i < columns.Count; i++)
            {
                var column = XlsxSheetWriter.Column(i + 2);
                var range = $"{column}{FirstDataRow}:{column}{last}";
                // SUBTOTAL follows the filter: 103 counts the visible rows, 109 sums them. Without rows a formula's
                // range would turn round onto the header, so an empty sheet says 0.
                total[i + 1] = columns[i] switch
                {
                    { Key: "name" } => count == 0 ? XlsxCell.Of(0, XlsxStyles.TotalInteger) : XlsxCell.Computed($"SUBTOTAL(103,{range})", count, XlsxStyles.TotalInteger),
                    { Total: true } c => count == 0
                        ? XlsxCell.Of(0, c.Kind == ExportColumns.Kind.Integer ? XlsxStyles.TotalInteger : XlsxStyles.TotalNumber)
                        : XlsxCell.Computed($"SUBTOTAL(109,{range})", Math.Round(sums[i], 6), c.Kind == ExportColumns.Kind.Integer ? XlsxStyles.TotalInteger : XlsxStyles.TotalNumber),
                    _ => XlsxCell.Of("", XlsxStyles.TotalLabel),
                };
            }
            writer.Row(next, total);
            var lastColumn = XlsxSheetWriter.Column(columns.Count + 1);
            writer.Finish($"A3:{lastColumn}{Math.Max(last, 3)}", [$"A1:{lastColumn}1", $"A2:{lastColumn}2"], Footer);
            return new Sheet(name, file, $"$A$3:${lastColumn}${Math.Max(last, 3)}", 3, (int)Programme);
        }
    }

    static Sheet WriteSummary(ZipArchive zip, string file, SortedDictionary<(string Code, string Name), TownshipFigures> figures, LedgerHeading heading)
    {
        var writer = new XlsxSheetWriter(zip, "xl/" + file, [6, 16, 10, 10, 10, 10, 10, 10, 12], frozenColumns: 2, frozenRows: 3);
        writer.Row(1, [XlsxCell.Of($"{heading.District}三项工程项目汇总", XlsxStyles.Title)], height: 30);
        writer.Row(2, [XlsxCell.Of(heading.DateText, XlsxStyles.Subtitle)]);
        writer.Row(3, SummaryHeaders.Select(h => XlsxCell.Of(h, XlsxStyles.Header)).ToArray(), height: 24);
        uint r = FirstDataRow - 1;
        foreach (var ((_, township), f) in figures)
        {
            r++;
            writer.Row(r, [XlsxCell.Of(r - FirstDataRow + 1, XlsxStyles.Integer), XlsxCell.Of(township), XlsxCell.Of(f.Total, XlsxStyles.Integer), XlsxCell.Of(f.Done, XlsxStyles.Integer),
                XlsxCell.Computed($"IF(C{r}=0,0,D{r}/C{r})", Rate(f.Done, f.Total), XlsxStyles.PercentOneDecimal), XlsxCell.Of(f.Overdue, XlsxStyles.Integer),
                XlsxCell.Of(f.ByProgramme[0], XlsxStyles.Integer), XlsxCell.Of(f.ByProgramme[1], XlsxStyles.Integer), XlsxCell.Of(f.ByProgramme[2], XlsxStyles.Integer)]);
        }
        var any = figures.Count > 0;
        var t = r + 1;
        XlsxCell Sum(string column, int value) => any ? XlsxCell.Computed($"SUM({column}{FirstDataRow}:{column}{r})", value, XlsxStyles.TotalInteger) : XlsxCell.Of(value, XlsxStyles.TotalInteger);
        var all = figures.Values;
        writer.Row(t, [XlsxCell.Of("合计", XlsxStyles.TotalLabel), XlsxCell.Of("", XlsxStyles.TotalLabel), Sum("C", all.Sum(f => f.Total)), Sum("D", all.Sum(f => f.Done)),
            XlsxCell.Computed($"IF(C{t}=0,0,D{t}/C{t})", Rate(all.Sum(f => f.Done), all.Sum(f => f.Total)), XlsxStyles.TotalPercent), Sum("F", all.Sum(f => f.Overdue)),
            Sum("G", all.Sum(f => f.ByProgramme[0])), Sum("H", all.Sum(f => f.ByProgramme[1])), Sum("I", all.Sum(f => f.ByProgramme[2]))]);
        writer.Finish(null, ["A1:I1", "A2:I2"], Footer);
        return new Sheet("汇总", file, null, 3, 0);
    }

    /// <summary>A share rounded to a tenth of a percent, as shown, so a reader that takes the value sees the same figure.</summary>
    static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 3);

    static XlsxCell Cell(ExportColumns.Column column, object? value) => value switch
    {
        null => default,
        DateOnly d => XlsxCell.Of(d.ToDateTime(TimeOnly.MinValue).ToOADate(), XlsxStyles.Date),
        double x => XlsxCell.Of(x, column.Kind switch { ExportColumns.Kind.Percent => XlsxStyles.Percent, ExportColumns.Kind.Integer => XlsxStyles.Integer, _ => XlsxStyles.Number }),
        int p when column.Kind == ExportColumns.Kind.Percent => XlsxCell.Of(p / 100.0, XlsxStyles.Percent),
        int i => XlsxCell.Of(i, XlsxStyles.Integer),
        string link when column.Kind == ExportColumns.Kind.Link => XlsxCell.Linked(column.Header, link, XlsxStyles.Link),
        _ => XlsxCell.Of(ExportColumns.Text(value)),
    };

    internal static void WritePackageParts(ZipArchive zip, List<Sheet> order)
    {
        Entry(zip, "xl/styles.xml", XlsxStyles.Part);
        var workbook = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{MainNs}\" xmlns:r=\"{RelNs}\"><bookViews><workbookView/></bookViews><sheets>");
        var rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        var types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        var names = new StringBuilder();
        for (var i = 0; i < order.Count; i++)
        {
            var sheet = order[i];
            workbook.Append($"<sheet name=\"{SecurityElement.Escape(sheet.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
            rels.Append($"<Relationship Id=\"rId{i + 1}\" Type=\"{RelNs}/worksheet\" Target=\"{sheet.File}\"/>");
            types.Append($"<Override PartName=\"/xl/{sheet.File}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            var quoted = SecurityElement.Escape($"'{sheet.Name.Replace("'", "''")}'");
            if (sheet.FilterRange is { } range) names.Append($"<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">{quoted}!{range}</definedName>");
            if (sheet.PrintTitleRow is { } title) names.Append($"<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">{quoted}!${title}:${title}</definedName>");
        }
        workbook.Append("</sheets>");
        if (names.Length > 0) workbook.Append("<definedNames>").Append(names).Append("</definedNames>");
        workbook.Append("</workbook>");
        rels.Append($"<Relationship Id=\"rIdStyles\" Type=\"{RelNs}/styles\" Target=\"styles.xml\"/></Relationships>");
        types.Append("</Types>");
        Entry(zip, "xl/workbook.xml", workbook.ToString());
        Entry(zip, "xl/_rels/workbook.xml.rels", rels.ToString());
        Entry(zip, "[Content_Types].xml", types.ToString());
        Entry(zip, "_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{RelNs}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    }

    static void Entry(ZipArchive zip, string name, string content)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        w.Write(content.Trim());
    }
}
