using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Planner.Data;
using Planner.Localization;
using Planner.Sites;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Sample;

/// <summary>
/// Loads the sample district files into an empty database, in one transaction. Every site passes
/// the same checks as a planner's input, and its history is replayed through the workflow.
/// </summary>
public static class SampleDistrictSeeder
{
    public sealed record Result(bool Seeded, int Townships, int Sites, int ProgressRecords, int Tasks);

    public static async Task<Result> SeedAsync(PlannerDbContext db, string? directory = null, CancellationToken cancellationToken = default)
    {
        directory ??= SampleFiles.DefaultDirectory;
        if (!File.Exists(Path.Combine(directory, SampleFiles.TownshipsFile)) || !File.Exists(Path.Combine(directory, SampleFiles.SitesFile)))
            throw new ValidationFailedException(directory, L10n.T($"这里没有示例区数据：应有 {SampleFiles.TownshipsFile} 和 {SampleFiles.SitesFile}", $"no sample district here: expected {SampleFiles.TownshipsFile} and {SampleFiles.SitesFile}"));
        if (await db.Townships.AnyAsync(cancellationToken))
            return new Result(false, 0, 0, 0, 0);

        var townships = SampleFiles.ReadCollection<TownshipProperties>(Path.Combine(directory, SampleFiles.TownshipsFile))
            .Select(f =>
            {
                var township = new Township { Code = f.Properties.Code, Name = f.Properties.Name };
                township.SetBoundary(f.Geometry as MultiPolygon
                                     ?? throw new ValidationFailedException(f.Where, L10n.T($"乡/街道边界是 {f.Geometry.GeometryType}，不是 MultiPolygon", $"township boundary is a {f.Geometry.GeometryType}, not a MultiPolygon")));
                return township;
            })
            .ToList();

        var sites = new List<Site>();
        var problems = new List<Problem>();
        foreach (var (geometry, p, where) in SampleFiles.ReadCollection<SiteProperties>(Path.Combine(directory, SampleFiles.SitesFile)))
        {
            try
            {
                sites.Add(ToSite(geometry, p, where, townships));
            }
            catch (ValidationFailedException e)
            {
                problems.AddRange(e.Problems.Select(x => x with { Where = $"{where} ({p.Code}) {x.Where}" }));
            }
        }
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Townships.AddRange(townships);
        await db.SaveChangesAsync(cancellationToken);
        db.Sites.AddRange(sites);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new Result(true, townships.Count, sites.Count, sites.Sum(s => s.ProgressRecords.Count), sites.Sum(s => s.Tasks.Count));
    }

    static Site ToSite(NetTopologySuite.Geometries.Geometry geometry, SiteProperties p, string where, List<Township> townships)
    {
        if (!ProgrammeExtensions.TryParse(p.Programme, out var programme))
            throw new ValidationFailedException("programme", Messages.NotAProgramme(p.Programme));
        var draft = new SiteDraft
        {
            Programme = programme, Code = p.Code, Name = p.Name, Geometry = geometry,
            Community = p.Community, ResponsibleUnit = p.ResponsibleUnit, ResponsiblePerson = p.ResponsiblePerson,
            ResponsiblePhone = p.ResponsiblePhone, LeadOfficial = p.LeadOfficial, PlannedStart = p.PlannedStart,
            PlannedEnd = p.PlannedEnd, Budget = p.Budget, IsPilot = p.Pilot, IsShowcase = p.Showcase, Notes = p.Notes,
            Compound = programme == Programme.Compound
                ? new CompoundFields(p.BuildYear, p.Buildings, p.Households, p.FloorArea, p.PropertyManagement,
                    p.WorksClass is null ? null : Enum.Parse<WorksClass>(p.WorksClass, true))
                : null,
            Road = programme == Programme.Road ? new RoadFields(p.RoadName, p.From, p.To, p.Width, p.Grade) : null,
            Fringe = programme == Programme.Fringe ? new FringeFields(p.Villages, p.HouseholdsToRelocate, p.IllegalStructureArea) : null,
        };
        var problems = SiteFieldRules.Check(draft, SiteLimits.Default, DistrictTime.System.Today);
        problems.AddRange(SiteLimits.Default.GeometryRules.Validate(geometry, programme));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var township = TownshipLocator.Locate(geometry, townships)
                       ?? throw new ValidationFailedException("geometry", Messages.OutsideEveryTownship);
        if (township.Name != p.Township)
            throw new ValidationFailedException("township", L10n.T($"文件写的是 {p.Township}，但图形大部分位于 {township.Name}", $"file says {p.Township} but the geometry lies mostly in {township.Name}"));

        var site = SiteFactory.Create(draft);
        site.Township = township;
        site.SetGeometry(geometry);
        foreach (var (h, i) in p.History.Select((h, i) => (h, i)))
        {
            if (!SiteStatusExtensions.TryParse(h.Status, out var status))
                throw new ValidationFailedException(Place.History(where, i), Messages.NotAStatus(h.Status));
            try
            {
                site.RecordProgress(status, h.Percent, h.By, h.At, h.Note, h.ActualDate);
            }
            catch (ValidationFailedException e)
            {
                throw new ValidationFailedException(e.Problems.Select(x => x with { Where = $"{Place.History("", i).Trim()} {x.Where}" }).ToList());
            }
        }
        foreach (var t in p.Tasks)
        {
            var task = new SiteTask { Measure = t.Measure, Deadline = t.Deadline, ResponsiblePerson = t.Responsible };
            if (t.DoneOn is { } done) task.MarkDone(done);
            site.Tasks.Add(task);
        }
        return site;
    }
}
