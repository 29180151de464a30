using Planner.Sites;

namespace Planner.Export;

/// <summary>
/// The workbook a district office expects: a summary sheet per township (汇总) first, then one sheet per
/// programme, with Chinese headers, a frozen header row, set column widths and number formats. Rows are
/// written as they come, straight into the zip, so memory stays flat; text cells are strings, never formulas.
/// The package is written with ZipArchive (see WriteAsync), cells as a small struct: at 3 million cells the SDK's
/// object model and System.IO.Packaging cost more than the data.
/// </summary>
static class XlsxExport
{
    const uint Header = 1, DateStyle = 2, PercentStyle = 3, NumberStyle = 4, IntegerStyle = 5, LinkStyle = 6;

    const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static async Task<int> WriteAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, CancellationToken cancellationToken)
    {
        // The package is written with ZipArchive in create mode, part after part: System.IO.Packaging (under
        // the OpenXml SDK) keeps every part in memory until it closes, which for 100,000 rows is 400 MB.
        using var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
        var sheets = new List<(string Name, string File)>();
        var summary = new SortedDictionary<string, int[]>(StringComparer.Ordinal); // township → total, done, overdue, road, compound, fringe
        var written = new HashSet<Programme>();
        SheetWriter? writer = null;
        Programme? current = null;
        uint rowIndex = 0;
        var n = 0;

        SheetWriter NewSheet(string name, IReadOnlyList<double> widths)
        {
            var file = $"worksheets/sheet{sheets.Count + 1}.xml";
            sheets.Add((name, file));
            return new SheetWriter(zip.CreateEntry("xl/" + file, System.IO.Compression.CompressionLevel.Fastest).Open(), widths);
        }

        // Closes the sheet being written (each exactly once) and starts the programme's.
        void Open(Programme programme)
        {
            writer?.Dispose();
            writer = NewSheet(programme.ChineseName(), ExportColumns.Common.Select(c => c.Width).ToList());
            rowIndex = 1;
            writer.Row(rowIndex, ExportColumns.Common.Select(c => Text(c.Header, Header)));
            written.Add(programme);
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (current != row.Site.Programme)
            {
                current = row.Site.Programme;
                Open(current.Value);
            }
            rowIndex++;
            writer!.Row(rowIndex, ExportColumns.Common.Select(c => Cell(c, c.Value(row))));
            if (!summary.TryGetValue(row.Township, out var s)) summary[row.Township] = s = new int[6];
            s[0]++;
            if (row.Site.Status.IsFinished()) s[1]++;
            if (row.Overdue) s[2]++;
            s[3 + (int)row.Site.Programme - 1]++;
            n++;
        }
        // Every programme gets its sheet, with headers, also when the selection has none of its sites.
        foreach (var p in Enum.GetValues<Programme>().Where(p => !written.Contains(p))) Open(p);
        writer?.Dispose();

        using (var w = NewSheet("汇总", [16, 10, 10, 12, 10, 10, 12, 12]))
        {
            string[] headers = ["乡/街道", "项目总数", "已完工", "完成率", "逾期", "道路", "老旧小区", "城乡接合部"];
            w.Row(1, headers.Select(h => Text(h, Header)));
            uint r = 1;
            foreach (var (township, s) in summary)
            {
                r++;
                w.Row(r, [Text(township, 0), Number(s[0], IntegerStyle), Number(s[1], IntegerStyle), Number(s[0] == 0 ? 0 : (double)s[1] / s[0], PercentStyle),
                    Number(s[2], IntegerStyle), Number(s[3], IntegerStyle), Number(s[4], IntegerStyle), Number(s[5], IntegerStyle)]);
            }
        }
        // The summary sheet per township comes first in the workbook.
        var order = new[] { sheets[^1] }.Concat(sheets.Take(sheets.Count - 1)).ToList();

        Entry(zip, "xl/styles.xml", StylesXml);
        var workbook = new System.Text.StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{MainNs}\" xmlns:r=\"{RelNs}\"><sheets>");
        var rels = new System.Text.StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        var types = new System.Text.StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (var i = 0; i < order.Count; i++)
        {
            workbook.Append($"<sheet name=\"{System.Security.SecurityElement.Escape(order[i].Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
            rels.Append($"<Relationship Id=\"rId{i + 1}\" Type=\"{RelNs}/worksheet\" Target=\"{order[i].File}\"/>");
            types.Append($"<Override PartName=\"/xl/{order[i].File}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        workbook.Append("</sheets></workbook>");
        rels.Append($"<Relationship Id=\"rIdStyles\" Type=\"{RelNs}/styles\" Target=\"styles.xml\"/></Relationships>");
        types.Append("</Types>");
        Entry(zip, "xl/workbook.xml", workbook.ToString());
        Entry(zip, "xl/_rels/workbook.xml.rels", rels.ToString());
        Entry(zip, "[Content_Types].xml", types.ToString());
        Entry(zip, "_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{RelNs}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        return n;
    }

    static void Entry(System.IO.Compression.ZipArchive zip, string name, string content)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Fastest).Open(), new System.Text.UTF8Encoding(false));
        w.Write(content.Trim());
    }

    /// <summary>
    /// Writes a worksheet part as plain SpreadsheetML in the default namespace (GDAL's reader, among others,
    /// does not follow the SDK's "x:" prefixes), row by row.
    /// </summary>
    sealed class SheetWriter : IDisposable
    {
        const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        readonly System.Xml.XmlWriter x;

        public SheetWriter(Stream stream, IReadOnlyList<double> widths)
        {
            x = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), CloseOutput = true });
            x.WriteStartDocument(true);
            x.WriteStartElement("worksheet", Ns);
            x.WriteStartElement("sheetViews", Ns);
            x.WriteStartElement("sheetView", Ns);
            x.WriteAttributeString("workbookViewId", "0");
            x.WriteStartElement("pane", Ns);
            x.WriteAttributeString("ySplit", "1");
            x.WriteAttributeString("topLeftCell", "A2");
            x.WriteAttributeString("activePane", "bottomLeft");
            x.WriteAttributeString("state", "frozen");
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("cols", Ns);
            for (var i = 0; i < widths.Count; i++)
            {
                x.WriteStartElement("col", Ns);
                x.WriteAttributeString("min", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                x.WriteAttributeString("max", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                x.WriteAttributeString("width", widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
                x.WriteAttributeString("customWidth", "1");
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteStartElement("sheetData", Ns);
        }

        static readonly string[] ColumnNames = Enumerable.Range(0, 64).Select(ColumnName).ToArray();

        public void Row(uint index, IEnumerable<XCell> cells)
        {
            x.WriteStartElement("row", Ns);
            x.WriteAttributeString("r", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var column = 0;
            foreach (var c in cells)
            {
                column++;
                if (c.IsEmpty) continue;
                x.WriteStartElement("c", Ns);
                x.WriteAttributeString("r", ColumnNames[column] + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (c.Style != 0) x.WriteAttributeString("s", c.Style.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (c.Formula is { } formula)
                {
                    x.WriteAttributeString("t", "str");
                    x.WriteElementString("f", Ns, formula);
                }
                else if (c.Text is { } text)
                {
                    x.WriteAttributeString("t", "inlineStr");
                    x.WriteStartElement("is", Ns);
                    x.WriteStartElement("t", Ns);
                    x.WriteAttributeString("xml", "space", null, "preserve");
                    x.WriteString(Clean(text));
                    x.WriteEndElement();
                    x.WriteEndElement();
                }
                else x.WriteElementString("v", Ns, c.Number!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }

        /// <summary>XML 1.0 cannot carry most control characters: drop them rather than write a broken file.</summary>
        static string Clean(string text) => text.Any(ch => ch < 0x20 && ch is not '\t' and not '\n' and not '\r')
            ? new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray())
            : text;

        static string ColumnName(int n)
        {
            var name = "";
            for (; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
            return name;
        }

        public void Dispose()
        {
            x.WriteEndElement(); // sheetData
            x.WriteEndElement(); // worksheet
            x.WriteEndDocument();
            x.Dispose();
        }
    }

    /// <summary>One cell: text (an inline string, never a formula), a number with a style, or our own formula.</summary>
    readonly record struct XCell(string? Text, double? Number, uint Style, string? Formula)
    {
        public bool IsEmpty => Text is null && Number is null && Formula is null;
    }

    static XCell Cell(ExportColumns.Column column, object? value) => value switch
    {
        null => default,
        DateOnly d => Number(d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        double x => Number(x, column.Kind switch { ExportColumns.Kind.Percent => PercentStyle, ExportColumns.Kind.Integer => IntegerStyle, _ => NumberStyle }),
        int p when column.Kind == ExportColumns.Kind.Percent => Number(p / 100.0, PercentStyle),
        int i => Number(i, IntegerStyle),
        // Our own URL (user text in it is percent-encoded, so it cannot close the string).
        string link when column.Kind == ExportColumns.Kind.Link => new XCell(null, null, LinkStyle, $"HYPERLINK(\"{link}\",\"{column.Header}\")"),
        _ => Text(ExportColumns.Text(value), 0),
    };

    static XCell Text(string text, uint style) => new(text, null, style, null);

    static XCell Number(double value, uint style) => new(null, value, style, null);

    // Written as plain XML in the default namespace, like the sheets, so every reader sees the number formats.
    const string StylesXml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
        <fonts count="3"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font><font><u/><color rgb="FF0563C1"/><sz val="11"/><name val="等线"/></font></fonts>
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/></patternFill></fill></fills>
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="7">
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
        <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
        </cellXfs>
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """;
}
