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
/// revision by binary COPY (Npgsql's <see cref="NpgsqlBinaryImporter"/>) straight into sites, progress_records and
/// site_revisions, a chunk at a time, with ids the sequence gave beforehand. Geometry comes already
/// encoded by the import's workers.
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
    static readonly CopyColumn<NewSite>[] SiteColumns =
    [
        new("id", (r, s) => r.Long(s.Site.Id)),
        new("programme", (r, s) => r.Text(s.Site.Programme.Code())),
        .. SiteFields.All.Select(Column),
        new("township_id", (r, s) => r.Int(s.Site.TownshipId)),
        new("township_assigned", (r, s) => r.Bool(s.Site.TownshipAssigned)),
        new("status", (r, s) => r.Text(s.Site.Status.Code())),
        new("progress", (r, s) => r.Int(s.Site.Progress)),
        new("geom", (r, s) => r.Bytes(s.Encoded.Ewkb)), // geometry's binary form is EWKB
        new("area_m2", (r, s) => r.Double(s.Site.AreaSquareMetres)),
        new("length_m", (r, s) => r.Double(s.Site.LengthMetres)),
        new("min_lon", (r, s) => r.Double(s.Site.MinLon)),
        new("min_lat", (r, s) => r.Double(s.Site.MinLat)),
        new("max_lon", (r, s) => r.Double(s.Site.MaxLon)),
        new("max_lat", (r, s) => r.Double(s.Site.MaxLat)),
        new("actual_start", (r, s) => r.Date(s.Site.ActualStart)),
        new("actual_end", (r, s) => r.Date(s.Site.ActualEnd)),
        new("version", (r, _) => r.Int(1)),
        new("created_at", (r, s) => r.Timestamp(s.Site.ProgressRecords[0].At)),
        new("updated_at", (r, s) => r.Timestamp(s.Site.ProgressRecords[0].At)),
    ];

    /// <summary>A site field by its kind.</summary>
    static CopyColumn<NewSite> Column(SiteField f) => f.Kind switch
    {
        SiteFieldKind.Text => new(f.Column, (r, s) => r.Text(f.AppliesTo(s.Site.Programme) ? (string?)f.Get(s.Site) : null)),
        SiteFieldKind.Date => new(f.Column, (r, s) => r.Date(f.AppliesTo(s.Site.Programme) ? (DateOnly?)f.Get(s.Site) : null)),
        SiteFieldKind.Money => new(f.Column, (r, s) => r.Numeric(f.AppliesTo(s.Site.Programme) ? (decimal?)f.Get(s.Site) : null)),
        SiteFieldKind.Number => new(f.Column, (r, s) => r.Double(f.AppliesTo(s.Site.Programme) ? (double?)f.Get(s.Site) : null)),
        SiteFieldKind.Integer => new(f.Column, (r, s) => r.Int(f.AppliesTo(s.Site.Programme) ? (int?)f.Get(s.Site) : null)),
        SiteFieldKind.Flag or SiteFieldKind.OptionalFlag => new(f.Column, (r, s) => r.Bool(f.AppliesTo(s.Site.Programme) ? (bool?)f.Get(s.Site) : null)),
        SiteFieldKind.WorksClass => new(f.Column, (r, s) => r.Text(f.AppliesTo(s.Site.Programme) ? ((WorksClass?)f.Get(s.Site))?.Code() : null)),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Kind, null),
    };

    /// <summary>The site's first progress record.</summary>
    static readonly CopyColumn<NewSite>[] RecordColumns =
    [
        new("site_id", (r, s) => r.Long(s.Site.Id)),
        new("at", (r, s) => r.Timestamp(s.Site.ProgressRecords[0].At)),
        new("by_user", (r, s) => r.Text(s.Site.ProgressRecords[0].By)),
        new("status", (r, s) => r.Text(s.Site.ProgressRecords[0].Status.Code())),
        new("percent", (r, s) => r.Int(s.Site.ProgressRecords[0].Percent)),
        new("note", (r, s) => r.Text(s.Site.ProgressRecords[0].Note)),
    ];

    /// <summary>The site's first revision, with its snapshot as EF Core writes it on SQLite: "restore version 1" is offered on both engines.</summary>
    static readonly CopyColumn<NewSite>[] RevisionColumns =
    [
        new("site_id", (r, s) => r.Long(s.Site.Id)),
        new("version", (r, _) => r.Int(1)),
        new("at", (r, s) => r.Timestamp(s.Site.ProgressRecords[0].At)),
        new("by_user", (r, s) => r.Text(s.Site.ProgressRecords[0].By)),
        new("action", (r, _) => r.Text(RevisionAction.Imported.Code())),
        new("summary", (r, _) => r.Text(HistoryNote.Imported)),
        new("after", (r, s) => r.Utf8(SiteFeature.SnapshotUtf8(s.Site, SnapshotBuffer).Span)),
        new("after_geom", (r, s) => r.Bytes(s.Encoded.Ewkb)), // the same bytes as the site's own geometry
    ];

    /// <summary>A column of a COPY and how a row's value is written into it.</summary>
    sealed record CopyColumn<T>(string Name, Action<IRowWriter, T> Write);

    /// <summary>A new site as its rows are copied: the site and its geometry encoded for the store.</summary>
    readonly record struct NewSite(Site Site, EncodedGeometry Encoded);

    static string CopyInto<T>(string table, CopyColumn<T>[] columns) =>
        $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";

    static readonly (string Sql, CopyColumn<NewSite>[] Columns)[] Copies =
    [
        (CopyInto("sites", SiteColumns), SiteColumns),
        (CopyInto("progress_records", RecordColumns), RecordColumns),
        (CopyInto("site_revisions", RevisionColumns), RevisionColumns),
    ];

    /// <summary>Ids for a chunk's new sites, taken from the sequence before its COPY (explicit ids: GENERATED BY DEFAULT).</summary>
    const string TakeIds = "SELECT nextval(pg_get_serial_sequence('sites', 'id')) FROM generate_series(1, $1)";

    /// <summary>One buffer for the snapshots, which are encoded one row at a time on the importing thread.</summary>
    [ThreadStatic] static System.Buffers.ArrayBufferWriter<byte>? snapshotBuffer;
    static System.Buffers.ArrayBufferWriter<byte> SnapshotBuffer => snapshotBuffer ??= new(1 << 16);

    bool opened;
    NpgsqlTransaction? transaction;
    PlannerDbContext? ownContext;
    bool enlisted;
    // The rows of the chunk being gathered.
    readonly List<NewSite> waiting = [];

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

    public override async Task BeginAsync(string user, CancellationToken cancellationToken) =>
        transaction = await connection.BeginTransactionAsync(cancellationToken);

    /// <param name="encoded">As the import's workers encoded it; encoded here for a site added without.</param>
    public override async Task AddAsync(Site site, EncodedGeometry? encoded, CancellationToken cancellationToken)
    {
        waiting.Add(new NewSite(site, encoded ?? EncodedGeometry.Of(site.Geometry)));
        if (waiting.Count >= ChunkRows) await SendAsync(cancellationToken);
    }

    /// <summary>Gives the chunk's sites their ids, then copies their rows into the three tables.</summary>
    async Task SendAsync(CancellationToken cancellationToken)
    {
        if (waiting.Count == 0) return;
        await using (var take = new NpgsqlCommand(TakeIds, connection, transaction) { Parameters = { new() { Value = waiting.Count } } })
        await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++) waiting[i].Site.Id = reader.GetInt64(0);
        foreach (var (sql, columns) in Copies)
        {
            await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
            var writer = new ImporterRow(importer);
            foreach (var row in waiting)
            {
                // Synchronous writes fill Npgsql's buffer and send it when full: no task per value.
                importer.StartRow();
                foreach (var column in columns) column.Write(writer, row);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        waiting.Clear();
    }

    public override async Task<int> CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        var unchanged = 0;
        if (changes.Updates.Count > 0)
        {
            var context = db ?? (ownContext = PlannerDatabase.Open(connection));
            await context.Database.UseTransactionAsync(transaction, cancellationToken);
            enlisted = true;
            unchanged = await changes.ApplyUpdatesAsync(context, cancellationToken);
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
        return unchanged;
    }

    public override Task<int> CountUnchangedAsync(ImportChanges changes, CancellationToken cancellationToken) =>
        // As in CommitAsync: EF Core's model is built only when the file matches existing sites.
        changes.Updates.Count == 0 ? Task.FromResult(0) : changes.CountUnchangedAsync(db ?? (ownContext ??= PlannerDatabase.Open(connection)), cancellationToken);

    public override async ValueTask DisposeAsync()
    {
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

    /// <summary>A row written through Npgsql's importer.</summary>
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
}
