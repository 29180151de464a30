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

    /// <summary>
    /// The staging table's columns, each spelled once: the site's fields from <see cref="SiteFields"/>, then what the
    /// import itself sets. The COPY, the staging table and the moves into sites are made from this list.
    /// </summary>
    static readonly StagingColumn[] Columns =
    [
        new("row_no", "integer", null, (r, _, n) => r.Int(n)),
        new("programme", "text", "programme", (r, s, _) => r.Text(s.Programme.Code())),
        .. SiteFields.All.Select(Staged),
        new("township_id", "integer", "township_id", (r, s, _) => r.Int(s.TownshipId)),
        new("township_assigned", "boolean", "township_assigned", (r, s, _) => r.Bool(s.TownshipAssigned)),
        new("status", "text", "status", (r, s, _) => r.Text(s.Status.Code())),
        new("progress", "integer", "progress", (r, s, _) => r.Int(s.Progress)),
        new("geom", "bytea", "ST_GeomFromEWKB(geom)", (r, s, _) => r.Bytes(GeometryValueConverter<NetTopologySuite.Geometries.Geometry>.ToEwkb(s.Geometry))),
        new("area_m2", "double precision", "area_m2", (r, s, _) => r.Double(s.AreaSquareMetres)),
        new("length_m", "double precision", "length_m", (r, s, _) => r.Double(s.LengthMetres)),
        new("min_lon", "double precision", "min_lon", (r, s, _) => r.Double(s.MinLon)),
        new("min_lat", "double precision", "min_lat", (r, s, _) => r.Double(s.MinLat)),
        new("max_lon", "double precision", "max_lon", (r, s, _) => r.Double(s.MaxLon)),
        new("max_lat", "double precision", "max_lat", (r, s, _) => r.Double(s.MaxLat)),
        new("actual_start", "date", "actual_start", (r, s, _) => r.Date(s.ActualStart)),
        new("actual_end", "date", "actual_end", (r, s, _) => r.Date(s.ActualEnd)),
        new("created_at", "timestamptz", "created_at", (r, s, _) => r.Timestamp(s.ProgressRecords[0].At)),
        new("record_note", "text", null, (r, s, _) => r.Text(s.ProgressRecords[0].Note)),
        // The first revision's snapshot, as EF Core writes it on SQLite: "restore version 1" is offered on both engines.
        new("snapshot", "text", null, (r, s, _) => r.Text(SiteFeature.Snapshot(s))),
    ];

    /// <summary>A site field staged by its kind: money as text (exact), cast to numeric when moved.</summary>
    static StagingColumn Staged(SiteField f) => f.Kind switch
    {
        SiteFieldKind.Text => new(f.Column, "text", f.Column, (r, s, _) => r.Text(f.AppliesTo(s.Programme) ? (string?)f.Get(s) : null)),
        SiteFieldKind.Date => new(f.Column, "date", f.Column, (r, s, _) => r.Date(f.AppliesTo(s.Programme) ? (DateOnly?)f.Get(s) : null)),
        SiteFieldKind.Money => new(f.Column, "text", $"{f.Column}::numeric(14,2)", (r, s, _) => r.Text(f.AppliesTo(s.Programme) ? ((decimal?)f.Get(s))?.ToString(CultureInfo.InvariantCulture) : null)),
        SiteFieldKind.Number => new(f.Column, "double precision", f.Column, (r, s, _) => r.Double(f.AppliesTo(s.Programme) ? (double?)f.Get(s) : null)),
        SiteFieldKind.Integer => new(f.Column, "integer", f.Column, (r, s, _) => r.Int(f.AppliesTo(s.Programme) ? (int?)f.Get(s) : null)),
        SiteFieldKind.Flag or SiteFieldKind.OptionalFlag => new(f.Column, "boolean", f.Column, (r, s, _) => r.Bool(f.AppliesTo(s.Programme) ? (bool?)f.Get(s) : null)),
        SiteFieldKind.WorksClass => new(f.Column, "text", f.Column, (r, s, _) => r.Text(f.AppliesTo(s.Programme) ? ((WorksClass?)f.Get(s))?.Code() : null)),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Kind, null),
    };

    /// <summary>A staging column: its type, what the move into sites selects from it (null: not a column of sites), and its encoder.</summary>
    sealed record StagingColumn(string Name, string Type, string? Select, Action<CopyRows, Site, int> Encode);

    static readonly string CreateStaging =
        $"CREATE TEMP TABLE import_staging ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"))}) ON COMMIT DROP;" +
        // The staging copy lives for one transaction: compressing its geometry would only be undone.
        " ALTER TABLE import_staging ALTER COLUMN geom SET STORAGE EXTERNAL";

    static readonly string Copy = $"COPY import_staging ({string.Join(", ", Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";

    static readonly StagingColumn[] SiteColumns = Columns.Where(c => c.Select is not null).ToArray();

    // Rows after $1 (those sent since the last move); the staging table keeps moved rows, as emptying it each time costs more.
    static readonly string[] MoveStaged =
    [
        $"""
        INSERT INTO sites ({string.Join(", ", SiteColumns.Select(c => c.Name))}, version, updated_at)
        SELECT {string.Join(", ", SiteColumns.Select(c => c.Select))}, 1, created_at
        FROM import_staging WHERE row_no > $1 ORDER BY row_no
        """,
        """
        INSERT INTO progress_records (site_id, at, by_user, status, percent, note)
        SELECT s.id, i.created_at, $2, i.status, i.progress, i.record_note
        FROM import_staging i JOIN sites s ON s.code = i.code WHERE i.row_no > $1 ORDER BY i.row_no
        """,
        $"""
        INSERT INTO site_revisions (site_id, version, at, by_user, action, summary, after)
        SELECT s.id, 1, i.created_at, $2, '{RevisionAction.Imported.Code()}', '{HistoryNote.Imported}', i.snapshot
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
        await using var create = new NpgsqlCommand(CreateStaging, connection, transaction);
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
        rows.StartRow((short)Columns.Length);
        foreach (var column in Columns) column.Encode(rows, s, rowNumber);
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
