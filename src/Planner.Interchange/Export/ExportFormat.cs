using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;
using NetTopologySuite.Geometries;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Export;

public enum ExportFormat { Xlsx, Csv, GeoJson, Kml, Gpx }
