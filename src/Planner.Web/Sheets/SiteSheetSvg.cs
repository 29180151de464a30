using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Planner.Geometry;

namespace Planner.Web.Sheets;

/// <summary>
/// The drawing on a printable site sheet: the site and its neighbours in the site's Gauss–Krüger zone
/// (true metres, north up), with a north arrow and a scale bar. Drawn on the server so it prints anywhere.
/// </summary>
public static class SiteSheetSvg
{
    const double Width = 680, Height = 420, Margin = 20;

    public static string Render(NetTopologySuite.Geometries.Geometry site, IEnumerable<(NetTopologySuite.Geometries.Geometry Geometry, string Label)> neighbours)
    {
        var measurer = new GaussKrugerMeasurer(new GaussKrugerMeasurer().ZoneFor(site).Zone);
        var projected = measurer.Project(site);
        var extent = new Envelope(projected.EnvelopeInternal);
        var pad = Math.Max(100, Math.Max(extent.Width, extent.Height) * 0.4);
        extent.ExpandBy(pad);
        // Keep the drawing's aspect: widen the short side.
        var scale = Math.Min((Width - 2 * Margin) / extent.Width, (Height - 2 * Margin) / extent.Height);
        var cx = extent.Centre.X;
        var cy = extent.Centre.Y;
        (double X, double Y) ToPx(double x, double y) => (Width / 2 + (x - cx) * scale, Height / 2 - (y - cy) * scale);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sheet-map\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#fff\" stroke=\"#333\"/>");
        var clip = new Envelope(extent);
        foreach (var (geometry, label) in neighbours)
        {
            var p = measurer.Project(geometry);
            if (!p.EnvelopeInternal.Intersects(clip)) continue;
            svg.Append($"<path class=\"neighbour\" d=\"{PathData(p, ToPx)}\"/>");
            var c = p.InteriorPoint.Coordinate;
            if (clip.Contains(c))
            {
                var (lx, ly) = ToPx(c.X, c.Y);
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"neighbour-label\" x=\"{lx:0.#}\" y=\"{ly:0.#}\">{Escape(label)}</text>");
            }
        }
        svg.Append($"<path class=\"site {(site.Dimension == Dimension.Curve ? "line" : "area")}\" d=\"{PathData(projected, ToPx)}\"/>");

        // North arrow (GK grid north; within a zone it is within a degree or two of true north).
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"north\" transform=\"translate({Width - 40},{48})\"><path d=\"M0,-28 L10,8 L0,2 L-10,8 Z\"/><text x=\"0\" y=\"24\" text-anchor=\"middle\">N</text></g>");

        // Scale bar: the longest round length under a quarter of the width.
        var maxMetres = (Width / 4) / scale;
        var bar = new[] { 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 }.Last(m => m <= Math.Max(10, maxMetres));
        var barPx = bar * scale;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"scale\" transform=\"translate({Margin},{Height - Margin})\"><rect x=\"0\" y=\"-6\" width=\"{barPx / 2:0.#}\" height=\"6\"/><rect x=\"{barPx / 2:0.#}\" y=\"-6\" width=\"{barPx / 2:0.#}\" height=\"6\" class=\"hollow\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"-10\">0</text><text x=\"{barPx:0.#}\" y=\"-10\" text-anchor=\"middle\">{(bar >= 1000 ? $"{bar / 1000} km" : $"{bar} m")}</text></g>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string PathData(NetTopologySuite.Geometries.Geometry g, Func<double, double, (double X, double Y)> toPx)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < g.NumGeometries; i++)
        {
            var part = g.GetGeometryN(i);
            var rings = part is Polygon poly ? new[] { poly.ExteriorRing }.Concat(poly.InteriorRings) : part is LineString l ? [l] : [];
            foreach (var ring in rings)
            {
                var seq = ring.CoordinateSequence;
                for (var k = 0; k < seq.Count; k++)
                {
                    var (x, y) = toPx(seq.GetX(k), seq.GetY(k));
                    sb.Append(CultureInfo.InvariantCulture, $"{(k == 0 ? 'M' : 'L')}{x:0.#},{y:0.#}");
                }
                if (part is Polygon) sb.Append('Z');
            }
        }
        return sb.ToString();
    }

    static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
