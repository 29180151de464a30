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
/// Plain Npgsql on PostGIS: the basis in one round trip; new sites, their first progress record and their first
/// revision by binary COPY straight into sites, progress_records and site_revisions, a chunk at a time, with ids
/// the sequence gave beforehand. The server copies one chunk while the next is encoded here: rows are encoded in
/// COPY's binary format in memory (geometry and snapshot already encoded by the import's workers) and sent whole.
/// </summary>
sealed class PostgisImportStore(NpgsqlConnection connection, PlannerDbContext? db) : ImportStore
{
    // Small enough that the last chunk's copy, which nothing overlaps, is short; large enough that the round trips'
    // fixed costs do not add up.
    const int ChunkRows = 512;

    /// <summary>
    /// The columns of a new site, each spelled once: the site's fields from <see cref="SiteFields"/>, then what the
    /// import itself sets. The COPY into sites is made from this list.
    /// </summary>
    static readonly CopyColumn<Site>[] SiteColumns =
    [
        new("id", (r, s) => r.Long(s.Id)),
        new("programme", (r, s) => r.Text(s.Programme.Code())),
        .. SiteFields.All.Select(Column),
        new("township_id", (r, s) => r.Int(s.TownshipId)),
        new("township_assigned", (r, s) => r.Bool(s.TownshipAssigned)),
        new("status", (r, s) => r.Text(s.Status.Code())),
        new("progress", (r, s) => r.Int(s.Progress)),
        new("geom", (r, s) => r.Bytes(Encoded(s).Ewkb)), // geometry's binary form is EWKB
        new("area_m2", (r, s) => r.Double(s.AreaSquareMetres)),
        new("length_m", (r, s) => r.Double(s.LengthMetres)),
        new("min_lon", (r, s) => r.Double(s.MinLon)),
        new("min_lat", (r, s) => r.Double(s.MinLat)),
        new("max_lon", (r, s) => r.Double(s.MaxLon)),
        new("max_lat", (r, s) => r.Double(s.MaxLat)),
        new("actual_start", (r, s) => r.Date(s.ActualStart)),
        new("actual_end", (r, s) => r.Date(s.ActualEnd)),
        new("version", (r, _) => r.Int(1)),
        new("created_at", (r, s) => r.Timestamp(s.ProgressRecords[0].At)),
        new("updated_at", (r, s) => r.Timestamp(s.ProgressRecords[0].At)),
    ];

    /// <summary>A site field by its kind.</summary>
    static CopyColumn<Site> Column(SiteField f) => f.Kind switch
    {
        SiteFieldKind.Text => new(f.Column, (r, s) => r.Text(f.AppliesTo(s.Programme) ? (string?)f.Get(s) : null)),
        SiteFieldKind.Date => new(f.Column, (r, s) => r.Date(f.AppliesTo(s.Programme) ? (DateOnly?)f.Get(s) : null)),
        SiteFieldKind.Money => new(f.Column, (r, s) => r.Numeric(f.AppliesTo(s.Programme) ? (decimal?)f.Get(s) : null)),
        SiteFieldKind.Number => new(f.Column, (r, s) => r.Double(f.AppliesTo(s.Programme) ? (double?)f.Get(s) : null)),
        SiteFieldKind.Integer => new(f.Column, (r, s) => r.Int(f.AppliesTo(s.Programme) ? (int?)f.Get(s) : null)),
        SiteFieldKind.Flag or SiteFieldKind.OptionalFlag => new(f.Column, (r, s) => r.Bool(f.AppliesTo(s.Programme) ? (bool?)f.Get(s) : null)),
        SiteFieldKind.WorksClass => new(f.Column, (r, s) => r.Text(f.AppliesTo(s.Programme) ? ((WorksClass?)f.Get(s))?.Code() : null)),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Kind, null),
    };

    /// <summary>The site's first progress record.</summary>
    static readonly CopyColumn<Site>[] RecordColumns =
    [
        new("site_id", (r, s) => r.Long(s.Id)),
        new("at", (r, s) => r.Timestamp(s.ProgressRecords[0].At)),
        new("by_user", (r, s) => r.Text(s.ProgressRecords[0].By)),
        new("status", (r, s) => r.Text(s.ProgressRecords[0].Status.Code())),
        new("percent", (r, s) => r.Int(s.ProgressRecords[0].Percent)),
        new("note", (r, s) => r.Text(s.ProgressRecords[0].Note)),
    ];

    /// <summary>The site's first revision, with its snapshot as EF Core writes it on SQLite: "restore version 1" is offered on both engines.</summary>
    static readonly CopyColumn<Site>[] RevisionColumns =
    [
        new("site_id", (r, s) => r.Long(s.Id)),
        new("version", (r, _) => r.Int(1)),
        new("at", (r, s) => r.Timestamp(s.ProgressRecords[0].At)),
        new("by_user", (r, s) => r.Text(s.ProgressRecords[0].By)),
        new("action", (r, _) => r.Text(RevisionAction.Imported.Code())),
        new("summary", (r, _) => r.Text(HistoryNote.Imported)),
        new("after", (r, s) => r.Utf8(SiteFeature.SnapshotUtf8(s, SnapshotBuffer, Encoded(s).SnapshotGeometry).Span)),
    ];

    /// <summary>A column of a COPY and how a row's value is written into it.</summary>
    sealed record CopyColumn<T>(string Name, Action<IRowWriter, T> Write);

    static string CopyInto<T>(string table, CopyColumn<T>[] columns) =>
        $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";

    static readonly (string Sql, CopyColumn<Site>[] Columns)[] Copies =
    [
        (CopyInto("sites", SiteColumns), SiteColumns),
        (CopyInto("progress_records", RecordColumns), RecordColumns),
        (CopyInto("site_revisions", RevisionColumns), RevisionColumns),
    ];

    /// <summary>Ids for new sites, taken from the sequence ahead of the rows (explicit ids: GENERATED BY DEFAULT).</summary>
    const string TakeIds = "SELECT nextval(pg_get_serial_sequence('sites', 'id')) FROM generate_series(1, $1)";

    /// <summary>One buffer for the snapshots, which are encoded one row at a time on the importing thread.</summary>
    [ThreadStatic] static System.Buffers.ArrayBufferWriter<byte>? snapshotBuffer;
    static System.Buffers.ArrayBufferWriter<byte> SnapshotBuffer => snapshotBuffer ??= new(1 << 16);

    /// <summary>The row's geometry as the import's workers encoded it (or encoded now, for a site added without).</summary>
    [ThreadStatic] static (Site Site, EncodedGeometry Encoded)? current;
    static EncodedGeometry Encoded(Site site) => current is { } c && ReferenceEquals(c.Site, site) ? c.Encoded : (current = (site, EncodedGeometry.Of(site.Geometry))).Value.Encoded;

    bool opened;
    NpgsqlTransaction? transaction;
    PlannerDbContext? ownContext;
    bool enlisted;
    // A chunk's rows per table, encoded while the server copies the previous chunk (then the two swap).
    CopyRows[] encoding = [new(), new(), new()];
    CopyRows[] spare = [new(), new(), new()];
    // The server's copy of the chunk sent last, and the ids it takes for a chunk after; the connection is busy until it ends.
    Task? copying;
    readonly Queue<long> ids = new();
    /// <summary>
    /// COPY through Npgsql's own <see cref="NpgsqlBinaryImporter"/> instead of our encoder (Importer, PLANNER_COPY_WRITER=npgsql):
    /// `bench … import` measures both (docs/benchmarks.md). The importer writes to the connection, so rows wait here
    /// until the server has copied the previous chunk and are encoded then, instead of meanwhile.
    /// </summary>
    internal bool NpgsqlImporter { get; init; }
    readonly List<(Site Site, EncodedGeometry? Encoded)> waiting = [];

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
        transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TakeIdsAsync(2 * ChunkRows, cancellationToken);
    }

    async Task TakeIdsAsync(int count, CancellationToken cancellationToken)
    {
        await using var take = new NpgsqlCommand(TakeIds, connection, transaction) { Parameters = { new() { Value = count } } };
        await using var reader = await take.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Enqueue(reader.GetInt64(0));
    }

    public override async Task AddAsync(Site site, EncodedGeometry? encoded, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            // Only when chunks outrun the ids taken ahead (they are taken a chunk ahead of need).
            await WaitForCopyAsync();
            await TakeIdsAsync(ChunkRows, cancellationToken);
        }
        site.Id = ids.Dequeue();
        if (NpgsqlImporter)
        {
            waiting.Add((site, encoded));
            if (waiting.Count >= ChunkRows) await SendAsync(cancellationToken);
            return;
        }
        if (encoded is not null) current = (site, encoded);
        for (var t = 0; t < Copies.Length; t++) Encode(encoding[t], Copies[t].Columns, site);
        if (encoding[0].Rows >= ChunkRows) await SendAsync(cancellationToken);
    }

    async Task WaitForCopyAsync()
    {
        if (copying is not null) await copying;
        copying = null;
    }

    /// <summary>Once the server has copied the previous chunk: let it copy the rows encoded since, and take ids for a chunk after, while more are encoded.</summary>
    async Task SendAsync(CancellationToken cancellationToken)
    {
        await WaitForCopyAsync();
        if (NpgsqlImporter)
        {
            if (waiting.Count == 0) return;
            for (var t = 0; t < Copies.Length; t++)
            {
                await using var importer = await connection.BeginBinaryImportAsync(Copies[t].Sql, cancellationToken);
                var writer = new ImporterRow(importer);
                foreach (var (site, encoded) in waiting)
                {
                    if (encoded is not null) current = (site, encoded);
                    await importer.StartRowAsync(cancellationToken);
                    foreach (var column in Copies[t].Columns) column.Write(writer, site);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            waiting.Clear();
            await TakeIdsAsync(ChunkRows, cancellationToken);
            return;
        }
        if (encoding[0].Rows == 0) return;
        var chunk = encoding;
        (encoding, spare) = (spare, encoding);
        copying = CopyAsync(chunk, cancellationToken);
    }

    async Task CopyAsync(CopyRows[] chunk, CancellationToken cancellationToken)
    {
        for (var t = 0; t < Copies.Length; t++)
        {
            await using (var stream = await connection.BeginRawBinaryCopyAsync(Copies[t].Sql, cancellationToken))
                await stream.WriteAsync(chunk[t].Finish(), cancellationToken);
            chunk[t].Reset();
        }
        await TakeIdsAsync(ChunkRows, cancellationToken);
    }

    static void Encode(CopyRows rows, CopyColumn<Site>[] columns, Site s)
    {
        rows.StartRow((short)columns.Length);
        foreach (var column in columns) column.Write(rows, s);
    }

    public override async Task CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        await WaitForCopyAsync();
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
        // A copy still running owns the connection: let it end (its fault, if any, is already someone else's) before rolling back.
        if (copying is not null)
        {
            try
            {
                await copying;
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

    /// <summary>The values of one row, in column order, whoever encodes them.</summary>
    interface IRowWriter
    {
        void Long(long value);
        void Int(int? value);
        void Numeric(decimal? value);
        void Bool(bool? value);
        void Double(double? value);
        void Date(DateOnly? value);
        void Timestamp(DateTimeOffset value);
        void Text(string? value);
        /// <summary>Text already in UTF-8.</summary>
        void Utf8(ReadOnlySpan<byte> value);
        void Bytes(byte[] value);
    }

    /// <summary>A staging row written through Npgsql's importer.</summary>
    sealed class ImporterRow(NpgsqlBinaryImporter importer) : IRowWriter
    {
        public void Long(long value) => importer.Write(value, NpgsqlTypes.NpgsqlDbType.Bigint);
        public void Numeric(decimal? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Numeric);
        public void Int(int? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Integer);
        public void Bool(bool? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Boolean);
        public void Double(double? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Double);
        public void Date(DateOnly? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Date);
        public void Timestamp(DateTimeOffset value) => importer.Write(value, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        public void Text(string? value) => Write(value, NpgsqlTypes.NpgsqlDbType.Text);
        public void Utf8(ReadOnlySpan<byte> value) => importer.Write(Encoding.UTF8.GetString(value), NpgsqlTypes.NpgsqlDbType.Text);
        public void Bytes(byte[] value) => importer.Write(value, NpgsqlTypes.NpgsqlDbType.Bytea);

        void Write<T>(T? value, NpgsqlTypes.NpgsqlDbType type) where T : struct
        {
            if (value is { } v) importer.Write(v, type);
            else importer.WriteNull();
        }

        void Write(string? value, NpgsqlTypes.NpgsqlDbType type)
        {
            if (value is null) importer.WriteNull();
            else importer.Write(value, type);
        }
    }

    /// <summary>
    /// Rows in PostgreSQL's binary COPY format (network byte order): a header, per row its field count, per
    /// field its length (−1 for NULL) and value, and a trailer. Only the types the staging table uses.
    /// </summary>
    sealed class CopyRows : IRowWriter
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

        public void Long(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

        public void Int(int? value)
        {
            if (value is { } v) BinaryPrimitives.WriteInt32BigEndian(Field(4), v);
            else Null();
        }

        /// <summary>
        /// PostgreSQL's numeric: base-10000 digits with the weight of the first, a sign and the decimals shown
        /// (money is numeric(14,2): at most 28 significant digits, which a decimal holds).
        /// </summary>
        public void Numeric(decimal? value)
        {
            if (value is not { } v)
            {
                Null();
                return;
            }
            var scale = v.Scale;
            var digits = new List<short>();
            var magnitude = Math.Abs(v);
            // Whole part in groups of four from the right, then the fraction in groups of four from the point.
            var whole = decimal.Truncate(magnitude);
            var fraction = magnitude - whole;
            var wholeGroups = new List<short>();
            for (; whole > 0; whole = decimal.Truncate(whole / 10000)) wholeGroups.Insert(0, (short)(whole % 10000));
            var fractionGroups = new List<short>();
            for (var i = 0; i < (scale + 3) / 4; i++)
            {
                fraction *= 10000;
                var group = decimal.Truncate(fraction);
                fractionGroups.Add((short)group);
                fraction -= group;
            }
            digits.AddRange(wholeGroups);
            digits.AddRange(fractionGroups);
            var weight = (short)(wholeGroups.Count - 1);
            // Leading and trailing zero groups are not stored.
            var first = digits.FindIndex(d => d != 0);
            if (first < 0) digits.Clear();
            else
            {
                digits.RemoveRange(0, first);
                weight -= (short)first;
                var last = digits.FindLastIndex(d => d != 0);
                digits.RemoveRange(last + 1, digits.Count - last - 1);
            }
            var field = Field(8 + 2 * digits.Count);
            BinaryPrimitives.WriteInt16BigEndian(field, (short)digits.Count);
            BinaryPrimitives.WriteInt16BigEndian(field[2..], digits.Count == 0 ? (short)0 : weight);
            BinaryPrimitives.WriteUInt16BigEndian(field[4..], v < 0 ? (ushort)0x4000 : (ushort)0);
            BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)scale);
            for (var i = 0; i < digits.Count; i++) BinaryPrimitives.WriteInt16BigEndian(field[(8 + 2 * i)..], digits[i]);
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

        public void Utf8(ReadOnlySpan<byte> value) => value.CopyTo(Field(value.Length));

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
