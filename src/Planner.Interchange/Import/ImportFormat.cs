using System.IO.Compression;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

public enum ImportFormat { GeoJson, Shapefile, Kml, Kmz, Csv }
