using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Townships;

namespace Planner.Import;

/// <summary>What an import's rows are matched against: the townships, the codes already stored, the mapping remembered for the source.</summary>
sealed record ImportBasis(List<Township> Townships, Dictionary<string, (long Id, string Programme)> Existing, IReadOnlyDictionary<string, string> RememberedFields);

/// <summary>
/// Where an import reads what it matches rows against and writes them, in one transaction. EF Core on
/// SQLite; plain Npgsql on PostGIS, where building an EF Core model would cost a command-line import more
/// than its rows do (EF Core is used there only when the file updates existing sites).
/// </summary>
abstract class ImportStore : IAsyncDisposable
{
    public abstract Task<ImportBasis> LoadAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>Starts the transaction the new rows are written in.</summary>
    public abstract Task BeginAsync(string user, CancellationToken cancellationToken);

    public abstract Task AddAsync(Site site, CancellationToken cancellationToken);

    /// <summary>Writes what is pending, the updates and the remembered mapping; then commits.</summary>
    public abstract Task CommitAsync(ImportChanges changes, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected static Dictionary<string, string> ParseFields(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
}

/// <summary>What an import changes besides its new sites: sites matched by code, and the mapping to remember (null when none was given).</summary>
sealed record ImportChanges(string User, DateTimeOffset Now, IReadOnlyList<(long Id, Site Draft)> Updates, string SourceKey, string? MappingJson)
{
    /// <summary>Updates the matched sites, as if a planner had edited them: fields, geometry, status along the workflow, a revision each.</summary>
    public async Task ApplyUpdatesAsync(PlannerDbContext db, CancellationToken cancellationToken)
    {
        if (Updates.Count == 0) return;
        var ids = Updates.Select(u => u.Id).ToList();
        var sites = await db.Sites.Include(s => s.Township).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var (id, draft) in Updates)
        {
            var site = sites[id];
            var before = SiteFeature.Snapshot(site);
            site.Name = draft.Name;
            site.TownshipId = draft.TownshipId;
            site.TownshipAssigned = draft.TownshipAssigned;
            site.Community = draft.Community ?? site.Community;
            site.ResponsibleUnit = draft.ResponsibleUnit ?? site.ResponsibleUnit;
            site.ResponsiblePerson = draft.ResponsiblePerson ?? site.ResponsiblePerson;
            site.ResponsiblePhone = draft.ResponsiblePhone ?? site.ResponsiblePhone;
            site.LeadOfficial = draft.LeadOfficial ?? site.LeadOfficial;
            site.PlannedStart = draft.PlannedStart ?? site.PlannedStart;
            site.PlannedEnd = draft.PlannedEnd ?? site.PlannedEnd;
            site.Budget = draft.Budget ?? site.Budget;
            site.Notes = draft.Notes ?? site.Notes;
            site.SetGeometry(draft.Geometry, (draft.AreaSquareMetres ?? 0, draft.LengthMetres));
            // Status moves only along the workflow, as if a planner had reported it.
            if (draft.Status != site.Status || draft.Progress != site.Progress)
            {
                try
                {
                    site.RecordProgress(draft.Status, draft.Progress, User, Now, "updated by import");
                }
                catch (Validation.ValidationFailedException e)
                {
                    throw new Validation.ValidationFailedException(e.Problems.Select(p => p with { Where = $"site {site.Code} {p.Where}" }).ToList());
                }
            }
            db.SiteRevisions.Add(new SiteRevision { Site = site, At = Now, By = User, Action = RevisionAction.Imported, Before = before, Summary = "updated by import" });
        }
    }
}

/// <summary>EF Core throughout: SQLite, where SaveChanges in batches is as fast as the engine goes.</summary>
sealed class EfImportStore(PlannerDbContext db) : ImportStore
{
    const int Batch = 500;
    IDbContextTransaction? transaction;
    ImportMapping? remembered;
    int pending;

    public override async Task<ImportBasis> LoadAsync(string sourceKey, CancellationToken cancellationToken)
    {
        var townships = await db.Townships.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var existing = await db.Sites.AsNoTracking().Select(s => new { s.Code, s.Id, Programme = EF.Property<string>(s, "programme") })
            .ToDictionaryAsync(s => s.Code, s => (s.Id, s.Programme), cancellationToken);
        // Tracked: the same row is updated when the mapping is remembered again.
        remembered = await db.ImportMappings.FirstOrDefaultAsync(m => m.SourceKey == sourceKey, cancellationToken);
        return new ImportBasis(townships, existing, ParseFields(remembered?.Fields));
    }

    public override async Task BeginAsync(string user, CancellationToken cancellationToken) =>
        transaction = await db.Database.BeginTransactionAsync(cancellationToken);

    public override async Task AddAsync(Site site, CancellationToken cancellationToken)
    {
        db.Sites.Add(site);
        var record = site.ProgressRecords[0];
        db.SiteRevisions.Add(new SiteRevision { Site = site, At = record.At, By = record.By, Action = RevisionAction.Imported, Summary = "imported" });
        if (++pending >= Batch) await FlushAsync(cancellationToken);
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        pending = 0;
    }

    public override async Task CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await changes.ApplyUpdatesAsync(db, cancellationToken);
        if (changes.MappingJson is { } json)
        {
            if (remembered is null) db.ImportMappings.Add(new ImportMapping { SourceKey = changes.SourceKey, Fields = json, UpdatedAt = changes.Now });
            else
            {
                // Cleared above with the tracker: attach the row read at the start.
                db.ImportMappings.Attach(remembered);
                remembered.Fields = json;
                remembered.UpdatedAt = changes.Now;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction!.CommitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (transaction is not null) await transaction.DisposeAsync();
    }
}

/// <summary>
/// Plain Npgsql on PostGIS: the basis in one round trip; new sites by binary COPY into a temporary staging
/// table, then one INSERT … SELECT each into sites, progress_records and site_revisions.
/// </summary>
sealed class PostgisImportStore(NpgsqlConnection connection, PlannerDbContext? db) : ImportStore
{
    const string Columns = """
        row_no, programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
        responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes, status, progress,
        geom, area_m2, length_m, min_lon, min_lat, max_lon, max_lat, created_at, road_name, road_from, road_to, road_width_m,
        road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class, villages,
        households_to_relocate, illegal_structure_area_m2, actual_start, actual_end, record_at, record_note
        """;

    // The server turns each chunk into sites while the next one is read and checked: only the last chunk's
    // INSERT … SELECT is left for the end.
    const int ChunkRows = 512;

    static readonly string[] MoveStaged =
    [
        """
        INSERT INTO sites (programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
        responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes, status, progress,
        geom, area_m2, length_m, min_lon, min_lat, max_lon, max_lat, version, created_at, updated_at, road_name, road_from, road_to,
        road_width_m, road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class, villages,
        households_to_relocate, illegal_structure_area_m2, actual_start, actual_end)
        SELECT programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
        responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes, status, progress,
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
        SELECT s.id, 1, i.record_at, $2, 'imported', 'imported'
        FROM import_staging i JOIN sites s ON s.code = i.code WHERE i.row_no > $1 ORDER BY i.row_no
        """,
    ];

    bool opened;
    NpgsqlTransaction? transaction;
    NpgsqlBinaryImporter? copy;
    PlannerDbContext? ownContext;
    bool enlisted;
    string? user;
    int row;
    // Rows up to this one have been moved into sites; the staging table keeps them (emptying it each time costs more).
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
        await using (var create = new NpgsqlCommand("""
            CREATE TEMP TABLE import_staging (
                row_no integer, programme text, code text, name text, township_id integer, township_assigned boolean,
                community text, responsible_unit text, responsible_person text, responsible_phone text, lead_official text,
                planned_start date, planned_end date, budget numeric(14,2), is_pilot boolean, is_showcase boolean, notes text,
                status text, progress integer, geom bytea, area_m2 double precision, length_m double precision,
                min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
                created_at timestamptz, road_name text, road_from text, road_to text, road_width_m double precision, road_grade text,
                build_year integer, buildings integer, households integer, floor_area_m2 double precision, has_property_management boolean,
                works_class text, villages text, households_to_relocate integer, illegal_structure_area_m2 double precision,
                actual_start date, actual_end date, record_at timestamptz, record_note text
            ) ON COMMIT DROP;
            -- The staging copy lives for one transaction: compressing its geometry would only be undone.
            ALTER TABLE import_staging ALTER COLUMN geom SET STORAGE EXTERNAL
            """, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task AddAsync(Site s, CancellationToken ct)
    {
        if (row % ChunkRows == 0) await FlushAsync(ct);
        copy ??= await connection.BeginBinaryImportAsync($"COPY import_staging ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        var record = s.ProgressRecords[0];
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(++row, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(s.Programme.Code(), NpgsqlDbType.Text, ct);
        await copy.WriteAsync(s.Code, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(s.Name, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(s.TownshipId, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(s.TownshipAssigned, NpgsqlDbType.Boolean, ct);
        await Text(s.Community, ct);
        await Text(s.ResponsibleUnit, ct);
        await Text(s.ResponsiblePerson, ct);
        await Text(s.ResponsiblePhone, ct);
        await Text(s.LeadOfficial, ct);
        await Date(s.PlannedStart, ct);
        await Date(s.PlannedEnd, ct);
        if (s.Budget is { } b) await copy.WriteAsync(b, NpgsqlDbType.Numeric, ct); else await copy.WriteNullAsync(ct);
        await copy.WriteAsync(s.IsPilot, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(s.IsShowcase, NpgsqlDbType.Boolean, ct);
        await Text(s.Notes, ct);
        await copy.WriteAsync(s.Status.Code(), NpgsqlDbType.Text, ct);
        await copy.WriteAsync(s.Progress, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(GeometryValueConverter<NetTopologySuite.Geometries.Geometry>.ToEwkb(s.Geometry), NpgsqlDbType.Bytea, ct);
        await Double(s.AreaSquareMetres, ct);
        await copy.WriteAsync(s.LengthMetres, NpgsqlDbType.Double, ct);
        await copy.WriteAsync(s.MinLon, NpgsqlDbType.Double, ct);
        await copy.WriteAsync(s.MinLat, NpgsqlDbType.Double, ct);
        await copy.WriteAsync(s.MaxLon, NpgsqlDbType.Double, ct);
        await copy.WriteAsync(s.MaxLat, NpgsqlDbType.Double, ct);
        await copy.WriteAsync(record.At, NpgsqlDbType.TimestampTz, ct);
        var road = s as RoadSite;
        await Text(road?.RoadName, ct);
        await Text(road?.RoadFrom, ct);
        await Text(road?.RoadTo, ct);
        await Double(road?.WidthMetres, ct);
        await Text(road?.Grade, ct);
        var compound = s as CompoundSite;
        await Int(compound?.BuildYear, ct);
        await Int(compound?.Buildings, ct);
        await Int(compound?.Households, ct);
        await Double(compound?.FloorAreaSquareMetres, ct);
        if (compound?.HasPropertyManagement is { } pm) await copy.WriteAsync(pm, NpgsqlDbType.Boolean, ct); else await copy.WriteNullAsync(ct);
        await Text(compound?.WorksClass?.Code(), ct);
        var fringe = s as FringeSite;
        await Text(fringe?.Villages, ct);
        await Int(fringe?.HouseholdsToRelocate, ct);
        await Double(fringe?.IllegalStructureAreaSquareMetres, ct);
        await Date(s.ActualStart, ct);
        await Date(s.ActualEnd, ct);
        await copy.WriteAsync(record.At, NpgsqlDbType.TimestampTz, ct);
        await Text(record.Note, ct);
    }

    Task Text(string? v, CancellationToken ct) => v is null ? copy!.WriteNullAsync(ct) : copy!.WriteAsync(v, NpgsqlDbType.Text, ct);
    Task Int(int? v, CancellationToken ct) => v is { } x ? copy!.WriteAsync(x, NpgsqlDbType.Integer, ct) : copy!.WriteNullAsync(ct);
    Task Double(double? v, CancellationToken ct) => v is { } x ? copy!.WriteAsync(x, NpgsqlDbType.Double, ct) : copy!.WriteNullAsync(ct);
    Task Date(DateOnly? v, CancellationToken ct) => v is { } x ? copy!.WriteAsync(x, NpgsqlDbType.Date, ct) : copy!.WriteNullAsync(ct);

    /// <summary>Ends the COPY and moves the staged rows into sites, with their first progress record and revision.</summary>
    async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (copy is null) return;
        await copy.CompleteAsync(cancellationToken);
        await copy.DisposeAsync();
        copy = null;
        await using var move = new NpgsqlBatch(connection, transaction);
        foreach (var sql in MoveStaged)
        {
            var command = new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = moved } } };
            if (sql.Contains("$2", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter { Value = user! });
            move.BatchCommands.Add(command);
        }
        await move.ExecuteNonQueryAsync(cancellationToken);
        moved = row;
    }

    public override async Task CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
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
        if (copy is not null) await copy.DisposeAsync();
        if (enlisted && db is not null) await db.Database.UseTransactionAsync(null);
        if (transaction is not null) await transaction.DisposeAsync();
        if (ownContext is not null) await ownContext.DisposeAsync();
        if (opened) await connection.CloseAsync();
    }
}
