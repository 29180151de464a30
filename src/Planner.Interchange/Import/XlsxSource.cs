using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// A ledger kept in Excel or WPS (.xlsx), read with the OpenXml SDK row by row: every sheet whose header row (found in
/// its first <see cref="HeaderSearchRows"/> rows, under any title rows) has a WKT column or lon/lat columns; sheets
/// without one (a summary) are passed over. Rows end at a 合计/总计 row. Date cells become yyyy-MM-dd and percentage
/// cells whole percents, as the ledger shows them; text is the text shown, numbers as stored.
/// </summary>
public sealed class XlsxSource : IFeatureSource
{
    public const int HeaderSearchRows = 30;

    readonly SpreadsheetDocument document;
    readonly string name;
    readonly string[] sharedStrings;
    readonly Dictionary<uint, CellKind> styleKinds = [];

    enum CellKind { Plain, Date, Percent }

    public XlsxSource(Stream stream, string fileName)
    {
        name = fileName;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            stream.Dispose();
            throw new ValidationFailedException(name, L10n.T($"不是有效的 .xlsx 工作簿：{e.Message}", $"is not a valid .xlsx workbook: {e.Message}"));
        }
        var workbook = document.WorkbookPart ?? throw new ValidationFailedException(name, L10n.T("不是有效的 .xlsx 工作簿：没有工作簿部件", "is not a valid .xlsx workbook: no workbook part"));
        sharedStrings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        ReadStyles(workbook.WorkbookStylesPart?.Stylesheet);
    }

    public SourceCrs? DeclaredCrs => null;

    public IEnumerable<SourceFeature> Read()
    {
        var workbook = document.WorkbookPart!;
        var row = 0;
        var found = false;
        foreach (var sheet in workbook.Workbook.Descendants<Sheet>())
        {
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) continue;
            var sheetName = sheet.Name?.Value ?? "";
            string[]? header = null;
            TableGeometry? geometryColumns = null;
            foreach (var (number, cells) in Rows(part))
            {
                if (header is null)
                {
                    if (number > HeaderSearchRows) break;
                    var names = cells.Select(c => c?.Trim() ?? "").ToArray();
                    if (TableGeometry.Find(names) is { } g) (header, geometryColumns) = (names, g);
                    continue;
                }
                var first = cells.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();
                if (first is null) continue;
                if (first is "合计" or "总计" or "小计") break;
                row++;
                var where = Place.Row($"{name}:{sheetName}", (int)number);
                var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < header.Length; i++)
                    if (header[i].Length > 0 && header[i] != geometryColumns!.Wkt) attributes.TryAdd(header[i], i < cells.Length ? cells[i] : null);
                var (geometry, problem) = geometryColumns!.Read(column => Cell(cells, Array.IndexOf(header, column)), where);
                yield return new SourceFeature(row, where, geometry, attributes, problem);
            }
            found |= header is not null;
        }
        if (!found)
            throw new ValidationFailedException(name, L10n.T($"没有找到表头行：每个工作表的前 {HeaderSearchRows} 行中都没有{TableGeometry.Expected}",
                $"has no header row: no sheet has {TableGeometry.Expected} in its first {HeaderSearchRows} rows"));
    }

    static string? Cell(string?[] cells, int index) => index >= 0 && index < cells.Length ? cells[index] : null;

    /// <summary>The sheet's rows with their numbers, each as the text of its cells by column (A = 0), streamed.</summary>
    IEnumerable<(uint Number, string?[] Cells)> Rows(WorksheetPart part)
    {
        using var reader = OpenXmlReader.Create(part);
        uint last = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var element = (Row)reader.LoadCurrentElement()!;
            var number = element.RowIndex?.Value ?? last + 1;
            last = number;
            var cells = new List<string?>();
            var next = 0;
            foreach (var cell in element.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                while (cells.Count < column) cells.Add(null);
                if (cells.Count == column) cells.Add(Text(cell));
                next = column + 1;
            }
            yield return (number, cells.ToArray());
        }
    }

    string? Text(Cell cell)
    {
        var raw = cell.CellValue?.Text;
        if (cell.DataType?.Value is { } type)
        {
            if (type == CellValues.SharedString) return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < sharedStrings.Length ? sharedStrings[i] : null;
            if (type == CellValues.InlineString) return cell.InlineString?.InnerText;
            if (type == CellValues.Boolean) return raw == "1" ? "true" : "false";
            if (type == CellValues.String || type == CellValues.Error) return raw;
        }
        if (raw is null) return null;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return raw;
        return styleKinds.GetValueOrDefault(cell.StyleIndex?.Value ?? 0) switch
        {
            CellKind.Date when number is > 0 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(number)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CellKind.Percent => Math.Round(number * 100, 6).ToString("R", CultureInfo.InvariantCulture),
            _ => raw,
        };
    }

    /// <summary>Which cell styles show dates or percentages: the built-in formats by number, custom ones by their code.</summary>
    void ReadStyles(Stylesheet? styles)
    {
        if (styles?.CellFormats is null) return;
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in styles.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var kind = id switch
            {
                9 or 10 => CellKind.Percent,
                >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 => CellKind.Date,
                _ when custom.TryGetValue(id, out var code) => KindOf(code),
                _ => CellKind.Plain,
            };
            if (kind != CellKind.Plain) styleKinds[index] = kind;
            index++;
        }
    }

    static CellKind KindOf(string code)
    {
        // Literal text in quotes and colours in brackets say nothing about the kind.
        var bare = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "");
        if (bare.Contains('%')) return CellKind.Percent;
        return bare.IndexOfAny(['y', 'Y', 'd', 'D']) >= 0 || bare.Contains("m/", StringComparison.OrdinalIgnoreCase) ? CellKind.Date : CellKind.Plain;
    }

    static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') column = column * 26 + (ch - 'A' + 1);
            else if (ch is >= 'a' and <= 'z') column = column * 26 + (ch - 'a' + 1);
            else break;
        }
        return column - 1;
    }

    public void Dispose() => document.Dispose();
}
