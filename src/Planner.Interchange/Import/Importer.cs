using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Localization;
using Planner.Sites;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// Imports sites from a feature source: every row is converted to CGCS2000, mapped to site fields and
/// checked like a planner's input; the valid rows are stored in one transaction (binary COPY through a
/// staging table on PostGIS), or nothing is when the user only previews. Rows stream through: memory
/// holds the townships, the existing codes and the updates, not the file.
/// </summary>
public sealed class Importer
{
    readonly Func<ImportStore> openStore;

    /// <summary>Imports through <paramref name="db"/>'s connection: EF Core on SQLite, binary COPY on PostGIS.</summary>
    public Importer(PlannerDbContext db)
    {
        copies = db.Engine == DatabaseEngine.Postgres;
        openStore = () => copies
            ? new PostgisImportStore((NpgsqlConnection)db.Database.GetDbConnection(), db)
            : new EfImportStore(db);
    }

    /// <summary>The store copies rows into PostGIS: the pipeline encodes their geometry for it on its workers.</summary>
    readonly bool copies;

    /// <summary>Imports into PostGIS without EF Core (unless the file updates existing sites): what the command line uses.</summary>
    public Importer(NpgsqlConnection connection)
    {
        copies = true;
        openStore = () => new PostgisImportStore(connection, null);
    }

    /// <summary>The clock and the district's calendar (dates are checked against the district's today).</summary>
    public DistrictTime Time { get; init; } = DistrictTime.System;

    public async Task<ImportReport> ImportAsync(IFeatureSource source, ImportOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var pipeline = ImportPipeline.Start(source, options, cancellationToken, encode: copies);
        return await ImportAsync(pipeline, options, progress, cancellationToken);
    }

    /// <summary>
    /// Stores what <paramref name="pipeline"/> reads and checks. Started before the database is opened, the
    /// pipeline has read, converted and checked the first rows by the time the database is ready.
    /// </summary>
    public async Task<ImportReport> ImportAsync(ImportPipeline pipeline, ImportOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var store = openStore();
        var (townships, existing, remembered) = await store.LoadAsync(options.SourceKey, cancellationToken);
        // Every row would be refused as "outside every township": say what is really wrong.
        if (townships.Count == 0) throw new ValidationFailedException("database", Messages.NoTownships);
        var defaultTownship = options.Township is { } tn
            ? townships.FirstOrDefault(t => t.Name == tn || t.Code == tn) ?? throw new ValidationFailedException("township", Messages.NoTownshipNamed(tn))
            : null;
        var mapping = new FieldMapping(options.Fields).Over(remembered);

        var districtEnvelope = townships.Aggregate(new Envelope(), (e, t) => { e.ExpandToInclude(t.Boundary.EnvelopeInternal); return e; });
        var now = Time.Now;
        var today = Time.DateOf(now);
        var seenCodes = new HashSet<string>(StringComparer.Ordinal);
        var refusedRows = new List<ImportRow>();
        var preview = new List<(NetTopologySuite.Geometries.Geometry, string, string, ImportAction)>();
        var updates = new List<ImportUpdate>();
        int read = 0, created = 0, refused = 0;

        if (!options.DryRun) await store.BeginAsync(options.User, cancellationToken);
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
                var (site, action, problems) = Prepare(feature, stage, mapping, options, townships, defaultTownship, existing, seenCodes, now, today);
                if (action == ImportAction.Refused)
                {
                    refused++;
                    if (refusedRows.Count < options.MaxListedRows)
                        refusedRows.Add(new ImportRow(feature.Row, feature.Where, site?.Code ?? mapping.Value(feature.Attributes, "code"), action, problems));
                }
                else
                {
                    if (preview.Count < options.MaxPreviewFeatures) preview.Add((site!.Geometry, site.Code, site.Name, action));
                    if (action == ImportAction.New)
                    {
                        created++;
                        if (!options.DryRun) await store.AddAsync(site!, stage.Encoded, cancellationToken);
                    }
                    else updates.Add(new ImportUpdate(existing[site!.Code].Id, site,
                        SiteFields.For(site.Programme).Where(field => mapping.Value(feature.Attributes, field.Key) is not null).Select(field => field.Key).ToHashSet(),
                        KeepsShape: site.Geometry is Point));
                }
                if (read % 500 == 0) progress?.Report(read);
            }
            if (read == 0) throw new ValidationFailedException(options.SourceKey, L10n.T("没有任何要素", "holds no features"));
            progress?.Report(read);

            var committed = false;
            var unchanged = 0;
            var remember = mapping.Explicit.Count > 0 ? JsonSerializer.Serialize(mapping.Explicit) : null;
            var changes = new ImportChanges(options.User, now, updates, options.SourceKey, remember);
            if (options.DryRun)
                unchanged = await store.CountUnchangedAsync(changes, cancellationToken);
            else if (created + updates.Count > 0)
            {
                unchanged = await store.CommitAsync(changes, cancellationToken);
                committed = true;
            }
            return new ImportReport(crs!.ToString(), read, created, updates.Count, refused, refusedRows, preview, committed) { Unchanged = unchanged };
        }
        catch (ValidationFailedException e) when (refusedRows.Count > 0 && e.Problems.Count == 1 && !e.Problems[0].Where.StartsWith("crs", StringComparison.Ordinal))
        {
            // A fault that stops the file (truncated, malformed) refuses the whole import; say so with its place.
            throw new ValidationFailedException([.. e.Problems, new Problem(options.SourceKey, L10n.T($"未导入任何数据（已读取 {read} 行）", $"nothing was imported ({read} rows had been read)"))]);
        }
    }

    (Site? Site, ImportAction Action, List<Problem> Problems) Prepare(SourceFeature f, ImportPipeline.CheckedGeometry stage, FieldMapping mapping, ImportOptions options,
        List<Township> townships, Township? defaultTownship, Dictionary<string, (long Id, string Programme)> existing, HashSet<string> seenCodes,
        DateTimeOffset now, DateOnly today)
    {
        var problems = new List<Problem>();
        if (f.Problem is not null) problems.Add(f.Problem);
        string? Get(string field) => mapping.Value(f.Attributes, field);

        Programme programme = default;
        var programmeText = Get("programme");
        if (programmeText is not null && !ProgrammeExtensions.TryParse(programmeText, out programme))
            problems.Add(new Problem(Place.Field(f.Where, "programme"), Messages.NotAProgramme(programmeText)));
        else if (programmeText is null)
        {
            if (options.Programme is { } p) programme = p;
            else problems.Add(new Problem(Place.Field(f.Where, "programme"), L10n.T("缺失：请映射工程类别字段，或指定默认工程类别", "is missing: map a programme field or give a default programme")));
        }

        var code = Get("code") ?? $"{options.SourceKey}-{f.Row}";
        var name = Get("name");
        if (!seenCodes.Add(code)) problems.Add(new Problem(Place.Field(f.Where, "code"), L10n.T($"{code} 在文件中出现了两次", $"{code} appears twice in the file")));

        var geometry = stage.Geometry;
        problems.AddRange(stage.Problems);
        // A point (a ledger's lon/lat, an exported ledger edited in Excel) updates the fields of the site its code names
        // and keeps that site's shape; a new site needs its outline.
        var keepsShape = geometry is Point;
        if (keepsShape && !existing.ContainsKey(code))
            problems.Add(new Problem(Place.Geometry(f.Where), L10n.T($"是一个点（经纬度）：新项目需要线或面的轮廓；点只能按编号更新已有项目的字段（{code} 不是已有项目）",
                $"is a point (lon/lat): a new site needs its outline as a line or an area; a point can only update the fields of an existing site by its code ({code} is not one)")));
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
        problems.AddRange(SiteFieldRules.Check(draft, options.Limits, today).Select(p => p with { Where = Place.Field(f.Where, p.Where) }));
        // Checked in the pipeline against the default programme: a row naming another one is checked again.
        if (programmeText is not null && programme != options.Programme && !keepsShape)
            problems.AddRange(options.Limits.GeometryRules.Validate(geometry, programme).Select(p => p with { Where = $"{f.Where} {p.Where}" }));

        var township = defaultTownship;
        if (Get("township") is { } rowTownship)
        {
            township = townships.FirstOrDefault(t => t.Name == rowTownship || t.Code == rowTownship);
            if (township is null) problems.Add(new Problem(Place.Field(f.Where, "township"), Messages.NoTownshipNamed(rowTownship)));
        }
        if (problems.Count == 0 && !keepsShape)
        {
            // Where the site lies, and whether it can be a site of this district at all.
            var assigned = township is not null;
            var placement = TownshipLocator.Place(geometry!, townships);
            problems.AddRange(SiteExtentRules.Check(programme, stage.Measured, placement, options.Limits, needsTownship: !assigned, Place.Geometry(f.Where)));
            township ??= placement.Township;
        }

        var status = SiteStatus.Planning;
        var statusText = Get("status");
        if (statusText is not null && !SiteStatusExtensions.TryParse(statusText, out status))
            problems.Add(new Problem(Place.Field(f.Where, "status"), Messages.NotAStatus(statusText)));
        var percent = (int?)Number(Get("progress")?.TrimEnd('%'), "progress") ?? (status.IsFinished() ? 100 : 0);

        var action = ImportAction.New;
        if (existing.TryGetValue(code, out var found))
        {
            action = ImportAction.Update;
            if (found.Programme != programme.Code())
                problems.Add(new Problem(Place.Field(f.Where, "code"), L10n.T($"{code} 是已有的 {found.Programme} 项目，此行却是 {programme.Code()}", $"{code} is an existing {found.Programme} site; this row is {programme.Code()}")));
        }
        if (problems.Count > 0) return (null, ImportAction.Refused, problems);

        var site = SiteFactory.Create(draft);
        site.Code = code;
        site.TownshipId = township?.Id ?? 0; // none only when the shape (and so the township) is kept
        site.TownshipAssigned = township is not null && (defaultTownship is not null || Get("township") is not null);
        site.SetGeometry(geometry!, stage.Measured);
        try
        {
            site.StartAt(status, percent, options.User, now, HistoryNote.ImportedFrom(options.SourceKey), matchesExisting: action == ImportAction.Update);
        }
        catch (ValidationFailedException e)
        {
            return (null, ImportAction.Refused, e.Problems.Select(p => p with { Where = Place.Field(f.Where, p.Where) }).ToList());
        }
        return (site, action, problems);

        DateOnly? Date(string? text, string field)
        {
            if (text is null) return null;
            if (DateOnly.TryParse(text.Replace('/', '-').Replace('.', '-'), CultureInfo.InvariantCulture, out var d)) return d;
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, out var dt)) return DateOnly.FromDateTime(dt);
            problems.Add(new Problem(Place.Field(f.Where, field), Messages.NotADate(text)));
            return null;
        }

        double? Number(string? text, string field)
        {
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)) return n;
            problems.Add(new Problem(Place.Field(f.Where, field), Messages.NotANumber(text)));
            return null;
        }

        WorksClass? WorksClassOf(string? text)
        {
            if (text is null) return null;
            if (WorksClassExtensions.TryParse(text, out var c)) return c;
            problems.Add(new Problem(Place.Field(f.Where, "worksClass"), Messages.NotAWorksClass(text)));
            return null;
        }

        static bool Flag(string? text) => text?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "y" or "是" or "有" or "√";
    }
}
