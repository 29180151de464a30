namespace Planner.Import;

public enum ImportFormat { GeoJson, Shapefile, Kml, Kmz, Csv, GeoPackage, Xlsx }
