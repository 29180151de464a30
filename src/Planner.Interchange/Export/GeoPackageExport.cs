using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Export;

/// <summary>
/// OGC GeoPackage 1.3, the format QGIS and ogr2ogr default to: a feature table per programme (like the workbook's sheets,
/// each there also when empty), CGCS2000 (EPSG:4490), the export's columns by key, fid = the site's id. Geometries are
/// GeoPackage blobs from NetTopologySuite.IO.GeoPackage; the file itself is SQLite through Microsoft.Data.Sqlite.
/// </summary>
static class GeoPackageExport
{
    const string Cgcs2000Wkt = "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    sealed class Layer(string table, PositionalInsert insert)
    {
        public string Table { get; } = table;
        public PositionalInsert Insert { get; } = insert;
        public Envelope Extent { get; } = new();
    }

    /// <summary>
    /// A prepared INSERT bound by position through SQLitePCLRaw, the layer under Microsoft.Data.Sqlite: a
    /// <see cref="SqliteCommand"/> looks up every parameter by name on every execution, which was about 18 % of the
    /// export's CPU at 100,000 sites and ~40 columns (docs/benchmarks.md, export). Runs on the connection's own handle,
    /// inside its transaction.
    /// </summary>
    sealed class PositionalInsert : IDisposable
    {
        readonly SQLitePCL.sqlite3 db;
        readonly SQLitePCL.sqlite3_stmt statement;

        public PositionalInsert(SqliteConnection connection, string sql)
        {
            db = connection.Handle!;
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out statement));
        }

        /// <summary>Binds a value to the 1-based position: null, a number, a blob or text.</summary>
        public void Bind(int position, object? value) => Check(value switch
        {
            null => SQLitePCL.raw.sqlite3_bind_null(statement, position),
            long x => SQLitePCL.raw.sqlite3_bind_int64(statement, position, x),
            int x => SQLitePCL.raw.sqlite3_bind_int64(statement, position, x),
            double x => SQLitePCL.raw.sqlite3_bind_double(statement, position, x),
            byte[] x => SQLitePCL.raw.sqlite3_bind_blob(statement, position, x),
            string x => SQLitePCL.raw.sqlite3_bind_text(statement, position, x),
            _ => throw new ArgumentException($"no SQLite binding for {value.GetType().Name}", nameof(value)),
        });

        public void Run()
        {
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE) throw Failure(rc);
        }

        void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK) throw Failure(rc);
        }

        SqliteException Failure(int rc) => new(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);

        public void Dispose() => statement.Dispose();
    }

    public static async Task<int> WriteAsync(IAsyncEnumerable<ExportRow> rows, Stream stream, DateTime now, CancellationToken cancellationToken)
    {
        // SQLite writes a file, not a stream: the package is built in a temporary file and copied out whole.
        var path = Path.Combine(Path.GetTempPath(), $"planner-export-{Guid.NewGuid():N}.gpkg");
        try
        {
            var n = 0;
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, """
                    PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
                        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
                        srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
                    """, cancellationToken);
                await using (var srs = connection.CreateCommand())
                {
                    srs.CommandText = "INSERT INTO gpkg_spatial_ref_sys VALUES ('China Geodetic Coordinate System 2000', 4490, 'EPSG', 4490, $wkt, 'CGCS2000 longitude/latitude')";
                    srs.Parameters.AddWithValue("$wkt", Cgcs2000Wkt);
                    await srs.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var transaction = connection.BeginTransaction();
                var columns = ExportColumns.Common;
                var layers = new Dictionary<Programme, Layer>();
                var stamp = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                foreach (var programme in Enum.GetValues<Programme>())
                {
                    var table = programme.ChineseName();
                    var definitions = string.Join(", ", columns.Select(c => $"{Quote(c.Key)} {SqlType(c.Kind)}"));
                    await ExecuteAsync(connection, $"CREATE TABLE {Quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY, {definitions})", cancellationToken);
                    await using (var register = connection.CreateCommand())
                    {
                        register.CommandText = """
                            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES ($t, 'features', $t, $d, $now, 4490);
                            INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', 'GEOMETRY', 4490, 0, 0);
                            """;
                        register.Parameters.AddWithValue("$t", table);
                        register.Parameters.AddWithValue("$d", $"{programme.ChineseName()}项目");
                        register.Parameters.AddWithValue("$now", stamp);
                        await register.ExecuteNonQueryAsync(cancellationToken);
                    }
                    layers[programme] = new Layer(table, new PositionalInsert(connection,
                        $"INSERT INTO {Quote(table)} (fid, geom, {string.Join(", ", columns.Select(c => Quote(c.Key)))}) VALUES (?, ?{string.Concat(columns.Select(_ => ", ?"))})"));
                }

                var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
                try
                {
                    await foreach (var row in rows.WithCancellation(cancellationToken))
                    {
                        var layer = layers[row.Site.Programme];
                        layer.Insert.Bind(1, row.Site.Id);
                        layer.Insert.Bind(2, writer.Write(row.Site.Geometry));
                        for (var i = 0; i < columns.Count; i++)
                        {
                            // Numbers stay numbers; dates and the rest as the other formats write them.
                            var value = columns[i].Value(row);
                            layer.Insert.Bind(i + 3, value is null or double or int ? value : ExportColumns.Text(value));
                        }
                        layer.Insert.Run();
                        layer.Extent.ExpandToInclude(row.Site.Geometry.EnvelopeInternal);
                        n++;
                    }
                }
                finally
                {
                    foreach (var layer in layers.Values) layer.Insert.Dispose();
                }

                foreach (var layer in layers.Values)
                {
                    if (layer.Extent.IsNull) continue;
                    await using var extent = connection.CreateCommand();
                    extent.CommandText = "UPDATE gpkg_contents SET min_x = $a, min_y = $b, max_x = $c, max_y = $d WHERE table_name = $t";
                    extent.Parameters.AddWithValue("$a", layer.Extent.MinX);
                    extent.Parameters.AddWithValue("$b", layer.Extent.MinY);
                    extent.Parameters.AddWithValue("$c", layer.Extent.MaxX);
                    extent.Parameters.AddWithValue("$d", layer.Extent.MaxY);
                    extent.Parameters.AddWithValue("$t", layer.Table);
                    await extent.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                await file.CopyToAsync(stream, cancellationToken);
            return n;
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string SqlType(ExportColumns.Kind kind) => kind switch
    {
        ExportColumns.Kind.Number => "REAL",
        ExportColumns.Kind.Integer or ExportColumns.Kind.Percent => "INTEGER",
        ExportColumns.Kind.Date => "DATE",
        _ => "TEXT",
    };

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
