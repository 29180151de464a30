using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// An OGC GeoPackage (.gpkg, what QGIS and current ogr2ogr write): every feature table in it, in gpkg_contents order,
/// read row by row through Microsoft.Data.Sqlite, geometries by NetTopologySuite.IO.GeoPackage. The coordinate system
/// is the layers' gpkg_spatial_ref_sys entry (by EPSG code, else its WKT, with the .prj's datum allow-list); layers on
/// different systems are refused, as are attribute tables and files that are no GeoPackage.
/// </summary>
public sealed class GeoPackageSource : IFeatureSource
{
    readonly SqliteConnection connection;
    readonly string name;
    readonly List<(string Table, string Column)> layers = [];
    readonly SourceCrs? declared;

    public GeoPackageSource(string path, DatumShift? datumShift = null)
    {
        name = Path.GetFileName(path);
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')";
                if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) != 3)
                    throw new ValidationFailedException(name, L10n.T("不是 GeoPackage：缺少 gpkg_contents、gpkg_geometry_columns 或 gpkg_spatial_ref_sys 表", "is not a GeoPackage: gpkg_contents, gpkg_geometry_columns or gpkg_spatial_ref_sys is missing"));
            }
            var systems = new List<(int SrsId, string? Organization, int Code, string Definition)>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = """
                    SELECT g.table_name, g.column_name, s.srs_id, s.organization, s.organization_coordsys_id, s.definition
                    FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name
                    LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                    WHERE c.data_type = 'features' ORDER BY c.rowid
                    """;
                using var r = list.ExecuteReader();
                while (r.Read())
                {
                    layers.Add((r.GetString(0), r.GetString(1)));
                    if (!r.IsDBNull(2)) systems.Add((r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? 0 : r.GetInt32(4), r.IsDBNull(5) ? "" : r.GetString(5)));
                }
            }
            if (layers.Count == 0) throw new ValidationFailedException(name, L10n.T("不含要素图层（只有属性表或栅格）", "holds no feature layer (only attribute tables or tiles)"));
            var distinct = systems.DistinctBy(s => s.SrsId).ToList();
            if (distinct.Count > 1)
                throw new ValidationFailedException(name, L10n.T($"各图层坐标系不同（srs_id {string.Join("、", distinct.Select(s => s.SrsId))}）：请分别导出后逐个导入",
                    $"its layers are on different coordinate systems (srs_id {string.Join(", ", distinct.Select(s => s.SrsId))}): export and import them one at a time"));
            // srs_id 0 and -1 are GeoPackage's "undefined": the import then guesses from the coordinates, as for a file that says nothing.
            if (distinct is [var srs] && srs.SrsId > 0)
                declared = string.Equals(srs.Organization, "EPSG", StringComparison.OrdinalIgnoreCase) && SourceCrs.FromEpsg(srs.Code) is { } known
                    ? known
                    : SourceCrs.FromPrj(srs.Definition, $"{name} gpkg_spatial_ref_sys {srs.SrsId}", datumShift);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ValidationFailedException(name, L10n.T($"无法作为 GeoPackage 打开：{e.Message}", $"cannot be opened as a GeoPackage: {e.Message}"));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public SourceCrs? DeclaredCrs => declared;

    public IEnumerable<SourceFeature> Read()
    {
        var reader = new GeoPackageGeoReader(SourceFactory.Raw.GeometryServices.DefaultCoordinateSequenceFactory, SourceFactory.Raw.PrecisionModel) { HandleSRID = false };
        var row = 0;
        foreach (var (table, column) in layers)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var r = select.ExecuteReader();
            var geometryOrdinal = r.GetOrdinal(column);
            var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
            while (r.Read())
            {
                row++;
                var where = layers.Count > 1 ? Place.Feature($"{name}:{table}", row) : Place.Feature(name, row);
                var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < names.Length; i++)
                    if (i != geometryOrdinal) attributes[names[i]] = r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
                NetTopologySuite.Geometries.Geometry? geometry = null;
                Problem? problem = null;
                if (r.IsDBNull(geometryOrdinal)) problem = new Problem(Place.Geometry(where), Messages.IsEmpty);
                else
                {
                    try
                    {
                        geometry = reader.Read((byte[])r.GetValue(geometryOrdinal));
                        if (geometry.IsEmpty) (geometry, problem) = (null, new Problem(Place.Geometry(where), Messages.IsEmpty));
                    }
                    catch (Exception e) when (e is ParseException or ArgumentException or InvalidCastException or IOException or InvalidOperationException)
                    {
                        problem = new Problem(Place.Geometry(where), L10n.T($"不是有效的 GeoPackage 几何：{e.Message}", $"is not a valid GeoPackage geometry: {e.Message}"));
                    }
                }
                yield return new SourceFeature(row, where, geometry, attributes, problem);
            }
        }
    }

    public void Dispose() => connection.Dispose();
}
