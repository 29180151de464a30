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
    static readonly string[] WktColumns = ["wkt", "geometry", "geom", "the_geom", "shape"];
    static readonly string[] LonColumns = ["lon", "lng", "long", "longitude", "x", "经度"];
    static readonly string[] LatColumns = ["lat", "latitude", "y", "纬度"];

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
        var wkt = header.FirstOrDefault(h => WktColumns.Contains(h.ToLowerInvariant()));
        var lon = header.FirstOrDefault(h => LonColumns.Contains(h.ToLowerInvariant()));
        var lat = header.FirstOrDefault(h => LatColumns.Contains(h.ToLowerInvariant()));
        if (wkt is null && (lon is null || lat is null))
            throw new ValidationFailedException(Place.Header(fileName), L10n.T($"需要一个 WKT 列（{string.Join(", ", WktColumns)}）或经度、纬度两列；实际列为 {string.Join(", ", header)}", $"needs a WKT column ({string.Join(", ", WktColumns)}) or lon and lat columns; found {string.Join(", ", header)}"));
        var wktReader = new WKTReader(SourceFactory.Raw.GeometryServices) { IsOldNtsCoordinateSyntaxAllowed = false };
        var row = 0;
        while (csv.Read())
        {
            row++;
            var where = Place.Row(fileName, row + 1); // row 1 is the header
            var attributes = header.Where(h => h != wkt).ToDictionary(h => h, h => (string?)csv.GetField(h), StringComparer.OrdinalIgnoreCase);
            NetTopologySuite.Geometries.Geometry? geometry = null;
            Problem? problem = null;
            if (wkt is not null)
            {
                var text = csv.GetField(wkt);
                try
                {
                    geometry = string.IsNullOrWhiteSpace(text) ? null : wktReader.Read(text);
                    if (geometry is null) problem = new Problem(Place.Column(where, wkt), Messages.IsEmpty);
                }
                catch (Exception e) when (e is ParseException or ArgumentException or FormatException or OverflowException)
                {
                    problem = new Problem(Place.Column(where, wkt), L10n.T($"不是有效的 WKT：{e.Message}", $"is not valid WKT: {e.Message}"));
                }
            }
            else if (double.TryParse(csv.GetField(lon!), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
                     double.TryParse(csv.GetField(lat!), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.IsFinite(x) && double.IsFinite(y))
                geometry = SourceFactory.Raw.CreatePoint(new NetTopologySuite.Geometries.Coordinate(x, y));
            else problem = new Problem(Place.Column(where, $"{lon}/{lat}"), L10n.T("不是有限数值", "are not finite numbers"));
            // "1e999" reads as infinity: a coordinate that is no number, refused at its row.
            if (geometry is not null && !AllFinite(geometry))
            {
                problem = new Problem(Place.Column(where, wkt ?? $"{lon}/{lat}"), L10n.T("坐标不是有限数值", "coordinate is not a finite number"));
                geometry = null;
            }
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

    static bool AllFinite(NetTopologySuite.Geometries.Geometry g)
    {
        foreach (var c in g.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y)) return false;
        return true;
    }

    public void Dispose() => stream.Dispose();
}
