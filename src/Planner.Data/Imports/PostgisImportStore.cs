using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Townships;

namespace Planner.Import;

/// <summary>
/// Plain Npgsql on PostGIS: the basis in one round trip; new sites by binary COPY into a temporary staging
/// table, moved on by INSERT … SELECT into sites, progress_records and site_revisions, a chunk at a time.
/// The server moves one chunk while the next is read, checked and encoded here: the rows are encoded in
/// COPY's binary format in memory and sent whole once the server is free, so neither side waits for the
/// other longer than it must.
/// </summary>
sealed class PostgisImportStore(NpgsqlConnection connection, PlannerDbContext? db) : ImportStore
{
    // Small enough that the last chunk's move, which nothing overlaps, is short; large enough that the moves'
    // fixed costs do not add up. (Letting chunks grow while the server is busy made that last move, and the import, longer.)
    const int ChunkRows = 512;

    const string Copy = """
        COPY import_staging (row_no, programme, code, name, township_id, township_assigned, community, responsible_unit,
            responsible_person, responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes,
            status, progress, geom, area_m2, length_m, min_lon, min_lat, max_lon, max_lat, created_at, road_name, road_from, road_to,
            road_width_m, road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class,
            villages, households_to_relocate, illegal_structure_area_m2, actual_start, actual_end, record_at, record_note)
        FROM STDIN (FORMAT BINARY)
        """;

    // Rows after $1 (those sent since the last move); the staging table keeps moved rows, as emptying it each time costs more.
    static readonly string[] MoveStaged =
    [
        """
        INSERT INTO sites (programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
            responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes, status, progress,
            geom, area_m2, length_m, min_lon, min_lat, max_lon, max_lat, version, created_at, updated_at, road_name, road_from, road_to,
            road_width_m, road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class, villages,
            households_to_relocate, illegal_structure_area_m2, actual_start, actual_end)
        SELECT programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
            responsible_phone, lead_official, planned_start, planned_end, budget::numeric(14,2), is_pilot, is_showcase, notes, status, progress,
            ST_GeomFromEWKB(geom), area_m2, length_m, min_lon, min_lat, max_lon, max_lat, 1, created_at, created_at, road_name, road_from, road_to,
            road_width_m, road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class, villages,
            households_to_relocate, illegal_structure_area_m2, actual_start, actual_end
        FROM import_staging WHERE row_no > $1 ORDER BY row_no
        """,
        """
        INSERT INTO progress_records (site_id, at, by_user, status, percent, note)
        SELECT s.id, i.record_at, $2, i.status, i.progress, i.record_note
        FROM import_staging i JOIN sites s ON s.code = i.code WHERE i.row_no > $1 ORDER BY i.row_no
        """,
        """
        INSERT INTO site_revisions (site_id, version, at, by_user, action, summary)
        SELECT s.id, 1, i.record_at, $2, 'imported', 'sys:imported'
        FROM import_staging i JOIN sites s ON s.code = i.code WHERE i.row_no > $1 ORDER BY i.row_no
        """,
    ];

    bool opened;
    NpgsqlTransaction? transaction;
    PlannerDbContext? ownContext;
    bool enlisted;
    string user = "";
    readonly CopyRows encoding = new();
    // The server's move of the rows sent last; the connection is busy until it ends.
    Task? moving;
    int row;
    int moved;

    public override async Task<ImportBasis> LoadAsync(string sourceKey, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
            opened = true;
        }
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SELECT id, code, name, ST_AsBinary(boundary) FROM townships ORDER BY id"),
                new("SELECT code, id, programme FROM sites"),
                new("SELECT fields FROM import_mappings WHERE source_key = $1") { Parameters = { new() { Value = sourceKey } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var townships = new List<Township>();
        var wkb = new WKBReader(new NtsGeometryServices(Cgcs2000.Factory.PrecisionModel, Cgcs2000.Srid));
        while (await reader.ReadAsync(cancellationToken))
        {
            var township = new Township { Id = reader.GetInt32(0), Code = reader.GetString(1), Name = reader.GetString(2) };
            var boundary = (MultiPolygon)wkb.Read(reader.GetFieldValue<byte[]>(3));
            boundary.SRID = Cgcs2000.Srid;
            township.SetBoundary(boundary);
            townships.Add(township);
        }
        await reader.NextResultAsync(cancellationToken);
        var existing = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) existing[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        await reader.NextResultAsync(cancellationToken);
        var remembered = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        return new ImportBasis(townships, existing, ParseFields(remembered));
    }

    public override async Task BeginAsync(string user, CancellationToken cancellationToken)
    {
        this.user = user;
        transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var create = new NpgsqlCommand("""
            CREATE TEMP TABLE import_staging (
                row_no integer, programme text, code text, name text, township_id integer, township_assigned boolean,
                community text, responsible_unit text, responsible_person text, responsible_phone text, lead_official text,
                planned_start date, planned_end date, budget text, is_pilot boolean, is_showcase boolean, notes text,
                status text, progress integer, geom bytea, area_m2 double precision, length_m double precision,
                min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
                created_at timestamptz, road_name text, road_from text, road_to text, road_width_m double precision, road_grade text,
                build_year integer, buildings integer, households integer, floor_area_m2 double precision, has_property_management boolean,
                works_class text, villages text, households_to_relocate integer, illegal_structure_area_m2 double precision,
                actual_start date, actual_end date, record_at timestamptz, record_note text
            ) ON COMMIT DROP;
            -- The staging copy lives for one transaction: compressing its geometry would only be undone.
            ALTER TABLE import_staging ALTER COLUMN geom SET STORAGE EXTERNAL
            """, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task AddAsync(Site site, CancellationToken cancellationToken)
    {
        Encode(encoding, ++row, site);
        if (encoding.Rows >= ChunkRows) await SendAsync(cancellationToken);
    }

    /// <summary>Once the server has moved the previous chunk: COPY the rows encoded since, and let it move them while more are encoded.</summary>
    async Task SendAsync(CancellationToken cancellationToken)
    {
        if (moving is not null) await moving;
        moving = null;
        if (encoding.Rows == 0) return;
        await using (var stream = await connection.BeginRawBinaryCopyAsync(Copy, cancellationToken))
            await stream.WriteAsync(encoding.Finish(), cancellationToken);
        encoding.Reset();
        moving = MoveAsync(moved, cancellationToken);
        moved = row;
    }

    async Task MoveAsync(int after, CancellationToken cancellationToken)
    {
        await using var move = new NpgsqlBatch(connection, transaction);
        foreach (var sql in MoveStaged)
        {
            var command = new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = after } } };
            if (sql.Contains("$2", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter { Value = user });
            move.BatchCommands.Add(command);
        }
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    static void Encode(CopyRows rows, int rowNumber, Site s)
    {
        var record = s.ProgressRecords[0];
        var road = s as RoadSite;
        var compound = s as CompoundSite;
        var fringe = s as FringeSite;
        rows.StartRow(45);
        rows.Int(rowNumber);
        rows.Text(s.Programme.Code());
        rows.Text(s.Code);
        rows.Text(s.Name);
        rows.Int(s.TownshipId);
        rows.Bool(s.TownshipAssigned);
        rows.Text(s.Community);
        rows.Text(s.ResponsibleUnit);
        rows.Text(s.ResponsiblePerson);
        rows.Text(s.ResponsiblePhone);
        rows.Text(s.LeadOfficial);
        rows.Date(s.PlannedStart);
        rows.Date(s.PlannedEnd);
        rows.Text(s.Budget?.ToString(CultureInfo.InvariantCulture));
        rows.Bool(s.IsPilot);
        rows.Bool(s.IsShowcase);
        rows.Text(s.Notes);
        rows.Text(s.Status.Code());
        rows.Int(s.Progress);
        rows.Bytes(GeometryValueConverter<NetTopologySuite.Geometries.Geometry>.ToEwkb(s.Geometry));
        rows.Double(s.AreaSquareMetres);
        rows.Double(s.LengthMetres);
        rows.Double(s.MinLon);
        rows.Double(s.MinLat);
        rows.Double(s.MaxLon);
        rows.Double(s.MaxLat);
        rows.Timestamp(record.At);
        rows.Text(road?.RoadName);
        rows.Text(road?.RoadFrom);
        rows.Text(road?.RoadTo);
        rows.Double(road?.WidthMetres);
        rows.Text(road?.Grade);
        rows.Int(compound?.BuildYear);
        rows.Int(compound?.Buildings);
        rows.Int(compound?.Households);
        rows.Double(compound?.FloorAreaSquareMetres);
        rows.Bool(compound?.HasPropertyManagement);
        rows.Text(compound?.WorksClass?.Code());
        rows.Text(fringe?.Villages);
        rows.Int(fringe?.HouseholdsToRelocate);
        rows.Double(fringe?.IllegalStructureAreaSquareMetres);
        rows.Date(s.ActualStart);
        rows.Date(s.ActualEnd);
        rows.Timestamp(record.At);
        rows.Text(record.Note);
    }

    public override async Task CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        if (moving is not null) await moving;
        moving = null;
        if (changes.Updates.Count > 0)
        {
            var context = db ?? (ownContext = PlannerDatabase.Open(connection));
            await context.Database.UseTransactionAsync(transaction, cancellationToken);
            enlisted = true;
            await changes.ApplyUpdatesAsync(context, cancellationToken);
            await context.SaveChangesAsync(cancellationToken);
        }
        if (changes.MappingJson is { } json)
        {
            await using var remember = new NpgsqlCommand("""
                INSERT INTO import_mappings (source_key, fields, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (source_key) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at
                """, connection, transaction)
            {
                Parameters = { new() { Value = changes.SourceKey }, new() { Value = json }, new() { Value = changes.Now } },
            };
            await remember.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction!.CommitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        // A move still running owns the connection: let it end (its fault, if any, is already someone else's) before rolling back.
        if (moving is not null)
        {
            try
            {
                await moving;
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
            {
            }
        }
        if (enlisted && db is not null) await db.Database.UseTransactionAsync(null);
        if (transaction is not null) await transaction.DisposeAsync();
        if (ownContext is not null) await ownContext.DisposeAsync();
        if (opened) await connection.CloseAsync();
    }

    /// <summary>
    /// Rows in PostgreSQL's binary COPY format (network byte order): a header, per row its field count, per
    /// field its length (−1 for NULL) and value, and a trailer. Only the types the staging table uses.
    /// </summary>
    sealed class CopyRows
    {
        static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
        static readonly DateOnly DateEpoch = new(2000, 1, 1);
        static readonly long TimestampEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        byte[] buffer = new byte[1 << 20];
        int length;

        public CopyRows() => Reset();

        public int Rows { get; private set; }

        public void Reset()
        {
            Header.CopyTo(buffer, 0);
            length = Header.Length;
            Rows = 0;
        }

        /// <summary>The encoded rows with the trailer, ready to send.</summary>
        public ReadOnlyMemory<byte> Finish()
        {
            BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
            return buffer.AsMemory(0, length);
        }

        public void StartRow(short fields)
        {
            BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);
            Rows++;
        }

        public void Int(int? value)
        {
            if (value is { } v) BinaryPrimitives.WriteInt32BigEndian(Field(4), v);
            else Null();
        }

        public void Bool(bool? value)
        {
            if (value is { } v) Field(1)[0] = v ? (byte)1 : (byte)0;
            else Null();
        }

        public void Double(double? value)
        {
            if (value is { } v) BinaryPrimitives.WriteDoubleBigEndian(Field(8), v);
            else Null();
        }

        /// <summary>Days since 2000-01-01.</summary>
        public void Date(DateOnly? value)
        {
            if (value is { } v) BinaryPrimitives.WriteInt32BigEndian(Field(4), v.DayNumber - DateEpoch.DayNumber);
            else Null();
        }

        /// <summary>Microseconds since 2000-01-01 UTC.</summary>
        public void Timestamp(DateTimeOffset value) =>
            BinaryPrimitives.WriteInt64BigEndian(Field(8), (value.UtcTicks - TimestampEpochTicks) / TimeSpan.TicksPerMicrosecond);

        /// <summary>UTF-8, the connection's client encoding.</summary>
        public void Text(string? value)
        {
            if (value is null) Null();
            else Encoding.UTF8.GetBytes(value, Field(Encoding.UTF8.GetByteCount(value)));
        }

        public void Bytes(byte[] value) => value.CopyTo(Field(value.Length));

        void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

        /// <summary>A field's length, then the room for its value.</summary>
        Span<byte> Field(int size)
        {
            BinaryPrimitives.WriteInt32BigEndian(Take(4), size);
            return Take(size);
        }

        Span<byte> Take(int count)
        {
            if (length + count > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
            var span = buffer.AsSpan(length, count);
            length += count;
            return span;
        }
    }
}
