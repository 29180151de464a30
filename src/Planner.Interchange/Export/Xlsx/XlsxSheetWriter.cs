using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Planner.Export.Xlsx;

/// <summary>
/// Writes one worksheet part as plain SpreadsheetML in the default namespace (GDAL's reader, among others, does not
/// follow the SDK's "x:" prefixes), row by row straight into the zip. Links become real hyperlink relationships; their
/// addresses are spooled to a temporary file until the sheet closes, because the zip takes one entry at a time and
/// the relationships part must follow the sheet.
/// </summary>
sealed class XlsxSheetWriter
{
    /// <summary>Excel refuses more hyperlinks than this in one sheet; later links are written as their address in text.</summary>
    public const int MaxLinks = 65_530;

    const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    static readonly string[] ColumnNames = Enumerable.Range(0, 64).Select(ColumnName).ToArray();

    readonly ZipArchive zip;
    readonly string entry;
    readonly XmlWriter x;
    readonly List<string> links = [];
    FileStream? spool;
    XmlWriter? rels;

    public XlsxSheetWriter(ZipArchive zip, string entry, IReadOnlyList<double> widths, int frozenColumns, int frozenRows)
    {
        this.zip = zip;
        this.entry = entry;
        x = XmlWriter.Create(zip.CreateEntry(entry, CompressionLevel.Fastest).Open(), new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = true });
        x.WriteStartDocument(true);
        x.WriteStartElement("worksheet", Ns);
        x.WriteAttributeString("xmlns", "r", null, RelNs);
        // Printed on as many pages as it is long but one page wide.
        x.WriteStartElement("sheetPr", Ns);
        x.WriteStartElement("pageSetUpPr", Ns);
        x.WriteAttributeString("fitToPage", "1");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("sheetViews", Ns);
        x.WriteStartElement("sheetView", Ns);
        x.WriteAttributeString("workbookViewId", "0");
        x.WriteStartElement("pane", Ns);
        if (frozenColumns > 0) x.WriteAttributeString("xSplit", Invariant(frozenColumns));
        x.WriteAttributeString("ySplit", Invariant(frozenRows));
        x.WriteAttributeString("topLeftCell", CellName(frozenColumns + 1, (uint)frozenRows + 1));
        x.WriteAttributeString("activePane", frozenColumns > 0 ? "bottomRight" : "bottomLeft");
        x.WriteAttributeString("state", "frozen");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("cols", Ns);
        for (var i = 0; i < widths.Count; i++)
        {
            x.WriteStartElement("col", Ns);
            x.WriteAttributeString("min", Invariant(i + 1));
            x.WriteAttributeString("max", Invariant(i + 1));
            x.WriteAttributeString("width", Invariant(widths[i]));
            x.WriteAttributeString("customWidth", "1");
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteStartElement("sheetData", Ns);
    }

    /// <summary>How many cells became hyperlinks so far (at most <see cref="MaxLinks"/>).</summary>
    public int Links => links.Count;

    public void Row(uint index, ReadOnlySpan<XlsxCell> cells, double? height = null)
    {
        x.WriteStartElement("row", Ns);
        x.WriteAttributeString("r", Invariant(index));
        if (height is { } h)
        {
            x.WriteAttributeString("ht", Invariant(h));
            x.WriteAttributeString("customHeight", "1");
        }
        for (var i = 0; i < cells.Length; i++)
        {
            var c = cells[i];
            if (c.IsEmpty) continue;
            var name = CellName(i + 1, index);
            x.WriteStartElement("c", Ns);
            x.WriteAttributeString("r", name);
            var text = c.Text;
            if (c.Link is { } link)
            {
                if (links.Count < MaxLinks) AddLink(name, link);
                else text = link;
            }
            if (c.Style != 0) x.WriteAttributeString("s", Invariant(c.Style));
            if (text is not null)
            {
                x.WriteAttributeString("t", "inlineStr");
                x.WriteStartElement("is", Ns);
                x.WriteStartElement("t", Ns);
                x.WriteAttributeString("xml", "space", null, "preserve");
                x.WriteString(Clean(text));
                x.WriteEndElement();
                x.WriteEndElement();
            }
            else
            {
                if (c.Formula is { } formula) x.WriteElementString("f", Ns, formula);
                x.WriteElementString("v", Ns, c.Number!.Value.ToString("R", CultureInfo.InvariantCulture));
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    void AddLink(string cell, string address)
    {
        if (rels is null)
        {
            spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            rels = XmlWriter.Create(spool, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false });
            rels.WriteStartDocument(true);
            rels.WriteStartElement("Relationships", PackageRelNs);
        }
        links.Add(cell);
        rels.WriteStartElement("Relationship", PackageRelNs);
        rels.WriteAttributeString("Id", "l" + Invariant(links.Count));
        rels.WriteAttributeString("Type", RelNs + "/hyperlink");
        rels.WriteAttributeString("Target", address);
        rels.WriteAttributeString("TargetMode", "External");
        rels.WriteEndElement();
    }

    /// <summary>Closes the sheet: its filter, merged cells, links and print setup, then its relationships part.</summary>
    public void Finish(string? autoFilter, IEnumerable<string> merged, string footer)
    {
        x.WriteEndElement(); // sheetData
        if (autoFilter is not null)
        {
            x.WriteStartElement("autoFilter", Ns);
            x.WriteAttributeString("ref", autoFilter);
            x.WriteEndElement();
        }
        var merges = merged.ToList();
        if (merges.Count > 0)
        {
            x.WriteStartElement("mergeCells", Ns);
            x.WriteAttributeString("count", Invariant(merges.Count));
            foreach (var m in merges)
            {
                x.WriteStartElement("mergeCell", Ns);
                x.WriteAttributeString("ref", m);
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        if (links.Count > 0)
        {
            x.WriteStartElement("hyperlinks", Ns);
            for (var i = 0; i < links.Count; i++)
            {
                x.WriteStartElement("hyperlink", Ns);
                x.WriteAttributeString("ref", links[i]);
                x.WriteAttributeString("id", RelNs, "l" + Invariant(i + 1));
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteStartElement("pageMargins", Ns);
        foreach (var (side, inches) in new[] { ("left", "0.4"), ("right", "0.4"), ("top", "0.6"), ("bottom", "0.6"), ("header", "0.3"), ("footer", "0.3") })
            x.WriteAttributeString(side, inches);
        x.WriteEndElement();
        x.WriteStartElement("pageSetup", Ns);
        x.WriteAttributeString("paperSize", "8"); // A3: a ledger of 31 columns stays legible one page wide
        x.WriteAttributeString("orientation", "landscape");
        x.WriteAttributeString("fitToWidth", "1");
        x.WriteAttributeString("fitToHeight", "0");
        x.WriteEndElement();
        x.WriteStartElement("headerFooter", Ns);
        x.WriteElementString("oddFooter", Ns, footer);
        x.WriteEndElement();
        x.WriteEndElement(); // worksheet
        x.WriteEndDocument();
        x.Dispose();

        if (rels is null) return;
        rels.WriteEndElement();
        rels.WriteEndDocument();
        rels.Dispose();
        var slash = entry.LastIndexOf('/');
        using (var target = zip.CreateEntry($"{entry[..slash]}/_rels/{entry[(slash + 1)..]}.rels", CompressionLevel.Fastest).Open())
        {
            spool!.Position = 0;
            spool.CopyTo(target);
        }
        spool.Dispose();
    }

    /// <summary>XML 1.0 cannot carry most control characters: drop them rather than write a broken file.</summary>
    static string Clean(string text) => text.Any(ch => ch < 0x20 && ch is not '\t' and not '\n' and not '\r')
        ? new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray())
        : text;

    public static string CellName(int column, uint row) => ColumnNames[column] + Invariant(row);

    public static string Column(int column) => ColumnNames[column];

    static string ColumnName(int n)
    {
        var name = "";
        for (; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);

    static string Invariant(uint v) => v.ToString(CultureInfo.InvariantCulture);

    static string Invariant(double v) => v.ToString(CultureInfo.InvariantCulture);
}
