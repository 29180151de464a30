using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Import;

public sealed record ImportOptions
{
    /// <summary>Programme for rows that do not say.</summary>
    public Programme? Programme { get; init; }
    /// <summary>Township (name or code) for rows that do not say; otherwise the geometry decides.</summary>
    public string? Township { get; init; }
    /// <summary>The file's coordinate system when the user states it; else the file's own, else CGCS2000 lon/lat.</summary>
    public SourceCrs? Crs { get; init; }
    /// <summary>Site field → source attribute, chosen by the user; remembered for <see cref="SourceKey"/>.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>Names the source for the remembered mapping (default: the file name without extension).</summary>
    public required string SourceKey { get; init; }
    public bool DryRun { get; init; }
    public string User { get; init; } = "import";
    /// <summary>Refused rows listed in the report (all are counted).</summary>
    public int MaxListedRows { get; init; } = 1000;
    /// <summary>Valid features kept for a preview map.</summary>
    public int MaxPreviewFeatures { get; init; }
}

public enum ImportAction { New, Update, Refused }

public sealed record ImportRow(int Row, string Where, string? Code, ImportAction Action, IReadOnlyList<Problem> Problems);

public sealed record ImportReport(string Crs, int Read, int New, int Updated, int Refused, IReadOnlyList<ImportRow> RefusedRows,
    IReadOnlyList<(NetTopologySuite.Geometries.Geometry Geometry, string Code, string Name, ImportAction Action)> Preview, bool Committed)
{
    public int Valid => New + Updated;
}

/// <summary>
/// Imports sites from a feature source: every row is converted to CGCS2000, mapped to site fields and
/// checked like a planner's input; the valid rows are stored in one transaction (binary COPY through a
/// staging table on PostGIS), or nothing is when the user only previews. Rows stream through: memory
/// holds the townships, the existing codes and the updates, not the file.
/// </summary>
public sealed class Importer(PlannerDbContext db)
{
    const int EfBatch = 500;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<ImportReport> ImportAsync(IFeatureSource source, ImportOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var pipeline = ImportPipeline.Start(source, options, cancellationToken);
        return await ImportAsync(pipeline, options, progress, cancellationToken);
    }

    /// <summary>
    /// Stores what <paramref name="pipeline"/> reads and checks. Started before the database is opened, the
    /// pipeline has read, converted and checked the first rows by the time the database is ready.
    /// </summary>
    public async Task<ImportReport> ImportAsync(ImportPipeline pipeline, ImportOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var townships = await db.Townships.AsNoTracking().ToListAsync(cancellationToken);
        var defaultTownship = options.Township is { } tn
            ? townships.FirstOrDefault(t => t.Name == tn || t.Code == tn) ?? throw new ValidationFailedException("township", $"no township is named {tn}")
            : null;
        var existing = await db.Sites.AsNoTracking().Select(s => new { s.Code, s.Id, Programme = EF.Property<string>(s, "programme") })
            .ToDictionaryAsync(s => s.Code, s => (s.Id, s.Programme), cancellationToken);
        // Tracked: the same row is updated when the mapping is remembered.
        var remembered = await db.ImportMappings.FirstOrDefaultAsync(m => m.SourceKey == options.SourceKey, cancellationToken);
        var mapping = new FieldMapping(options.Fields).Over(remembered is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(remembered.Fields)!);

        var districtEnvelope = townships.Aggregate(new Envelope(), (e, t) => { e.ExpandToInclude(t.Boundary.EnvelopeInternal); return e; });
        var now = Clock.GetUtcNow();
        var seenCodes = new HashSet<string>(StringComparer.Ordinal);
        var refusedRows = new List<ImportRow>();
        var preview = new List<(NetTopologySuite.Geometries.Geometry, string, string, ImportAction)>();
        var updates = new List<(long Id, Site Draft)>();
        int read = 0, created = 0, refused = 0;

        await using var writer = options.DryRun ? null : await NewSiteWriter.StartAsync(db, cancellationToken);
        SourceCrs? crs = null;
        try
        {
            await foreach (var (feature, stage) in pipeline.ReadAsync(cancellationToken))
            {
                if (crs is null)
                {
                    // The coordinate system is checked on the first rows' own numbers, before anything is kept.
                    var sample = await pipeline.SampleAsync(cancellationToken);
                    if (CrsCheck.Check(sample.Coordinates, sample.Crs, CrsCheck.ExpectedArea(districtEnvelope.IsNull ? null : districtEnvelope), stated: options.Crs is not null) is { } problem)
                        throw new ValidationFailedException([problem]);
                    crs = sample.Crs;
                }
                read++;
                var (site, action, problems) = Prepare(feature, stage, mapping, options, townships, defaultTownship, existing, seenCodes, now);
                if (action == ImportAction.Refused)
                {
                    refused++;
                    if (refusedRows.Count < options.MaxListedRows) refusedRows.Add(new ImportRow(feature.Row, feature.Where, site?.Code, action, problems));
                }
                else
                {
                    if (preview.Count < options.MaxPreviewFeatures) preview.Add((site!.Geometry, site.Code, site.Name, action));
                    if (action == ImportAction.New)
                    {
                        created++;
                        if (writer is not null) await writer.AddAsync(site!, cancellationToken);
                    }
                    else updates.Add((existing[site!.Code].Id, site));
                }
                if (read % 500 == 0) progress?.Report(read);
            }
            if (read == 0) throw new ValidationFailedException(options.SourceKey, "holds no features");
            progress?.Report(read);

            var committed = false;
            if (writer is not null && created + updates.Count > 0)
            {
                await writer.FinishAsync(options.User, cancellationToken);
                await ApplyUpdatesAsync(updates, options.User, now, cancellationToken);
                RememberMapping(options.SourceKey, mapping, remembered);
                await db.SaveChangesAsync(cancellationToken);
                await writer.CommitAsync(cancellationToken);
                committed = true;
            }
            return new ImportReport(crs!.ToString(), read, created, updates.Count, refused, refusedRows, preview, committed);
        }
        catch (ValidationFailedException e) when (refusedRows.Count > 0 && e.Problems.Count == 1 && !e.Problems[0].Where.StartsWith("crs", StringComparison.Ordinal))
        {
            // A fault that stops the file (truncated, malformed) refuses the whole import; say so with its place.
            throw new ValidationFailedException([.. e.Problems, new Problem(options.SourceKey, $"nothing was imported ({read} rows had been read)")]);
        }
    }

    (Site? Site, ImportAction Action, List<Problem> Problems) Prepare(SourceFeature f, ImportPipeline.CheckedGeometry stage, FieldMapping mapping, ImportOptions options,
        List<Township> townships, Township? defaultTownship, Dictionary<string, (long Id, string Programme)> existing, HashSet<string> seenCodes,
        DateTimeOffset now)
    {
        var problems = new List<Problem>();
        if (f.Problem is not null) problems.Add(f.Problem);
        string? Get(string field) => mapping.Value(f.Attributes, field);

        Programme programme = default;
        var programmeText = Get("programme");
        if (programmeText is not null && !ProgrammeExtensions.TryParse(programmeText, out programme))
            problems.Add(new Problem($"{f.Where} field programme", $"\"{programmeText}\" is not road, compound or fringe"));
        else if (programmeText is null)
        {
            if (options.Programme is { } p) programme = p;
            else problems.Add(new Problem($"{f.Where} field programme", "is missing: map a programme field or give a default programme"));
        }

        var code = Get("code") ?? $"{options.SourceKey}-{f.Row}";
        var name = Get("name");
        if (!seenCodes.Add(code)) problems.Add(new Problem($"{f.Where} field code", $"{code} appears twice in the file"));

        var geometry = stage.Geometry;
        problems.AddRange(stage.Problems);
        if (problems.Count > 0) return (null, ImportAction.Refused, problems);

        var draft = new SiteDraft
        {
            Programme = programme,
            Code = code,
            Name = name ?? "",
            Geometry = geometry!,
            Community = Get("community"),
            ResponsibleUnit = Get("responsibleUnit"),
            ResponsiblePerson = Get("responsiblePerson"),
            ResponsiblePhone = Get("responsiblePhone"),
            LeadOfficial = Get("leadOfficial"),
            PlannedStart = Date(Get("plannedStart"), "plannedStart"),
            PlannedEnd = Date(Get("plannedEnd"), "plannedEnd"),
            Budget = (decimal?)Number(Get("budget"), "budget"),
            IsPilot = Flag(Get("pilot")),
            IsShowcase = Flag(Get("showcase")),
            Notes = Get("notes"),
            Compound = programme == Programme.Compound
                ? new CompoundFields((int?)Number(Get("buildYear"), "buildYear"), (int?)Number(Get("buildings"), "buildings"), (int?)Number(Get("households"), "households"),
                    Number(Get("floorArea"), "floorArea"), Get("propertyManagement") is { } pm ? Flag(pm) : null, WorksClassOf(Get("worksClass")))
                : null,
            Road = programme == Programme.Road ? new RoadFields(Get("roadName"), Get("from"), Get("to"), Number(Get("width"), "width"), Get("grade")) : null,
            Fringe = programme == Programme.Fringe
                ? new FringeFields(Get("villages"), (int?)Number(Get("householdsToRelocate"), "householdsToRelocate"), Number(Get("illegalStructureArea"), "illegalStructureArea"))
                : null,
        };
        problems.AddRange(SiteFieldRules.Check(draft).Select(p => p with { Where = $"{f.Where} field {p.Where}" }));
        // Checked in the pipeline against the default programme: a row naming another one is checked again.
        if (programmeText is not null && programme != options.Programme)
            problems.AddRange(GeometryValidator.Validate(geometry, programme).Select(p => p with { Where = $"{f.Where} {p.Where}" }));

        var township = defaultTownship;
        if (Get("township") is { } rowTownship)
        {
            township = townships.FirstOrDefault(t => t.Name == rowTownship || t.Code == rowTownship);
            if (township is null) problems.Add(new Problem($"{f.Where} field township", $"no township is named {rowTownship}"));
        }
        else if (township is null && problems.Count == 0)
        {
            township = TownshipLocator.Locate(geometry!, townships);
            if (township is null) problems.Add(new Problem($"{f.Where} geometry", "lies outside every township of the district"));
        }

        var status = SiteStatus.Planning;
        var statusText = Get("status");
        if (statusText is not null && !SiteStatusExtensions.TryParse(statusText, out status))
            problems.Add(new Problem($"{f.Where} field status", $"\"{statusText}\" is not a status"));
        var percent = (int?)Number(Get("progress")?.TrimEnd('%'), "progress") ?? (status.IsFinished() ? 100 : 0);

        var action = ImportAction.New;
        if (existing.TryGetValue(code, out var found))
        {
            action = ImportAction.Update;
            if (found.Programme != programme.Code())
                problems.Add(new Problem($"{f.Where} field code", $"{code} is an existing {found.Programme} site; this row is {programme.Code()}"));
        }
        if (problems.Count > 0) return (null, ImportAction.Refused, problems);

        var site = SiteFactory.Create(draft);
        site.Code = code;
        site.TownshipId = township!.Id;
        site.TownshipAssigned = defaultTownship is not null || Get("township") is not null;
        site.SetGeometry(geometry!, stage.Measured);
        try
        {
            site.StartAt(status, percent, options.User, now, $"imported from {options.SourceKey}");
        }
        catch (ValidationFailedException e)
        {
            return (null, ImportAction.Refused, e.Problems.Select(p => p with { Where = $"{f.Where} field {p.Where}" }).ToList());
        }
        return (site, action, problems);

        DateOnly? Date(string? text, string field)
        {
            if (text is null) return null;
            if (DateOnly.TryParse(text.Replace('/', '-').Replace('.', '-'), CultureInfo.InvariantCulture, out var d)) return d;
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, out var dt)) return DateOnly.FromDateTime(dt);
            problems.Add(new Problem($"{f.Where} field {field}", $"\"{text}\" is not a date (use 2026-06-30)"));
            return null;
        }

        double? Number(string? text, string field)
        {
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)) return n;
            problems.Add(new Problem($"{f.Where} field {field}", $"\"{text}\" is not a number"));
            return null;
        }

        WorksClass? WorksClassOf(string? text)
        {
            if (text is null) return null;
            foreach (var c in Enum.GetValues<WorksClass>())
                if (string.Equals(text, c.Code(), StringComparison.OrdinalIgnoreCase) || text == c.ChineseName() || text == c.ChineseName().TrimEnd('类')) return c;
            problems.Add(new Problem($"{f.Where} field worksClass", $"\"{text}\" is not 基础类, 完善类 or 提升类"));
            return null;
        }

        static bool Flag(string? text) => text?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "y" or "是" or "有" or "√";
    }

    /// <summary>Updates the existing sites the file matched by code: one query for all of them, the measures already taken.</summary>
    async Task ApplyUpdatesAsync(List<(long Id, Site Draft)> updates, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (updates.Count == 0) return;
        var ids = updates.Select(u => u.Id).ToList();
        var sites = await db.Sites.Include(s => s.Township).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var (id, draft) in updates)
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
                    site.RecordProgress(draft.Status, draft.Progress, user, now, "updated by import");
                }
                catch (ValidationFailedException e)
                {
                    throw new ValidationFailedException(e.Problems.Select(p => p with { Where = $"site {site.Code} {p.Where}" }).ToList());
                }
            }
            db.SiteRevisions.Add(new SiteRevision { Site = site, At = now, By = user, Action = RevisionAction.Imported, Before = before, Summary = "updated by import" });
        }
    }

    void RememberMapping(string sourceKey, FieldMapping mapping, ImportMapping? row)
    {
        if (mapping.Explicit.Count == 0) return;
        var json = JsonSerializer.Serialize(mapping.Explicit);
        if (row is null) db.ImportMappings.Add(new ImportMapping { SourceKey = sourceKey, Fields = json, UpdatedAt = Clock.GetUtcNow() });
        else
        {
            row.Fields = json;
            row.UpdatedAt = Clock.GetUtcNow();
        }
    }

    /// <summary>
    /// Writes new sites inside the import's transaction: EF Core batches on SQLite; on PostgreSQL a binary
    /// COPY into a temporary staging table, then one INSERT … SELECT each into sites, progress_records and
    /// site_revisions.
    /// </summary>
    abstract class NewSiteWriter : IAsyncDisposable
    {
        protected readonly PlannerDbContext Db;
        protected readonly Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction;

        protected NewSiteWriter(PlannerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
        {
            Db = db;
            Transaction = transaction;
        }

        public static async Task<NewSiteWriter> StartAsync(PlannerDbContext db, CancellationToken cancellationToken)
        {
            var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            return db.Engine == DatabaseEngine.Postgres
                ? await CopyWriter.CreateAsync(db, tx, cancellationToken)
                : new EfWriter(db, tx);
        }

        public abstract Task AddAsync(Site site, CancellationToken cancellationToken);
        public abstract Task FinishAsync(string user, CancellationToken cancellationToken);
        public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);
        public virtual ValueTask DisposeAsync() => Transaction.DisposeAsync();
    }

    sealed class EfWriter(PlannerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx) : NewSiteWriter(db, tx)
    {
        int pending;

        public override async Task AddAsync(Site site, CancellationToken cancellationToken)
        {
            Db.Sites.Add(site);
            var record = site.ProgressRecords[0];
            Db.SiteRevisions.Add(new SiteRevision { Site = site, At = record.At, By = record.By, Action = RevisionAction.Imported, Summary = "imported" });
            if (++pending >= EfBatch) await FlushAsync(cancellationToken);
        }

        public override Task FinishAsync(string user, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

        async Task FlushAsync(CancellationToken cancellationToken)
        {
            await Db.SaveChangesAsync(cancellationToken);
            Db.ChangeTracker.Clear();
            pending = 0;
        }
    }

    sealed class CopyWriter : NewSiteWriter
    {
        const string Columns = """
            row_no, programme, code, name, township_id, township_assigned, community, responsible_unit, responsible_person,
            responsible_phone, lead_official, planned_start, planned_end, budget, is_pilot, is_showcase, notes, status, progress,
            geom, area_m2, length_m, min_lon, min_lat, max_lon, max_lat, created_at, road_name, road_from, road_to, road_width_m,
            road_grade, build_year, buildings, households, floor_area_m2, has_property_management, works_class, villages,
            households_to_relocate, illegal_structure_area_m2, actual_start, actual_end, record_at, record_note
            """;
        readonly NpgsqlBinaryImporter copy;
        int row;

        CopyWriter(PlannerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, NpgsqlBinaryImporter copy) : base(db, tx) => this.copy = copy;

        public static async Task<CopyWriter> CreateAsync(PlannerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken cancellationToken)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
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
                """, connection, (NpgsqlTransaction)tx.GetDbTransaction()))
                await create.ExecuteNonQueryAsync(cancellationToken);
            var copy = await connection.BeginBinaryImportAsync($"COPY import_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            return new CopyWriter(db, tx, copy);
        }

        public override async Task AddAsync(Site s, CancellationToken ct)
        {
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

        Task Text(string? v, CancellationToken ct) => v is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(v, NpgsqlDbType.Text, ct);
        Task Int(int? v, CancellationToken ct) => v is { } x ? copy.WriteAsync(x, NpgsqlDbType.Integer, ct) : copy.WriteNullAsync(ct);
        Task Double(double? v, CancellationToken ct) => v is { } x ? copy.WriteAsync(x, NpgsqlDbType.Double, ct) : copy.WriteNullAsync(ct);
        Task Date(DateOnly? v, CancellationToken ct) => v is { } x ? copy.WriteAsync(x, NpgsqlDbType.Date, ct) : copy.WriteNullAsync(ct);

        public override async Task FinishAsync(string user, CancellationToken cancellationToken)
        {
            await copy.CompleteAsync(cancellationToken);
            await copy.DisposeAsync();
            var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
            await using var insert = new NpgsqlCommand("""
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
                FROM import_staging ORDER BY row_no;
                INSERT INTO progress_records (site_id, at, by_user, status, percent, note)
                SELECT s.id, i.record_at, @user, i.status, i.progress, i.record_note
                FROM import_staging i JOIN sites s ON s.code = i.code ORDER BY i.row_no;
                INSERT INTO site_revisions (site_id, version, at, by_user, action, summary)
                SELECT s.id, 1, i.record_at, @user, 'imported', 'imported'
                FROM import_staging i JOIN sites s ON s.code = i.code ORDER BY i.row_no;
                """, connection, (NpgsqlTransaction)Transaction.GetDbTransaction());
            insert.Parameters.AddWithValue("user", user);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await copy.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
