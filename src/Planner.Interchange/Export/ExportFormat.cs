namespace Planner.Export;

public enum ExportFormat { Xlsx, Csv, GeoJson, Kml, Gpx, GeoPackage }
