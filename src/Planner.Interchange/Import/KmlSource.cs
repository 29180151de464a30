using System.Globalization;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using NetTopologySuite.Geometries;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>KML (and KMZ), read placemark by placemark. KML is WGS84 lon/lat unless the user says otherwise.</summary>
public sealed class KmlSource(Stream stream, string fileName) : IFeatureSource
{
    public SourceCrs? DeclaredCrs => SourceCrs.Wgs84;

    /// <summary>A .kmz: the first .kml inside the zip (doc.kml by convention).</summary>
    public static KmlSource FromKmz(Stream kmz, string fileName, ZipLimits limits)
    {
        var zip = new ZipArchive(kmz, ZipArchiveMode.Read);
        var entry = zip.Entries.Where(e => e.FullName.EndsWith(".kml", StringComparison.OrdinalIgnoreCase))
                        .OrderBy(e => e.FullName.Equals("doc.kml", StringComparison.OrdinalIgnoreCase) ? 0 : 1).FirstOrDefault()
                    ?? throw new ValidationFailedException(fileName, L10n.T("其中没有 .kml 文件", "holds no .kml file"));
        ZipGuard.Check(zip, fileName, limits);
        return new KmlSource(ZipGuard.Open(entry, fileName), $"{fileName}/{entry.FullName}");
    }

    public IEnumerable<SourceFeature> Read()
    {
        // No DTDs: no entity expansion, no external entities.
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, XmlResolver = null });
        var row = 0;
        while (true)
        {
            XElement? placemark;
            try
            {
                // By local name: KML 2.2 (OGC), Google Earth's 2.0/2.1/2.2 namespaces and files with none are all KML.
                if (!ReadToFollowingAnyNamespace(xml, "Placemark")) break;
                placemark = (XElement)XNode.ReadFrom(xml);
            }
            catch (XmlException e)
            {
                throw new ValidationFailedException(L10n.T($"{fileName} 第 {e.LineNumber} 行第 {e.LinePosition} 列", $"{fileName} line {e.LineNumber}, position {e.LinePosition}"), L10n.T($"XML 格式错误：{e.Message}", $"malformed XML: {e.Message}"));
            }
            row++;
            yield return ToFeature(placemark, row);
        }
        if (row == 0 && stream.CanSeek && stream.Length == 0) throw new ValidationFailedException(fileName, Messages.IsEmpty);
    }

    /// <summary>The placemark's own elements read as site fields when its data does not give them.</summary>
    static readonly (string Element, string Field)[] PlacemarkFields = [("name", "name"), ("description", "notes")];

    static bool ReadToFollowingAnyNamespace(XmlReader xml, string localName)
    {
        // XNode.ReadFrom leaves the reader on the node after the placemark it read: in a file written without whitespace
        // between elements (ours, and most tools'), that is the next placemark, which a Read would step past.
        if (xml.NodeType == XmlNodeType.Element && xml.LocalName == localName) return true;
        while (xml.Read())
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == localName) return true;
        return false;
    }

    SourceFeature ToFeature(XElement p, int row)
    {
        var where = Place.Placemark(fileName, row);
        var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var data in p.Descendants().Where(e => e.Name.LocalName == "Data"))
            if (data.Attribute("name")?.Value is { } n) attributes[n] = data.Elements().FirstOrDefault(e => e.Name.LocalName == "value")?.Value.Trim();
        foreach (var data in p.Descendants().Where(e => e.Name.LocalName == "SimpleData"))
            if (data.Attribute("name")?.Value is { } n) attributes[n] = data.Value.Trim();
        // The placemark's own name and description are what a globe shows (ours: "code name" and a table): they are the
        // site's name and notes only where its data does not give those fields, even as empty values.
        foreach (var (element, field) in PlacemarkFields)
            if (p.Elements().FirstOrDefault(e => e.Name.LocalName == element) is { } shown && !FieldMapping.Aliases[field].Any(attributes.ContainsKey))
                attributes[element] = shown.Value.Trim();
        try
        {
            var geometries = p.Elements().Where(e => e.Name.LocalName is "Point" or "LineString" or "Polygon" or "MultiGeometry" or "LinearRing")
                .Select(e => Geometry(e, where)).ToList();
            if (geometries.Count == 0) return new SourceFeature(row, where, null, attributes, new Problem(where, Messages.NoGeometry));
            return new SourceFeature(row, where, geometries[0], attributes);
        }
        catch (ValidationFailedException e)
        {
            return new SourceFeature(row, where, null, attributes, e.Problems[0]);
        }
    }

    static NetTopologySuite.Geometries.Geometry Geometry(XElement e, string where)
    {
        var f = SourceFactory.Raw;
        switch (e.Name.LocalName)
        {
            case "Point":
                return f.CreatePoint(Coordinates(e, where)[0]);
            case "LineString":
            {
                var c = Coordinates(e, where);
                if (c.Length < 2) throw new ValidationFailedException(where, Messages.LineTooShort(c.Length));
                return f.CreateLineString(c);
            }
            case "LinearRing":
                return f.CreatePolygon(Ring(e, where));
            case "Polygon":
            {
                var outer = e.Descendants().FirstOrDefault(x => x.Name.LocalName == "outerBoundaryIs")?.Descendants().FirstOrDefault(x => x.Name.LocalName == "LinearRing")
                            ?? throw new ValidationFailedException(where, L10n.T("Polygon 缺少 outerBoundaryIs", "Polygon has no outerBoundaryIs"));
                var inner = e.Descendants().Where(x => x.Name.LocalName == "innerBoundaryIs").SelectMany(x => x.Descendants().Where(r => r.Name.LocalName == "LinearRing"));
                return f.CreatePolygon(Ring(outer, where), inner.Select((r, i) => Ring(r, Place.Hole(where, i))).ToArray());
            }
            case "MultiGeometry":
            {
                var parts = e.Elements().Where(x => x.Name.LocalName is "Point" or "LineString" or "Polygon" or "MultiGeometry").Select(x => Geometry(x, where)).ToArray();
                if (parts.All(g => g is Polygon)) return f.CreateMultiPolygon(parts.Cast<Polygon>().ToArray());
                if (parts.All(g => g is LineString)) return f.CreateMultiLineString(parts.Cast<LineString>().ToArray());
                return f.CreateGeometryCollection(parts);
            }
            default:
                throw new ValidationFailedException(where, L10n.T($"不支持的 KML 几何类型 {e.Name.LocalName}", $"unsupported KML geometry {e.Name.LocalName}"));
        }
    }

    static LinearRing Ring(XElement ring, string where)
    {
        var c = Coordinates(ring, where);
        if (c.Length > 0 && !c[0].Equals2D(c[^1]))
            throw new ValidationFailedException(where, Messages.RingNotClosed(c[0], c.Length - 1, c[^1]));
        if (c.Length < 4) throw new ValidationFailedException(where, Messages.RingTooShort(c.Length));
        return SourceFactory.Raw.CreateLinearRing(c);
    }

    static Coordinate[] Coordinates(XElement e, string where)
    {
        var text = e.Descendants().FirstOrDefault(x => x.Name.LocalName == "coordinates")?.Value
                   ?? throw new ValidationFailedException(where, L10n.T($"{e.Name.LocalName} 缺少 <coordinates>", $"{e.Name.LocalName} has no <coordinates>"));
        var tuples = text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return tuples.Select((t, i) =>
        {
            var parts = t.Split(',');
            if (parts.Length < 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) || !double.IsFinite(x) || !double.IsFinite(y))
                throw new ValidationFailedException(Place.Vertex(where, i), L10n.T($"“{t}”不是“经度,纬度[,高程]”", $"\"{t}\" is not lon,lat[,alt]"));
            return new Coordinate(x, y);
        }).ToArray();
    }

    public void Dispose() => stream.Dispose();
}
