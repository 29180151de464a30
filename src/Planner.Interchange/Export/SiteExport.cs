using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Export;

/// <summary>Writes a stream of sites in the formats field teams take out. Every writer streams: memory does not grow with the rows.</summary>
public static class SiteExport
{
    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Xlsx => ".xlsx",
        ExportFormat.Csv => ".csv",
        ExportFormat.GeoJson => ".geojson",
        ExportFormat.Kml => ".kml",
        ExportFormat.Gpx => ".gpx",
        ExportFormat.GeoPackage => ".gpkg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.GeoJson => "application/geo+json",
        ExportFormat.Kml => "application/vnd.google-earth.kml+xml",
        ExportFormat.Gpx => "application/gpx+xml",
        ExportFormat.GeoPackage => "application/geopackage+sqlite3",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Why a text is no export format, naming the formats: what the command line and the API both say.</summary>
    public static string NotAFormat(string? text) =>
        Planner.Localization.L10n.T($"“{text}”不是 xlsx、csv、geojson、gpkg、kml 或 gpx", $"\"{text}\" is not xlsx, csv, geojson, gpkg, kml or gpx");

    public static bool TryParse(string? text, out ExportFormat format)
    {
        if (string.Equals(text, "gpkg", StringComparison.OrdinalIgnoreCase)) text = nameof(ExportFormat.GeoPackage);
        // Names only: "1" is not a format.
        return Enum.TryParse(text?.Replace("-", ""), true, out format) && Enum.IsDefined(format) && !char.IsAsciiDigit(text![0]);
    }

    /// <summary>Writes the rows; returns how many. The heading titles the XLSX ledger's sheets.</summary>
    public static Task<int> WriteAsync(ExportFormat format, IAsyncEnumerable<ExportRow> rows, Stream stream, LedgerHeading heading, CancellationToken cancellationToken = default) => format switch
    {
        ExportFormat.Xlsx => Xlsx.XlsxExport.WriteAsync(rows, stream, heading, cancellationToken),
        ExportFormat.Csv => WriteCsvAsync(rows, stream, cancellationToken),
        ExportFormat.GeoJson => WriteGeoJsonAsync(rows, stream, cancellationToken),
        ExportFormat.Kml => WriteKmlAsync(rows, stream, cancellationToken),
        ExportFormat.Gpx => WriteGpxAsync(rows, stream, cancellationToken),
        ExportFormat.GeoPackage => GeoPackageExport.WriteAsync(rows, stream, heading.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>UTF-8 with a BOM, so Excel and WPS open the Chinese text correctly; user text never starts a formula.</summary>
    static async Task<int> WriteCsvAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var c in ExportColumns.Common) csv.WriteField(c.Header);
        await csv.NextRecordAsync();
        var n = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var c in ExportColumns.Common)
            {
                var value = c.Value(row);
                csv.WriteField(c.Kind == ExportColumns.Kind.Text ? SpreadsheetText.Neutralise(ExportColumns.Text(value)) : ExportColumns.Text(c, value));
            }
            await csv.NextRecordAsync();
            n++;
        }
        await csv.FlushAsync();
        return n;
    }

    static async Task<int> WriteGeoJsonAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, CancellationToken cancellationToken)
    {
        await using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        var n = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteNumber("id", row.Site.Id);
            w.WritePropertyName("geometry");
            GeoJsonGeometry.Write(w, row.Site.Geometry, decimals: 8);
            w.WriteStartObject("properties");
            foreach (var c in ExportColumns.Common)
            {
                switch (c.Value(row))
                {
                    case null: w.WriteNull(c.Key); break;
                    case double d: w.WriteNumber(c.Key, d); break;
                    case int i: w.WriteNumber(c.Key, i); break;
                    case var v: w.WriteString(c.Key, ExportColumns.Text(v)); break;
                }
            }
            w.WriteEndObject();
            w.WriteEndObject();
            if (++n % 500 == 0) await w.FlushAsync(cancellationToken);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
        return n;
    }

    // KML colours are aabbggrr.
    static readonly Dictionary<SiteStatus, string> KmlColours = new()
    {
        [SiteStatus.Planning] = "b1a59a", [SiteStatus.Approved] = "ff617b", [SiteStatus.Design] = "b17c3e", [SiteStatus.Tender] = "b8a217",
        [SiteStatus.Construction] = "02a2f0", [SiteStatus.Completed] = "449e2f", [SiteStatus.Accepted] = "205e1b", [SiteStatus.Suspended] = "665f5c",
    };

    /// <summary>KML: a folder per programme, a style per status, a description table per placemark (HTML-encoded user text).</summary>
    static async Task<int> WriteKmlAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, CancellationToken cancellationToken)
    {
        await using var x = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = false });
        await x.WriteStartDocumentAsync();
        x.WriteStartElement("kml", "http://www.opengis.net/kml/2.2");
        x.WriteStartElement("Document");
        x.WriteElementString("name", "三项工程项目清单");
        foreach (var (status, colour) in KmlColours)
        {
            x.WriteStartElement("Style");
            x.WriteAttributeString("id", $"status-{status.Code()}");
            x.WriteStartElement("IconStyle"); x.WriteElementString("color", "ff" + colour); x.WriteEndElement();
            x.WriteStartElement("LineStyle"); x.WriteElementString("color", "ff" + colour); x.WriteElementString("width", "4"); x.WriteEndElement();
            x.WriteStartElement("PolyStyle"); x.WriteElementString("color", "80" + colour); x.WriteEndElement();
            x.WriteEndElement();
        }
        Programme? folder = null;
        var n = 0;
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (folder != row.Site.Programme)
            {
                if (folder is not null) x.WriteEndElement();
                folder = row.Site.Programme;
                x.WriteStartElement("Folder");
                x.WriteElementString("name", folder.Value.ChineseName());
            }
            x.WriteStartElement("Placemark");
            x.WriteAttributeString("id", $"site-{row.Site.Id}");
            x.WriteElementString("name", $"{row.Site.Code} {row.Site.Name}");
            x.WriteElementString("styleUrl", $"#status-{row.Site.Status.Code()}");
            var table = new StringBuilder("<table>");
            foreach (var c in ExportColumns.Common.Where(c => c.Kind != ExportColumns.Kind.Link))
                table.Append("<tr><th>").Append(html.Encode(c.Header)).Append("</th><td>").Append(html.Encode(ExportColumns.Text(c, c.Value(row)))).Append("</td></tr>");
            table.Append("<tr><td colspan=\"2\"><a href=\"").Append(html.Encode(row.AmapLink)).Append("\">高德导航</a> · <a href=\"").Append(html.Encode(row.BaiduLink)).Append("\">百度导航</a></td></tr></table>");
            x.WriteStartElement("description");
            x.WriteCData(table.ToString());
            x.WriteEndElement();
            x.WriteStartElement("ExtendedData");
            foreach (var c in ExportColumns.Common.Where(c => c.Kind != ExportColumns.Kind.Link))
            {
                x.WriteStartElement("Data");
                // "name" would override the placemark's own name ("code name") in KML readers: the name goes as
                // site_name, which the import reads as the name.
                x.WriteAttributeString("name", c.Key == "name" ? "site_name" : c.Key);
                x.WriteElementString("value", ExportColumns.Text(c, c.Value(row)));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            WriteKmlGeometry(x, row.Site.Geometry);
            x.WriteEndElement();
            if (++n % 500 == 0) await x.FlushAsync();
        }
        if (folder is not null) x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        await x.FlushAsync();
        return n;
    }

    static void WriteKmlGeometry(XmlWriter x, NetTopologySuite.Geometries.Geometry g)
    {
        if (g.NumGeometries > 1) x.WriteStartElement("MultiGeometry");
        for (var i = 0; i < g.NumGeometries; i++)
        {
            switch (g.GetGeometryN(i))
            {
                case LineString line:
                    x.WriteStartElement("LineString");
                    x.WriteElementString("tessellate", "1");
                    x.WriteElementString("coordinates", KmlCoordinates(line.CoordinateSequence));
                    x.WriteEndElement();
                    break;
                case Polygon polygon:
                    x.WriteStartElement("Polygon");
                    x.WriteStartElement("outerBoundaryIs"); x.WriteStartElement("LinearRing");
                    x.WriteElementString("coordinates", KmlCoordinates(polygon.Shell.CoordinateSequence));
                    x.WriteEndElement(); x.WriteEndElement();
                    foreach (var hole in polygon.Holes)
                    {
                        x.WriteStartElement("innerBoundaryIs"); x.WriteStartElement("LinearRing");
                        x.WriteElementString("coordinates", KmlCoordinates(hole.CoordinateSequence));
                        x.WriteEndElement(); x.WriteEndElement();
                    }
                    x.WriteEndElement();
                    break;
            }
        }
        if (g.NumGeometries > 1) x.WriteEndElement();
    }

    static string KmlCoordinates(CoordinateSequence seq)
    {
        var sb = new StringBuilder(seq.Count * 24);
        for (var i = 0; i < seq.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? " " : "")}{seq.GetX(i):0.########},{seq.GetY(i):0.########}");
        return sb.ToString();
    }

    /// <summary>
    /// GPX 1.1 waypoints at each site's representative point (WGS84 = CGCS2000 to centimetres), for navigation apps,
    /// written by NetTopologySuite.IO.GPX. Its writer takes an enumerable: the rows stream into it on a worker thread.
    /// </summary>
    static Task<int> WriteGpxAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var n = 0;
        IEnumerable<GpxWaypoint> Waypoints()
        {
            foreach (var row in rows.ToBlockingEnumerable(cancellationToken))
            {
                n++;
                yield return new GpxWaypoint(new GpxLongitude(row.Point.Lon), new GpxLatitude(row.Point.Lat))
                    .WithName($"{row.Site.Code} {row.Site.Name}")
                    .WithDescription($"{row.Township} · {row.Site.Programme.ChineseName()} · {row.Site.Status.ChineseName()} {row.Site.Progress}%{(row.Overdue ? " · 逾期" : "")}")
                    .WithLinks([new GpxWebLink(row.AmapLink, "高德导航", null)])
                    .WithClassification(row.Site.Programme.Code());
            }
        }
        using (var x = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false }))
            GpxWriter.Write(x, new GpxWriterSettings(), new GpxMetadata("Planner"), Waypoints(), null, null, null);
        return n;
    }, cancellationToken);
}
