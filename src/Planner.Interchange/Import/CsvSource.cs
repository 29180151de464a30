using System.Globalization;
using System.Text;
using NetTopologySuite.IO;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// CSV with a WKT column (wkt, geometry, geom) or lon/lat columns (lon/lng/longitude/x/经度, lat/latitude/y/纬度).
/// UTF-8 (with or without BOM) or GBK, detected from the bytes.
/// </summary>
public sealed class CsvSource(Stream stream, string fileName) : IFeatureSource
{
    static CsvSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public SourceCrs? DeclaredCrs => null;

    public IEnumerable<SourceFeature> Read()
    {
        using var reader = new StreamReader(stream, DetectEncoding(), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvHelper.CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null, MissingFieldFound = null, DetectDelimiter = true, TrimOptions = CsvHelper.Configuration.TrimOptions.Trim,
        });
        if (!csv.Read() || !csv.ReadHeader()) throw new ValidationFailedException(fileName, L10n.T("为空：没有表头行", "is empty: no header row"));
        var header = csv.HeaderRecord!;
        var geometryColumns = TableGeometry.Find(header)
            ?? throw new ValidationFailedException(Place.Header(fileName), L10n.T($"需要{TableGeometry.Expected}；实际列为 {string.Join(", ", header)}", $"needs {TableGeometry.Expected}; found {string.Join(", ", header)}"));
        var row = 0;
        while (csv.Read())
        {
            row++;
            var where = Place.Row(fileName, row + 1); // row 1 is the header
            var attributes = header.Where(h => h != geometryColumns.Wkt).ToDictionary(h => h, h => (string?)csv.GetField(h), StringComparer.OrdinalIgnoreCase);
            var (geometry, problem) = geometryColumns.Read(csv.GetField, where);
            yield return new SourceFeature(row, where, geometry, attributes, problem);
        }
    }

    /// <summary>UTF-8 if the first 64 KB decode as UTF-8, GBK otherwise (what Excel and WPS save in China).</summary>
    Encoding DetectEncoding()
    {
        var sample = new byte[65536];
        var n = stream.Read(sample, 0, sample.Length);
        stream.Position = 0;
        if (n == 0) throw new ValidationFailedException(fileName, Messages.IsEmpty);
        try
        {
            // A multi-byte character cut at the sample's end is not an error.
            new UTF8Encoding(false, true).GetDecoder().GetCharCount(sample, 0, n, flush: false);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(936);
        }
    }

    public void Dispose() => stream.Dispose();
}
