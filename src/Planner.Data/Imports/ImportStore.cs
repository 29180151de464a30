using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Planner.Data;
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

    /// <param name="encoded">The geometry already encoded for the store, when the import made it in parallel.</param>
    public abstract Task AddAsync(Site site, EncodedGeometry? encoded, CancellationToken cancellationToken);

    /// <summary>Writes what is pending, the updates and the remembered mapping; then commits. Returns how many matched sites
    /// the file left as they were (<see cref="ImportChanges.ApplyUpdatesAsync"/>).</summary>
    public abstract Task<int> CommitAsync(ImportChanges changes, CancellationToken cancellationToken);

    /// <summary>For a preview: how many matched sites the file would leave as they were (<see cref="ImportChanges.CountUnchangedAsync"/>).</summary>
    public abstract Task<int> CountUnchangedAsync(ImportChanges changes, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected static Dictionary<string, string> ParseFields(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
}

/// <summary>
/// What an import changes besides its new sites: sites matched by code, each with the fields its row gave, and the
/// mapping to remember (null when none was given).
/// </summary>
sealed record ImportChanges(string User, DateTimeOffset Now, IReadOnlyList<ImportUpdate> Updates, string SourceKey, string? MappingJson)
{
    /// <summary>
    /// For a preview: <see cref="ApplyUpdatesAsync"/> on tracked sites, then all of them forgotten, so nothing reaches the
    /// database. An update the commit would refuse (a status moving back) is refused here too.
    /// </summary>
    public async Task<int> CountUnchangedAsync(PlannerDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyUpdatesAsync(db, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Updates the matched sites, as if a planner had edited them: the fields the row gives, geometry, status along the
    /// workflow, a revision each. A row that changes nothing the site shows leaves it as it was, with no revision and no
    /// new version, so that re-importing a ledger does not fill the history with empty entries or make everyone's open
    /// edit stale. Returns how many sites were left so.
    /// </summary>
    public async Task<int> ApplyUpdatesAsync(PlannerDbContext db, CancellationToken cancellationToken)
    {
        if (Updates.Count == 0) return 0;
        var unchanged = 0;
        var ids = Updates.Select(u => u.Id).ToList();
        var sites = await db.Sites.Include(s => s.Township).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var (id, draft, given, keepsShape) in Updates)
        {
            var site = sites[id];
            var before = SiteSnapshot.Of(site);
            var townshipBefore = site.TownshipId;
            // A column the file lacks leaves the field as it was; every field the row gives is taken, the programme's own included.
            SiteFields.Copy(draft, site, given);
            // A shape gives the township (named, or where it lies); a point only a named one. A row giving the township the
            // site already has restates it (an exported ledger names every site's): whether a user chose it stays as it was.
            if ((!keepsShape || draft.TownshipAssigned) && draft.TownshipId != site.TownshipId)
            {
                site.TownshipId = draft.TownshipId;
                site.TownshipAssigned = draft.TownshipAssigned;
            }
            if (!keepsShape) site.SetGeometry(draft.Geometry, (draft.AreaSquareMetres ?? 0, draft.LengthMetres));
            var progressed = draft.Status != site.Status || draft.Progress != site.Progress;
            // The township is compared by id: the snapshot names it through the navigation, which still holds the old one.
            if (!progressed && site.TownshipId == townshipBefore && SiteSnapshot.ChangedFields(before, SiteSnapshot.Of(site)).Count == 0)
            {
                // Nothing the site holds changes: keep it whole.
                var entry = db.Entry(site);
                entry.CurrentValues.SetValues(entry.OriginalValues);
                unchanged++;
                continue;
            }
            // Status moves only along the workflow, as if a planner had reported it.
            if (progressed)
            {
                try
                {
                    site.RecordProgress(draft.Status, draft.Progress, User, Now, Sites.HistoryNote.UpdatedByImport);
                }
                catch (Validation.ValidationFailedException e)
                {
                    throw new Validation.ValidationFailedException(e.Problems.Select(p => p with { Where = $"{Localization.Place.Site(site.Code)} {p.Where}" }).ToList());
                }
            }
            db.SiteRevisions.Add(new SiteRevision { Site = site, At = Now, By = User, Action = RevisionAction.Imported, Before = before.Feature, BeforeGeometry = before.Geometry, Summary = Sites.HistoryNote.UpdatedByImport });
        }
        return unchanged;
    }
}

/// <summary>A site an import matched by code: the row as a site, the keys of the fields the row gave, and whether the row
/// only located the site (a point) so that its shape and township stay.</summary>
sealed record ImportUpdate(long Id, Site Draft, IReadOnlySet<string> Given, bool KeepsShape = false);

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

    public override async Task AddAsync(Site site, EncodedGeometry? encoded, CancellationToken cancellationToken)
    {
        db.Sites.Add(site);
        var record = site.ProgressRecords[0];
        db.SiteRevisions.Add(new SiteRevision { Site = site, At = record.At, By = record.By, Action = RevisionAction.Imported, Summary = Sites.HistoryNote.Imported });
        if (++pending >= Batch) await FlushAsync(cancellationToken);
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        pending = 0;
    }

    public override async Task<int> CommitAsync(ImportChanges changes, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var unchanged = await changes.ApplyUpdatesAsync(db, cancellationToken);
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
        return unchanged;
    }

    public override Task<int> CountUnchangedAsync(ImportChanges changes, CancellationToken cancellationToken) =>
        changes.CountUnchangedAsync(db, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (transaction is not null) await transaction.DisposeAsync();
    }
}
